/* /api/v1/reports: 通告・相談 from the call to support (the use cases: service/reports.h). This
 * file reads the JSON into the services' input — field formats and the hard limits of every
 * array — and writes what they return as JSON; the rules, the permissions (who reads the
 * reporter, who reads investigation notes) and the audit are the services'. */
#include "api/common.h"
#include "api/input.h"
#include "api/page.h"
#include "api/resources.h"
#include "api/result.h"
#include "domain/date.h"
#include "domain/report_codes.h"
#include "domain/validate.h"
#include "service/reports.h"

#include <stdlib.h>
#include <string.h>

static const char *const report_fields[] = {
    "kind",      "received_at", "received_by",      "route",  "abuse_types", "child_ids",
    "guardians", "summary",     "main_perpetrator", "urgent", "reporter",    NULL};
static const char *const reporter_fields[] = {"name",      "relation", "contact",
                                              "anonymous", "intent",   NULL};
static const char *const event_fields[] = {"step",     "at",        "note",      "child_ids",
                                           "urgency",  "attendees", "seen_by",   "case_id",
                                           "corrects", "lead_id",   "deputy_id", NULL};
static const char *const owner_fields[] = {"lead_id", "deputy_id", NULL};

/* ---- reading ---- */

/* An array of person ids (at most max); *given false when absent or null. */
static int read_person_ids(http_req *req, json_t *v, const char *name, int max,
                           const char *const **ids, int *count, bool *given)
{
    *ids = NULL;
    *count = 0;
    *given = v && !json_is_null(v);
    if (!*given)
        return 0;
    if (!json_is_array(v) || (int)json_array_size(v) > max)
        return api_invalid(req, name,
                           pool_printf(req->pool, "%d人までの配列で指定してください。", max));
    const char **out = pool_zalloc(req->pool, sizeof *out * (json_array_size(v) + 1));
    size_t i;
    json_t *id;
    json_array_foreach(v, i, id)
    {
        if (!json_is_string(id) || json_string_length(id) == 0 || json_string_length(id) > 64)
            return api_invalid(req, pool_printf(req->pool, "%s[%zu]", name, i),
                               "利用者IDで指定してください。");
        out[(*count)++] = json_string_value(id);
    }
    *ids = out;
    return 0;
}

static int read_abuse_types(http_req *req, json_t *body, svc_report_intake *in)
{
    json_t *v = json_object_get(body, "abuse_types");
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v) || json_array_size(v) > SVC_REPORT_ABUSE_TYPES_MAX)
        return api_invalid(req, "abuse_types", "虐待種別の配列で指定してください。");
    const char **codes = pool_zalloc(req->pool, sizeof *codes * (json_array_size(v) + 1));
    size_t i;
    json_t *c;
    json_array_foreach(v, i, c)
    {
        if (!json_is_string(c))
            return api_invalid(req, pool_printf(req->pool, "abuse_types[%zu]", i),
                               "虐待種別が正しくありません。");
        codes[in->abuse_type_count++] = json_string_value(c);
    }
    in->abuse_types = codes;
    return 0;
}

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

static int read_reporter(http_req *req, json_t *body, svc_report_intake *in)
{
    json_t *v = json_object_get(body, "reporter");
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_object(v))
        return api_invalid(req, "reporter",
                           "通告者は {name, relation, contact, anonymous} で指定してください。");
    api_field_prefix("reporter");
    bool present;
    int rc =
        only_known(req, v, reporter_fields) != 0 ||
                api_string(req, v, "name", API_NAME_MAX, false, &in->reporter_name) != 0 ||
                api_string(req, v, "relation", API_NAME_MAX, false, &in->reporter_relation) != 0 ||
                api_string(req, v, "contact", API_ADDRESS_MAX, false, &in->reporter_contact) != 0 ||
                api_text(req, v, "intent", API_TEXT_MAX, false, &in->reporter_intent) != 0 ||
                api_bool(req, v, "anonymous", &in->reporter_anonymous, &present) != 0
            ? -1
            : 0;
    api_field_prefix(NULL);
    in->has_reporter = rc == 0;
    return rc;
}

