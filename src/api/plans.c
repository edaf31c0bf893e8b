/* /api/v1/cases/{id}/plans (サポートプラン): JSON in and out around service/plans.c. */
#include "api/common.h"
#include "api/input.h"
#include "api/page.h"
#include "api/resources.h"
#include "api/result.h"
#include "service/plans.h"

#include <stdlib.h>
#include <string.h>

/* ---- reading the body ---- */

static const char *const plan_fields[] = {
    "subject_ids",    "guardian_wishes",  "child_views", "situation",
    "long_term_goal", "short_term_goals", "services",    "emergency_contacts",
    "review_on",      "handed_on",        NULL};

/* Answers 400 naming the first key of o not in allowed (field prefixed as set); -1 then. */
static int only_known(http_req *req, json_t *o, const char *const allowed[])
{
    const char *key;
    json_t *val;
    json_object_foreach(o, key, val)
    {
        bool known = false;
        for (int i = 0; allowed[i]; i++)
            known |= strcmp(allowed[i], key) == 0;
        if (!known)
            return api_invalid(req, pool_strdup(req->pool, key), "この項目は受け付けられません。");
    }
    return 0;
}

/* An array field of at most max items (absent or null: none); *items NULL then. */
static int array_of(http_req *req, json_t *body, const char *name, size_t max, json_t **items)
{
    json_t *v = json_object_get(body, name);
    *items = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v) || json_array_size(v) > max)
        return api_invalid(req, name,
                           pool_printf(req->pool, "%zu件までの配列で指定してください。", max));
    *items = v;
    return 0;
}

static int read_subject_ids(http_req *req, json_t *body, plan_content *in)
{
    json_t *v;
    if (array_of(req, body, "subject_ids", PLAN_SUBJECTS_MAX, &v) != 0)
        return -1;
    if (!v || json_array_size(v) == 0)
        return api_missing(req, "subject_ids");
    const char **ids = pool_zalloc(req->pool, sizeof *ids * json_array_size(v));
    size_t i;
    json_t *id;
    json_array_foreach(v, i, id)
    {
        if (!json_is_string(id) || json_string_length(id) == 0 || json_string_length(id) > 64)
            return api_invalid(req, pool_printf(req->pool, "subject_ids[%zu]", i),
                               "対象者のIDで指定してください。");
        ids[i] = json_string_value(id);
    }
    in->subject_ids = ids;
    in->subject_count = (int)json_array_size(v);
    return 0;
}

static int read_service(http_req *req, json_t *o, size_t i, plan_service *out)
{
    static const char *const fields[] = {"what", "who", "how_often", "from", "to", NULL};
    const char *prefix = pool_printf(req->pool, "services[%zu]", i);
    if (!json_is_object(o))
        return api_invalid(req, prefix,
                           "支援は {what, who, how_often, from, to} で指定してください。");
    api_field_prefix(prefix);
    int rc =
        only_known(req, o, fields) != 0 ||
                api_string(req, o, "what", PLAN_WHAT_MAX, true, &out->what) != 0 ||
                api_string(req, o, "who", PLAN_WHO_MAX, false, &out->who) != 0 ||
                api_string(req, o, "how_often", PLAN_HOW_OFTEN_MAX, false, &out->how_often) != 0 ||
                api_date(req, o, "from", false, &out->from_on) != 0 ||
                api_date(req, o, "to", false, &out->to_on) != 0
            ? -1
            : 0;
    api_field_prefix(NULL);
    return rc;
}

static int read_contact(http_req *req, json_t *o, size_t i, plan_contact *out)
{
    static const char *const fields[] = {"name", "relation", "phone", NULL};
    const char *prefix = pool_printf(req->pool, "emergency_contacts[%zu]", i);
    if (!json_is_object(o))
        return api_invalid(req, prefix,
                           "緊急連絡先は {name, relation, phone} で指定してください。");
    api_field_prefix(prefix);
    int rc =
        only_known(req, o, fields) != 0 ||
                api_string(req, o, "name", PLAN_CONTACT_NAME_MAX, true, &out->name) != 0 ||
                api_string(req, o, "relation", PLAN_RELATION_MAX, false, &out->relation) != 0 ||
                api_string(req, o, "phone", PLAN_PHONE_MAX, false, &out->phone) != 0
            ? -1
            : 0;
    api_field_prefix(NULL);
    return rc;
}

static int read_services(http_req *req, json_t *body, plan_content *in)
{
    json_t *v, *item;
    if (array_of(req, body, "services", PLAN_SERVICES_MAX, &v) != 0)
        return -1;
    if (!v)
        return 0;
    plan_service *s = pool_zalloc(req->pool, sizeof *s * (json_array_size(v) + 1));
    size_t i;
    json_array_foreach(v, i, item)
    {
        if (read_service(req, item, i, &s[i]) != 0)
            return -1;
    }
    in->services = s;
    in->service_count = (int)json_array_size(v);
    return 0;
}

