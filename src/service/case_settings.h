/* The review intervals of the joint case (domain.md "Cases, plans, conferences"): settings the
 * director edits, each change versioned and audited. Every use case that dates a review reads
 * them here. */
#ifndef TSUNAGU_SERVICE_CASE_SETTINGS_H
#define TSUNAGU_SERVICE_CASE_SETTINGS_H

#include "service/service.h"
#include "service/settings.h"

/* The defaults (domain.md): a registered case reviewed at least every 3 months, a plan reviewed 3
 * months after its approval, a 合同ケース会議 every 4 weeks. */
enum {
    SVC_CASE_REVIEW_MONTHS_DEFAULT = 3,
    SVC_PLAN_REVIEW_MONTHS_DEFAULT = 3,
    SVC_JOINT_CASE_WEEKS_DEFAULT = 4,
};

typedef struct svc_case_intervals {
    int case_review_months; /* 要対協 registered cases: reviewed at least every N months */
    int plan_review_months; /* a plan's review date: N months after its approval */
    int joint_case_weeks;   /* the 合同ケース会議's cadence */
    svc_setting_meta meta;
} svc_case_intervals;

/* The ranges the director may set: months 1–12 (a review at least once a year), weeks 1–26. */
enum {
    SVC_INTERVAL_MONTHS_MIN = 1,
    SVC_INTERVAL_MONTHS_MAX = 12,
    SVC_INTERVAL_WEEKS_MIN = 1,
    SVC_INTERVAL_WEEKS_MAX = 26,
};

/* The intervals in force (the defaults until the director saves them; meta.version 0). No
 * permission is checked: every use case that dates a review reads them (the API route asks
 * PERM_CASE_READ). */
svc_result svc_settings_case_intervals_get(svc_ctx *ctx, svc_case_intervals *out);
/* Saves the three intervals of in over version expected (0: the first save): forbidden without
 * PERM_SETTINGS_WRITE; invalid "case_review_months" / "plan_review_months" / "joint_case_weeks"
 * out of range; conflict on a stale version. Audited (update, settings, case_intervals). */
svc_result svc_settings_case_intervals_put(svc_ctx *ctx, const svc_case_intervals *in,
                                           int64_t expected, svc_case_intervals *out);

#endif
