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

/* The intervals in force (the defaults until the director saves them). */
svc_result svc_settings_case_intervals_get(svc_ctx *ctx, svc_case_intervals *out);

#endif