static int read_contacts(http_req *req, json_t *body, plan_content *in)
{
    json_t *v, *item;
    if (array_of(req, body, "emergency_contacts", PLAN_CONTACTS_MAX, &v) != 0)
        return -1;
    if (!v)
        return 0;
    plan_contact *k = pool_zalloc(req->pool, sizeof *k * (json_array_size(v) + 1));
    size_t i;
    json_array_foreach(v, i, item)
    {
        if (read_contact(req, item, i, &k[i]) != 0)
            return -1;
    }
    in->contacts = k;
    in->contact_count = (int)json_array_size(v);
    return 0;
}

static int read_plan(http_req *req, json_t *body, plan_content *in)
{
    if (read_subject_ids(req, body, in) != 0 ||
        api_text(req, body, "guardian_wishes", PLAN_TEXT_MAX, false, &in->guardian_wishes) != 0 ||
        api_text(req, body, "child_views", PLAN_TEXT_MAX, false, &in->child_views) != 0 ||
        api_text(req, body, "situation", PLAN_TEXT_MAX, false, &in->situation) != 0 ||
        api_text(req, body, "long_term_goal", PLAN_TEXT_MAX, false, &in->long_term_goal) != 0 ||
        api_text(req, body, "short_term_goals", PLAN_TEXT_MAX, false, &in->short_term_goals) != 0 ||
        read_services(req, body, in) != 0 || read_contacts(req, body, in) != 0 ||
        api_date(req, body, "review_on", false, &in->review_on) != 0 ||
        api_date(req, body, "handed_on", false, &in->handed_on) != 0)
        return -1;
    return 0;
}

/* ---- the answer ---- */

static json_t *services_json(const plan_content *c)
{
    json_t *a = json_array();
    for (int i = 0; i < c->service_count; i++) {
        const plan_service *s = &c->services[i];
        a = api_json_append(a, json_pack("{s:s, s:o, s:o, s:o, s:o}", "what", s->what, "who",
                                         api_json_string_or_null(s->who), "how_often",
                                         api_json_string_or_null(s->how_often), "from",
                                         api_json_string_or_null(s->from_on), "to",
                                         api_json_string_or_null(s->to_on)));
    }
    return a;
}

static json_t *contacts_json(const plan_content *c)
{
    json_t *a = json_array();
    for (int i = 0; i < c->contact_count; i++) {
        const plan_contact *k = &c->contacts[i];
        a = api_json_append(a, json_pack("{s:s, s:o, s:o}", "name", k->name, "relation",
                                         api_json_string_or_null(k->relation), "phone",
                                         api_json_string_or_null(k->phone)));
    }
    return a;
}

static json_t *subjects_json(const store_plan *pl, date_ymd today, json_t **ids)
{
    json_t *a = json_array();
    *ids = json_array();
    for (int i = 0; i < pl->content.subject_count; i++) {
        a = api_json_append(a, api_person_brief_json(&pl->subjects[i], today));
        *ids = api_json_append(*ids, json_string(pl->content.subject_ids[i]));
    }
    return a;
}

static json_t *changes_json(const svc_plan *v)
{
    json_t *a = json_array();
    for (int i = 0; i < v->change_count; i++)
        a = api_json_append(a, json_string(v->changes[i]));
    return a;
}

static json_t *plan_json(const svc_plan *v, date_ymd today)
{
    const store_plan *pl = &v->plan;
    const plan_content *c = &pl->content;
    json_t *ids, *subjects = subjects_json(pl, today, &ids);
    json_t *o = json_pack("{s:s, s:I, s:s, s:I, s:s, s:b}", "id", pl->id, "version",
                          (json_int_t)pl->version, "case_id", pl->case_id, "plan_version",
                          (json_int_t)pl->plan_version, "status", pl->status, "newest", v->newest);
    o = api_json_set(o, "subject_ids", ids);
    o = api_json_set(o, "subjects", subjects);
    o = api_json_set(o, "guardian_wishes", api_json_string_or_null(c->guardian_wishes));
    o = api_json_set(o, "child_views", api_json_string_or_null(c->child_views));
    o = api_json_set(o, "situation", api_json_string_or_null(c->situation));
    o = api_json_set(o, "long_term_goal", api_json_string_or_null(c->long_term_goal));
    o = api_json_set(o, "short_term_goals", api_json_string_or_null(c->short_term_goals));
    o = api_json_set(o, "services", services_json(c));
    o = api_json_set(o, "emergency_contacts", contacts_json(c));
    o = api_json_set(o, "review_on", api_json_string_or_null(c->review_on));
    o = api_json_set(o, "handed_on", api_json_string_or_null(c->handed_on));
    o = api_json_set(o, "last_reviewed_on", api_json_string_or_null(pl->last_reviewed_on));
    o = api_json_set(o, "approved_by", api_json_string_or_null(pl->approved_by));
    o = api_json_set(o, "approved_by_name", api_json_string_or_null(pl->approved_by_name));
    o = api_json_set(o, "approved_at",
                     pl->approved_at ? api_json_instant(pl->approved_at) : json_null());
    o = api_json_set(o, "created_by", api_json_string_or_null(pl->created_by));
    o = api_json_set(o, "created_by_name", api_json_string_or_null(pl->created_by_name));
    o = api_json_set(o, "created_at", api_json_instant(pl->created_at));
    return api_json_set(o, "changes", changes_json(v));
}

