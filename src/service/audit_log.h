/* Reading the audit log (director, admin): newest first, filtered by person or by user. The
 * reading is itself audited (object "audit", against the person filtered by). */
#ifndef TSUNAGU_SERVICE_AUDIT_LOG_H
#define TSUNAGU_SERVICE_AUDIT_LOG_H

#include "service/service.h"
#include "store/audit.h"

typedef struct svc_audit_query {
    int64_t before;        /* rows with seq below it (0: from the newest) */
    const char *person_id; /* NULL: everyone */
    const char *user_id;   /* NULL: every user */
    int limit;
} svc_audit_query;

typedef struct svc_audit_entry {
    store_audit_row row;
    const char *user_login; /* NULL: the system, or an account since removed */
} svc_audit_entry;

/* A page of rows, newest first; more: older rows follow (the next page is before the last
 * row's seq). Strings live in the pool. */
typedef struct svc_audit_page {
    svc_audit_entry *items;
    int count;
    bool more;
} svc_audit_page;

/* PERM_AUDIT_READ. Collects its own read in ctx->reads. */
svc_result svc_audit_log_list(svc_ctx *ctx, const svc_audit_query *q, svc_audit_page *out);

#endif