static int read_guardian(http_req *req, json_t *g, size_t i, svc_report_guardian_in *out)
{
    static const char *const guardian_fields[] = {"person_id", "relation", NULL};
    const char *prefix = pool_printf(req->pool, "guardians[%zu]", i);
    if (!json_is_object(g))
        return api_invalid(req, prefix, "保護者は {person_id, relation} で指定してください。");
    api_field_prefix(prefix);
    int rc = only_known(req, g, guardian_fields) != 0 ||
                     api_string(req, g, "person_id", 64, true, &out->person_id) != 0 ||
                     api_string(req, g, "relation", API_NAME_MAX, false, &out->relation) != 0
                 ? -1
                 : 0;
    api_field_prefix(NULL);
    return rc;
}

static int read_guardians(http_req *req, json_t *body, svc_report_intake *in)
{
    json_t *v = json_object_get(body, "guardians");
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v) || json_array_size(v) > SVC_REPORT_GUARDIANS_MAX)
        return api_invalid(req, "guardians", "保護者は10人までの配列で指定してください。");
    svc_report_guardian_in *g = pool_zalloc(req->pool, sizeof *g * (json_array_size(v) + 1));
    size_t i;
    json_t *item;
    json_array_foreach(v, i, item)
    {
        if (read_guardian(req, item, i, &g[i]) != 0)
            return -1;
    }
    in->guardians = g;
    in->guardian_count = (int)json_array_size(v);
    return 0;
}

static int read_intake(http_req *req, json_t *body, svc_report_intake *in)
{
    bool present, given;
    if (api_string(req, body, "kind", 64, true, &in->kind) != 0 ||
        api_instant(req, body, "received_at", &in->has_received_at, &in->received_at) != 0 ||
        api_string(req, body, "received_by", 64, false, &in->received_by) != 0 ||
        api_string(req, body, "route", 64, true, &in->route) != 0 ||
        api_string(req, body, "main_perpetrator", 64, false, &in->main_perpetrator) != 0 ||
        api_text(req, body, "summary", API_TEXT_MAX, false, &in->summary) != 0 ||
        api_bool(req, body, "urgent", &in->urgent, &present) != 0 ||
        read_abuse_types(req, body, in) != 0 ||
        read_person_ids(req, json_object_get(body, "child_ids"), "child_ids",
                        SVC_REPORT_CHILDREN_MAX, &in->child_ids, &in->child_count, &given) != 0 ||
        read_guardians(req, body, in) != 0 || read_reporter(req, body, in) != 0)
        return -1;
    return 0;
}

static int read_attendees(http_req *req, json_t *body, svc_report_step_in *in)
{
    json_t *v = json_object_get(body, "attendees");
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v) || json_array_size(v) > SVC_REPORT_ATTENDEES_MAX)
        return api_invalid(req, "attendees", "出席者は30人までの配列で指定してください。");
    const char **names = pool_zalloc(req->pool, sizeof *names * (json_array_size(v) + 1));
    size_t i;
    json_t *a;
    json_array_foreach(v, i, a)
    {
        long chars = json_is_string(a)
                         ? validate_utf8_chars(json_string_value(a), json_string_length(a))
                         : -1;
        if (chars < 1 || chars > API_NAME_MAX)
            return api_invalid(req, pool_printf(req->pool, "attendees[%zu]", i),
                               "出席者の名前を100文字以内で入力してください。");
        names[in->attendee_count++] = json_string_value(a);
    }
    in->attendees = names;
    return 0;
}

static int read_step(http_req *req, json_t *body, svc_report_step_in *in)
{
    if (api_has(body, "corrects"))
        return api_invalid(req, "corrects", "取り消す記録は step: correction で指定します。");
    return api_instant(req, body, "at", &in->has_at, &in->at) != 0 ||
                   api_text(req, body, "note", API_TEXT_MAX, false, &in->note) != 0 ||
                   api_string(req, body, "urgency", 4, false, &in->urgency) != 0 ||
                   api_string(req, body, "seen_by", API_NAME_MAX, false, &in->seen_by) != 0 ||
                   api_string(req, body, "case_id", 64, false, &in->case_id) != 0 ||
                   api_string(req, body, "lead_id", 64, false, &in->lead_id) != 0 ||
                   api_string(req, body, "deputy_id", 64, false, &in->deputy_id) != 0 ||
                   read_attendees(req, body, in) != 0 ||
                   read_person_ids(req, json_object_get(body, "child_ids"), "child_ids",
                                   SVC_REPORT_CHILDREN_MAX, &in->child_ids, &in->child_count,
                                   &in->has_child_ids) != 0
               ? -1
               : 0;
}

