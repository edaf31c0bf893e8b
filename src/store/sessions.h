/* Sessions and login failures. Tokens arrive here already hashed. */
#ifndef TSUNAGU_STORE_SESSIONS_H
#define TSUNAGU_STORE_SESSIONS_H

#include "store/store.h"

typedef struct store_session {
    char user_id[32];
    char login[101];
    char name[401];
    char role[16];
    char csrf_token[64];
    int64_t created_at;
    int64_t last_seen_at;
    bool disabled;
    bool pending; /* the account waits for a director's approval: no session may be used */
} store_session;

/* STORE_OK, STORE_NOT_FOUND or an error. */
int store_session_find(store_conn *c, const char *token_hash, store_session *out) STORE_WUR;
int store_session_create(store_conn *c, const char *token_hash, const char *user_id,
                         const char *csrf_token, int64_t now) STORE_WUR;
int store_session_touch(store_conn *c, const char *token_hash, int64_t now) STORE_WUR;
int store_session_delete(store_conn *c, const char *token_hash) STORE_WUR;
/* Drops sessions idle since before idle_before or created before created_before. */
int store_session_expire(store_conn *c, int64_t idle_before, int64_t created_before) STORE_WUR;
int store_session_delete_user(store_conn *c, const char *user_id) STORE_WUR;

int store_login_failures_count(store_conn *c, const char *login, int64_t since,
                               int *count) STORE_WUR;
int store_login_failure_add(store_conn *c, const char *login, int64_t now) STORE_WUR;
int store_login_failures_clear(store_conn *c, const char *login) STORE_WUR;
/* Forgets failures at or before `before` (older than any throttling window). */
int store_login_failures_purge(store_conn *c, int64_t before) STORE_WUR;

#endif
