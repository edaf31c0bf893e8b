/* Signing in and out. A login is checked against the account (password, TOTP, disabled,
 * waiting for approval) and throttled per login (5 failures in 15 minutes); the limits per
 * client address and on logins at once stay with the HTTP server (http/ratelimit.c,
 * api/session.c). Every attempt is audited: login, login_failed, login_pending, logout. */
#ifndef TSUNAGU_SERVICE_SESSION_H
#define TSUNAGU_SERVICE_SESSION_H

#include "service/service.h"
#include "store/users.h"
#include "util/random.h"

enum {
    SESSION_IDLE_SECONDS = 30 * 60,          /* idle timeout */
    SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60, /* absolute timeout */
    SESSION_TOUCH_SECONDS = 60               /* last_seen_at is written at most this often */
};

typedef struct svc_login_input {
    const char *login;
    const char *password;
    const char *totp; /* NULL when not given */
} svc_login_input;

/* How a login attempt ended. Each is a use case that succeeded (its audit row is durable): the
 * service's result fails only when the attempt could not be recorded. */
typedef enum svc_login_outcome {
    SVC_LOGIN_OK,        /* a session was started */
    SVC_LOGIN_REFUSED,   /* unknown login, wrong password or TOTP, disabled: counted, audited */
    SVC_LOGIN_PENDING,   /* right password, but the account waits for a director's approval */
    SVC_LOGIN_THROTTLED, /* too many failures for this login lately: nothing was checked */
} svc_login_outcome;

typedef struct svc_login {
    svc_login_outcome outcome;
    store_user user; /* SVC_LOGIN_OK */
    /* SVC_LOGIN_OK: the session's secret, for the cookie only (only its hash is stored); the
     * caller wipes it (sodium_memzero) once sent. */
    char token[RANDOM_TOKEN_LEN + 1];
    char csrf_token[RANDOM_TOKEN_LEN + 1];
} svc_login;

/* The attempt is recorded as a failure before the password is checked, in its own write, so
 * that concurrent guesses cannot all pass the count; a successful login clears the failures. */
svc_result svc_session_login(svc_ctx *ctx, const svc_login_input *in, svc_login *out);
/* Ends the acting user's session (token_hash: the stored hash of its token). Audited. */
svc_result svc_session_logout(svc_ctx *ctx, const char *token_hash);

#endif