/* {"step":"correction","corrects":SEQ,"note","child_ids"?}. A field a correction does not take
 * is left to the service to refuse, before anything else is read. */
static int read_correction(http_req *req, json_t *body, svc_report_step_in *in)
{
    static const char *const not_here[] = {"at",      "urgency", "attendees", "seen_by",
                                           "case_id", "lead_id", "deputy_id", NULL};
    for (int i = 0; not_here[i]; i++)
        if (api_has(body, not_here[i])) {
            in->given_but_not_for_correction = not_here[i];
            return 0;
        }
    json_t *v = json_object_get(body, "corrects");
    if (!v || json_is_null(v))
        return api_missing(req, "corrects");
    if (!json_is_integer(v) || json_integer_value(v) < 1)
        return api_invalid(req, "corrects", "取り消す記録の番号（seq）を指定してください。");
    in->corrects = json_integer_value(v);
    if (api_text(req, body, "note", API_TEXT_MAX, true, &in->note) != 0)
        return -1;
    return read_person_ids(req, json_object_get(body, "child_ids"), "child_ids",
                           SVC_REPORT_CHILDREN_MAX, &in->child_ids, &in->child_count,
                           &in->has_child_ids);
}

/* ---- answering: JSON from the view, nothing read ---- */

static json_t *strings_json(char *const *items, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        a = api_json_append(a, json_string(items[i]));
    return a;
}

static json_t *abuse_types_json(const svc_report_view *v, bool with_labels)
{
    json_t *out = json_array();
    for (int i = 0; i < v->abuse_type_count; i++) {
        const char *code = v->abuse_types[i], *label = report_abuse_type_label(code);
        out = api_json_append(
            out, with_labels ? json_pack("{s:s, s:s}", "code", code, "label", label ? label : "")
                             : json_string(code));
    }
    return out;
}

static json_t *event_json(const svc_report_event_view *v)
{
    const store_report_event *e = v->event;
    bool correction = strcmp(e->step, workflow_correction_code()) == 0;
    urgency u = workflow_urgency_from_code(e->urgency);
    json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:o, s:b}", "seq", (json_int_t)e->seq, "step",
                          e->step, "step_label", v->step_label, "at", api_json_instant(e->at),
                          "note", v->note_hidden ? json_null() : api_json_string_or_null(e->note),
                          "note_hidden", v->note_hidden && e->note != NULL);
    o = api_json_set(o, "urgency", api_json_string_or_null(e->urgency));
    o = api_json_set(o, "urgency_label",
                     u != URGENCY_NONE ? json_string(workflow_urgency_label(u)) : json_null());
    o = api_json_set(o, "attendees", strings_json(v->attendees, v->attendee_count));
    o = api_json_set(o, "child_ids", strings_json(v->child_ids, v->child_id_count));
    o = api_json_set(o, "seen_by", api_json_string_or_null(e->seen_by));
    o = api_json_set(o, "case_id", api_json_string_or_null(e->case_id));
    o = api_json_set(o, "recorded_by", api_json_string_or_null(e->recorded_by));
    o = api_json_set(o, "recorded_by_name",
                     json_string(e->recorded_by_name ? e->recorded_by_name : ""));
    o = api_json_set(o, "recorded_at", api_json_instant(e->recorded_at));
    o = api_json_set(o, "corrects", correction ? json_integer(e->corrects) : json_null());
    o = api_json_set(o, "corrected", json_boolean(v->corrected));
    o = api_json_set(o, "corrected_child_ids",
                     strings_json(v->corrected_child_ids, v->corrected_child_count));
    return api_json_set(o, "correctable", json_boolean(v->correctable));
}

static json_t *reporter_json(const store_report *r)
{
    if (!r->has_reporter)
        return json_null();
    return json_pack("{s:o, s:o, s:o, s:b, s:o}", "name", api_json_string_or_null(r->reporter_name),
                     "relation", api_json_string_or_null(r->reporter_relation), "contact",
                     api_json_string_or_null(r->reporter_contact), "anonymous",
                     r->reporter_anonymous, "intent", api_json_string_or_null(r->reporter_intent));
}

