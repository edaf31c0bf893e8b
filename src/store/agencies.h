/* The 要対協's member agencies (school, nursery, police, …): a case is shared with them, and a
 * partner account belongs to one. */
#ifndef TSUNAGU_STORE_AGENCIES_H
#define TSUNAGU_STORE_AGENCIES_H

#include "store/store.h"
#include "util/pool.h"

typedef struct store_agency {
    char *id;
    int64_t version;
    char *name;
    char *kind;
    int64_t created_at, updated_at;
} store_agency;

int store_agency_get(store_conn *c, pool *p, const char *id, store_agency *out) STORE_WUR;
/* STORE_CONSTRAINT when the name is taken. */
int store_agency_insert(store_conn *c, const store_agency *a) STORE_WUR;
/* name, kind; version + 1 where the version is expected: STORE_CONFLICT otherwise (or
 * STORE_NOT_FOUND); STORE_CONSTRAINT when the name is taken. */
int store_agency_update(store_conn *c, const store_agency *a, int64_t expected_version) STORE_WUR;

typedef int (*store_agency_fn)(void *ctx, const store_agency *a);
/* Agencies by name after (after_name, after_id) (NULL: from the start), at most limit. */
int store_agency_list(store_conn *c, pool *p, const char *after_name, const char *after_id,
                      int limit, store_agency_fn fn, void *ctx) STORE_WUR;

#endif
