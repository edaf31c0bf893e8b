/* /api/v1/reports: 通告・相談 from the call to support. The workflow (domain/workflow.c) is
 * enforced here; every step is a dated event; the children's safety confirmation runs against
 * the 48-hour clock. A step recorded by mistake is corrected by a new event that names it, never
 * erased; the report's status is the replay of its standing steps. Clerks take calls but do not
 * read investigation notes; the reporter is shown only to the roles that act on the report
 * (PERM_REPORTER_READ), and every answer that shows it is audited. */
#include "api/common.h"
#include "api/input.h"
#include "api/page.h"
#include "api/resources.h"
#include "domain/date.h"
#include "domain/report_codes.h"
#include "domain/validate.h"
#include "domain/workflow.h"
#include "store/persons.h"
#include "store/reports.h"
#include "store/users.h"
#include "util/random.h"

#include <stdlib.h>
#include <string.h>

enum { REPORT_CHILDREN_MAX = 20, REPORT_GUARDIANS_MAX = 10, CLOCK_SKEW = 300 };

static const char *const report_fields[] = {
    "kind",      "received_at", "received_by",      "route",  "abuse_types", "child_ids",
    "guardians", "summary",     "main_perpetrator", "urgent", "reporter",    NULL};
static const char *const reporter_fields[] = {"name",      "relation", "contact",
                                              "anonymous", "intent",   NULL};
static const char *const event_fields[] = {"step",     "at",        "note",    "child_ids",
                                           "urgency",  "attendees", "seen_by", "case_id",
                                           "corrects", NULL};

/* ---- reading ---- */

static int read_code(http_req *req, json_t *body, const char *name, const report_code table[],
                     bool required, const char **out)
{
    if (api_string(req, body, name, 64, required, out) != 0)
        return -1;
    if (*out && !report_code_label(table, *out))
        return api_invalid(req, name, "選択肢にない値です。");
    return 0;
}

/* An instant field; *out = now when absent. */
static int read_instant(http_req *req, json_t *body, const char *name, int64_t *out)
{
    const char *s;
    if (api_string(req, body, name, 40, false, &s) != 0)
        return -1;
    if (!s) {
        *out = req->now;
        return 0;
    }
    if (!date_parse_instant(s, strlen(s), out))
        return api_invalid(
            req, name, "日時は 2026-11-20T17:00:00+09:00 の形式（時差つき）で入力してください。");
    return 0;
}

/* When a step happened: not in the future (a few minutes of clock difference allowed). */
static int read_step_at(http_req *req, json_t *body, int64_t *out)
{
    if (read_instant(req, body, "at", out) != 0)
        return -1;
    if (*out > req->now + CLOCK_SKEW)
        return api_invalid(req, "at", "未来の日時は入力できません。");
    return 0;
}

/* When the call was received: workflow_check_received_at (1900 to a day ahead). */
static int read_received_at(http_req *req, json_t *body, int64_t *out)
{
    if (read_instant(req, body, "received_at", out) != 0)
        return -1;
    switch (workflow_check_received_at(*out, req->now)) {
    case RECEIVED_OK:
        return 0;
    case RECEIVED_TOO_EARLY:
        return api_invalid(req, "received_at", "1900年1月1日より前の受付日時は入力できません。");
    case RECEIVED_FUTURE:
        break;
    }
    return api_invalid(req, "received_at", "受付日時が未来になっています（翌日以降）。");
}

/* An array of person ids, each an existing person, none twice. */
static int read_person_ids(http_req *req, json_t *v, const char *name, int max, char ***ids,
                           int *count)
{
    *ids = NULL;
    *count = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v) || (int)json_array_size(v) > max)
        return api_invalid(req, name,
                           pool_printf(req->pool, "%d人までの配列で指定してください。", max));
    *ids = pool_zalloc(req->pool, sizeof(char *) * (json_array_size(v) + 1));
    size_t i;
    json_t *id;
    json_array_foreach(v, i, id)
    {
        const char *field = pool_printf(req->pool, "%s[%zu]", name, i);
        if (!json_is_string(id) || json_string_length(id) == 0 || json_string_length(id) > 64)
            return api_invalid(req, field, "利用者IDで指定してください。");
        for (int k = 0; k < *count; k++)
            if (strcmp((*ids)[k], json_string_value(id)) == 0)
                return api_invalid(req, field, "同じ子どもが二度指定されています。");
        (*ids)[(*count)++] = (char *)json_string_value(id);
    }
    return 0;
}

static int read_abuse_types(http_req *req, json_t *body, bool abuse, char **out)
{
    json_t *v = json_object_get(body, "abuse_types");
    json_t *codes = json_array();
    api_adopt_json(req, codes);
    if (v && !json_is_null(v)) {
        if (!json_is_array(v) || json_array_size(v) > 4)
            return api_invalid(req, "abuse_types", "虐待種別の配列で指定してください。");
        size_t i;
        json_t *c;
        json_array_foreach(v, i, c)
        {
            const char *code = json_is_string(c) ? json_string_value(c) : NULL;
            if (!report_code_label(report_abuse_types, code))
                return api_invalid(req, pool_printf(req->pool, "abuse_types[%zu]", i),
                                   "虐待種別が正しくありません。");
            for (size_t k = 0; k < i; k++)
                if (strcmp(json_string_value(json_array_get(v, k)), code) == 0)
                    return api_invalid(req, pool_printf(req->pool, "abuse_types[%zu]", i),
                                       "同じ虐待種別が二度指定されています。");
            json_array_append(codes, c);
        }
    }
    if (abuse && json_array_size(codes) == 0)
        return api_missing(req, "abuse_types");
    *out = pool_adopt(req->pool, json_dumps(codes, JSON_COMPACT));
    return 0;
}