/* The owner or deputy: {id, name}, or null while none is assigned. */
static json_t *staff_json(const char *id, const char *name)
{
    if (!id)
        return json_null();
    return json_pack("{s:s, s:s}", "id", id, "name", name ? name : "");
}

static json_t *children_json(const store_report *r, date_ymd today)
{
    json_t *children = json_array();
    for (int i = 0; i < r->child_count; i++) {
        const store_report_child *c = &r->children[i];
        json_t *child = c->person.id ? api_person_brief_json(&c->person, today) : json_null();
        children = api_json_append(
            children, json_pack("{s:s, s:o, s:o, s:o}", "person_id", c->child_id, "person", child,
                                "confirmed_at",
                                c->confirmed_at ? api_json_instant(c->confirmed_at) : json_null(),
                                "confirmed_by", api_json_string_or_null(c->confirmed_by)));
    }
    return children;
}

static json_t *guardians_json(const store_report *r, date_ymd today)
{
    json_t *guardians = json_array();
    for (int i = 0; i < r->guardian_count; i++)
        guardians = api_json_append(
            guardians, json_pack("{s:s, s:o, s:o}", "person_id", r->guardians[i].person_id,
                                 "relation", api_json_string_or_null(r->guardians[i].relation),
                                 "person", api_person_brief_json(&r->guardians[i].person, today)));
    return guardians;
}

static json_t *next_steps_json(const svc_report_view *v)
{
    json_t *steps = json_array();
    for (int i = 0; i < v->next_step_count; i++)
        steps = api_json_append(steps, json_pack("{s:s, s:s}", "step",
                                                 workflow_step_code(v->next_steps[i]), "label",
                                                 workflow_step_label(v->next_steps[i])));
    return steps;
}

static json_t *events_json(const svc_report_view *v)
{
    json_t *events = json_array();
    for (int i = 0; i < v->event_count; i++)
        events = api_json_append(events, event_json(&v->events[i]));
    return events;
}

/* The report as the API shows it; events in the full view only (not in a list); the reporter
 * only when the view carries it (otherwise no `reporter` key at all). A part that cannot be
 * built fails the whole answer instead of being left out. */
static json_t *report_json(const svc_report_view *v, bool full, date_ymd today)
{
    const store_report *r = &v->report;
    urgency u = workflow_urgency_from_code(r->urgency);
    const char *perp = report_perpetrator_label(r->main_perpetrator);
    json_t *o = json_pack("{s:s, s:I, s:s, s:s, s:o, s:s?, s:s, s:s}", "id", r->id, "version",
                          (json_int_t)r->version, "kind", r->kind, "kind_label",
                          workflow_kind_label(workflow_kind_from_code(r->kind)), "received_at",
                          api_json_instant(r->received_at), "received_by", r->received_by, "route",
                          r->route, "route_label", report_route_label(r->route));
    o = api_json_set(o, "abuse_types", abuse_types_json(v, false));
    o = api_json_set(o, "abuse_type_labels", abuse_types_json(v, true));
    o = api_json_set(o, "main_perpetrator", api_json_string_or_null(r->main_perpetrator));
    o = api_json_set(o, "main_perpetrator_label", api_json_string_or_null(perp));
    o = api_json_set(o, "received_by_name",
                     json_string(r->received_by_name ? r->received_by_name : ""));
    o = api_json_set(o, "summary", api_json_string_or_null(r->summary));
    o = api_json_set(o, "urgent", json_boolean(r->urgent));
    if (full)
        o = api_json_set(o, "imported", api_import_origin_json(v->imported));
    if (v->with_reporter)
        o = api_json_set(o, "reporter", reporter_json(r));
    o = api_json_set(o, "status", json_string(r->status));
    o = api_json_set(o, "status_label",
                     json_string(workflow_step_label(workflow_step_from_code(r->status))));
    o = api_json_set(o, "urgency", api_json_string_or_null(r->urgency));
    o = api_json_set(o, "urgency_label",
                     u != URGENCY_NONE ? json_string(workflow_urgency_label(u)) : json_null());
    o = api_json_set(o, "case_id", api_json_string_or_null(r->case_id));
    o = api_json_set(o, "lead_id", api_json_string_or_null(r->lead_id));
    o = api_json_set(o, "deputy_id", api_json_string_or_null(r->deputy_id));
    o = api_json_set(o, "lead", staff_json(r->lead_id, r->lead_name));
    o = api_json_set(o, "deputy", staff_json(r->deputy_id, r->deputy_name));
    if (r->safety_due_at) {
        o = api_json_set(o, "safety_due_at", api_json_instant(r->safety_due_at));
        o = api_json_set(o, "safety_overdue", json_boolean(v->safety_overdue));
        o = api_json_set(o, "safety_all_confirmed", json_boolean(v->safety_all_confirmed));
    }
    json_t *child_ids = json_array();
    for (int i = 0; i < r->child_count; i++)
        child_ids = api_json_append(child_ids, json_string(r->children[i].child_id));
    o = api_json_set(o, "child_ids", child_ids);
    o = api_json_set(o, "children", children_json(r, today));
    o = api_json_set(o, "guardians", guardians_json(r, today));
    o = api_json_set(o, "next_steps", next_steps_json(v));
    if (full)
        o = api_json_set(o, "events", events_json(v));
    o = api_json_set(o, "created_at", api_json_instant(r->created_at));
    return api_json_set(o, "updated_at", api_json_instant(r->updated_at));
}

