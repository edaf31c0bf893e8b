/* Creating accounts: one path for the command line (tsunagu user add) and the admin API. */
#ifndef TSUNAGU_AUTH_ACCOUNTS_H
#define TSUNAGU_AUTH_ACCOUNTS_H

#include "store/store.h"

typedef enum account_error {
    ACCOUNT_OK = 0,
    ACCOUNT_BAD_LOGIN = -10, /* 1..100 of A-Z a-z 0-9 . _ - @ */
    ACCOUNT_BAD_ROLE = -11,
    ACCOUNT_WEAK_PASSWORD = -12, /* fewer than PASSWORD_MIN_CHARS characters */
    ACCOUNT_LOGIN_TAKEN = -13,
    ACCOUNT_BAD_NAME = -14,
} account_error;

bool accounts_login_valid(const char *login);
bool accounts_password_acceptable(const char *password);

/* Inside the caller's write transaction: validates, hashes the password, inserts, audits
 * (action "create", object user) as actor_id (NULL: the command line). id_out gets the new id.
 * Returns ACCOUNT_OK, an account_error, or a negative store status. */
int accounts_create(store_conn *c, const char *login, const char *name, const char *role_code,
                    const char *password, const char *actor_id, int64_t now,
                    char id_out[32]) STORE_WUR;

#endif
