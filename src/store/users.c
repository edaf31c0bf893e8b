#include "store/users.h"

#define USER_COLUMNS                                                                               \
    "id, version, login, name, role, password_hash, totp_secret, disabled, created_at, "           \
    "updated_at,"                                                                                  \
    " status, pending_reason, approved_by, approved_at, agency_id"

static void read_user(store_stmt *st, pool *p, store_user *u)
{
    u->id = store_col_dup(st, 0, p);
    u->version = store_col_int(st, 1);
    u->login = store_col_dup(st, 2, p);
    u->name = store_col_dup(st, 3, p);
    u->role = store_col_dup(st, 4, p);
    u->password_hash = store_col_dup(st, 5, p);
    u->totp_secret = store_col_dup(st, 6, p);
    u->disabled = store_col_int(st, 7) != 0;
    u->created_at = store_col_int(st, 8);
    u->updated_at = store_col_int(st, 9);
    u->status = store_col_dup(st, 10, p);
    u->pending_reason = store_col_dup(st, 11, p);
    u->approved_by = store_col_dup(st, 12, p);
    u->approved_at = store_col_int(st, 13);
    u->agency_id = store_col_dup(st, 14, p);
}

static int find_one(store_stmt *st, pool *p, const char *key, store_user *out)
{
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, key);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        read_user(st, p, out);
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    return rc;
}

int store_user_by_login(store_conn *c, pool *p, const char *login, store_user *out)
{
    return find_one(store_prepare(c, "SELECT " USER_COLUMNS " FROM users WHERE login = ?"), p,
                    login, out);
}

int store_user_by_id(store_conn *c, pool *p, const char *id, store_user *out)
{
    return find_one(store_prepare(c, "SELECT " USER_COLUMNS " FROM users WHERE id = ?"), p, id,
                    out);
}

/* approved_by, approved_at at i, i + 1 (approved_at 0 is NULL: not approved). */
static void bind_approval(store_stmt *st, int i, const store_user *u)
{
    store_bind_text(st, i, u->approved_by);
    if (u->approved_at)
        store_bind_int(st, i + 1, u->approved_at);
    else
        store_bind_null(st, i + 1);
}

int store_user_insert(store_conn *c, const store_user *u)
{
    store_stmt *st = store_prepare(c, "INSERT INTO users (" USER_COLUMNS
                                      ") VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, u->id);
    store_bind_text(st, 2, u->login);
    store_bind_text(st, 3, u->name);
    store_bind_text(st, 4, u->role);
    store_bind_text(st, 5, u->password_hash);
    store_bind_text(st, 6, u->totp_secret);
    store_bind_int(st, 7, u->disabled);
    store_bind_int(st, 8, u->created_at);
    store_bind_int(st, 9, u->updated_at);
    store_bind_text(st, 10, u->status);
    store_bind_text(st, 11, u->pending_reason);
    bind_approval(st, 12, u);
    store_bind_text(st, 14, u->agency_id);
    int rc = store_step(st);
    store_done(st);
    return rc;
}

int store_user_update(store_conn *c, const store_user *u, int64_t expected_version)
{
    store_stmt *st = store_prepare(
        c, "UPDATE users SET name = ?, role = ?, password_hash = ?, disabled = ?, updated_at = ?,"
           " status = ?, pending_reason = ?, approved_by = ?, approved_at = ?, agency_id = ?,"
           " version = version + 1 WHERE id = ? AND version = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, u->name);
    store_bind_text(st, 2, u->role);
    store_bind_text(st, 3, u->password_hash);
    store_bind_int(st, 4, u->disabled);
    store_bind_int(st, 5, u->updated_at);
    store_bind_text(st, 6, u->status);
    store_bind_text(st, 7, u->pending_reason);
    bind_approval(st, 8, u);
    store_bind_text(st, 10, u->agency_id);
    store_bind_text(st, 11, u->id);
    store_bind_int(st, 12, expected_version);
    int rc = store_step(st);
    store_done(st);
    if (rc != STORE_OK)
        return rc;
    return store_changes(c) == 1 ? STORE_OK : STORE_CONFLICT;
}

int store_user_rehash_password(store_conn *c, const char *id, const char *hash)
{
    store_stmt *st = store_prepare(c, "UPDATE users SET password_hash = ? WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, hash);
    store_bind_text(st, 2, id);
    int rc = store_step(st);
    store_done(st);
    return rc;
}

int store_user_list(store_conn *c, pool *p, const char *status, const char *after, int limit,
                    store_user_fn fn, void *ctx)
{
    store_stmt *st =
        store_prepare(c, "SELECT " USER_COLUMNS " FROM users WHERE login > ?"
                         " AND (CAST(? AS TEXT) IS NULL OR status = ?) ORDER BY login LIMIT ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, after ? after : "");
    store_bind_text(st, 2, status);
    store_bind_text(st, 3, status);
    store_bind_int(st, 4, limit);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_user u;
        read_user(st, p, &u);
        if (fn(ctx, &u) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}