/* The answer of a use case that returns one report: its status, or the report with its ETag
 * (and Location when created), held until the reads it shows are audited. */
static void answer_report(http_req *req, svc_ctx *ctx, svc_result r, int status,
                          const svc_report_view *v)
{
    if (api_answer_failure(req, r))
        return;
    api_hold_reads(req, ctx);
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)v->report.version));
    if (status == 201)
        http_add_header(req, "Location",
                        pool_printf(req->pool, "/api/v1/reports/%s", v->report.id));
    http_reply_json(req, status, report_json(v, true, api_today(req)));
}

/* ---- handlers ---- */

void api_reports_create(http_req *req)
{
    json_t *body;
    svc_report_intake in = {0};
    if (api_body(req, report_fields, &body) != 0 || read_intake(req, body, &in) != 0)
        return;
    svc_ctx ctx;
    svc_report_view v;
    api_ctx(req, &ctx);
    answer_report(req, &ctx, svc_report_create(&ctx, &in, &v), 201, &v);
}

void api_reports_get(http_req *req)
{
    svc_ctx ctx;
    svc_report_view v;
    api_ctx(req, &ctx);
    answer_report(req, &ctx, svc_report_get(&ctx, req->params[0], &v), 200, &v);
}

void api_reports_event(http_req *req)
{
    json_t *body;
    svc_report_step_in in = {.report_id = req->params[0]};
    if (api_body(req, event_fields, &body) != 0 ||
        api_string(req, body, "step", 32, true, &in.step) != 0)
        return;
    bool correction = strcmp(in.step, workflow_correction_code()) == 0;
    if ((correction ? read_correction(req, body, &in) : read_step(req, body, &in)) != 0)
        return;
    svc_ctx ctx;
    svc_report_view v;
    api_ctx(req, &ctx);
    answer_report(req, &ctx, svc_report_add_event(&ctx, &in, &v), 201, &v);
}

/* POST /reports/{id}/owner {"lead_id", "deputy_id"?}: 担当者の変更. */
void api_reports_owner(http_req *req)
{
    json_t *body;
    svc_report_owner_in in = {.report_id = req->params[0]};
    if (api_body(req, owner_fields, &body) != 0 ||
        api_string(req, body, "lead_id", 64, true, &in.lead_id) != 0 ||
        api_string(req, body, "deputy_id", 64, false, &in.deputy_id) != 0)
        return;
    svc_ctx ctx;
    svc_report_view v;
    api_ctx(req, &ctx);
    answer_report(req, &ctx, svc_report_set_owner(&ctx, &in, &v), 200, &v);
}

