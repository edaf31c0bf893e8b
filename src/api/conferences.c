/* /api/v1/conferences: meetings with their decisions and actions, and the generated agendas
 * (the use cases: service/conferences.h). This file reads the JSON into the services' input —
 * field formats and the limits of every array — and writes what they return as JSON. */
#include "api/common.h"
#include "api/conferences.h"
#include "api/input.h"
#include "api/page.h"
#include "api/resources.h"
#include "api/result.h"
#include "domain/case_codes.h"
#include "service/conferences.h"

#include <string.h>

enum { ID_MAX = 64 };

static const char *const conference_fields[] = {
    "kind",     "held_on",     "place",     "chair_id",  "chair_name", "minutes",
    "case_ids", "discussions", "attendees", "decisions", "actions",    NULL};
static const char *const discussion_fields[] = {"case_id", "text", NULL};
static const char *const attendee_fields[] = {"name", "agency", "agency_id", "user_id", NULL};
static const char *const decision_fields[] = {
    "case_id", "pregnancy_id",        "person_id",    "category", "register",
    "policy",  "plan_approval_asked", "close_reason", "note",     NULL};
static const char *const action_fields[] = {"what",   "owner_id", "owner_agency_id",
                                            "due_on", "case_id",  NULL};

/* ---- reading ---- */

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

/* An array field of at most max items: *items the JSON array (NULL when absent or null). */
static int read_array(http_req *req, json_t *body, const char *name, int max, json_t **items)
{
    json_t *v = json_object_get(body, name);
    *items = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v) || (int)json_array_size(v) > max)
        return api_invalid(req, name,
                           pool_printf(req->pool, "%d件までの配列で指定してください。", max));
    *items = v;
    return 0;
}