static int read_reporter(http_req *req, json_t *body, store_report *r)
{
    json_t *v = json_object_get(body, "reporter");
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_object(v))
        return api_invalid(req, "reporter",
                           "通告者は {name, relation, contact, anonymous} で指定してください。");
    api_field_prefix("reporter");
    int rc = -1;
    const char *key;
    json_t *val;
    json_object_foreach(v, key, val)
    {
        bool known = false;
        for (int i = 0; reporter_fields[i]; i++)
            known |= strcmp(reporter_fields[i], key) == 0;
        if (!known) {
            api_invalid(req, pool_strdup(req->pool, key), "この項目は受け付けられません。");
            goto done;
        }
    }
    const char *name, *relation, *contact, *intent;
    bool anonymous = false, present;
    if (api_string(req, v, "name", API_NAME_MAX, false, &name) != 0 ||
        api_string(req, v, "relation", API_NAME_MAX, false, &relation) != 0 ||
        api_string(req, v, "contact", API_ADDRESS_MAX, false, &contact) != 0 ||
        api_text(req, v, "intent", API_TEXT_MAX, false, &intent) != 0 ||
        api_bool(req, v, "anonymous", &anonymous, &present) != 0)
        goto done;
    r->reporter_name = (char *)name;
    r->reporter_relation = (char *)relation;
    r->reporter_contact = (char *)contact;
    r->reporter_intent = (char *)intent;
    r->reporter_anonymous = anonymous;
    r->has_reporter = true;
    rc = 0;
done:
    api_field_prefix(NULL);
    return rc;
}

static int read_guardians(http_req *req, json_t *body, store_report *r)
{
    json_t *v = json_object_get(body, "guardians");
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v) || json_array_size(v) > REPORT_GUARDIANS_MAX)
        return api_invalid(req, "guardians", "保護者は10人までの配列で指定してください。");
    r->guardians = pool_zalloc(req->pool, sizeof *r->guardians * (json_array_size(v) + 1));
    size_t i;
    json_t *g;
    json_array_foreach(v, i, g)
    {
        const char *prefix = pool_printf(req->pool, "guardians[%zu]", i);
        const char *id, *relation;
        if (!json_is_object(g))
            return api_invalid(req, prefix, "保護者は {person_id, relation} で指定してください。");
        api_field_prefix(prefix);
        int rc = 0;
        const char *key;
        json_t *val;
        json_object_foreach(g, key, val)
        {
            if (rc == 0 && strcmp(key, "person_id") != 0 && strcmp(key, "relation") != 0)
                rc =
                    api_invalid(req, pool_strdup(req->pool, key), "この項目は受け付けられません。");
        }
        if (rc == 0 && (api_string(req, g, "person_id", 64, true, &id) != 0 ||
                        api_string(req, g, "relation", API_NAME_MAX, false, &relation) != 0))
            rc = -1;
        api_field_prefix(NULL);
        if (rc != 0)
            return -1;
        r->guardians[r->guardian_count++] =
            (store_report_guardian){.person_id = (char *)id, .relation = (char *)relation};
    }
    return 0;
}

static int read_report(http_req *req, json_t *body, store_report *r)
{
    const char *kind, *route, *perp, *summary, *received_by;
    bool urgent = false, present;
    char **child_ids;
    static const char *const kinds[] = {"abuse_report", "consultation", NULL};
    if (api_enum(req, body, "kind", kinds, true, &kind) != 0 ||
        read_received_at(req, body, &r->received_at) != 0 ||
        api_string(req, body, "received_by", 64, false, &received_by) != 0 ||
        read_code(req, body, "route", report_routes, true, &route) != 0 ||
        read_code(req, body, "main_perpetrator", report_perpetrators, false, &perp) != 0 ||
        api_text(req, body, "summary", API_TEXT_MAX, false, &summary) != 0 ||
        api_bool(req, body, "urgent", &urgent, &present) != 0)
        return -1;
    bool abuse = strcmp(kind, "abuse_report") == 0;
    if (read_abuse_types(req, body, abuse, &r->abuse_types) != 0 ||
        read_person_ids(req, json_object_get(body, "child_ids"), "child_ids", REPORT_CHILDREN_MAX,
                        &child_ids, &r->child_count) != 0 ||
        read_guardians(req, body, r) != 0 || read_reporter(req, body, r) != 0)
        return -1;
    if (r->child_count == 0)
        return api_missing(req, "child_ids");
    r->children = pool_zalloc(req->pool, sizeof *r->children * (size_t)r->child_count);
    for (int i = 0; i < r->child_count; i++)
        r->children[i].child_id = child_ids[i];
    r->kind = (char *)kind;
    r->route = (char *)route;
    r->main_perpetrator = (char *)perp;
    r->summary = (char *)summary;
    r->urgent = urgent;
    r->received_by = (char *)(received_by ? received_by : req->user->id);
    return 0;
}

/* Every child and guardian must exist, and the one who took the call must be an active user who
 * may take calls (inside the transaction). */
static int check_people(http_req *req, const store_report *r)
{
    store_user taker;
    int urc = store_user_by_id(req->db, req->pool, r->received_by, &taker);
    if (urc != STORE_OK && urc != STORE_NOT_FOUND) {
        http_reply_internal(req);
        return -1;
    }
    if (urc == STORE_NOT_FOUND || taker.disabled ||
        !role_may(role_from_code(taker.role), PERM_REPORT_CREATE))
        return api_invalid(
            req, "received_by",
            "受付者は通告・相談を受け付けられる職員（有効な利用者）から指定してください。");
    for (int i = 0; i < r->child_count + r->guardian_count; i++) {
        bool child = i < r->child_count;
        const char *id =
            child ? r->children[i].child_id : r->guardians[i - r->child_count].person_id;
        store_person p;
        int rc = store_person_get(req->db, req->pool, id, &p);
        if (rc == STORE_NOT_FOUND)
            return api_invalid(
                req,
                child ? pool_printf(req->pool, "child_ids[%d]", i)
                      : pool_printf(req->pool, "guardians[%d].person_id", i - r->child_count),
                "指定された利用者が見つかりません。");
        if (rc != STORE_OK) {
            http_reply_internal(req);
            return -1;
        }
    }
    return 0;
}

