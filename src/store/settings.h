/* Settings the director edits (the risk table, screening thresholds): JSON values by key,
 * versioned. */
#ifndef TSUNAGU_STORE_SETTINGS_H
#define TSUNAGU_STORE_SETTINGS_H

#include "domain/risk.h"
#include "store/store.h"
#include "util/pool.h"

typedef struct store_setting {
    char *key;
    int64_t version; /* 0: never saved (the defaults apply) */
    char *value;     /* JSON */
    int64_t updated_at;
    char *updated_by;
} store_setting;

/* STORE_OK (out filled) or STORE_NOT_FOUND. */
int store_setting_get(store_conn *c, pool *p, const char *key, store_setting *out) STORE_WUR;
/* Writes value as version expected + 1 (expected 0: the first save). STORE_CONFLICT on a stale
 * version. */
int store_setting_put(store_conn *c, const char *key, const char *value, int64_t expected,
                      int64_t now, const char *user_id) STORE_WUR;

/* The risk table in force: the stored one, or the defaults of domain.md (meta->version 0, the
 * other meta fields NULL/0). STORE_ERROR (logged) when the stored table cannot be read. */
int store_settings_risk_table(store_conn *c, pool *p, risk_table *t, store_setting *meta) STORE_WUR;
int store_settings_put_risk_table(store_conn *c, const risk_table *t, int64_t expected, int64_t now,
                                  const char *user_id) STORE_WUR;
/* The bonding (赤ちゃんへの気持ち質問票) threshold, -1 when none is set; meta as above. */
int store_settings_bonding_threshold(store_conn *c, pool *p, int *threshold,
                                     store_setting *meta) STORE_WUR;
int store_settings_put_bonding_threshold(store_conn *c, int threshold, int64_t expected,
                                         int64_t now, const char *user_id) STORE_WUR;

/* The joint case's review intervals (key "case_intervals"): months[0] registered cases' review,
 * months[1] a plan's review after approval, weeks the 合同ケース会議's cadence. Each left as
 * given (the caller's defaults) when never saved or absent from the stored value. */
typedef struct store_case_intervals {
    int case_review_months, plan_review_months, joint_case_weeks;
} store_case_intervals;
int store_settings_case_intervals(store_conn *c, pool *p, store_case_intervals *v,
                                  store_setting *meta) STORE_WUR;
int store_settings_put_case_intervals(store_conn *c, const store_case_intervals *v,
                                      int64_t expected, int64_t now, const char *user_id) STORE_WUR;

#endif