/* Reads item i of an array of objects with read_one under the prefix "name[i]". */
typedef int (*object_reader)(http_req *req, json_t *o, void *out);
static int read_objects(http_req *req, json_t *array, const char *name, const char *const fields[],
                        size_t size, void **out, int *count, object_reader read_one)
{
    *count = array ? (int)json_array_size(array) : 0;
    *out = pool_zalloc(req->pool, size * (size_t)(*count + 1));
    for (int i = 0; i < *count; i++) {
        json_t *o = json_array_get(array, (size_t)i);
        const char *prefix = pool_printf(req->pool, "%s[%d]", name, i);
        if (!json_is_object(o))
            return api_invalid(req, prefix, "オブジェクトで指定してください。");
        api_field_prefix(prefix);
        int rc = only_known(req, o, fields) != 0 ||
                         read_one(req, o, (char *)*out + size * (size_t)i) != 0
                     ? -1
                     : 0;
        api_field_prefix(NULL);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static int read_discussion(http_req *req, json_t *o, void *out)
{
    svc_conference_discussion_in *d = out;
    return api_string(req, o, "case_id", ID_MAX, true, &d->case_id) != 0 ||
                   api_text(req, o, "text", API_TEXT_MAX, false, &d->text) != 0
               ? -1
               : 0;
}

static int read_attendee(http_req *req, json_t *o, void *out)
{
    svc_conference_attendee_in *a = out;
    return api_string(req, o, "name", API_NAME_MAX, true, &a->name) != 0 ||
                   api_string(req, o, "agency", API_NAME_MAX, false, &a->agency) != 0 ||
                   api_string(req, o, "agency_id", ID_MAX, false, &a->agency_id) != 0 ||
                   api_string(req, o, "user_id", ID_MAX, false, &a->user_id) != 0
               ? -1
               : 0;
}

static int read_decision(http_req *req, json_t *o, void *out)
{
    svc_conference_decision_in *d = out;
    bool asked_given;
    return api_string(req, o, "case_id", ID_MAX, false, &d->case_id) != 0 ||
                   api_string(req, o, "pregnancy_id", ID_MAX, false, &d->pregnancy_id) != 0 ||
                   api_string(req, o, "person_id", ID_MAX, false, &d->person_id) != 0 ||
                   api_string(req, o, "category", 32, false, &d->category) != 0 ||
                   api_bool(req, o, "register", &d->reg, &d->has_register) != 0 ||
                   api_text(req, o, "policy", API_TEXT_MAX, false, &d->policy) != 0 ||
                   api_bool(req, o, "plan_approval_asked", &d->plan_approval_asked, &asked_given) !=
                       0 ||
                   api_string(req, o, "close_reason", 32, false, &d->close_reason) != 0 ||
                   api_text(req, o, "note", API_TEXT_MAX, false, &d->note) != 0
               ? -1
               : 0;
}

static int read_action(http_req *req, json_t *o, void *out)
{
    svc_conference_action_in *a = out;
    return api_text(req, o, "what", SVC_CONFERENCE_ACTION_WHAT_MAX, true, &a->what) != 0 ||
                   api_string(req, o, "owner_id", ID_MAX, false, &a->owner_id) != 0 ||
                   api_string(req, o, "owner_agency_id", ID_MAX, false, &a->owner_agency_id) != 0 ||
                   api_date(req, o, "due_on", true, &a->due_on) != 0 ||
                   api_string(req, o, "case_id", ID_MAX, false, &a->case_id) != 0
               ? -1
               : 0;
}

static int read_case_ids(http_req *req, json_t *body, svc_conference_in *in)
{
    json_t *v;
    if (read_array(req, body, "case_ids", SVC_CONFERENCE_CASES_MAX, &v) != 0)
        return -1;
    const char **ids = pool_zalloc(req->pool, sizeof *ids * ((v ? json_array_size(v) : 0) + 1));
    size_t i;
    json_t *id;
    json_array_foreach(v, i, id)
    {
        if (!json_is_string(id) || json_string_length(id) == 0 || json_string_length(id) > ID_MAX)
            return api_invalid(req, pool_printf(req->pool, "case_ids[%zu]", i),
                               "ケースIDで指定してください。");
        ids[in->case_count++] = json_string_value(id);
    }
    in->case_ids = ids;
    return 0;
}

static int read_lists(http_req *req, json_t *body, svc_conference_in *in)
{
    json_t *discussions, *attendees, *decisions, *actions;
    if (read_array(req, body, "discussions", SVC_CONFERENCE_CASES_MAX, &discussions) != 0 ||
        read_array(req, body, "attendees", SVC_CONFERENCE_ATTENDEES_MAX, &attendees) != 0 ||
        read_array(req, body, "decisions", SVC_CONFERENCE_DECISIONS_MAX, &decisions) != 0 ||
        read_array(req, body, "actions", SVC_CONFERENCE_ACTIONS_MAX, &actions) != 0)
        return -1;
    return read_objects(req, discussions, "discussions", discussion_fields, sizeof *in->discussions,
                        (void **)&in->discussions, &in->discussion_count, read_discussion) != 0 ||
                   read_objects(req, attendees, "attendees", attendee_fields, sizeof *in->attendees,
                                (void **)&in->attendees, &in->attendee_count, read_attendee) != 0 ||
                   read_objects(req, decisions, "decisions", decision_fields, sizeof *in->decisions,
                                (void **)&in->decisions, &in->decision_count, read_decision) != 0 ||
                   read_objects(req, actions, "actions", action_fields, sizeof *in->actions,
                                (void **)&in->actions, &in->action_count, read_action) != 0
               ? -1
               : 0;
}

static int read_conference(http_req *req, json_t *body, svc_conference_in *in)
{
    return api_string(req, body, "kind", 32, true, &in->kind) != 0 ||
                   api_date(req, body, "held_on", true, &in->held_on) != 0 ||
                   api_string(req, body, "place", API_NAME_MAX, false, &in->place) != 0 ||
                   api_string(req, body, "chair_id", ID_MAX, false, &in->chair_id) != 0 ||
                   api_string(req, body, "chair_name", API_NAME_MAX, false, &in->chair_name) != 0 ||
                   api_text(req, body, "minutes", API_TEXT_MAX, false, &in->minutes) != 0 ||
                   read_case_ids(req, body, in) != 0 || read_lists(req, body, in) != 0
               ? -1
               : 0;
}

/* ---- answering ---- */

static json_t *subject_json(const store_case_subject_row *s, date_ymd today)
{
    json_t *o = api_json_set(json_object(), "person_id", json_string(s->person.id));
    o = api_json_set(o, "person", api_person_brief_json(&s->person, today));
    o = api_json_set(o, "category", json_string(s->category));
    o = api_json_set(o, "category_label",
                     api_json_string_or_null(vocab_label(&case_categories, s->category)));
    o = api_json_set(o, "designated_by",
                     s->designated_by ? json_pack("{s:s}", "conference_id", s->designated_by)
                                      : json_null());
    return api_json_set(o, "youtaikyo", json_boolean(s->youtaikyo));
}

static json_t *case_json(const store_conference_case *cc, const store_case_brief *c, date_ymd today)
{
    json_t *subjects = json_array();
    for (int i = 0; i < c->subject_count; i++)
        if (c->subjects[i].current)
            subjects = api_json_append(subjects, subject_json(&c->subjects[i], today));
    json_t *o = api_json_set(json_object(), "case_id", json_string(cc->case_id));
    o = api_json_set(o, "discussion", api_json_string_or_null(cc->discussion));
    o = api_json_set(o, "next_review_on", api_json_string_or_null(cc->next_review_on));
    o = api_json_set(o, "lead_name", api_json_string_or_null(c->lead_name));
    return api_json_set(o, "subjects", subjects);
}

static json_t *attendee_json(const store_conference_attendee *a)
{
    return json_pack("{s:s, s:o, s:o, s:o}", "name", a->name, "agency",
                     api_json_string_or_null(a->agency), "agency_id",
                     api_json_string_or_null(a->agency_id), "user_id",
                     api_json_string_or_null(a->user_id));
}

static json_t *decision_json(const store_conference_decision *d)
{
    json_t *o = api_json_set(json_object(), "case_id", api_json_string_or_null(d->case_id));
    o = api_json_set(o, "pregnancy_id", api_json_string_or_null(d->pregnancy_id));
    o = api_json_set(o, "person_id", api_json_string_or_null(d->person_id));
    o = api_json_set(o, "category", api_json_string_or_null(d->category));
    o = api_json_set(o, "register", d->reg < 0 ? json_null() : json_boolean(d->reg == 1));
    o = api_json_set(o, "policy", api_json_string_or_null(d->policy));
    o = api_json_set(o, "plan_approval_asked", json_boolean(d->plan_approval_asked));
    o = api_json_set(o, "close_reason", api_json_string_or_null(d->close_reason));
    return api_json_set(o, "note", api_json_string_or_null(d->note));
}

static json_t *action_json(const store_conference_action *a)
{
    json_t *o = api_json_set(json_object(), "id", json_string(a->id));
    o = api_json_set(o, "what", json_string(a->what));
    o = api_json_set(o, "owner_id", api_json_string_or_null(a->owner_id));
    o = api_json_set(o, "owner_agency_id", api_json_string_or_null(a->owner_agency_id));
    o = api_json_set(o, "owner_name", api_json_string_or_null(a->owner_name));
    o = api_json_set(o, "due_on", json_string(a->due_on));
    o = api_json_set(o, "case_id", api_json_string_or_null(a->case_id));
    return api_json_set(o, "done_on", api_json_string_or_null(a->done_on));
}

static json_t *conference_head_json(const store_conference *k)
{
    json_t *o = json_pack("{s:s, s:I, s:s, s:s, s:s}", "id", k->id, "version",
                          (json_int_t)k->version, "kind", k->kind, "kind_label",
                          vocab_label(&conference_kinds, k->kind), "held_on", k->held_on);
    o = api_json_set(o, "place", api_json_string_or_null(k->place));
    o = api_json_set(o, "chair_id", api_json_string_or_null(k->chair_id));
    o = api_json_set(o, "chair_name", api_json_string_or_null(k->chair_name));
    json_t *ids = json_array();
    for (int i = 0; i < k->case_count; i++)
        ids = api_json_append(ids, json_string(k->cases[i].case_id));
    o = api_json_set(o, "case_ids", ids);
    o = api_json_set(o, "created_by", api_json_string_or_null(k->created_by));
    o = api_json_set(o, "created_at", api_json_instant(k->created_at));
    return api_json_set(o, "updated_at", api_json_instant(k->updated_at));
}

static json_t *conference_json(const svc_conference_view *v, date_ymd today)
{
    const store_conference *k = &v->conference;
    json_t *o = conference_head_json(k);
    o = api_json_set(o, "minutes", api_json_string_or_null(k->minutes));
    json_t *cases = json_array(), *attendees = json_array(), *decisions = json_array(),
           *actions = json_array();
    for (int i = 0; i < k->case_count; i++)
        cases = api_json_append(cases, case_json(&k->cases[i], &v->cases[i], today));
    for (int i = 0; i < k->attendee_count; i++)
        attendees = api_json_append(attendees, attendee_json(&k->attendees[i]));
    for (int i = 0; i < k->decision_count; i++)
        decisions = api_json_append(decisions, decision_json(&k->decisions[i]));
    for (int i = 0; i < k->action_count; i++)
        actions = api_json_append(actions, action_json(&k->actions[i]));
    o = api_json_set(o, "cases", cases);
    o = api_json_set(o, "attendees", attendees);
    o = api_json_set(o, "decisions", decisions);
    return api_json_set(o, "actions", actions);
}

static void answer_conference(http_req *req, svc_ctx *ctx, svc_result r, int status,
                              const svc_conference_view *v)
{
    if (api_answer_failure(req, r))
        return;
    api_hold_reads(req, ctx);
    const store_conference *k = &v->conference;
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)k->version));
    if (status == 201)
        http_add_header(req, "Location", pool_printf(req->pool, "/api/v1/conferences/%s", k->id));
    http_reply_json(req, status, conference_json(v, api_today(req)));
}

