/* POST/GET/DELETE /api/v1/session: log in, who am I, log out. */
#include "api/common.h"
#include "api/input.h"
#include "api/resources.h"
#include "auth/accounts.h"
#include "auth/password.h"
#include "auth/totp.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "http/session.h"
#include "store/sessions.h"
#include "store/users.h"

#include <stdatomic.h>
#include <string.h>

enum { THROTTLE_FAILURES = 5, THROTTLE_WINDOW = 15 * 60 };

/* Logins being checked (hashing, or waiting for the hasher): at most half the request threads,
 * so that logins can never hold every thread. */
static atomic_int logins_in_flight;

static bool login_slot_take(const http_req *req)
{
    int at_once = req->app->threads / 2 > 0 ? req->app->threads / 2 : 1;
    if (atomic_fetch_add(&logins_in_flight, 1) < at_once)
        return true;
    atomic_fetch_sub(&logins_in_flight, 1);
    return false;
}

static void login_slot_give(void)
{
    atomic_fetch_sub(&logins_in_flight, 1);
}

static json_t *user_json(const char *id, const char *login, const char *name, role r)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", id, "login", login, "name", name, "role",
                     role_code(r), "role_label", role_label(r));
}

/* Counts the recent failures and, below the limit, records this attempt as a failure before the
 * password is checked, in one write transaction: concurrent guesses cannot all pass the count.
 * A successful login clears the failures again. Answers 429 (or 500) and returns -1 otherwise. */
static int reserve_attempt(http_req *req, const char *login)
{
    if (api_begin(req) != 0)
        return -1;
    int failures;
    if (store_login_failures_count(req->db, login, req->now - THROTTLE_WINDOW, &failures) !=
        STORE_OK) {
        api_fail(req);
        return -1;
    }
    if (failures >= THROTTLE_FAILURES) {
        store_rollback(req->db);
        http_reply_error(
            req, 429, "too_many_attempts",
            "ログインの失敗が続いたため、しばらくロックされています。15分後にお試しください。",
            NULL);
        return -1;
    }
    if (store_login_failures_purge(req->db, req->now - THROTTLE_WINDOW) != STORE_OK ||
        store_login_failure_add(req->db, login, req->now) != STORE_OK) {
        api_fail(req);
        return -1;
    }
    return api_commit(req);
}

/* The attempt is already counted (reserve_attempt); this audits it and answers 401. */
static void record_failure(http_req *req, const char *user_id)
{
    if (api_begin(req) != 0)
        return;
    audit_entry e = {.at = req->now,
                     .user_id = user_id,
                     .action = "login_failed",
                     .object_type = "user",
                     .object_id = user_id ? user_id : "-"};
    if (audit_append(req->db, &e) != STORE_OK) {
        api_fail(req);
        return;
    }
    if (api_commit(req) != 0)
        return;
    http_reply_error(req, 401, "unauthenticated", "ログインIDまたはパスワードが違います。", NULL);
}

/* Two-person rule (auth/accounts.h): the password and TOTP were right, but the account waits for
 * a director's approval. Saying so leaks nothing a guesser did not already have (the right
 * password); the attempt stays counted as a failure. Audited as login_pending, answered 403. */
static void refuse_pending(http_req *req, const store_user *u)
{
    if (api_begin(req) != 0)
        return;
    audit_entry e = {.at = req->now,
                     .user_id = u->id,
                     .action = "login_pending",
                     .object_type = "user",
                     .object_id = u->id};
    if (audit_append(req->db, &e) != STORE_OK) {
        api_fail(req);
        return;
    }
    if (api_commit(req) != 0)
        return;
    http_reply_error(req, 403, "account_pending",
                     "このアカウントはセンター長の承認待ちです。承認後にログインできます。", NULL);
}