/* ---- answering ---- */

static json_t *codes_with_labels(const char *json_codes, const report_code table[])
{
    json_t *codes = json_loads(json_codes ? json_codes : "[]", 0, NULL), *out = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(codes, i, c)
    {
        const char *label = report_code_label(table, json_string_value(c));
        out = api_json_append(out, json_pack("{s:s, s:s}", "code", json_string_value(c), "label",
                                             label ? label : ""));
    }
    json_decref(codes);
    return out;
}

/* A user's name for display ("" when the account is gone). */
static const char *user_name(http_req *req, const char *id)
{
    store_user u;
    if (!id || store_user_by_id(req->db, req->pool, id, &u) != STORE_OK)
        return "";
    return u.name;
}

/* ---- the history: the events, and what still stands ---- */

/* A report's events, oldest first, and the same as the workflow sees them (flow[i]): which steps
 * a correction took back and, for each 現認, the children it still confirms (named[i]: those it
 * named when it was recorded). */
typedef struct history {
    const store_report *report;
    store_report_event *events;
    workflow_event *flow;
    uint32_t *named;
    int count, cap;
} history;

static bool is_correction(const store_report_event *e)
{
    return strcmp(e->step, workflow_correction_code()) == 0;
}

static uint32_t child_bit(const store_report *r, const char *id)
{
    for (int i = 0; i < r->child_count && i < WORKFLOW_CHILDREN_MAX; i++)
        if (strcmp(r->children[i].child_id, id) == 0)
            return (uint32_t)1 << i;
    return 0;
}

/* The report's children named in a JSON array of ids (ids of no child of the report count as
 * none); a NULL array names every child. */
static uint32_t child_bits(const store_report *r, const char *json_ids)
{
    if (!json_ids)
        return UINT32_MAX;
    uint32_t bits = 0;
    json_t *ids = json_loads(json_ids, 0, NULL), *id;
    size_t k;
    json_array_foreach(ids, k, id)
    {
        if (json_is_string(id))
            bits |= child_bit(r, json_string_value(id));
    }
    json_decref(ids);
    return bits;
}

static json_t *child_ids_json(const store_report *r, uint32_t bits)
{
    json_t *ids = json_array();
    for (int i = 0; i < r->child_count && i < WORKFLOW_CHILDREN_MAX; i++)
        if (bits & ((uint32_t)1 << i))
            json_array_append_new(ids, json_string(r->children[i].child_id));
    return ids;
}

/* The index of the event with this seq, or -1. */
static int history_find(const history *h, int64_t seq)
{
    for (int i = 0; i < h->count; i++)
        if (h->events[i].seq == seq)
            return i;
    return -1;
}

/* Appends an event; a correction takes its step back (a 現認: the children it names). */
static void history_push(pool *p, history *h, const store_report_event *e)
{
    if (h->count == h->cap) {
        int cap = h->cap ? h->cap * 2 : 16;
        store_report_event *events = pool_alloc(p, sizeof *events * (size_t)cap);
        workflow_event *flow = pool_alloc(p, sizeof *flow * (size_t)cap);
        uint32_t *named = pool_alloc(p, sizeof *named * (size_t)cap);
        if (h->count) {
            memcpy(events, h->events, sizeof *events * (size_t)h->count);
            memcpy(flow, h->flow, sizeof *flow * (size_t)h->count);
            memcpy(named, h->named, sizeof *named * (size_t)h->count);
        }
        h->events = events, h->flow = flow, h->named = named, h->cap = cap;
    }
    int n = h->count++;
    h->events[n] = *e;
    h->flow[n] = (workflow_event){.step = STEP_NONE};
    h->named[n] = 0;
    if (!is_correction(e)) {
        h->flow[n].step = workflow_step_from_code(e->step);
        if (h->flow[n].step == STEP_SAFETY_CONFIRMED)
            h->flow[n].children = h->named[n] = child_bits(h->report, e->child_ids);
        return;
    }
    int target = history_find(h, e->corrects);
    if (target < 0 || target >= n)
        return;
    if (h->flow[target].step == STEP_SAFETY_CONFIRMED)
        h->flow[target].children &= ~child_bits(h->report, e->child_ids);
    else
        h->flow[target].corrected = true;
}

typedef struct history_ctx {
    http_req *req;
    history *h;
} history_ctx;

static int history_add(void *arg, const store_report_event *e)
{
    history_ctx *ctx = arg;
    history_push(ctx->req->pool, ctx->h, e);
    return 0;
}

static int load_history(http_req *req, const store_report *r, history *h)
{
    *h = (history){.report = r};
    history_ctx ctx = {.req = req, .h = h};
    return store_report_events(req->db, req->pool, r->id, history_add, &ctx);
}

