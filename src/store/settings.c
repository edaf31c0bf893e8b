#include "store/settings.h"

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