static void answer_plan(http_req *req, svc_ctx *ctx, svc_result r, int status, const svc_plan *v)
{
    if (api_answer_failure(req, r))
        return;
    api_hold_reads(req, ctx);
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)v->plan.version));
    if (status == 201)
        http_add_header(
            req, "Location",
            pool_printf(req->pool, "/api/v1/cases/%s/plans/%s", v->plan.case_id, v->plan.id));
    http_reply_json(req, status, plan_json(v, api_today(req)));
}

/* ---- handlers ---- */

void api_plans_create(http_req *req)
{
    json_t *body;
    plan_content in = {0};
    if (api_body(req, plan_fields, &body) != 0 || read_plan(req, body, &in) != 0)
        return;
    svc_ctx ctx;
    svc_plan v;
    api_ctx(req, &ctx);
    answer_plan(req, &ctx, svc_plans_create(&ctx, req->params[0], &in, &v), 201, &v);
}

void api_plans_get(http_req *req)
{
    svc_ctx ctx;
    svc_plan v;
    api_ctx(req, &ctx);
    answer_plan(req, &ctx, svc_plans_get(&ctx, req->params[0], req->params[1], &v), 200, &v);
}

void api_plans_list(http_req *req)
{
    int limit;
    char *parts[1], *end;
    if (api_limit(req, &limit) != 0 || api_page_cursor(req, parts, 1) != 0)
        return;
    long long before = 0;
    if (parts[0]) {
        before = strtoll(parts[0], &end, 10);
        if (*end || before < 1)
            return (void)api_invalid(req, "cursor", "cursor が正しくありません。");
    }
    svc_ctx ctx;
    svc_plan *items;
    int count;
    api_ctx(req, &ctx);
    if (api_answer_failure(req,
                           svc_plans_list(&ctx, req->params[0], before, limit, &items, &count)))
        return;
    api_hold_reads(req, &ctx);
    api_page pg;
    api_page_start(&pg, req, limit, 1);
    for (int i = 0; i < count && !api_page_full(&pg); i++)
        api_page_add(&pg, plan_json(&items[i], api_today(req)),
                     pool_printf(req->pool, "%lld", (long long)items[i].plan.plan_version), NULL);
    api_page_answer(&pg, STORE_OK);
}

void api_plans_approve(http_req *req)
{
    static const char *const none[] = {NULL};
    json_t *body;
    if (req->body_len > 0 && api_body(req, none, &body) != 0)
        return;
    svc_ctx ctx;
    svc_plan v;
    api_ctx(req, &ctx);
    answer_plan(req, &ctx, svc_plans_approve(&ctx, req->params[0], req->params[1], &v), 200, &v);
}

/* If-Match is optional on a review: given, a stale version answers 409 version_conflict. */
static int optional_if_match(http_req *req, int64_t *expected)
{
    *expected = 0;
    return http_header(req, "If-Match") ? api_if_match(req, expected) : 0;
}

void api_plans_reviewed(http_req *req)
{
    static const char *const fields[] = {"on", "review_on", NULL};
    json_t *body;
    const char *on, *review_on;
    int64_t expected;
    if (optional_if_match(req, &expected) != 0 || api_body(req, fields, &body) != 0 ||
        api_date(req, body, "on", true, &on) != 0 ||
        api_date(req, body, "review_on", true, &review_on) != 0)
        return;
    svc_ctx ctx;
    svc_plan v;
    api_ctx(req, &ctx);
    answer_plan(
        req, &ctx,
        svc_plans_reviewed(&ctx, req->params[0], req->params[1], expected, on, review_on, &v), 200,
        &v);
}

void api_plans_handed(http_req *req)
{
    static const char *const fields[] = {"on", NULL};
    json_t *body;
    const char *on;
    if (api_body(req, fields, &body) != 0 || api_date(req, body, "on", true, &on) != 0)
        return;
    svc_ctx ctx;
    svc_plan v;
    api_ctx(req, &ctx);
    answer_plan(req, &ctx, svc_plans_handed(&ctx, req->params[0], req->params[1], on, &v), 200, &v);
}
