/* Pregnancy notifications (妊娠届) and the interview's result. The answers and the flags are kept
 * as JSON text; this repository encodes and decodes them. */
#ifndef TSUNAGU_STORE_PREGNANCIES_H
#define TSUNAGU_STORE_PREGNANCIES_H

#include "domain/risk.h"
#include "store/persons.h"
#include "store/store.h"
#include "util/pool.h"

/* A flag of the risk table as it was when the record was judged (its label and weight then). */
typedef struct store_risk_flag {
    const char *code;
    const char *label;
    int weight;
} store_risk_flag;

typedef struct store_pregnancy {
    char *id;
    int64_t version;
    char *mother_id;
    char *notified_on;
    int64_t weeks; /* -1: unknown */
    bool after_birth;
    char *due_date;
    bool multiple;
    risk_answer answers[RISK_CODE_COUNT]; /* by risk_codes index; RISK_UNASKED when not asked */
    char *notes;
    int64_t risk_score;
    char *risk_level;
    store_risk_flag flags[RISK_CODE_COUNT];
    int flag_count;
    bool candidate;
    int64_t unasked_count; /* answer codes not asked; 0: the interview is complete */
    char *band;
    int64_t risk_table_version;
    int64_t created_at;
    int64_t updated_at;
    char **child_ids; /* filled by get and list */
    int child_count;
    store_person mother; /* her brief columns: filled by get and list */
} store_pregnancy;

int store_pregnancy_get(store_conn *c, pool *p, const char *id, store_pregnancy *out) STORE_WUR;
int store_pregnancy_insert(store_conn *c, const store_pregnancy *g) STORE_WUR;
/* STORE_CONFLICT on a stale version; children replaced. */
int store_pregnancy_update(store_conn *c, const store_pregnancy *g, int64_t expected) STORE_WUR;

typedef struct store_pregnancy_filter {
    const char *mother_id;  /* NULL: any */
    const char *child_id;   /* NULL: any; else the pregnancy this child was born of */
    bool candidates_only;   /* 特定妊婦候補 */
    const char *risk_level; /* NULL: any; else complete interviews of this level only */
    int incomplete;         /* -1: any; 1: interviews with unasked questions; 0: complete ones */
    const char *after_notified_on, *after_id; /* the cursor: strictly older than this */
    int limit;
} store_pregnancy_filter;
typedef int (*store_pregnancy_fn)(void *ctx, const store_pregnancy *g);
/* Newest notification first, with their children. */
int store_pregnancy_list(store_conn *c, pool *p, const store_pregnancy_filter *f,
                         store_pregnancy_fn fn, void *ctx) STORE_WUR;

#endif
