/* 要対協 partners (domain.md "Cases, plans, conferences", api.md "Cases"): a partner account
 * belongs to an agency and sees only the open cases with a subject registered in the ledger that
 * are shared with its agency — as a summary: the registered subjects (names, ages, designation),
 * the next review (and meeting), the agency's own actions and its own 状況報告. Never notes,
 * minutes, plans, reports or addresses. Any other case is NOT_FOUND, as if it did not exist.
 * Every partner read is audited per subject shown; a partner adds a dated 状況報告, which staff
 * read on the case. */
#ifndef TSUNAGU_SERVICE_PARTNERS_H
#define TSUNAGU_SERVICE_PARTNERS_H

#include "service/service.h"
#include "store/partners.h"

enum { SVC_PARTNER_REPORT_TEXT_MAX = 20000 };

typedef struct svc_partner_case {
    store_partner_case c;
    const char *next_meeting_on; /* the next 要対協 meeting if known, else the next review */
    store_partner_subject *subjects;
    int subject_count;
    store_partner_action *actions; /* the agency's own, by due date */
    int action_count;
    store_partner_report *reports; /* the agency's own, newest first (svc_partner_case_get) */
    int report_count;
} svc_partner_case;

typedef struct svc_partner_cases {
    svc_partner_case *items; /* by id, in the pool */
    int count;
} svc_partner_cases;

/* The partner's cases (PERM_CASE_PARTNER_VIEW); none for an account without an agency. */
svc_result svc_partner_cases_list(svc_ctx *ctx, svc_partner_cases *out);
/* One of them, with the agency's reports; NOT_FOUND for any other case. */
svc_result svc_partner_case_get(svc_ctx *ctx, const char *case_id, svc_partner_case *out);

typedef struct svc_partner_report_input {
    const char *case_id;
    const char *on; /* YYYY-MM-DD, not in the future; NULL: today */
    const char *text;
} svc_partner_report_input;

/* A 状況報告 on a case shared with the partner's agency (PERM_PARTNER_REPORT_WRITE; NOT_FOUND
 * otherwise): the timeline event partner_report on each registered subject, audited as a
 * creation of partner_report per subject. */
svc_result svc_partner_report_create(svc_ctx *ctx, const svc_partner_report_input *in,
                                     store_partner_report *out);

typedef struct svc_partner_reports {
    store_partner_report *items;
    int count;
} svc_partner_reports;

/* The 状況報告 of a case, for staff (PERM_CASE_READ), newest first; audited as a read of
 * partner_report per current subject. NOT_FOUND: no such case. */
svc_result svc_partner_reports_list(svc_ctx *ctx, const char *case_id, svc_partner_reports *out);

#endif
