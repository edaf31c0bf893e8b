#include "service/case_settings.h"

/* Until the director's screen stores them (the settings row "case_intervals"), the defaults. */
svc_result svc_settings_case_intervals_get(svc_ctx *ctx, svc_case_intervals *out)
{
    (void)ctx;
    *out = (svc_case_intervals){.case_review_months = SVC_CASE_REVIEW_MONTHS_DEFAULT,
                                .plan_review_months = SVC_PLAN_REVIEW_MONTHS_DEFAULT,
                                .joint_case_weeks = SVC_JOINT_CASE_WEEKS_DEFAULT};
    return svc_ok();
}