/* ?received_from= &received_to= (dates, Japan; to inclusive): [from 00:00, the day after to). */
static int read_period(http_req *req, store_report_filter *f)
{
    static const char *const names[] = {"received_from", "received_to"};
    for (int i = 0; i < 2; i++) {
        const char *s = http_query(req, names[i]);
        date_ymd d;
        if (!s)
            continue;
        if (!date_parse(s, strlen(s), &d))
            return api_invalid(req, names[i], "日付は 2026-04-01 の形式で指定してください。");
        if (i == 0) {
            f->has_received_from = true;
            f->received_from = date_jst_midnight(d);
        } else {
            f->has_received_before = true;
            f->received_before = date_jst_midnight(date_from_days(date_to_days(d) + 1));
        }
    }
    return 0;
}

/* ?owner=USER_ID|none &mine=true &sort=… &order=asc|desc */
static int read_owner_and_order(http_req *req, store_report_filter *f)
{
    int mine = api_query_bool(req, "mine");
    if (mine == -2)
        return -1;
    f->mine = mine == 1;
    const char *owner = http_query(req, "owner");
    if (owner && strcmp(owner, "none") == 0)
        f->unassigned = true;
    else
        f->owner_id = owner;
    const char *sort = http_query(req, "sort");
    f->sort = sort ? store_report_sort_from_code(sort) : STORE_REPORT_SORT_RECEIVED;
    if (f->sort == STORE_REPORT_SORT_COUNT)
        return api_invalid(req, "sort",
                           "received_at, safety_due_at, status, urgency, lead, route, kind の"
                           "いずれかで指定してください。");
    return api_order(req, f->sort != STORE_REPORT_SORT_RECEIVED, &f->ascending);
}

/* The default order's cursor is its key (received_at, id); another order's is ("o", offset). */
static bool keyset_order(const store_report_filter *f)
{
    return f->sort == STORE_REPORT_SORT_RECEIVED && !f->ascending;
}

static int read_cursor(http_req *req, store_report_filter *f)
{
    char *parts[2], *end;
    if (api_page_cursor(req, parts, 2) != 0)
        return -1;
    if (!parts[0])
        return 0;
    bool offset = strcmp(parts[0], "o") == 0;
    if (offset != !keyset_order(f) || !parts[1])
        return api_invalid(req, "cursor", "cursor が正しくありません。");
    int64_t v = strtoll(offset ? parts[1] : parts[0], &end, 10);
    if (*end || (offset && v < 0))
        return api_invalid(req, "cursor", "cursor が正しくありません。");
    if (offset)
        f->offset = v;
    else
        f->before_received = v, f->before_id = parts[1];
    return 0;
}

/* ?kind= &open= &child_id= &guardian_id= &status= &urgency= &route= &received_from= &received_to=
 * &owner= &mine= &sort= &order= &cursor= &limit= */
static int read_filter(http_req *req, store_report_filter *f)
{
    int open = api_query_bool(req, "open");
    if (open == -2)
        return -1;
    *f = (store_report_filter){.kind = http_query(req, "kind"),
                               .child_id = http_query(req, "child_id"),
                               .guardian_id = http_query(req, "guardian_id"),
                               .open_only = open == 1,
                               .status = http_query(req, "status"),
                               .urgency = http_query(req, "urgency"),
                               .route = http_query(req, "route")};
    if (api_limit(req, &f->limit) != 0 || read_period(req, f) != 0 ||
        read_owner_and_order(req, f) != 0)
        return -1;
    return read_cursor(req, f);
}

void api_reports_list(http_req *req)
{
    if (api_answered_as_export(req, api_reports_export))
        return;
    store_report_filter f;
    if (read_filter(req, &f) != 0)
        return;
    svc_ctx ctx;
    svc_report_page page;
    api_ctx(req, &ctx);
    svc_result r = svc_report_list(&ctx, &f, &page);
    if (api_answer_failure(req, r))
        return;
    api_hold_reads(req, &ctx);
    api_page pg;
    api_page_start(&pg, req, f.limit, 2);
    bool keyset = keyset_order(&f);
    for (int i = 0; i < page.count; i++) {
        const store_report *rep = &page.items[i].report;
        api_page_add(&pg, report_json(&page.items[i], false, api_today(req)),
                     keyset ? pool_printf(req->pool, "%lld", (long long)rep->received_at) : "o",
                     keyset ? rep->id
                            : pool_printf(req->pool, "%lld", (long long)(f.offset + i + 1)));
    }
    pg.more = page.more;
    pg.has_total = true;
    pg.total = page.total;
    api_page_answer(&pg, STORE_OK);
}
