/* /api/v1/settings/risk_table and /api/v1/settings/screening: read by the health roles, changed
 * by the director (service/settings.c); /api/v1/settings/case_intervals: read by the case staff,
 * changed by the director (service/case_settings.c). */
#include "api/common.h"
#include "api/input.h"
#include "api/resources.h"
#include "api/result.h"
#include "domain/risk_json.h"
#include "service/case_settings.h"
#include "service/settings.h"

/* version, updated_at and updated_by on out, and the ETag. */
static json_t *with_meta(http_req *req, json_t *out, const svc_setting_meta *m)
{
    bool saved = m->version > 0;
    out = api_json_set(out, "version", json_integer(m->version));
    out = api_json_set(out, "updated_at", saved ? api_json_instant(m->updated_at) : json_null());
    out = api_json_set(out, "updated_by", api_json_string_or_null(saved ? m->updated_by : NULL));
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)m->version));
    return out;
}

static void answer_risk(http_req *req, const svc_risk_setting *s)
{
    http_reply_json(req, 200, with_meta(req, risk_table_to_json(&s->table), &s->meta));
}

void api_settings_risk_get(http_req *req)
{
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_risk_setting s;
    if (!api_answer_failure(req, svc_settings_risk_get(&ctx, &s)))
        answer_risk(req, &s);
}

void api_settings_risk_put(http_req *req)
{
    static const char *const allowed[] = {"items",           "high_from",           "medium_from",
                                          "candidate_codes", "candidate_when_high", NULL};
    json_t *body;
    int64_t expected;
    if (api_if_match_or_zero(req, &expected) != 0 || api_body(req, allowed, &body) != 0)
        return;
    risk_table t;
    const char *field;
    if (risk_table_from_json(body, &t, &field) != 0) {
        api_invalid(req, field,
                    "リスク表の内容が正しくありません（12項目すべて、重み0〜10、"
                    "高リスクの下限1〜100、中リスクの下限は高リスク以下）。");
        return;
    }
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_risk_setting s;
    if (!api_answer_failure(req, svc_settings_risk_put(&ctx, &t, expected, &s)))
        answer_risk(req, &s);
}

static void answer_screening(http_req *req, const svc_screening_setting *s)
{
    json_t *t = s->bonding_threshold >= 0 ? json_integer(s->bonding_threshold) : json_null();
    http_reply_json(req, 200, with_meta(req, json_pack("{s:o}", "bonding_threshold", t), &s->meta));
}

void api_settings_screening_get(http_req *req)
{
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_screening_setting s;
    if (!api_answer_failure(req, svc_settings_screening_get(&ctx, &s)))
        answer_screening(req, &s);
}

void api_settings_screening_put(http_req *req)
{
    static const char *const allowed[] = {"bonding_threshold", NULL};
    json_t *body;
    int64_t expected;
    if (api_if_match_or_zero(req, &expected) != 0 || api_body(req, allowed, &body) != 0)
        return;
    json_t *t = json_object_get(body, "bonding_threshold");
    if (!t)
        return (void)api_missing(req, "bonding_threshold");
    int threshold = -1;
    if (!json_is_null(t)) {
        json_int_t n = json_is_integer(t) ? json_integer_value(t) : 0;
        threshold = n < SVC_BONDING_THRESHOLD_MIN || n > SVC_BONDING_THRESHOLD_MAX ? 0 : (int)n;
    }
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_screening_setting s;
    if (!api_answer_failure(req, svc_settings_screening_put(&ctx, threshold, expected, &s)))
        answer_screening(req, &s);
}

static void answer_intervals(http_req *req, const svc_case_intervals *s)
{
    json_t *out = json_pack("{s:i, s:i, s:i}", "case_review_months", s->case_review_months,
                            "plan_review_months", s->plan_review_months, "joint_case_weeks",
                            s->joint_case_weeks);
    http_reply_json(req, 200, with_meta(req, out, &s->meta));
}

void api_settings_case_intervals_get(http_req *req)
{
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_case_intervals s;
    if (!api_answer_failure(req, svc_settings_case_intervals_get(&ctx, &s)))
        answer_intervals(req, &s);
}

/* A required whole number; anything else is 0, which the use case refuses as out of range. */
static int whole_number(http_req *req, json_t *body, const char *name, int *out)
{
    json_t *v = json_object_get(body, name);
    if (!v)
        return api_missing(req, name);
    json_int_t n = json_is_integer(v) ? json_integer_value(v) : 0;
    *out = n < 1 || n > 1000 ? 0 : (int)n;
    return 0;
}

void api_settings_case_intervals_put(http_req *req)
{
    static const char *const allowed[] = {"case_review_months", "plan_review_months",
                                          "joint_case_weeks", NULL};
    json_t *body;
    int64_t expected;
    if (api_if_match_or_zero(req, &expected) != 0 || api_body(req, allowed, &body) != 0)
        return;
    svc_case_intervals in = {0};
    if (whole_number(req, body, "case_review_months", &in.case_review_months) != 0 ||
        whole_number(req, body, "plan_review_months", &in.plan_review_months) != 0 ||
        whole_number(req, body, "joint_case_weeks", &in.joint_case_weeks) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_case_intervals s;
    if (!api_answer_failure(req, svc_settings_case_intervals_put(&ctx, &in, expected, &s)))
        answer_intervals(req, &s);
}
