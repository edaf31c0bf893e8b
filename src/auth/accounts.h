/* Accounts: one path for the command line (tsunagu user add / approve) and the admin API, and
 * the two-person rule: an account other than admin that is created, given a new role or given a
 * new password through the API waits for a director's approval before it can log in. */
#ifndef TSUNAGU_AUTH_ACCOUNTS_H
#define TSUNAGU_AUTH_ACCOUNTS_H

#include "store/store.h"
#include "util/pool.h"

typedef enum account_error {
    ACCOUNT_OK = 0,
    ACCOUNT_BAD_LOGIN = -10, /* 1..100 of A-Z a-z 0-9 . _ - @ */
    ACCOUNT_BAD_ROLE = -11,
    ACCOUNT_WEAK_PASSWORD = -12, /* fewer than PASSWORD_MIN_CHARS characters */
    ACCOUNT_LOGIN_TAKEN = -13,
    ACCOUNT_BAD_NAME = -14,
    ACCOUNT_NOT_PENDING = -15,   /* approving an account that waits for nothing */
    ACCOUNT_SELF_APPROVAL = -16, /* approving one's own account */
} account_error;

/* Who asks: the operator on the server (trusted: accounts are active at once) or the API (the
 * two-person rule applies). */
typedef enum account_origin { ACCOUNT_BY_OPERATOR, ACCOUNT_BY_API } account_origin;

/* What a change through the API did to an account (flags). */
enum {
    ACCOUNT_CREATED = 1,
    ACCOUNT_ROLE_CHANGED = 2,
    ACCOUNT_PASSWORD_RESET = 4,
};

#define ACCOUNT_ACTIVE  "active"
#define ACCOUNT_PENDING "pending"

bool accounts_login_valid(const char *login);
bool accounts_password_acceptable(const char *password);

/* Pure: the account's pending reason after an API change with these flags — "created",
 * "role_changed" or "password_reset" — or NULL when it is active afterwards. current_reason is
 * its reason before (NULL: active). An admin account never waits (admin reads no case content);
 * a change without flags leaves the account as it was; a pending account keeps the weightiest
 * reason (created > role_changed > password_reset: an account never approved stays "created"). */
const char *accounts_pending_reason(const char *role_after, unsigned changes,
                                    const char *current_reason);

/* Inside the caller's write transaction: validates, hashes the password, inserts (pending when
 * the two-person rule says so), audits (action "create", object user) as actor_id (NULL: the
 * command line). id_out gets the new id. Returns ACCOUNT_OK, an account_error, or a negative
 * store status. */
int accounts_create(store_conn *c, const char *login, const char *name, const char *role_code,
                    const char *password, account_origin origin, const char *actor_id, int64_t now,
                    char id_out[32]) STORE_WUR;

/* Inside the caller's write transaction: makes the pending account id active, approved by
 * approver_id (NULL: the operator on the command line) at now, and audits it (action "approve",
 * object user). expected_version < 0 takes any version. Returns ACCOUNT_OK,
 * ACCOUNT_NOT_PENDING, ACCOUNT_SELF_APPROVAL, STORE_NOT_FOUND, STORE_CONFLICT (version) or a
 * store error. */
int accounts_approve(store_conn *c, pool *p, const char *id, const char *approver_id, int64_t now,
                     int64_t expected_version) STORE_WUR;

#endif
