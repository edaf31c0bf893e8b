#include "store/on_call.h"

#define ON_CALL_COLUMNS                                                                            \
    "o.id, o.version, o.user_id, u.name, o.starts_at, o.ends_at, o.contact, o.cancelled,"          \
    " o.created_by, o.created_at, o.updated_at"
#define ON_CALL_FROM " FROM on_call o JOIN users u ON u.id = o.user_id"

static void read_entry(store_stmt *st, pool *p, store_on_call *e)
{
    *e = (store_on_call){.id = store_col_dup(st, 0, p),
                         .version = store_col_int(st, 1),
                         .user_id = store_col_dup(st, 2, p),
                         .user_name = store_col_dup(st, 3, p),
                         .starts_at = store_col_int(st, 4),
                         .ends_at = store_col_int(st, 5),
                         .contact = store_col_dup(st, 6, p),
                         .cancelled = store_col_int(st, 7) != 0,
                         .created_by = store_col_dup(st, 8, p),
                         .created_at = store_col_int(st, 9),
                         .updated_at = store_col_int(st, 10)};
}

int store_on_call_get(store_conn *c, pool *p, const char *id, store_on_call *out)
{
    store_stmt *st = store_prepare(c, "SELECT " ON_CALL_COLUMNS ON_CALL_FROM " WHERE o.id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        read_entry(st, p, out);
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    return rc;
}

int store_on_call_insert(store_conn *c, const store_on_call *e)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO on_call (id, version, user_id, starts_at, ends_at, contact, cancelled,"
           " created_by, created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, 0, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, e->id);
    store_bind_text(st, 2, e->user_id);
    store_bind_int(st, 3, e->starts_at);
    store_bind_int(st, 4, e->ends_at);
    store_bind_text(st, 5, e->contact);
    store_bind_text(st, 6, e->created_by);
    store_bind_int(st, 7, e->created_at);
    store_bind_int(st, 8, e->updated_at);
    return store_run(st);
}

int store_on_call_update(store_conn *c, const store_on_call *e, int64_t expected_version)
{
    store_stmt *st = store_prepare(
        c, "UPDATE on_call SET user_id = ?, starts_at = ?, ends_at = ?, contact = ?,"
           " cancelled = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, e->user_id);
    store_bind_int(st, 2, e->starts_at);
    store_bind_int(st, 3, e->ends_at);
    store_bind_text(st, 4, e->contact);
    store_bind_int(st, 5, e->cancelled ? 1 : 0);
    store_bind_int(st, 6, e->updated_at);
    store_bind_text(st, 7, e->id);
    store_bind_int(st, 8, expected_version);
    int rc = store_run(st);
    if (rc != STORE_OK)
        return rc;
    return store_changes(c) == 1 ? STORE_OK : STORE_CONFLICT;
}

int store_on_call_between(store_conn *c, pool *p, int64_t from, int64_t to, int limit,
                          store_on_call_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(c, "SELECT " ON_CALL_COLUMNS ON_CALL_FROM
                                      " WHERE o.ends_at > ? AND o.starts_at < ?"
                                      " ORDER BY o.starts_at, o.id LIMIT ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int(st, 1, from);
    store_bind_int(st, 2, to);
    store_bind_int(st, 3, limit);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_on_call e;
        read_entry(st, p, &e);
        if (fn(ctx, &e) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}
