/* What the UI is given once after sign-in (GET /api/v1/meta): every code table with its
 * Japanese labels (domain/vocab.h), the caller's role and the permissions it holds, so that the
 * screens keep no copy of either and offer only what the server would allow. */
#ifndef TSUNAGU_SERVICE_META_H
#define TSUNAGU_SERVICE_META_H

#include "domain/vocab.h"
#include "service/service.h"

typedef struct svc_meta {
    const vocab *const *codes; /* svc_meta_tables(): ended by NULL */
    role role;
    const char *permissions[PERM_COUNT]; /* the codes of those held, PERM_NONE left out */
    int permission_count;
} svc_meta;

/* Every code table served to the UI, ended by NULL: one line per table in meta.c, each table
 * defined in src/domain beside the rules that use it. */
const vocab *const *svc_meta_tables(void);

/* Any signed-in user. Names no person: nothing to audit. */
svc_result svc_meta_get(svc_ctx *ctx, svc_meta *out);

#endif
