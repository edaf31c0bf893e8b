#include "store/sessions.h"

#include <stdio.h>
#include <string.h>

static void copy_col(store_stmt *st, int i, char *out, size_t cap)
{
    const char *v = store_col_text(st, i);
    snprintf(out, cap, "%s", v ? v : "");
}

/* Runs a statement that returns no rows; done for it. */
int store_session_find(store_conn *c, const char *token_hash, store_session *out)
{
    store_stmt *st = store_prepare(
        c, "SELECT s.user_id, u.login, u.name, u.role, s.csrf_token, s.created_at, s.last_seen_at,"
           " u.disabled, u.status FROM sessions s JOIN users u ON u.id = s.user_id"
           " WHERE s.token_hash = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, token_hash);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        copy_col(st, 0, out->user_id, sizeof out->user_id);
        copy_col(st, 1, out->login, sizeof out->login);
        copy_col(st, 2, out->name, sizeof out->name);
        copy_col(st, 3, out->role, sizeof out->role);
        copy_col(st, 4, out->csrf_token, sizeof out->csrf_token);
        out->created_at = store_col_int(st, 5);
        out->last_seen_at = store_col_int(st, 6);
        out->disabled = store_col_int(st, 7) != 0;
        const char *status = store_col_text(st, 8);
        out->pending = !status || strcmp(status, "active") != 0;
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    return rc;
}

int store_session_create(store_conn *c, const char *token_hash, const char *user_id,
                         const char *csrf_token, int64_t now)
{
    store_stmt *st = store_prepare(c, "INSERT INTO sessions (token_hash, user_id, csrf_token,"
                                      " created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, token_hash);
    store_bind_text(st, 2, user_id);
    store_bind_text(st, 3, csrf_token);
    store_bind_int(st, 4, now);
    store_bind_int(st, 5, now);
    return store_run(st);
}

int store_session_touch(store_conn *c, const char *token_hash, int64_t now)
{
    store_stmt *st = store_prepare(c, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int(st, 1, now);
    store_bind_text(st, 2, token_hash);
    return store_run(st);
}

int store_session_delete(store_conn *c, const char *token_hash)
{
    store_stmt *st = store_prepare(c, "DELETE FROM sessions WHERE token_hash = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, token_hash);
    return store_run(st);
}

int store_session_expire(store_conn *c, int64_t idle_before, int64_t created_before)
{
    store_stmt *st =
        store_prepare(c, "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int(st, 1, idle_before);
    store_bind_int(st, 2, created_before);
    return store_run(st);
}

int store_session_delete_user(store_conn *c, const char *user_id)
{
    store_stmt *st = store_prepare(c, "DELETE FROM sessions WHERE user_id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, user_id);
    return store_run(st);
}

int store_login_failures_count(store_conn *c, const char *login, int64_t since, int *count)
{
    store_stmt *st =
        store_prepare(c, "SELECT COUNT(*) FROM login_failures WHERE login = ? AND at > ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, login);
    store_bind_int(st, 2, since);
    int rc = store_step(st);
    *count = rc == STORE_ROW ? (int)store_col_int(st, 0) : 0;
    store_done(st);
    return rc == STORE_ROW ? STORE_OK : STORE_ERROR;
}

int store_login_failure_add(store_conn *c, const char *login, int64_t now)
{
    store_stmt *st = store_prepare(c, "INSERT INTO login_failures (login, at) VALUES (?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, login);
    store_bind_int(st, 2, now);
    return store_run(st);
}

int store_login_failures_clear(store_conn *c, const char *login)
{
    store_stmt *st = store_prepare(c, "DELETE FROM login_failures WHERE login = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, login);
    return store_run(st);
}

int store_login_failures_purge(store_conn *c, int64_t before)
{
    store_stmt *st = store_prepare(c, "DELETE FROM login_failures WHERE at <= ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int(st, 1, before);
    return store_run(st);
}
