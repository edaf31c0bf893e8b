/* The rules of accounts (the use cases are service/users.h): what a login and a password must
 * be, and the two-person rule: an account other than admin that is created, given a new role or
 * given a new password through the API waits for a director's approval before it can log in. */
#ifndef TSUNAGU_AUTH_ACCOUNTS_H
#define TSUNAGU_AUTH_ACCOUNTS_H

#include "domain/vocab.h"

#include <stdbool.h>

/* What a change through the API did to an account (flags). */
enum {
    ACCOUNT_CREATED = 1,
    ACCOUNT_ROLE_CHANGED = 2,
    ACCOUNT_PASSWORD_RESET = 4,
};

#define ACCOUNT_ACTIVE  "active"
#define ACCOUNT_PENDING "pending"

/* Why an account waits: created, role_changed, password_reset ("pending_reasons" in /meta). */
extern const vocab pending_reasons_vocab;

bool accounts_login_valid(const char *login);
bool accounts_password_acceptable(const char *password);

/* Pure: the account's pending reason after an API change with these flags — "created",
 * "role_changed" or "password_reset" — or NULL when it is active afterwards. current_reason is
 * its reason before (NULL: active). An admin account never waits (admin reads no case content);
 * a change without flags leaves the account as it was; a pending account keeps the weightiest
 * reason (created > role_changed > password_reset: an account never approved stays "created"). */
const char *accounts_pending_reason(const char *role_after, unsigned changes,
                                    const char *current_reason);

#endif
