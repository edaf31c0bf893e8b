#include "service/case_settings.h"

#include "store/settings.h"

static void defaults(store_case_intervals *v)
{
    *v = (store_case_intervals){.case_review_months = SVC_CASE_REVIEW_MONTHS_DEFAULT,
                                .plan_review_months = SVC_PLAN_REVIEW_MONTHS_DEFAULT,
                                .joint_case_weeks = SVC_JOINT_CASE_WEEKS_DEFAULT};
}

static void fill(svc_case_intervals *out, const store_case_intervals *v, svc_setting_meta meta)
{
    *out = (svc_case_intervals){.case_review_months = v->case_review_months,
                                .plan_review_months = v->plan_review_months,
                                .joint_case_weeks = v->joint_case_weeks,
                                .meta = meta};
}

svc_result svc_settings_case_intervals_get(svc_ctx *ctx, svc_case_intervals *out)
{
    store_case_intervals v;
    defaults(&v);
    store_setting s;
    int rc = store_settings_case_intervals(ctx->db, ctx->pool, &v, &s);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    fill(out, &v,
         (svc_setting_meta){
             .version = s.version, .updated_at = s.updated_at, .updated_by = s.updated_by});
    return svc_ok();
}

static bool in_range(int v, int min, int max)
{
    return v >= min && v <= max;
}

static svc_result check_intervals(const svc_case_intervals *in)
{
    static const char MONTHS[] = "1〜12の整数（月数）で指定してください。";
    if (!in_range(in->case_review_months, SVC_INTERVAL_MONTHS_MIN, SVC_INTERVAL_MONTHS_MAX))
        return svc_invalid("case_review_months", MONTHS);
    if (!in_range(in->plan_review_months, SVC_INTERVAL_MONTHS_MIN, SVC_INTERVAL_MONTHS_MAX))
        return svc_invalid("plan_review_months", MONTHS);
    if (!in_range(in->joint_case_weeks, SVC_INTERVAL_WEEKS_MIN, SVC_INTERVAL_WEEKS_MAX))
        return svc_invalid("joint_case_weeks", "1〜26の整数（週数）で指定してください。");
    return svc_ok();
}

svc_result svc_settings_case_intervals_put(svc_ctx *ctx, const svc_case_intervals *in,
                                           int64_t expected, svc_case_intervals *out)
{
    if (!svc_may(ctx, PERM_SETTINGS_WRITE))
        return svc_forbidden(NULL);
    svc_result r = check_intervals(in);
    if (r.status != SVC_OK)
        return r;
    r = svc_begin(ctx);
    if (r.status != SVC_OK)
        return r;
    store_case_intervals v = {.case_review_months = in->case_review_months,
                              .plan_review_months = in->plan_review_months,
                              .joint_case_weeks = in->joint_case_weeks};
    int rc = store_settings_put_case_intervals(ctx->db, &v, expected, ctx->now, ctx->user_id);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, "update", "settings", "case_intervals", NULL);
    r = svc_from_store(rc);
    if (r.status == SVC_OK)
        fill(out, &v,
             (svc_setting_meta){
                 .version = expected + 1, .updated_at = ctx->now, .updated_by = ctx->user_id});
    return svc_end(ctx, r);
}