/* ---- handlers ---- */

void api_conferences_create(http_req *req)
{
    json_t *body;
    svc_conference_in in = {0};
    if (api_body(req, conference_fields, &body) != 0 || read_conference(req, body, &in) != 0)
        return;
    svc_ctx ctx;
    svc_conference_view v;
    api_ctx(req, &ctx);
    answer_conference(req, &ctx, svc_conference_create(&ctx, &in, &v), 201, &v);
}

void api_conferences_get(http_req *req)
{
    svc_ctx ctx;
    svc_conference_view v;
    api_ctx(req, &ctx);
    answer_conference(req, &ctx, svc_conference_get(&ctx, req->params[0], &v), 200, &v);
}

void api_conferences_action_done(http_req *req)
{
    static const char *const fields[] = {"on", NULL};
    json_t *body;
    const char *on;
    if (api_body(req, fields, &body) != 0 || api_date(req, body, "on", false, &on) != 0)
        return;
    svc_ctx ctx;
    svc_conference_view v;
    api_ctx(req, &ctx);
    answer_conference(req, &ctx,
                      svc_conference_action_done(&ctx, req->params[0], req->params[1], on, &v), 200,
                      &v);
}

/* ?case_id= &kind= &from= &to= &cursor= &limit= */
void api_conferences_list(http_req *req)
{
    store_conference_filter f = {.case_id = http_query(req, "case_id"),
                                 .kind = http_query(req, "kind"),
                                 .from = http_query(req, "from"),
                                 .to = http_query(req, "to")};
    char *parts[2];
    if (api_limit(req, &f.limit) != 0 || api_page_cursor(req, parts, 2) != 0)
        return;
    f.before_held_on = parts[0];
    f.before_id = parts[1];
    if (parts[0] && !parts[1]) {
        api_invalid(req, "cursor", "cursor が正しくありません。");
        return;
    }
    svc_ctx ctx;
    svc_conference_page page;
    api_ctx(req, &ctx);
    if (api_answer_failure(req, svc_conference_list(&ctx, &f, &page)))
        return;
    api_hold_reads(req, &ctx);
    api_page pg;
    api_page_start(&pg, req, f.limit, 2);
    for (int i = 0; i < page.count; i++)
        api_page_add(&pg, conference_head_json(&page.items[i]), page.items[i].held_on,
                     page.items[i].id);
    pg.more = page.more;
    api_page_answer(&pg, STORE_OK);
}

