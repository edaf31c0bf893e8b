/* Households: create, read, update (name, address, and the dated member list: who joined, who
 * left, as what relation). */
#ifndef TSUNAGU_SERVICE_HOUSEHOLDS_H
#define TSUNAGU_SERVICE_HOUSEHOLDS_H

#include "service/service.h"
#include "store/households.h"

enum {
    SVC_HOUSEHOLD_MEMBERS_MAX = 30,
    SVC_HOUSEHOLD_NAME_MAX = 100,
    SVC_HOUSEHOLD_ADDRESS_MAX = 200
};

/* The fields an input carries (svc_household_input.present). */
enum {
    SVC_HOUSEHOLD_NAME = 1u << 0,
    SVC_HOUSEHOLD_ADDRESS = 1u << 1,
    SVC_HOUSEHOLD_MEMBERS = 1u << 2,
    SVC_HOUSEHOLD_ALL = (1u << 3) - 1,
};

typedef struct svc_household_input {
    unsigned present;           /* update: the fields to change; create takes every field */
    const char *name, *address; /* NULL: none */
    /* person_id and relation (a code of household_relations) required; from and to are dates
     * (YYYY-MM-DD) or NULL; the whole list replaces the present one. Errors name the field as
     * members[i].name. */
    const store_member *members;
    int member_count;
} svc_household_input;

/* Records a household of at least one member, each an existing person (events
 * household_created and household_joined/left, audit create per member). */
svc_result svc_households_create(svc_ctx *ctx, const svc_household_input *in, store_household *out);
/* The household with its members' names, audited as a read about each member. */
svc_result svc_households_get(svc_ctx *ctx, const char *id, store_household *out);
/* Changes the fields present of the household at `version` (CONFLICT when it moved on). When
 * nothing changes, nothing is written and the answer is audited as a read. */
svc_result svc_households_update(svc_ctx *ctx, const char *id, int64_t version,
                                 const svc_household_input *in, store_household *out);

#endif
