#include "service/session.h"

#include "auth/accounts.h"
#include "auth/password.h"
#include "auth/totp.h"
#include "store/sessions.h"

#include <sodium.h>
#include <string.h>

enum { THROTTLE_FAILURES = 5, THROTTLE_WINDOW = 15 * 60 };

/* A login attempt audited against the account it named (user_id NULL: no such login); the
 * acting user of the context is nobody yet. */
static int audit_attempt(svc_ctx *ctx, const char *action, const char *user_id)
{
    audit_entry e = {.at = ctx->now,
                     .user_id = user_id,
                     .action = action,
                     .object_type = "user",
                     .object_id = user_id ? user_id : "-"};
    return audit_append(ctx->db, &e);
}

static int count_attempt(svc_ctx *ctx, const char *login, bool *throttled)
{
    int failures;
    int rc = store_login_failures_count(ctx->db, login, ctx->now - THROTTLE_WINDOW, &failures);
    *throttled = rc == STORE_OK && failures >= THROTTLE_FAILURES;
    if (rc != STORE_OK || *throttled)
        return rc;
    rc = store_login_failures_purge(ctx->db, ctx->now - THROTTLE_WINDOW);
    if (rc == STORE_OK)
        rc = store_login_failure_add(ctx->db, login, ctx->now);
    return rc;
}

/* Counts the attempt as a failure until it succeeds (in its own write: see session.h). */
static svc_result reserve_attempt(svc_ctx *ctx, const char *login, bool *throttled)
{
    svc_result r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = svc_from_store(count_attempt(ctx, login, throttled));
    return svc_end(ctx, r);
}

/* Whether the password (and TOTP) open this account. Slow by design (argon2id); an unknown
 * login costs the same time. */
static bool credentials_valid(svc_ctx *ctx, const svc_login_input *in, const store_user *u)
{
    if (!u) {
        password_verify_dummy(in->password);
        return false;
    }
    return password_verify(u->password_hash, in->password) && !u->disabled &&
           role_from_code(u->role) != ROLE_NONE &&
           (!u->totp_secret || totp_valid(u->totp_secret, in->totp, ctx->now));
}

static svc_result record(svc_ctx *ctx, const char *action, const char *user_id)
{
    svc_result r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = svc_from_store(audit_attempt(ctx, action, user_id));
    return svc_end(ctx, r);
}

static int start_session(svc_ctx *ctx, const store_user *u, const char *rehash, svc_login *out)
{
    char hash[65];
    random_token(out->token);
    random_token_hash(out->token, hash);
    random_token(out->csrf_token);
    int rc = store_session_expire(ctx->db, ctx->now - SESSION_IDLE_SECONDS,
                                  ctx->now - SESSION_ABSOLUTE_SECONDS);
    if (rc == STORE_OK)
        rc = store_session_create(ctx->db, hash, u->id, out->csrf_token, ctx->now);
    if (rc == STORE_OK)
        rc = store_login_failures_clear(ctx->db, u->login);
    if (rc == STORE_OK && rehash)
        rc = store_user_rehash_password(ctx->db, u->id, rehash);
    if (rc == STORE_OK)
        rc = audit_attempt(ctx, "login", u->id);
    return rc;
}

static svc_result log_in(svc_ctx *ctx, const store_user *u, const char *password, svc_login *out)
{
    /* A hash made with weaker parameters than today's is replaced while the password is at hand
     * (hashed before the write: it is slow). */
    char *rehash = NULL;
    if (password_needs_rehash(u->password_hash)) {
        rehash = pool_alloc(ctx->pool, PASSWORD_HASH_MAX);
        if (password_hash(password, rehash) != 0)
            rehash = NULL;
    }
    svc_result r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = svc_from_store(start_session(ctx, u, rehash, out));
    r = svc_end(ctx, r);
    if (r.status == SVC_OK) {
        out->outcome = SVC_LOGIN_OK;
        out->user = *u;
    } else {
        sodium_memzero(out->token, sizeof out->token);
    }
    return r;
}

svc_result svc_session_login(svc_ctx *ctx, const svc_login_input *in, svc_login *out)
{
    memset(out, 0, sizeof *out);
    bool throttled = false;
    svc_result r = reserve_attempt(ctx, in->login, &throttled);
    if (r.status != SVC_OK || throttled) {
        out->outcome = SVC_LOGIN_THROTTLED;
        return r;
    }
    store_user u;
    int rc = store_user_by_login(ctx->db, ctx->pool, in->login, &u);
    if (rc != STORE_OK && rc != STORE_NOT_FOUND)
        return svc_from_store(rc);
    const store_user *found = rc == STORE_OK ? &u : NULL;
    if (!credentials_valid(ctx, in, found)) {
        out->outcome = SVC_LOGIN_REFUSED;
        return record(ctx, "login_failed", found ? u.id : NULL);
    }
    /* Two-person rule (auth/accounts.h): saying so leaks nothing a guesser did not already have
     * (the right password); the attempt stays counted as a failure. */
    if (strcmp(u.status, ACCOUNT_ACTIVE) != 0) {
        out->outcome = SVC_LOGIN_PENDING;
        return record(ctx, "login_pending", u.id);
    }
    return log_in(ctx, &u, in->password, out);
}

svc_result svc_session_logout(svc_ctx *ctx, const char *token_hash)
{
    svc_result r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = svc_from_store(store_session_delete(ctx->db, token_hash));
    if (r.status == SVC_OK)
        r = svc_from_store(svc_audit_change(ctx, "logout", "user", ctx->user_id, NULL));
    return svc_end(ctx, r);
}
