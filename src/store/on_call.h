/* The on-call roster (当番, migration 013): who is on call from when to when. */
#ifndef TSUNAGU_STORE_ON_CALL_H
#define TSUNAGU_STORE_ON_CALL_H

#include "store/store.h"
#include "util/pool.h"

#include <stdbool.h>

typedef struct store_on_call {
    char *id;
    int64_t version;
    char *user_id;
    char *user_name; /* read from users; not written */
    int64_t starts_at, ends_at;
    char *contact;
    bool cancelled;
    char *created_by;
    int64_t created_at, updated_at;
} store_on_call;

int store_on_call_get(store_conn *c, pool *p, const char *id, store_on_call *out) STORE_WUR;
int store_on_call_insert(store_conn *c, const store_on_call *e) STORE_WUR;
/* user_id, starts_at, ends_at, contact, cancelled, updated_at; version + 1 where the version is
 * expected: STORE_CONFLICT otherwise. */
int store_on_call_update(store_conn *c, const store_on_call *e, int64_t expected_version) STORE_WUR;

typedef int (*store_on_call_fn)(void *ctx, const store_on_call *e);
/* The entries (cancelled ones too) overlapping [from, to), by start then id, at most limit. */
int store_on_call_between(store_conn *c, pool *p, int64_t from, int64_t to, int limit,
                          store_on_call_fn fn, void *ctx) STORE_WUR;

#endif