static json_t *event_json(http_req *req, const history *h, int i, bool hide_notes)
{
    const store_report_event *e = &h->events[i];
    const workflow_event *f = &h->flow[i];
    bool correction = is_correction(e);
    int target = correction ? history_find(h, e->corrects) : -1;
    /* A correction of an investigation step may tell what the investigation found. */
    report_step about = target >= 0 ? h->flow[target].step : f->step;
    bool hidden = hide_notes && about == STEP_INVESTIGATION;
    const char *label = correction ? workflow_correction_label() : workflow_step_label(f->step);
    urgency u = workflow_urgency_from_code(e->urgency);
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:o, s:o, s:b}", "seq", (json_int_t)e->seq, "step", e->step,
                  "step_label", label ? label : e->step, "at", api_json_instant(e->at), "note",
                  hidden ? json_null() : api_json_string_or_null(e->note), "note_hidden",
                  hidden && e->note != NULL);
    json_object_set_new(o, "urgency", api_json_string_or_null(e->urgency));
    json_object_set_new(o, "urgency_label",
                        u != URGENCY_NONE ? json_string(workflow_urgency_label(u)) : json_null());
    json_object_set_new(o, "attendees",
                        e->attendees ? json_loads(e->attendees, 0, NULL) : json_array());
    json_object_set_new(o, "child_ids",
                        e->child_ids ? json_loads(e->child_ids, 0, NULL) : json_array());
    json_object_set_new(o, "seen_by", api_json_string_or_null(e->seen_by));
    json_object_set_new(o, "case_id", api_json_string_or_null(e->case_id));
    json_object_set_new(o, "recorded_by", api_json_string_or_null(e->recorded_by));
    json_object_set_new(o, "recorded_by_name", json_string(user_name(req, e->recorded_by)));
    json_object_set_new(o, "recorded_at", api_json_instant(e->recorded_at));
    json_object_set_new(o, "corrects", correction ? json_integer(e->corrects) : json_null());
    json_object_set_new(
        o, "corrected",
        json_boolean(!correction && f->step != STEP_NONE && !workflow_event_stands(f)));
    json_object_set_new(o, "corrected_child_ids",
                        child_ids_json(h->report, h->named[i] & ~f->children));
    json_object_set_new(
        o, "correctable",
        json_boolean(workflow_may_correct(h->flow, h->count, i) == CORRECTION_ALLOWED));
    return o;
}

static bool all_confirmed(const store_report *r)
{
    for (int i = 0; i < r->child_count; i++)
        if (!r->children[i].confirmed_at)
            return false;
    return true;
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

/* The report as the API shows it; events only when given (the full view); the reporter only
 * when with_reporter (otherwise no `reporter` key at all). */
static json_t *report_json(http_req *req, const store_report *r, json_t *events, bool with_reporter)
{
    report_kind kind = workflow_kind_from_code(r->kind);
    report_step status = workflow_step_from_code(r->status);
    urgency u = workflow_urgency_from_code(r->urgency);
    json_t *o =
        json_pack("{s:s, s:I, s:s, s:s, s:o, s:s, s:s, s:s}", "id", r->id, "version",
                  (json_int_t)r->version, "kind", r->kind, "kind_label", workflow_kind_label(kind),
                  "received_at", api_json_instant(r->received_at), "received_by", r->received_by,
                  "route", r->route, "route_label", report_code_label(report_routes, r->route));
    json_object_set_new(o, "abuse_types", json_loads(r->abuse_types, 0, NULL));
    json_object_set_new(o, "abuse_type_labels",
                        codes_with_labels(r->abuse_types, report_abuse_types));
    const char *perp = report_code_label(report_perpetrators, r->main_perpetrator);
    json_object_set_new(o, "main_perpetrator", api_json_string_or_null(r->main_perpetrator));
    json_object_set_new(o, "main_perpetrator_label", api_json_string_or_null(perp));
    json_object_set_new(o, "received_by_name", json_string(user_name(req, r->received_by)));
    json_object_set_new(o, "summary", api_json_string_or_null(r->summary));
    json_object_set_new(o, "urgent", json_boolean(r->urgent));
    if (with_reporter)
        json_object_set_new(o, "reporter", reporter_json(r));
    json_object_set_new(o, "status", json_string(r->status));
    json_object_set_new(o, "status_label", json_string(workflow_step_label(status)));
    json_object_set_new(o, "urgency", api_json_string_or_null(r->urgency));
    json_object_set_new(o, "urgency_label",
                        u != URGENCY_NONE ? json_string(workflow_urgency_label(u)) : json_null());
    json_object_set_new(o, "case_id", api_json_string_or_null(r->case_id));
    if (r->safety_due_at) {
        json_object_set_new(o, "safety_due_at", api_json_instant(r->safety_due_at));
        json_object_set_new(o, "safety_overdue",
                            json_boolean(!all_confirmed(r) && req->now >= r->safety_due_at));
        json_object_set_new(o, "safety_all_confirmed", json_boolean(all_confirmed(r)));
    }
    json_t *children = json_array();
    for (int i = 0; i < r->child_count; i++) {
        const store_report_child *c = &r->children[i];
        json_t *child = c->person.id ? api_person_brief_json(&c->person) : json_null();
        children = api_json_append(
            children, json_pack("{s:s, s:o, s:o, s:o}", "person_id", c->child_id, "person", child,
                                "confirmed_at",
                                c->confirmed_at ? api_json_instant(c->confirmed_at) : json_null(),
                                "confirmed_by", api_json_string_or_null(c->confirmed_by)));
    }
    json_t *child_ids = json_array();
    for (int i = 0; i < r->child_count; i++)
        child_ids = api_json_append(child_ids, json_string(r->children[i].child_id));
    o = api_json_set(o, "child_ids", child_ids);
    o = api_json_set(o, "children", children); /* NULL if one could not be built: never left out */
    json_t *guardians = json_array();
    for (int i = 0; i < r->guardian_count; i++)
        guardians = api_json_append(
            guardians, json_pack("{s:s, s:o, s:o}", "person_id", r->guardians[i].person_id,
                                 "relation", api_json_string_or_null(r->guardians[i].relation),
                                 "person", api_person_brief_json(&r->guardians[i].person)));
    o = api_json_set(o, "guardians", guardians);
    report_step next[STEP_COUNT];
    int n = workflow_offered_steps(kind, status, !all_confirmed(r), next);
    json_t *steps = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(steps, json_pack("{s:s, s:s}", "step", workflow_step_code(next[i]),
                                               "label", workflow_step_label(next[i])));
    json_object_set_new(o, "next_steps", steps);
    if (events)
        o = api_json_set(o, "events", events);
    json_object_set_new(o, "created_at", api_json_instant(r->created_at));
    json_object_set_new(o, "updated_at", api_json_instant(r->updated_at));
    return o;
}

/* The guardians every answer with the report shows: each is audited as a read of the report. */
static void audit_guardians_shown(http_req *req, const store_report *r)
{
    for (int i = 0; i < r->guardian_count; i++)
        api_audit_read(req, "report", r->id, r->guardians[i].person_id);
}

/* May this answer carry the reporter (児童虐待防止法 第7条)? own_intake: the answer to the
 * caller's own POST /reports. */
static bool may_read_reporter(const http_req *req, bool own_intake)
{
    return role_may(req->user->role, PERM_REPORTER_READ) ||
           (own_intake && role_may(req->user->role, PERM_REPORTER_READ_OWN_INTAKE));
}

/* Reloads the report with its events and answers. audit_read: audited as a read of the report
 * about each child (a write audits its change instead). The reporter, when shown, is audited
 * always: a read of report_reporter about each child. */
static void answer_report(http_req *req, const char *id, int status, bool audit_read,
                          bool own_intake)
{
    store_report r;
    history h;
    int rc = store_report_get(req->db, req->pool, id, &r);
    if (rc == STORE_OK)
        rc = load_history(req, &r, &h);
    if (rc != STORE_OK) {
        if (rc == STORE_NOT_FOUND)
            api_not_found(req);
        else
            http_reply_internal(req);
        return;
    }
    bool hide_notes = req->user->role == ROLE_CLERK;
    json_t *events = json_array();
    for (int i = 0; i < h.count; i++)
        events = api_json_append(events, event_json(req, &h, i, hide_notes));
    if (!events) {
        http_reply_internal(req); /* a step that cannot be shown is not left out */
        return;
    }
    bool reporter = may_read_reporter(req, own_intake);
    for (int i = 0; i < r.child_count; i++) {
        if (audit_read)
            api_audit_read(req, "report", r.id, r.children[i].child_id);
        if (reporter && r.has_reporter)
            api_audit_read(req, "report_reporter", r.id, r.children[i].child_id);
    }
    audit_guardians_shown(req, &r);
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)r.version));
    if (status == 201)
        http_add_header(req, "Location", pool_printf(req->pool, "/api/v1/reports/%s", id));
    http_reply_json(req, status, report_json(req, &r, events, reporter));
}