/* ---- the agenda ---- */

static json_t *agenda_subject_json(const store_agenda_subject *s, date_ymd today)
{
    json_t *o = api_json_set(json_object(), "person_id", json_string(s->person.id));
    o = api_json_set(o, "person", api_person_brief_json(&s->person, today));
    o = api_json_set(o, "category", json_string(s->category));
    o = api_json_set(o, "category_label",
                     api_json_string_or_null(vocab_label(&case_categories, s->category)));
    return api_json_set(o, "youtaikyo", json_boolean(s->youtaikyo));
}

static json_t *change_json(const svc_agenda_change *c)
{
    const store_agenda_change *ch = &c->change;
    return json_pack("{s:s, s:s, s:o, s:s, s:{s:s, s:s}}", "person_id", c->person_id, "kind",
                     ch->kind, "at", api_json_instant(ch->at), "summary", ch->summary, "ref",
                     "type", ch->ref_type, "id", ch->ref_id);
}

static json_t *line_alert_json(const svc_alert *a)
{
    json_t *o = json_pack("{s:s, s:s, s:o, s:{s:s, s:s}}", "kind", alert_kind_code(a->kind),
                          "label", alert_kind_label(a->kind), "due_at", api_json_instant(a->due_at),
                          "ref", "type", alert_kind_rule_of(a->kind)->ref_type, "id", a->ref_id);
    return api_json_set(o, "person_id", api_json_string_or_null(a->person.id));
}

