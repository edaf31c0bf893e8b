#include "http/session.h"
#include "http/server.h"
#include "store/sessions.h"
#include "util/random.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

bool http_session_alive(int64_t created, int64_t seen, int64_t now)
{
    return now - seen < SESSION_IDLE_SECONDS && now - created < SESSION_ABSOLUTE_SECONDS &&
           now >= created;
}

int http_session_authenticate(http_req *req)
{
    const char *token = http_cookie(req, SESSION_COOKIE);
    if (!token || strlen(token) != RANDOM_TOKEN_LEN)
        return STORE_NOT_FOUND;
    char hash[65];
    random_token_hash(token, hash);
    store_session s;
    int rc = store_session_find(req->db, hash, &s);
    if (rc != STORE_OK)
        return rc;
    if (s.disabled || s.pending || !http_session_alive(s.created_at, s.last_seen_at, req->now)) {
        if (store_begin(req->db) == STORE_OK) {
            if (store_session_delete(req->db, hash) == STORE_OK &&
                store_commit(req->db) == STORE_OK)
                return STORE_NOT_FOUND;
            store_rollback(req->db);
        }
        return STORE_NOT_FOUND;
    }
    /* Best effort: a busy database must not log anyone out; the next request tries again. */
    if (req->now - s.last_seen_at >= SESSION_TOUCH_SECONDS && store_begin(req->db) == STORE_OK) {
        if (store_session_touch(req->db, hash, req->now) != STORE_OK ||
            store_commit(req->db) != STORE_OK)
            store_rollback(req->db);
    }
    http_user *u = pool_zalloc(req->pool, sizeof *u);
    snprintf(u->id, sizeof u->id, "%s", s.user_id);
    snprintf(u->login, sizeof u->login, "%s", s.login);
    snprintf(u->name, sizeof u->name, "%s", s.name);
    snprintf(u->csrf_token, sizeof u->csrf_token, "%s", s.csrf_token);
    snprintf(u->session_hash, sizeof u->session_hash, "%s", hash);
    u->role = role_from_code(s.role);
    if (u->role == ROLE_NONE)
        return STORE_NOT_FOUND;
    req->user = u;
    return STORE_OK;
}

bool http_session_csrf_ok(http_req *req)
{
    const char *sent = http_header(req, "X-CSRF-Token");
    if (!sent || !req->user)
        return false;
    size_t n = strlen(req->user->csrf_token);
    return strlen(sent) == n && n > 0 && sodium_memcmp(sent, req->user->csrf_token, n) == 0;
}

static bool request_is_tls(http_req *req)
{
    const char *proto = http_header(req, "X-Forwarded-Proto");
    return proto && strcmp(proto, "https") == 0;
}

void http_session_set_cookie(http_req *req, const char *token)
{
    http_add_header(req, "Set-Cookie",
                    pool_printf(req->pool,
                                SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s", token,
                                request_is_tls(req) ? "; Secure" : ""));
}

void http_session_clear_cookie(http_req *req)
{
    http_add_header(req, "Set-Cookie",
                    SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
}