/* ---- the timeline ---- */

/* Dated when the step happened (a call taken at 09:12 and recorded at 09:40 shows 09:12). */
static int timeline_for_children(http_req *req, const store_report *r, int64_t at,
                                 const char *summary)
{
    int rc = STORE_OK;
    for (int i = 0; i < r->child_count && rc == STORE_OK; i++)
        rc = api_add_event_at(req, at, "welfare", "report_step", summary, "report", r->id,
                              r->children[i].child_id);
    return rc;
}

static int audit_children(http_req *req, const store_report *r, const char *action)
{
    int rc = STORE_OK;
    for (int i = 0; i < r->child_count && rc == STORE_OK; i++)
        rc = api_audit_change(req, action, "report", r->id, r->children[i].child_id);
    return rc;
}

/* ---- handlers ---- */

void api_reports_create(http_req *req)
{
    json_t *body;
    store_report r = {0};
    if (api_body(req, report_fields, &body) != 0 || read_report(req, body, &r) != 0)
        return;
    char id[RANDOM_ID_LEN + 1];
    random_id(id);
    r.id = id;
    r.version = 1;
    r.status = (char *)workflow_step_code(STEP_RECEIVED);
    r.created_at = r.updated_at = req->now;
    r.received_at -= ((r.received_at % 60) + 60) % 60; /* the form's precision: to the minute */
    report_kind kind = workflow_kind_from_code(r.kind);
    if (kind == REPORT_ABUSE)
        r.safety_due_at = workflow_safety_due(r.received_at);
    if (api_begin(req) != 0)
        return;
    if (check_people(req, &r) != 0) {
        store_rollback(req->db);
        return;
    }
    store_report_event e = {.step = r.status,
                            .at = r.received_at,
                            .recorded_by = req->user->id,
                            .recorded_at = req->now};
    const char *first_type = report_code_label(report_abuse_types, NULL);
    json_t *types = json_loads(r.abuse_types, 0, NULL);
    if (json_array_size(types))
        first_type =
            report_code_label(report_abuse_types, json_string_value(json_array_get(types, 0)));
    json_decref(types);
    const char *summary = pool_printf(
        req->pool, "%sを受け付けました%s%s%s%s", workflow_kind_label(kind), first_type ? "（" : "",
        first_type ? first_type : "", first_type ? "）" : "", r.urgent ? "・緊急対応" : "");
    int rc = store_report_insert(req->db, &r);
    if (rc == STORE_OK)
        rc = store_report_event_add(req->db, id, &e);
    if (rc == STORE_OK)
        rc = timeline_for_children(req, &r, r.received_at, summary);
    if (rc == STORE_OK)
        rc = audit_children(req, &r, "create");
    if (rc != STORE_OK) {
        api_fail(req);
        return;
    }
    if (api_commit(req) != 0)
        return;
    answer_report(req, id, 201, false, true);
}

void api_reports_get(http_req *req)
{
    answer_report(req, req->params[0], 200, true, false);
}

/* The step's own fields: urgency and attendees (受理会議), the children seen (現認), a case. */
typedef struct step_input {
    report_step step;
    int64_t at;
    const char *note, *urgency, *seen_by, *case_id;
    char *attendees; /* JSON */
    char **child_ids;
    int child_count;
} step_input;