static json_t *candidate_json(const store_agenda_candidate *c, date_ymd today)
{
    json_t *o = api_json_set(json_object(), "pregnancy_id", json_string(c->pregnancy_id));
    o = api_json_set(o, "notified_on", api_json_string_or_null(c->notified_on));
    o = api_json_set(o, "due_date", api_json_string_or_null(c->due_date));
    return api_json_set(o, "mother", api_person_brief_json(&c->mother, today));
}

static json_t *line_json(const svc_agenda_line *l, date_ymd today)
{
    json_t *o = json_object();
    if (l->item.case_id)
        o = api_json_set(o, "case_id", json_string(l->item.case_id));
    else
        o = api_json_set(o, "pregnancy_id", json_string(l->item.pregnancy_id));
    json_t *reasons = json_array();
    for (int r = 0; r < AGENDA_REASON_COUNT; r++)
        if (l->item.reasons & (1u << r))
            reasons = api_json_append(reasons, json_string(agenda_reason_code((agenda_reason)r)));
    o = api_json_set(o, "reasons", reasons);
    json_t *subjects = json_array(), *alerts = json_array(), *changes = json_array(),
           *candidates = json_array();
    for (int i = 0; i < l->subject_count; i++)
        subjects = api_json_append(subjects, agenda_subject_json(&l->subjects[i], today));
    for (int i = 0; i < l->alert_count; i++)
        alerts = api_json_append(alerts, line_alert_json(l->alerts[i]));
    for (int i = 0; i < l->change_count; i++)
        changes = api_json_append(changes, change_json(&l->changes[i]));
    for (int i = 0; i < l->item.candidate_count; i++)
        candidates = api_json_append(candidates, json_string(l->item.candidate_ids[i]));
    o = api_json_set(o, "subjects", subjects);
    if (l->item.case_id) {
        o = api_json_set(o, "next_review_on", api_json_string_or_null(l->next_review_on));
        o = api_json_set(o, "lead_name", api_json_string_or_null(l->lead_name));
        o = api_json_set(o, "candidate_pregnancy_ids", candidates);
    } else {
        json_decref(candidates);
    }
    o = api_json_set(o, "candidate",
                     l->candidate && !l->item.case_id ? candidate_json(l->candidate, today)
                                                      : json_null());
    o = api_json_set(o, "overdue_alerts", alerts);
    return api_json_set(o, "changes", changes);
}

json_t *api_agenda_json(const svc_agenda *a, date_ymd today)
{
    char on[11];
    date_format(a->on, on);
    json_t *items = json_array();
    for (int i = 0; i < a->count; i++)
        items = api_json_append(items, line_json(&a->lines[i], today));
    json_t *o = json_pack("{s:s, s:s, s:o, s:o}", "kind", a->kind, "on", on, "last_conference_id",
                          api_json_string_or_null(a->last_conference_id), "since",
                          api_json_string_or_null(a->since));
    return api_json_set(o, "items", items);
}

/* GET /conferences/agenda?kind=&on= */
void api_conferences_agenda(http_req *req)
{
    svc_ctx ctx;
    svc_agenda a;
    api_ctx(req, &ctx);
    svc_result r = svc_conference_agenda(&ctx, http_query(req, "kind"), http_query(req, "on"), &a);
    if (api_answer_failure(req, r))
        return;
    api_hold_reads(req, &ctx);
    http_reply_json(req, 200, api_agenda_json(&a, api_today(req)));
}