static void login_succeeded(http_req *req, const store_user *u, const char *password)
{
    /* A hash made with weaker parameters than today's is replaced while the password is at hand
     * (hashed before the transaction: it is slow). */
    char *rehash = NULL;
    if (password_needs_rehash(u->password_hash)) {
        rehash = pool_alloc(req->pool, PASSWORD_HASH_MAX);
        if (password_hash(password, rehash) != 0)
            rehash = NULL;
    }
    if (api_begin(req) != 0)
        return;
    char csrf[64];
    char *cookie = NULL;
    audit_entry e = {.at = req->now,
                     .user_id = u->id,
                     .action = "login",
                     .object_type = "user",
                     .object_id = u->id};
    if (store_session_expire(req->db, req->now - SESSION_IDLE_SECONDS,
                             req->now - SESSION_ABSOLUTE_SECONDS) != STORE_OK ||
        http_session_start(req, u->id, csrf, &cookie) != STORE_OK ||
        store_login_failures_clear(req->db, u->login) != STORE_OK ||
        (rehash && store_user_rehash_password(req->db, u->id, rehash) != STORE_OK) ||
        audit_append(req->db, &e) != STORE_OK) {
        api_fail(req);
        return;
    }
    if (api_commit(req) != 0)
        return;
    http_add_header(req, "Set-Cookie", cookie);
    role r = role_from_code(u->role);
    http_reply_json(req, 200,
                    json_pack("{s:o, s:s}", "user", user_json(u->id, u->login, u->name, r),
                              "csrf_token", csrf));
}

void api_session_create(http_req *req)
{
    static const char *const allowed[] = {"login", "password", "totp", NULL};
    json_t *body;
    const char *login, *password, *totp;
    if (api_body(req, allowed, &body) != 0 ||
        api_string(req, body, "login", API_NAME_MAX, true, &login) != 0 ||
        api_text(req, body, "password", 1024, true, &password) != 0 ||
        api_string(req, body, "totp", 16, false, &totp) != 0)
        return;
    /* Password hashing is slow and memory-hungry by design: few logins at once, and few failed
     * ones per address, so that guessing cannot starve the request threads. Successful logins
     * take nothing from the address: a whole office behind one proxy logs in at 8:30. */
    const char *client = http_client_address(req);
    if (req->app->login_limiter &&
        !rate_limiter_peek(req->app->login_limiter, client, req->clock_ms)) {
        http_reply_error(req, 429, "too_many_requests",
                         "ログインの試行が多すぎます。少し待ってから再度お試しください。", NULL);
        return;
    }
    if (!login_slot_take(req)) {
        http_reply_error(req, 503, "busy", "混み合っています。少し待ってから再度お試しください。",
                         NULL);
        return;
    }
    if (reserve_attempt(req, login) != 0) {
        login_slot_give();
        return;
    }
    store_user u;
    int rc = store_user_by_login(req->db, req->pool, login, &u);
    if (rc != STORE_OK && rc != STORE_NOT_FOUND) {
        login_slot_give();
        http_reply_internal(req);
        return;
    }
    bool ok;
    if (rc == STORE_OK) {
        ok = password_verify(u.password_hash, password) && !u.disabled &&
             role_from_code(u.role) != ROLE_NONE &&
             (!u.totp_secret || totp_valid(u.totp_secret, totp, req->now));
    } else {
        password_verify_dummy(password);
        ok = false;
    }
    login_slot_give();
    if (!ok && req->app->login_limiter)
        (void)rate_limiter_take(req->app->login_limiter, client, req->clock_ms);
    if (!ok)
        record_failure(req, rc == STORE_OK ? u.id : NULL);
    else if (strcmp(u.status, ACCOUNT_ACTIVE) != 0)
        refuse_pending(req, &u);
    else
        login_succeeded(req, &u, password);
}

void api_session_get(http_req *req)
{
    http_user *u = req->user;
    http_reply_json(req, 200,
                    json_pack("{s:o, s:s}", "user", user_json(u->id, u->login, u->name, u->role),
                              "csrf_token", u->csrf_token));
}

void api_session_delete(http_req *req)
{
    if (api_begin(req) != 0)
        return;
    if (http_session_end(req) != STORE_OK ||
        api_audit_change(req, "logout", "user", req->user->id, NULL) != STORE_OK) {
        api_fail(req);
        return;
    }
    if (api_commit(req) != 0)
        return;
    http_reply_empty(req, 204);
}
