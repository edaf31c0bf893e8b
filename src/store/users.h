/* Accounts. */
#ifndef TSUNAGU_STORE_USERS_H
#define TSUNAGU_STORE_USERS_H

#include "store/store.h"
#include "util/pool.h"

typedef struct store_user {
    char *id;
    int64_t version;
    char *login;
    char *name;
    char *role;
    char *password_hash;
    char *totp_secret; /* NULL when TOTP is not set up */
    bool disabled;
    int64_t created_at;
    int64_t updated_at;
    char *status;         /* "active" or "pending" (a director's approval, accounts.c) */
    char *pending_reason; /* "created", "role_changed", "password_reset"; NULL when active */
    char *approved_by;    /* the approving director; NULL: never approved, or by the operator */
    int64_t approved_at;  /* 0: never approved (active from the command line, or pending) */
    char *agency_id;      /* a partner's agency (要対協 member); NULL for center staff */
} store_user;

/* Strings of out are allocated from p. STORE_OK or STORE_NOT_FOUND. */
int store_user_by_login(store_conn *c, pool *p, const char *login, store_user *out) STORE_WUR;
int store_user_by_id(store_conn *c, pool *p, const char *id, store_user *out) STORE_WUR;
/* STORE_CONSTRAINT when the login exists. */
int store_user_insert(store_conn *c, const store_user *u) STORE_WUR;
/* Writes name, role, password_hash, disabled, the approval fields, agency_id and version+1 where
 * version matches: STORE_CONFLICT when it does not. */
int store_user_update(store_conn *c, const store_user *u, int64_t expected_version) STORE_WUR;
/* Replaces the stored hash of the same password with a stronger one; the version stays. */
int store_user_rehash_password(store_conn *c, const char *id, const char *hash) STORE_WUR;
/* Users with that status (NULL: all) ordered by login after `after` (NULL: from the start).
 * fn returns non-zero to stop. */
typedef int (*store_user_fn)(void *ctx, const store_user *u);
int store_user_list(store_conn *c, pool *p, const char *status, const char *after, int limit,
                    store_user_fn fn, void *ctx) STORE_WUR;

#endif
