/* Reading the audit log (director, admin): newest first, filtered by person, by staff member and
 * by period, with the staff's and the persons' names. The reading is itself audited (object
 * "audit"), against the person filtered by and against every person whose name it shows. */
#ifndef TSUNAGU_SERVICE_AUDIT_LOG_H
#define TSUNAGU_SERVICE_AUDIT_LOG_H

#include "service/service.h"
#include "store/audit.h"

typedef struct svc_audit_query {
    int64_t before;        /* rows with seq below it (0: from the newest) */
    const char *person_id; /* NULL: everyone */
    const char *user_id;   /* NULL: every user */
    const char *from;      /* YYYY-MM-DD (Japan), the first day; NULL: open */
    const char *to;        /* YYYY-MM-DD (Japan), the last day; NULL: open */
    int limit;
} svc_audit_query;

typedef struct svc_audit_entry {
    store_audit_row row;
    const char *user_login; /* NULL: the system, or an account since removed */
    const char *user_name;  /* the staff member's name; NULL as user_login */
    /* The person's name: only to a reader of persons (PERM_PERSON_READ; the admin reads no
     * case content and gets the id alone), and NULL when the row names no one. */
    const char *person_family_name, *person_given_name;
} svc_audit_entry;

/* A page of rows, newest first; more: older rows follow (the next page is before the last
 * row's seq). Strings live in the pool. */
typedef struct svc_audit_page {
    svc_audit_entry *items;
    int count;
    bool more;
} svc_audit_page;

/* PERM_AUDIT_READ. from/to must be dates with from <= to (INVALID naming the field). Collects
 * its own reads in ctx->reads. */
svc_result svc_audit_log_list(svc_ctx *ctx, const svc_audit_query *q, svc_audit_page *out);

#endif