static int read_attendees(http_req *req, json_t *body, char **out)
{
    json_t *v = json_object_get(body, "attendees");
    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v) || json_array_size(v) > 30)
        return api_invalid(req, "attendees", "出席者は30人までの配列で指定してください。");
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
    }
    *out = pool_adopt(req->pool, json_dumps(v, JSON_COMPACT));
    return 0;
}

static int read_step(http_req *req, json_t *body, const char *step, step_input *in)
{
    in->step = workflow_step_from_code(step);
    if (in->step == STEP_NONE || in->step == STEP_RECEIVED)
        return api_invalid(req, "step", "記録できない段階です。");
    if (api_has(body, "corrects"))
        return api_invalid(req, "corrects", "取り消す記録は step: correction で指定します。");
    if (read_step_at(req, body, &in->at) != 0 ||
        api_text(req, body, "note", API_TEXT_MAX, false, &in->note) != 0 ||
        api_string(req, body, "urgency", 4, false, &in->urgency) != 0 ||
        api_string(req, body, "seen_by", API_NAME_MAX, false, &in->seen_by) != 0 ||
        api_string(req, body, "case_id", 64, false, &in->case_id) != 0 ||
        read_attendees(req, body, &in->attendees) != 0 ||
        read_person_ids(req, json_object_get(body, "child_ids"), "child_ids", REPORT_CHILDREN_MAX,
                        &in->child_ids, &in->child_count) != 0)
        return -1;
    if (in->urgency && workflow_urgency_from_code(in->urgency) == URGENCY_NONE)
        return api_invalid(req, "urgency", "緊急度は aa, a, b, c のいずれかです。");
    if (in->step == STEP_JURI && !in->urgency)
        return api_missing(req, "urgency");
    if (in->step != STEP_JURI && (in->urgency || in->attendees))
        return api_invalid(req, in->urgency ? "urgency" : "attendees",
                           "緊急度と出席者は受理会議で記録します。");
    if (in->step != STEP_SAFETY_CONFIRMED && (in->child_ids || in->seen_by))
        return api_invalid(req, in->child_ids ? "child_ids" : "seen_by",
                           "確認した子どもは現認（安全確認）で記録します。");
    return 0;
}

static int report_child_index(const store_report *r, const char *id)
{
    for (int i = 0; i < r->child_count; i++)
        if (strcmp(r->children[i].child_id, id) == 0)
            return i;
    return -1;
}

/* The children a 現認 names: required (no default: a child is never recorded as seen by
 * accident), each a child of the report not yet seen. -1 after answering 400. */
static int check_children_seen(http_req *req, const store_report *r, const step_input *in)
{
    if (in->child_count == 0)
        return api_missing(req, "child_ids");
    for (int k = 0; k < in->child_count; k++) {
        int i = report_child_index(r, in->child_ids[k]);
        if (i < 0)
            return api_invalid(req, pool_printf(req->pool, "child_ids[%d]", k),
                               "この通告の子どもではありません。");
        if (r->children[i].confirmed_at)
            return api_invalid(req, pool_printf(req->pool, "child_ids[%d]", k),
                               "この子どもは現認済みです。");
    }
    return 0;
}

/* Marks the children seen; returns how many of the report's remain unseen, or -1 on a storage
 * error. */
static int confirm_children(http_req *req, const store_report *r, const step_input *in,
                            const char *seen_by)
{
    for (int k = 0; k < in->child_count; k++)
        if (store_report_confirm_child(req->db, r->id, in->child_ids[k], in->at, seen_by) !=
            STORE_OK)
            return -1;
    int remaining = 0;
    for (int i = 0; i < r->child_count; i++) {
        bool seen_now = false;
        for (int k = 0; k < in->child_count; k++)
            seen_now |= strcmp(r->children[i].child_id, in->child_ids[k]) == 0;
        remaining += !seen_now && !r->children[i].confirmed_at;
    }
    return remaining;
}

static const char *step_summary(http_req *req, const step_input *in, int remaining)
{
    const char *label = workflow_step_label(in->step);
    if (in->step == STEP_JURI) {
        char code[4] = {0};
        for (int i = 0; in->urgency[i] && i < 3; i++)
            code[i] = (char)(in->urgency[i] - 'a' + 'A');
        return pool_printf(req->pool, "%s（緊急度%s）", label, code);
    }
    if (in->step == STEP_SAFETY_CONFIRMED)
        return remaining ? pool_printf(req->pool, "%s（%d人を確認・残り%d人）", label,
                                       in->child_count, remaining)
                         : pool_printf(req->pool, "%s（全員を確認）", label);
    return pool_printf(req->pool, "%sを記録しました", label);
}

/* Begins the write and loads the report of the path with its history; -1 after answering. */
static int begin_on_report(http_req *req, store_report *r, history *h)
{
    if (api_begin(req) != 0)
        return -1;
    int rc = store_report_get(req->db, req->pool, req->params[0], r);
    if (rc == STORE_OK)
        rc = load_history(req, r, h);
    if (rc == STORE_OK)
        return 0;
    store_rollback(req->db);
    if (rc == STORE_NOT_FOUND)
        api_not_found(req);
    else
        http_reply_internal(req);
    return -1;
}

/* Writes the state the standing steps add up to (workflow_replay): status, and the urgency and
 * case of the standing 受理会議 and 支援. */
static int store_replayed_state(http_req *req, const store_report *r, const history *h)
{
    workflow_state st =
        workflow_replay(workflow_kind_from_code(r->kind), h->flow, h->count, r->child_count);
    if (st.status == STEP_NONE)
        return STORE_ERROR;
    return store_report_set_state(req->db, r->id, workflow_step_code(st.status),
                                  st.juri >= 0 ? h->events[st.juri].urgency : NULL,
                                  st.support >= 0 ? h->events[st.support].case_id : NULL, req->now);
}

static json_t *ids_json(char **ids, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_string(ids[i]));
    return a;
}

