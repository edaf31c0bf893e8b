/* The 要対協 partners' side of the cases: GET /cases and /cases/{id} answer a partner with the
 * summary of service/partners.c (staff get api_cases_list/get); POST /cases/{id}/partner_reports
 * (a partner's 状況報告) and GET /cases/{id}/partner_reports (staff read them). */
#include "api/common.h"
#include "api/input.h"
#include "api/resources.h"
#include "api/result.h"
#include "service/partners.h"

#include <string.h>

/* Names and age only: a partner is shown no birth date, address or phone. */
static json_t *subject_json(const store_partner_subject *s, date_ymd today)
{
    json_t *brief = api_person_brief_json(&s->person, today);
    json_t *o = json_pack("{s:s, s:O, s:O, s:O, s:O, s:O, s:s}", "person_id", s->person.id,
                          "family_name", json_object_get(brief, "family_name"), "given_name",
                          json_object_get(brief, "given_name"), "family_name_kana",
                          json_object_get(brief, "family_name_kana"), "given_name_kana",
                          json_object_get(brief, "given_name_kana"), "age",
                          json_object_get(brief, "age"), "category", s->category);
    json_decref(brief);
    return o;
}

static json_t *action_json(const store_partner_action *a)
{
    return json_pack("{s:s, s:s, s:s, s:o, s:o}", "id", a->id, "what", a->what, "due_on", a->due_on,
                     "done_on", api_json_string_or_null(a->done_on), "decided_on",
                     api_json_string_or_null(a->conference_held_on));
}

static json_t *report_json(const store_partner_report *r)
{
    return json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:o}", "id", r->id, "case_id", r->case_id,
                     "on", r->on_date, "agency",
                     json_pack("{s:s, s:o}", "id", r->agency_id, "name",
                               api_json_string_or_null(r->agency_name)),
                     "text", r->text, "created_by", r->created_by, "created_by_name",
                     api_json_string_or_null(r->created_by_name), "created_at",
                     api_json_instant(r->created_at));
}

static json_t *partner_case_json(const svc_partner_case *c, date_ymd today, bool with_reports)
{
    json_t *subjects = json_array(), *actions = json_array();
    for (int i = 0; subjects && i < c->subject_count; i++)
        subjects = api_json_append(subjects, subject_json(&c->subjects[i], today));
    for (int i = 0; actions && i < c->action_count; i++)
        actions = api_json_append(actions, action_json(&c->actions[i]));
    json_t *o =
        json_pack("{s:s, s:o, s:o, s:o, s:o}", "id", c->c.id, "subjects", subjects,
                  "next_review_on", api_json_string_or_null(c->c.next_review_on), "next_meeting_on",
                  api_json_string_or_null(c->next_meeting_on), "actions", actions);
    if (with_reports) {
        json_t *reports = json_array();
        for (int i = 0; reports && i < c->report_count; i++)
            reports = api_json_append(reports, report_json(&c->reports[i]));
        o = api_json_set(o, "partner_reports", reports);
    }
    return o;
}

static bool staff(const http_req *req)
{
    return role_may(req->user->role, PERM_CASE_READ);
}

void api_cases_list_any(http_req *req)
{
    if (staff(req)) {
        api_cases_list(req);
        return;
    }
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_partner_cases list;
    if (api_answer_failure(req, svc_partner_cases_list(&ctx, &list)))
        return;
    api_hold_reads(req, &ctx);
    json_t *items = json_array();
    for (int i = 0; items && i < list.count; i++)
        items = api_json_append(items, partner_case_json(&list.items[i], ctx.today, false));
    http_reply_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", json_null()));
}

void api_cases_get_any(http_req *req)
{
    if (staff(req)) {
        api_cases_get(req);
        return;
    }
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_partner_case c;
    if (api_answer_failure(req, svc_partner_case_get(&ctx, req->params[0], &c)))
        return;
    api_hold_reads(req, &ctx);
    http_reply_json(req, 200, partner_case_json(&c, ctx.today, true));
}

void api_partner_reports_create(http_req *req)
{
    static const char *const allowed[] = {"on", "text", NULL};
    json_t *body;
    svc_partner_report_input in = {.case_id = req->params[0]};
    if (api_body(req, allowed, &body) != 0 || api_date(req, body, "on", false, &in.on) != 0 ||
        api_text(req, body, "text", API_TEXT_MAX, true, &in.text) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    store_partner_report r;
    if (api_answer_failure(req, svc_partner_report_create(&ctx, &in, &r)))
        return;
    http_reply_json(req, 201, report_json(&r));
}

void api_partner_reports_list(http_req *req)
{
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_partner_reports list;
    if (api_answer_failure(req, svc_partner_reports_list(&ctx, req->params[0], &list)))
        return;
    api_hold_reads(req, &ctx);
    json_t *items = json_array();
    for (int i = 0; items && i < list.count; i++)
        items = api_json_append(items, report_json(&list.items[i]));
    http_reply_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", json_null()));
}
