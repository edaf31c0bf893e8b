/* Households and their dated membership. */
#ifndef TSUNAGU_STORE_HOUSEHOLDS_H
#define TSUNAGU_STORE_HOUSEHOLDS_H

#include "store/persons.h"
#include "store/store.h"
#include "util/pool.h"

typedef struct store_member {
    char *person_id;
    char *relation;
    char *from_date;     /* NULL: unknown */
    char *to_date;       /* NULL: still a member */
    store_person person; /* filled by store_household_get */
} store_member;

typedef struct store_household {
    char *id;
    int64_t version;
    char *name;
    char *address;
    int64_t created_at;
    int64_t updated_at;
    store_member *members;
    int member_count;
    bool address_withheld; /* set by the service: a protected member's address left out */
} store_household;

int store_household_get(store_conn *c, pool *p, const char *id, store_household *out) STORE_WUR;
int store_household_insert(store_conn *c, const store_household *h) STORE_WUR;
/* Replaces name, address and the whole member list; STORE_CONFLICT on a stale version. */
int store_household_update(store_conn *c, const store_household *h,
                           int64_t expected_version) STORE_WUR;

typedef struct store_membership {
    const char *household_id;
    const char *household_name;
    const char *relation;
    const char *from_date;
    const char *to_date;
} store_membership;
typedef int (*store_membership_fn)(void *ctx, const store_membership *m);
/* The households a person belongs or belonged to: current ones first, then by from_date,
 * newest first, an unknown from_date last (in either backend). */
int store_person_memberships(store_conn *c, const char *person_id, store_membership_fn fn,
                             void *ctx) STORE_WUR;

#endif