/* The end of every event written (a step, a correction), rc being how the writing went: the
 * children's timelines (dated at), the audit, the commit, and the report as it now stands. */
static void finish_event(http_req *req, const store_report *r, int rc, int64_t at,
                         const char *summary)
{
    if (rc == STORE_OK)
        rc = timeline_for_children(req, r, at, summary);
    if (rc == STORE_OK)
        rc = audit_children(req, r, "update");
    if (rc != STORE_OK) {
        api_fail(req);
        return;
    }
    if (api_commit(req) != 0)
        return;
    answer_report(req, r->id, 201, false, false);
}

static void record_step(http_req *req, json_t *body, const char *step_code)
{
    step_input in = {0};
    store_report r;
    history h;
    if (read_step(req, body, step_code, &in) != 0 || begin_on_report(req, &r, &h) != 0)
        return;
    report_kind kind = workflow_kind_from_code(r.kind);
    report_step status = workflow_step_from_code(r.status);
    if (!workflow_may_record(kind, status, in.step, !all_confirmed(&r))) {
        store_rollback(req->db);
        http_reply_error(req, 409, "invalid_transition",
                         pool_printf(req->pool, "「%s」の後に「%s」は記録できません。",
                                     workflow_step_label(status), workflow_step_label(in.step)),
                         "step");
        return;
    }
    if (in.at < r.received_at) {
        store_rollback(req->db);
        api_invalid(req, "at", "受付日時より前の日時は入力できません。");
        return;
    }
    bool seeing = in.step == STEP_SAFETY_CONFIRMED;
    if (seeing && check_children_seen(req, &r, &in) != 0) {
        store_rollback(req->db);
        return;
    }
    const char *seen_by = in.seen_by ? in.seen_by : req->user->name;
    json_t *ids = ids_json(in.child_ids, in.child_count);
    store_report_event e = {
        .step = (char *)workflow_step_code(in.step),
        .at = in.at,
        .note = (char *)in.note,
        .urgency = (char *)in.urgency,
        .attendees = in.attendees,
        .child_ids = seeing ? pool_adopt(req->pool, json_dumps(ids, JSON_COMPACT)) : NULL,
        .seen_by = seeing ? (char *)seen_by : NULL,
        .case_id = (char *)in.case_id,
        .recorded_by = req->user->id,
        .recorded_at = req->now};
    json_decref(ids);
    int remaining = seeing ? confirm_children(req, &r, &in, seen_by) : 0;
    int rc = remaining < 0 ? STORE_ERROR : store_report_event_add(req->db, r.id, &e);
    if (rc == STORE_OK) {
        history_push(req->pool, &h, &e);
        rc = store_replayed_state(req, &r, &h);
    }
    finish_event(req, &r, rc, in.at, step_summary(req, &in, remaining));
}

/* ---- corrections ---- */

typedef struct correction_input {
    int64_t corrects;
    const char *note; /* the reason: required */
    char **child_ids; /* a 現認: the children it takes back (none given: all it still confirms) */
    int child_count;
    bool children_given;
} correction_input;

static bool blank(const char *s)
{
    for (; *s; s++) {
        if (strncmp(s, "\xE3\x80\x80", 3) == 0) /* U+3000 IDEOGRAPHIC SPACE */
            s += 2;
        else if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    }
    return true;
}

static int read_correction(http_req *req, json_t *body, correction_input *in)
{
    static const char *const not_here[] = {"at",      "urgency", "attendees",
                                           "seen_by", "case_id", NULL};
    for (int i = 0; not_here[i]; i++)
        if (api_has(body, not_here[i]))
            return api_invalid(req, not_here[i],
                               "取り消しでは指定できない項目です（日時は取り消した時点です）。");
    json_t *v = json_object_get(body, "corrects");
    if (!v || json_is_null(v))
        return api_missing(req, "corrects");
    if (!json_is_integer(v) || json_integer_value(v) < 1)
        return api_invalid(req, "corrects", "取り消す記録の番号（seq）を指定してください。");
    in->corrects = json_integer_value(v);
    if (api_text(req, body, "note", API_TEXT_MAX, true, &in->note) != 0)
        return -1;
    if (blank(in->note))
        return api_missing(req, "note");
    json_t *ids = json_object_get(body, "child_ids");
    in->children_given = ids && !json_is_null(ids);
    if (read_person_ids(req, ids, "child_ids", REPORT_CHILDREN_MAX, &in->child_ids,
                        &in->child_count) != 0)
        return -1;
    if (in->children_given && in->child_count == 0)
        return api_invalid(req, "child_ids", "取り消す子どもを1人以上指定してください。");
    return 0;
}

/* 409 invalid_transition for a correction the rules refuse. */
static void refuse_correction(http_req *req, workflow_correction why)
{
    const char *msg = "受付と取り消しの記録は取り消せません。";
    if (why == CORRECTION_ALREADY)
        msg = "この記録はすでに取り消されています。";
    else if (why == CORRECTION_NOT_LATEST)
        msg = "取り消せるのは最後の記録と現認（安全確認）だけです。後の記録から順に取り消して"
              "ください。";
    http_reply_error(req, 409, "invalid_transition", msg, "corrects");
}

/* Which children of a 現認 the correction takes back: those named (each one it still confirms),
 * or all it still confirms. Another step takes no children. -1 after answering 400. */
static int children_taken_back(http_req *req, const history *h, int target,
                               const correction_input *in, uint32_t *out)
{
    const workflow_event *f = &h->flow[target];
    *out = 0;
    if (f->step != STEP_SAFETY_CONFIRMED)
        return in->children_given
                   ? api_invalid(req, "child_ids", "子どもを指定できるのは現認の取り消しだけです。")
                   : 0;
    if (!in->children_given) {
        *out = f->children;
        return 0;
    }
    for (int k = 0; k < in->child_count; k++) {
        uint32_t bit = child_bit(h->report, in->child_ids[k]);
        if (!(bit & f->children))
            return api_invalid(req, pool_printf(req->pool, "child_ids[%d]", k),
                               "この現認で確認済みとされている子どもではありません。");
        *out |= bit;
    }
    return 0;
}

