/* The on-call roster (当番): the director and the coordinator add and correct its entries
 * (PERM_ONCALL_WRITE); everyone who sees the alert board reads it (PERM_HEALTH_READ). Each write
 * is audited (object "on_call"); a mistaken entry is corrected or cancelled, never deleted. The
 * alert board shows the entry in force on a safety confirmation near its deadline outside office
 * hours (domain/office_hours.h). */
#ifndef TSUNAGU_SERVICE_ON_CALL_H
#define TSUNAGU_SERVICE_ON_CALL_H

#include "service/service.h"
#include "store/on_call.h"

enum {
    SVC_ON_CALL_CONTACT_MAX = 100,
    SVC_ON_CALL_LIST_MAX = 500,  /* entries in one answer */
    SVC_ON_CALL_RANGE_DAYS = 92, /* the longest span a list may ask for */
};

typedef struct svc_on_call_in {
    const char *user_id; /* an active center staff account; required on create */
    bool has_starts_at, has_ends_at, has_cancelled;
    int64_t starts_at, ends_at; /* ends_at > starts_at, at most ONCALL_MAX_DAYS apart */
    const char *contact;        /* 1..100 characters; required on create */
    bool cancelled;             /* a correction only */
} svc_on_call_in;

typedef struct svc_on_call_list {
    store_on_call *items;
    int count;
    bool more; /* more than SVC_ON_CALL_LIST_MAX in the span */
} svc_on_call_list;

svc_result svc_on_call_create(svc_ctx *ctx, const svc_on_call_in *in, store_on_call *out);
/* Absent fields keep their value; CONFLICT on a stale version. */
svc_result svc_on_call_update(svc_ctx *ctx, const char *id, int64_t version,
                              const svc_on_call_in *in, store_on_call *out);
/* The entries overlapping [from, to) (INVALID "to" when to <= from or the span is longer than
 * SVC_ON_CALL_RANGE_DAYS), cancelled ones included. */
svc_result svc_on_call_between(svc_ctx *ctx, int64_t from, int64_t to, svc_on_call_list *out);

/* For the alert board: the entries (not cancelled) overlapping [from, to), unaudited, without a
 * permission check (the board checks its own). A store status. */
int svc_on_call_entries(svc_ctx *ctx, int64_t from, int64_t to, svc_on_call_list *out);

#endif
