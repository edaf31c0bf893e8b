/* The 要対協's member agencies: the director and the coordinator enter and change them
 * (PERM_AGENCY_WRITE); case staff and the admin read them (PERM_AGENCY_READ). Each change is
 * audited. Names are unique (STORE_CONSTRAINT of agencies_name: 400 on `name`). */
#ifndef TSUNAGU_SERVICE_AGENCIES_H
#define TSUNAGU_SERVICE_AGENCIES_H

#include "service/service.h"
#include "store/agencies.h"

typedef struct svc_agency_in {
    const char *name; /* 1..100 characters; required on create */
    const char *kind; /* agency_kinds; required on create */
} svc_agency_in;

typedef struct svc_agency_page {
    store_agency *items;
    int count;
    bool more;
} svc_agency_page;

svc_result svc_agency_create(svc_ctx *ctx, const svc_agency_in *in, store_agency *out);
svc_result svc_agency_get(svc_ctx *ctx, const char *id, store_agency *out);
/* NULL fields keep their value; CONFLICT on a stale version. */
svc_result svc_agency_update(svc_ctx *ctx, const char *id, int64_t version, const svc_agency_in *in,
                             store_agency *out);
/* By name, after (after_name, after_id); limit rows. */
svc_result svc_agency_list(svc_ctx *ctx, const char *after_name, const char *after_id, int limit,
                           svc_agency_page *out);

#endif
