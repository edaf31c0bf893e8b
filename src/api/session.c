/* POST/GET/DELETE /api/v1/session: log in, who am I, log out. */
#include "api/input.h"
#include "api/resources.h"
#include "api/result.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "http/session.h"
#include "service/session.h"

#include <sodium.h>
#include <stdatomic.h>

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

/* The outcome of an attempt the service recorded, as api.md answers it. */
static void answer_login(http_req *req, svc_login *l)
{
    switch (l->outcome) {
    case SVC_LOGIN_OK:
        http_session_set_cookie(req, l->token);
        sodium_memzero(l->token, sizeof l->token);
        http_reply_json(req, 200,
                        json_pack("{s:o, s:s}", "user",
                                  user_json(l->user.id, l->user.login, l->user.name,
                                            role_from_code(l->user.role)),
                                  "csrf_token", l->csrf_token));
        return;
    case SVC_LOGIN_THROTTLED:
        http_reply_error(
            req, 429, "too_many_attempts",
            "ログインの失敗が続いたため、しばらくロックされています。15分後にお試しください。",
            NULL);
        return;
    case SVC_LOGIN_PENDING:
        http_reply_error(req, 403, "account_pending",
                         "このアカウントはセンター長の承認待ちです。承認後にログインできます。",
                         NULL);
        return;
    case SVC_LOGIN_REFUSED:
    default:
        http_reply_error(req, 401, "unauthenticated", "ログインIDまたはパスワードが違います。",
                         NULL);
        return;
    }
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
        http_reply_busy(req);
        return;
    }
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_login l;
    svc_result r = svc_session_login(&ctx, &(svc_login_input){login, password, totp}, &l);
    login_slot_give();
    if (api_answer_failure(req, r))
        return;
    if (l.outcome == SVC_LOGIN_REFUSED && req->app->login_limiter)
        (void)rate_limiter_take(req->app->login_limiter, client, req->clock_ms);
    answer_login(req, &l);
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
    svc_ctx ctx;
    api_ctx(req, &ctx);
    if (api_answer_failure(req, svc_session_logout(&ctx, req->user->session_hash)))
        return;
    http_session_clear_cookie(req);
    http_reply_empty(req, 204);
}