/* A child whose 現認 was taken back: seen as the earliest standing 現認 that names them says
 * (an older record may name a child twice), or unseen again. */
static int restate_child(http_req *req, const history *h, int child)
{
    const store_report *r = h->report;
    for (int i = 0; i < h->count; i++) {
        const workflow_event *f = &h->flow[i];
        if (f->step == STEP_SAFETY_CONFIRMED && (f->children & ((uint32_t)1 << child)))
            return store_report_set_child_confirmation(req->db, r->id, r->children[child].child_id,
                                                       h->events[i].at, h->events[i].seen_by);
    }
    return store_report_set_child_confirmation(req->db, r->id, r->children[child].child_id, 0,
                                               NULL);
}

static int popcount(uint32_t bits)
{
    int n = 0;
    for (; bits; bits &= bits - 1)
        n++;
    return n;
}

static const char *correction_summary(http_req *req, const store_report_event *target,
                                      uint32_t taken)
{
    report_step step = workflow_step_from_code(target->step);
    if (step == STEP_SAFETY_CONFIRMED)
        return pool_printf(req->pool, "%sの記録を取り消しました（%d人を未確認に戻しました）",
                           workflow_step_label(step), popcount(taken));
    return pool_printf(req->pool, "%sの記録を取り消しました", workflow_step_label(step));
}

/* POST /reports/{id}/events {"step":"correction","corrects":SEQ,"note","child_ids"?}: the
 * mistaken step is taken back by a new event; nothing is changed or deleted. */
static void correct_step(http_req *req, json_t *body)
{
    correction_input in = {0};
    store_report r;
    history h;
    if (read_correction(req, body, &in) != 0 || begin_on_report(req, &r, &h) != 0)
        return;
    int target = history_find(&h, in.corrects);
    uint32_t taken = 0;
    if (target < 0) {
        store_rollback(req->db);
        api_invalid(req, "corrects", "この通告にその番号の記録はありません。");
        return;
    }
    workflow_correction why = workflow_may_correct(h.flow, h.count, target);
    if (why != CORRECTION_ALLOWED || children_taken_back(req, &h, target, &in, &taken) != 0) {
        store_rollback(req->db);
        if (why != CORRECTION_ALLOWED)
            refuse_correction(req, why);
        return;
    }
    json_t *ids = child_ids_json(&r, taken);
    store_report_event e = {.step = (char *)workflow_correction_code(),
                            .at = req->now,
                            .note = (char *)in.note,
                            .child_ids =
                                taken ? pool_adopt(req->pool, json_dumps(ids, JSON_COMPACT)) : NULL,
                            .recorded_by = req->user->id,
                            .recorded_at = req->now,
                            .corrects = in.corrects};
    json_decref(ids);
    const char *summary = correction_summary(req, &h.events[target], taken);
    int rc = store_report_event_add(req->db, r.id, &e);
    if (rc == STORE_OK) {
        history_push(req->pool, &h, &e);
        rc = store_replayed_state(req, &r, &h);
    }
    for (int i = 0; i < r.child_count && i < WORKFLOW_CHILDREN_MAX && rc == STORE_OK; i++)
        if (taken & ((uint32_t)1 << i))
            rc = restate_child(req, &h, i);
    finish_event(req, &r, rc, req->now, summary);
}

void api_reports_event(http_req *req)
{
    json_t *body;
    const char *step;
    if (api_body(req, event_fields, &body) != 0 ||
        api_string(req, body, "step", 32, true, &step) != 0)
        return;
    if (strcmp(step, workflow_correction_code()) == 0)
        correct_step(req, body);
    else
        record_step(req, body, step);
}

static int add_item(void *arg, const store_report *listed)
{
    api_page *pg = arg;
    if (api_page_full(pg))
        return 1;
    store_report r; /* with its children, for the list and the audit */
    if (store_report_get(pg->req->db, pg->req->pool, listed->id, &r) != STORE_OK) {
        pg->failed = true;
        return 1;
    }
    api_page_add(pg, report_json(pg->req, &r, NULL, false),
                 pool_printf(pg->req->pool, "%lld", (long long)r.received_at), r.id);
    for (int i = 0; i < r.child_count; i++)
        api_audit_read(pg->req, "report", r.id, r.children[i].child_id);
    audit_guardians_shown(pg->req, &r);
    return 0;
}

void api_reports_list(http_req *req)
{
    int limit;
    if (api_limit(req, &limit) != 0)
        return;
    const char *kind = http_query(req, "kind"), *open = http_query(req, "open");
    if (kind && workflow_kind_from_code(kind) == REPORT_KIND_NONE) {
        api_invalid(req, "kind", "abuse_report または consultation で指定してください。");
        return;
    }
    if (open && strcmp(open, "true") != 0 && strcmp(open, "false") != 0) {
        api_invalid(req, "open", "true または false で指定してください。");
        return;
    }
    store_report_filter f = {.kind = kind,
                             .child_id = http_query(req, "child_id"),
                             .open_only = open && strcmp(open, "true") == 0,
                             .limit = limit + 1};
    char *parts[2], *end;
    if (api_page_cursor(req, parts, 2) != 0)
        return;
    if (parts[0]) {
        f.before_received = strtoll(parts[0], &end, 10);
        if (*end) {
            api_invalid(req, "cursor", "cursor が正しくありません。");
            return;
        }
        f.before_id = parts[1];
    }
    api_page pg;
    api_page_start(&pg, req, limit, 2);
    api_page_answer(&pg, store_report_list(req->db, req->pool, &f, add_item, &pg));
}
