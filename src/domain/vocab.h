/* One vocabulary: every code table of the API (kinds, statuses, levels, relations, steps, …)
 * with its Japanese labels lives once, in src/domain, as a vocab. The domain modules keep their
 * typed functions (*_from_code, *_label) over these tables; the API serves every table listed in
 * svc_meta_tables() (service/meta.c) to the UI (GET /api/v1/meta), so the UI keeps no copy. */
#ifndef TSUNAGU_DOMAIN_VOCAB_H
#define TSUNAGU_DOMAIN_VOCAB_H

typedef struct vocab_code {
    const char *code;
    const char *label; /* Japanese, as the screens show it */
} vocab_code;

typedef struct vocab {
    const char *name;        /* the table's name in /api/v1/meta, e.g. "visit_kinds" */
    const vocab_code *codes; /* in display order, ended by {NULL, NULL} */
} vocab;

/* The index of code in v, or -1 when unknown or NULL. */
int vocab_index(const vocab *v, const char *code);
/* The label of code in v, or NULL when unknown. */
const char *vocab_label(const vocab *v, const char *code);
/* Whether code is one of v's. */
static inline int vocab_has(const vocab *v, const char *code)
{
    return vocab_index(v, code) >= 0;
}

#endif
