/* Cases (the joint case): one per household in support, opened from a 特定妊婦 candidate, a report
 * or consultation, a family moving in, or directly; read, listed, changed (lead, deputy,
 * subjects, agencies, next review) and closed with a reason. A closed case never reopens.
 *
 * What a case never takes here: a designation (category) or a 要対協 registration — only a
 * conference decision that names the person sets them (service/conferences.c). A second open
 * case for a household is refused by the partial unique index (cases_open_household), not by a
 * read before the insert: PostgreSQL runs writers concurrently.
 *
 * Every write is audited (one row per subject, as a change of the case) and told on each
 * subject's timeline (section case; through the subject's current household, on the family's);
 * every read audits each subject shown. PERM_CASE_READ reads, PERM_CASE_WRITE writes. */
#ifndef TSUNAGU_SERVICE_CASES_H
#define TSUNAGU_SERVICE_CASES_H

#include "service/service.h"
#include "store/cases.h"

enum {
    SVC_CASE_SUBJECTS_MAX = 20,
    SVC_CASE_AGENCIES_MAX = 30,
};

typedef struct svc_case_new {
    const char *household_id;
    const char *const *subject_ids; /* >= 1, each a current member of the household */
    int subject_count;
    const char *lead_id;           /* an active staff user who may write cases */
    const char *deputy_id;         /* the same; NULL: none */
    const char *lead_agency_id;    /* an agency; NULL: the center */
    const char *const *agency_ids; /* shared with; NULL/0: none */
    int agency_count;
    const char *next_review_on; /* NULL: opened_on + the review interval */
    bool has_opened_from;
    const char *opened_from_type; /* pregnancy | report | transfer */
    const char *opened_from_id;
    const char *opened_from_from; /* transfer: the municipality the family came from */
} svc_case_new;

/* What a PATCH changes; a set_ flag false leaves it. NULL with the flag clears where it may. */
typedef struct svc_case_changes {
    const char *lead_id; /* NULL: keep (a case always has a lead) */
    bool set_deputy;
    const char *deputy_id;
    bool set_lead_agency;
    const char *lead_agency_id; /* NULL: the center */
    bool set_subjects;          /* the whole list of current subjects */
    const char *const *subject_ids;
    int subject_count;
    bool set_agencies;
    const char *const *agency_ids;
    int agency_count;
    bool set_next_review;
    const char *next_review_on; /* NULL: none */
} svc_case_changes;

typedef struct svc_case_close_in {
    const char *reason; /* goal_reached | moved | transferred_jisou | other */
    const char *on;     /* not in the future, not before opened_on */
    const char *note;
    const char *moved_to; /* moved: the receiving municipality (required), else refused */
} svc_case_close_in;

typedef struct svc_case_page {
    store_case *items;
    int count;
    bool more;
    int64_t total; /* the cases the filter matches, every page together */
} svc_case_page;

/* Opens a case; out: the case as created (201). INVALID naming the field; CONFLICT when the
 * household has an open case already. */
svc_result svc_case_create(svc_ctx *ctx, const svc_case_new *in, store_case *out);
/* One case, each subject audited as a read of the case. */
svc_result svc_case_get(svc_ctx *ctx, const char *id, store_case *out);
/* A page of cases (f->limit: its size), newest opened first; each subject audited. */
svc_result svc_case_list(svc_ctx *ctx, store_case_filter *f, svc_case_page *out);
/* Changes an open case at version: CONFLICT (stale), INVALID_TRANSITION (closed), INVALID. Nothing
 * to change: the case as it is (an audited read). */
svc_result svc_case_update(svc_ctx *ctx, const char *id, int64_t version,
                           const svc_case_changes *in, store_case *out);
/* Closes an open case: INVALID_TRANSITION when it is closed already. */
svc_result svc_case_close(svc_ctx *ctx, const char *id, const svc_case_close_in *in,
                          store_case *out);

#endif
