#include "store/settings.h"
#include "domain/risk_json.h"
#include "util/log.h"

#include <jansson.h>
#include <stdlib.h>

static const char RISK_KEY[] = "risk_table";
static const char SCREENING_KEY[] = "screening";
static const char CASE_INTERVALS_KEY[] = "case_intervals";

int store_setting_get(store_conn *c, pool *p, const char *key, store_setting *out)
{
    store_stmt *st = store_prepare(
        c, "SELECT key, version, value, updated_at, updated_by FROM settings WHERE key = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, key);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        out->key = store_col_dup(st, 0, p);
        out->version = store_col_int(st, 1);
        out->value = store_col_dup(st, 2, p);
        out->updated_at = store_col_int(st, 3);
        out->updated_by = store_col_dup(st, 4, p);
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    return rc;
}

int store_setting_put(store_conn *c, const char *key, const char *value, int64_t expected,
                      int64_t now, const char *user_id)
{
    store_stmt *st;
    if (expected == 0) {
        st = store_prepare(c, "INSERT INTO settings (key, version, value, updated_at, updated_by)"
                              " VALUES (?, 1, ?, ?, ?)");
        if (!st)
            return STORE_ERROR;
        store_bind_text(st, 1, key);
        store_bind_text(st, 2, value);
        store_bind_int(st, 3, now);
        store_bind_text(st, 4, user_id);
        int rc = store_run(st);
        return rc == STORE_CONSTRAINT ? STORE_CONFLICT : rc;
    }
    st = store_prepare(c, "UPDATE settings SET value = ?, updated_at = ?, updated_by = ?,"
                          " version = version + 1 WHERE key = ? AND version = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, value);
    store_bind_int(st, 2, now);
    store_bind_text(st, 3, user_id);
    store_bind_text(st, 4, key);
    store_bind_int(st, 5, expected);
    int rc = store_run(st);
    if (rc != STORE_OK)
        return rc;
    return store_changes(c) == 1 ? STORE_OK : STORE_CONFLICT;
}

/* The row of key, or the empty meta of a key never saved (STORE_OK either way). */
static int setting_or_default(store_conn *c, pool *p, const char *key, store_setting *meta)
{
    int rc = store_setting_get(c, p, key, meta);
    if (rc == STORE_NOT_FOUND) {
        *meta = (store_setting){.key = (char *)key};
        return STORE_OK;
    }
    return rc;
}

int store_settings_risk_table(store_conn *c, pool *p, risk_table *t, store_setting *meta)
{
    risk_table_default(t);
    int rc = setting_or_default(c, p, RISK_KEY, meta);
    if (rc != STORE_OK || meta->version == 0)
        return rc;
    json_t *v = json_loads(meta->value, 0, NULL);
    const char *field;
    rc = v && risk_table_from_json(v, t, &field) == 0 ? STORE_OK : STORE_ERROR;
    json_decref(v);
    if (rc != STORE_OK)
        log_error("settings: stored risk table unreadable");
    return rc;
}

/* Saves v (released here) as key's value. */
static int put_json(store_conn *c, const char *key, json_t *v, int64_t expected, int64_t now,
                    const char *user_id)
{
    char *text = v ? json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(v);
    if (!text)
        return STORE_ERROR;
    int rc = store_setting_put(c, key, text, expected, now, user_id);
    free(text);
    return rc;
}

int store_settings_put_risk_table(store_conn *c, const risk_table *t, int64_t expected, int64_t now,
                                  const char *user_id)
{
    return put_json(c, RISK_KEY, risk_table_to_json(t), expected, now, user_id);
}

int store_settings_bonding_threshold(store_conn *c, pool *p, int *threshold, store_setting *meta)
{
    *threshold = -1;
    int rc = setting_or_default(c, p, SCREENING_KEY, meta);
    if (rc != STORE_OK || meta->version == 0)
        return rc;
    json_t *v = json_loads(meta->value, 0, NULL);
    if (!v) {
        log_error("settings: stored screening settings unreadable");
        return STORE_ERROR;
    }
    json_t *t = json_object_get(v, "bonding_threshold");
    if (json_is_integer(t))
        *threshold = (int)json_integer_value(t);
    json_decref(v);
    return STORE_OK;
}

int store_settings_put_bonding_threshold(store_conn *c, int threshold, int64_t expected,
                                         int64_t now, const char *user_id)
{
    json_t *t = threshold >= 0 ? json_integer(threshold) : json_null();
    return put_json(c, SCREENING_KEY, json_pack("{s:o}", "bonding_threshold", t), expected, now,
                    user_id);
}

static void read_int(json_t *v, const char *name, int *out)
{
    json_t *n = json_object_get(v, name);
    if (json_is_integer(n))
        *out = (int)json_integer_value(n);
}

int store_settings_case_intervals(store_conn *c, pool *p, store_case_intervals *v,
                                  store_setting *meta)
{
    int rc = setting_or_default(c, p, CASE_INTERVALS_KEY, meta);
    if (rc != STORE_OK || meta->version == 0)
        return rc;
    json_t *j = json_loads(meta->value, 0, NULL);
    if (!j) {
        log_error("settings: stored case intervals unreadable");
        return STORE_ERROR;
    }
    read_int(j, "case_review_months", &v->case_review_months);
    read_int(j, "plan_review_months", &v->plan_review_months);
    read_int(j, "joint_case_weeks", &v->joint_case_weeks);
    json_decref(j);
    return STORE_OK;
}

int store_settings_put_case_intervals(store_conn *c, const store_case_intervals *v,
                                      int64_t expected, int64_t now, const char *user_id)
{
    return put_json(c, CASE_INTERVALS_KEY,
                    json_pack("{s:i, s:i, s:i}", "case_review_months", v->case_review_months,
                              "plan_review_months", v->plan_review_months, "joint_case_weeks",
                              v->joint_case_weeks),
                    expected, now, user_id);
}
