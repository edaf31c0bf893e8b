/* /api/v1/cases: the joint case (service/cases.h). This file reads the JSON into the use cases'
 * input — forms and the hard limits of every array — and writes the case as JSON; the rules, the
 * permissions and the audit are the service's. */
#include "api/cases.h"
#include "api/common.h"
#include "api/input.h"
#include "api/page.h"
#include "api/resources.h"
#include "api/result.h"
#include "domain/case_codes.h"
#include "service/case_records.h"
#include "service/case_summary.h"
#include "service/cases.h"

#include <stdlib.h>
#include <string.h>

/* Only a conference decision designates or registers (service/conferences.c). */
static const char *const never_here[] = {"category", "youtaikyo", "subjects", NULL};

static int refuse_designation(http_req *req, json_t *body)
{
    for (int i = 0; never_here[i]; i++)
        if (api_has(body, never_here[i]))
            return api_invalid(req, never_here[i],
                               "区分（特定妊婦・要支援・要保護）と要対協への登録は、会議の決定で"
                               "だけ記録します。");
    return 0;
}

/* An array of ids (at most max); *given false when absent or null. */
static int read_ids(http_req *req, json_t *body, const char *name, int max, const char *const **ids,
                    int *count, bool *given)
{
    json_t *v = json_object_get(body, name);
    *ids = NULL;
    *count = 0;
    *given = v && !json_is_null(v);
    if (!*given)
        return 0;
    if (!json_is_array(v) || (int)json_array_size(v) > max)
        return api_invalid(req, name,
                           pool_printf(req->pool, "%d件までの配列で指定してください。", max));
    const char **out = pool_zalloc(req->pool, sizeof *out * (json_array_size(v) + 1));
    size_t i;
    json_t *id;
    json_array_foreach(v, i, id)
    {
        if (!json_is_string(id) || json_string_length(id) == 0 || json_string_length(id) > 64)
            return api_invalid(req, pool_printf(req->pool, "%s[%zu]", name, i),
                               "IDで指定してください。");
        out[(*count)++] = json_string_value(id);
    }
    *ids = out;
    return 0;
}

static int read_opened_from(http_req *req, json_t *body, svc_case_new *in)
{
    static const char *const fields[] = {"type", "id", "from", NULL};
    json_t *v = json_object_get(body, "opened_from");
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_object(v))
        return api_invalid(req, "opened_from", "{type, id, from} で指定してください。");
    const char *key;
    json_t *val;
    json_object_foreach(v, key, val)
    {
        bool known = false;
        for (int i = 0; fields[i]; i++)
            known |= strcmp(fields[i], key) == 0;
        if (!known)
            return api_invalid(req, pool_printf(req->pool, "opened_from.%s", key),
                               "この項目は受け付けられません。");
    }
    in->has_opened_from = true;
    api_field_prefix("opened_from");
    int rc = api_string(req, v, "type", 32, false, &in->opened_from_type) != 0 ||
                     api_string(req, v, "id", 64, false, &in->opened_from_id) != 0 ||
                     api_string(req, v, "from", API_NAME_MAX, false, &in->opened_from_from) != 0
                 ? -1
                 : 0;
    api_field_prefix(NULL);
    return rc;
}

static int read_new(http_req *req, json_t *body, svc_case_new *in)
{
    bool given;
    return refuse_designation(req, body) != 0 ||
                   api_string(req, body, "household_id", 64, true, &in->household_id) != 0 ||
                   read_ids(req, body, "subject_ids", SVC_CASE_SUBJECTS_MAX, &in->subject_ids,
                            &in->subject_count, &given) != 0 ||
                   api_string(req, body, "lead_id", 64, true, &in->lead_id) != 0 ||
                   api_string(req, body, "deputy_id", 64, false, &in->deputy_id) != 0 ||
                   api_string(req, body, "lead_agency_id", 64, false, &in->lead_agency_id) != 0 ||
                   read_ids(req, body, "agency_ids", SVC_CASE_AGENCIES_MAX, &in->agency_ids,
                            &in->agency_count, &given) != 0 ||
                   api_date(req, body, "next_review_on", false, &in->next_review_on) != 0 ||
                   read_opened_from(req, body, in) != 0
               ? -1
               : 0;
}

static int read_changes(http_req *req, json_t *body, svc_case_changes *in)
{
    if (refuse_designation(req, body) != 0 ||
        api_string(req, body, "lead_id", 64, false, &in->lead_id) != 0 ||
        api_string(req, body, "deputy_id", 64, false, &in->deputy_id) != 0 ||
        api_string(req, body, "lead_agency_id", 64, false, &in->lead_agency_id) != 0 ||
        read_ids(req, body, "subject_ids", SVC_CASE_SUBJECTS_MAX, &in->subject_ids,
                 &in->subject_count, &in->set_subjects) != 0 ||
        read_ids(req, body, "agency_ids", SVC_CASE_AGENCIES_MAX, &in->agency_ids, &in->agency_count,
                 &in->set_agencies) != 0 ||
        api_date(req, body, "next_review_on", false, &in->next_review_on) != 0)
        return -1;
    if (api_has(body, "lead_id") && !in->lead_id)
        return api_invalid(req, "lead_id", "主担当は外せません（別の職員を指定してください）。");
    if (api_has(body, "subject_ids") && !in->set_subjects)
        return api_missing(req, "subject_ids");
    in->set_deputy = api_has(body, "deputy_id");
    in->set_lead_agency = api_has(body, "lead_agency_id");
    in->set_next_review = api_has(body, "next_review_on");
    in->set_agencies |= api_has(body, "agency_ids"); /* null: shared with none */
    return 0;
}

/* ---- answering: JSON from the record, nothing read ---- */

static json_t *subject_json(const store_case_subject *s, date_ymd today)
{
    json_t *o = api_person_brief_json(&s->person, today);
    if (o)
        json_object_del(o, "id");
    o = api_json_set(o, "person_id", json_string(s->person_id));
    o = api_json_set(o, "category", json_string(s->category));
    o = api_json_set(o, "category_label",
                     api_json_string_or_null(vocab_label(&case_categories, s->category)));
    o = api_json_set(o, "designated_by",
                     s->designated_by ? json_pack("{s:s}", "conference_id", s->designated_by)
                                      : json_null());
    o = api_json_set(o, "designated_on", api_json_string_or_null(s->designated_on));
    o = api_json_set(o, "youtaikyo", json_boolean(s->youtaikyo));
    o = api_json_set(o, "registered_on", api_json_string_or_null(s->registered_on));
    o = api_json_set(o, "unregistered_on", api_json_string_or_null(s->unregistered_on));
    o = api_json_set(o, "added_on", api_json_string_or_null(s->added_on));
    return api_json_set(o, "removed_on", api_json_string_or_null(s->removed_on));
}

static json_t *subjects_json(const store_case *k, bool removed, date_ymd today)
{
    json_t *a = json_array();
    for (int i = 0; i < k->subject_count; i++)
        if ((k->subjects[i].removed_on != NULL) == removed)
            a = api_json_append(a, subject_json(&k->subjects[i], today));
    return a;
}

static json_t *opened_from_json(const store_case *k)
{
    if (!k->opened_from_type)
        return json_null();
    return json_pack("{s:s, s:o, s:o, s:o}", "type", k->opened_from_type, "type_label",
                     api_json_string_or_null(vocab_label(&case_opened_from, k->opened_from_type)),
                     "id", api_json_string_or_null(k->opened_from_id), "from",
                     api_json_string_or_null(k->opened_from_municipality));
}

static json_t *closing_json(json_t *o, const store_case *k)
{
    o = api_json_set(o, "closed_on", api_json_string_or_null(k->closed_on));
    o = api_json_set(o, "close_reason", api_json_string_or_null(k->close_reason));
    o = api_json_set(o, "close_reason_label",
                     api_json_string_or_null(vocab_label(&case_close_reasons, k->close_reason)));
    o = api_json_set(o, "close_note", api_json_string_or_null(k->close_note));
    o = api_json_set(o, "moved_to", api_json_string_or_null(k->moved_to));
    o = api_json_set(o, "closed_by", api_json_string_or_null(k->closed_by));
    return api_json_set(o, "closed_by_name", api_json_string_or_null(k->closed_by_name));
}

json_t *api_case_json(const store_case *k, date_ymd today)
{
    json_t *o =
        json_pack("{s:s, s:I, s:s, s:o, s:s, s:o}", "id", k->id, "version", (json_int_t)k->version,
                  "household_id", k->household_id, "household_name",
                  api_json_string_or_null(k->household_name), "status", k->status, "status_label",
                  api_json_string_or_null(vocab_label(&case_statuses, k->status)));
    o = api_json_set(o, "subjects", subjects_json(k, false, today));
    o = api_json_set(o, "removed_subjects", subjects_json(k, true, today));
    o = api_json_set(o, "lead_id", json_string(k->lead_id));
    o = api_json_set(o, "lead_name", api_json_string_or_null(k->lead_name));
    o = api_json_set(o, "deputy_id", api_json_string_or_null(k->deputy_id));
    o = api_json_set(o, "deputy_name", api_json_string_or_null(k->deputy_name));
    o = api_json_set(o, "lead_agency_id", api_json_string_or_null(k->lead_agency_id));
    o = api_json_set(o, "lead_agency_name", api_json_string_or_null(k->lead_agency_name));
    json_t *agencies = json_array();
    for (int i = 0; i < k->agency_count; i++)
        agencies = api_json_append(agencies, json_string(k->agency_ids[i]));
    o = api_json_set(o, "agency_ids", agencies);
    o = api_json_set(o, "opened_on", json_string(k->opened_on));
    o = api_json_set(o, "opened_from", opened_from_json(k));
    o = api_json_set(o, "policy", api_json_string_or_null(k->policy));
    o = api_json_set(o, "last_reviewed_on", api_json_string_or_null(k->last_reviewed_on));
    o = api_json_set(o, "next_review_on", api_json_string_or_null(k->next_review_on));
    o = closing_json(o, k);
    o = api_json_set(o, "created_by", api_json_string_or_null(k->created_by));
    o = api_json_set(o, "created_at", api_json_instant(k->created_at));
    return api_json_set(o, "updated_at", api_json_instant(k->updated_at));
}

static void answer_case(http_req *req, svc_ctx *ctx, svc_result r, int status, const store_case *k)
{
    if (api_answer_failure(req, r))
        return;
    api_hold_reads(req, ctx);
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)k->version));
    if (status == 201)
        http_add_header(req, "Location", pool_printf(req->pool, "/api/v1/cases/%s", k->id));
    http_reply_json(req, status, api_case_json(k, api_today(req)));
}

/* ---- handlers ---- */

static const char *const case_fields[] = {
    "household_id",   "subject_ids", "lead_id",  "deputy_id", "lead_agency_id", "agency_ids",
    "next_review_on", "opened_from", "category", "youtaikyo", "subjects",       NULL};

void api_cases_create(http_req *req)
{
    json_t *body;
    svc_case_new in = {0};
    if (api_body(req, case_fields, &body) != 0 || read_new(req, body, &in) != 0)
        return;
    svc_ctx ctx;
    store_case k;
    api_ctx(req, &ctx);
    answer_case(req, &ctx, svc_case_create(&ctx, &in, &k), 201, &k);
}

void api_cases_get(http_req *req)
{
    svc_ctx ctx;
    store_case k;
    api_ctx(req, &ctx);
    answer_case(req, &ctx, svc_case_get(&ctx, req->params[0], &k), 200, &k);
}

void api_cases_update(http_req *req)
{
    static const char *const fields[] = {
        "lead_id",        "deputy_id", "lead_agency_id", "subject_ids", "agency_ids",
        "next_review_on", "category",  "youtaikyo",      "subjects",    NULL};
    json_t *body;
    int64_t version;
    svc_case_changes in = {0};
    if (api_if_match(req, &version) != 0 || api_body(req, fields, &body) != 0 ||
        read_changes(req, body, &in) != 0)
        return;
    svc_ctx ctx;
    store_case k;
    api_ctx(req, &ctx);
    answer_case(req, &ctx, svc_case_update(&ctx, req->params[0], version, &in, &k), 200, &k);
}

void api_cases_close(http_req *req)
{
    static const char *const fields[] = {"reason", "on", "note", "moved_to", NULL};
    json_t *body;
    svc_case_close_in in = {0};
    if (api_body(req, fields, &body) != 0 ||
        api_string(req, body, "reason", 32, true, &in.reason) != 0 ||
        api_date(req, body, "on", true, &in.on) != 0 ||
        api_text(req, body, "note", API_TEXT_MAX, false, &in.note) != 0 ||
        api_string(req, body, "moved_to", API_NAME_MAX, false, &in.moved_to) != 0)
        return;
    svc_ctx ctx;
    store_case k;
    api_ctx(req, &ctx);
    answer_case(req, &ctx, svc_case_close(&ctx, req->params[0], &in, &k), 200, &k);
}

/* ?sort=opened_on|next_review_on|lead &order=asc|desc */
static int read_order(http_req *req, store_case_filter *f)
{
    const char *sort = http_query(req, "sort");
    f->sort = sort ? store_case_sort_from_code(sort) : STORE_CASE_SORT_OPENED;
    if (f->sort == STORE_CASE_SORT_COUNT)
        return api_invalid(req, "sort",
                           "opened_on, next_review_on, lead のいずれかで指定してください。");
    return api_order(req, f->sort != STORE_CASE_SORT_OPENED, &f->ascending);
}

static bool keyset_order(const store_case_filter *f)
{
    return f->sort == STORE_CASE_SORT_OPENED && !f->ascending;
}

/* The default order's cursor is its key (opened_on, id); another order's is ("o", offset). */
static int read_cursor(http_req *req, store_case_filter *f)
{
    char *parts[2], *end;
    if (api_page_cursor(req, parts, 2) != 0)
        return -1;
    if (!parts[0])
        return 0;
    bool offset = strcmp(parts[0], "o") == 0;
    if (!parts[1] || offset != !keyset_order(f))
        return api_invalid(req, "cursor", "cursor が正しくありません。");
    if (!offset) {
        f->before_opened_on = parts[0];
        f->before_id = parts[1];
        return 0;
    }
    f->offset = strtoll(parts[1], &end, 10);
    return *end || f->offset < 0 ? api_invalid(req, "cursor", "cursor が正しくありません。") : 0;
}

/* ?category= &lead_id= &owner= &mine= &youtaikyo= &status= &opened_from= &opened_to= &sort=
 * &order= &cursor= &limit= */
static int read_filter(http_req *req, store_case_filter *f)
{
    int youtaikyo = api_query_bool(req, "youtaikyo"), mine = api_query_bool(req, "mine");
    if (youtaikyo == -2 || mine == -2)
        return -1;
    *f = (store_case_filter){.category = http_query(req, "category"),
                             .lead_id = http_query(req, "lead_id"),
                             .owner_id = http_query(req, "owner"),
                             .mine = mine == 1,
                             .status = http_query(req, "status"),
                             .youtaikyo = youtaikyo};
    if (api_limit(req, &f->limit) != 0 || read_order(req, f) != 0 ||
        api_query_date(req, "opened_from", &f->opened_from) != 0 ||
        api_query_date(req, "opened_to", &f->opened_to) != 0)
        return -1;
    return read_cursor(req, f);
}

void api_cases_list(http_req *req)
{
    store_case_filter f;
    if (read_filter(req, &f) != 0)
        return;
    svc_ctx ctx;
    svc_case_page page;
    api_ctx(req, &ctx);
    if (api_answer_failure(req, svc_case_list(&ctx, &f, &page)))
        return;
    api_hold_reads(req, &ctx);
    api_page pg;
    api_page_start(&pg, req, f.limit, 2);
    bool keyset = keyset_order(&f);
    for (int i = 0; i < page.count; i++)
        api_page_add(&pg, api_case_json(&page.items[i], api_today(req)),
                     keyset ? page.items[i].opened_on : "o",
                     keyset ? page.items[i].id
                            : pool_printf(req->pool, "%lld", (long long)(f.offset + i + 1)));
    pg.more = page.more;
    pg.has_total = true;
    pg.total = page.total;
    api_page_answer(&pg, STORE_OK);
}

static json_t *record_json(const svc_case_record *r)
{
    return json_pack("{s:s, s:s, s:o, s:s, s:o, s:s, s:b}", "type", r->type, "id", r->id,
                     "person_id", api_json_string_or_null(r->person_id), "on", r->on, "kind",
                     api_json_string_or_null(r->kind), "label", r->label, "attention",
                     r->attention);
}

/* GET /cases/{id}/records: {case_id, subjects (as in the case), items (newest first)}. */
void api_cases_records(http_req *req)
{
    svc_ctx ctx;
    svc_case_records recs;
    api_ctx(req, &ctx);
    if (api_answer_failure(req, svc_case_records_get(&ctx, req->params[0], &recs)))
        return;
    api_hold_reads(req, &ctx);
    date_ymd today = api_today(req);
    json_t *items = json_array();
    for (int i = 0; i < recs.count; i++)
        items = api_json_append(items, record_json(&recs.items[i]));
    json_t *o = json_pack("{s:s}", "case_id", recs.kase.id);
    o = api_json_set(o, "subjects", subjects_json(&recs.kase, false, today));
    o = api_json_set(o, "removed_subjects", subjects_json(&recs.kase, true, today));
    http_reply_json(req, 200, api_json_set(o, "items", items));
}

/* ---- the case summary (情報提供) ---- */

static json_t *summary_subject_json(const svc_case_summary *sm, int i, date_ymd today)
{
    const store_case_subject *s = &sm->kase.subjects[i];
    const store_summary_contact *c = svc_case_summary_contact(&sm->s, s->person_id);
    json_t *o = subject_json(s, today);
    o = api_json_set(o, "sex", api_json_string_or_null(c ? c->sex : NULL));
    o = api_json_set(o, "address", api_json_string_or_null(c ? c->address : NULL));
    o = api_json_set(o, "phone", api_json_string_or_null(c ? c->phone : NULL));
    return api_json_set(o, "address_withheld", json_boolean(sm->withheld[i]));
}

static json_t *summary_plan_json(const store_case_summary *s)
{
    if (!s->has_plan)
        return json_null();
    const store_summary_plan *pl = &s->plan;
    json_t *services = json_array();
    for (int i = 0; i < pl->service_count; i++) {
        const store_summary_service *v = &pl->services[i];
        services = api_json_append(services, json_pack("{s:o, s:o, s:o, s:o, s:o}", "what",
                                                       api_json_string_or_null(v->what), "who",
                                                       api_json_string_or_null(v->who), "how_often",
                                                       api_json_string_or_null(v->how_often),
                                                       "from", api_json_string_or_null(v->from_on),
                                                       "to", api_json_string_or_null(v->to_on)));
    }
    json_t *o = json_pack("{s:s, s:I, s:s}", "id", pl->id, "plan_version",
                          (json_int_t)pl->plan_version, "status", pl->status);
    o = api_json_set(o, "long_term_goal", api_json_string_or_null(pl->long_term_goal));
    o = api_json_set(o, "short_term_goals", api_json_string_or_null(pl->short_term_goals));
    o = api_json_set(o, "review_on", api_json_string_or_null(pl->review_on));
    o = api_json_set(o, "handed_on", api_json_string_or_null(pl->handed_on));
    return api_json_set(o, "services", services);
}

static json_t *summary_lists_json(json_t *o, const store_case_summary *s)
{
    json_t *conferences = json_array();
    for (int i = 0; i < s->conference_count; i++) {
        const store_summary_conference *f = &s->conferences[i];
        conferences = api_json_append(
            conferences,
            json_pack("{s:s, s:s, s:s, s:o}", "id", f->id, "held_on", f->held_on, "kind", f->kind,
                      "kind_label",
                      api_json_string_or_null(vocab_label(&conference_kinds, f->kind))));
    }
    json_t *actions = json_array();
    for (int i = 0; i < s->action_count; i++) {
        const store_summary_action *a = &s->actions[i];
        actions = api_json_append(
            actions, json_pack("{s:s, s:s, s:o}", "what", a->what, "due_on", a->due_on, "owner",
                               api_json_string_or_null(a->owner_name ? a->owner_name
                                                                     : a->owner_agency_name)));
    }
    o = api_json_set(o, "conferences", conferences);
    return api_json_set(o, "open_actions", actions);
}

static json_t *summary_json(const svc_case_summary *sm, date_ymd today)
{
    const store_case *k = &sm->kase;
    json_t *subjects = json_array();
    for (int i = 0; i < k->subject_count; i++)
        if (!k->subjects[i].removed_on)
            subjects = api_json_append(subjects, summary_subject_json(sm, i, today));
    json_t *o = json_pack("{s:s, s:s}", "case_id", k->id, "status", k->status);
    o = api_json_set(o, "household",
                     json_pack("{s:o, s:o, s:b}", "name",
                               api_json_string_or_null(k->household_name), "address",
                               api_json_string_or_null(sm->s.household_address), "address_withheld",
                               sm->s.household_protected));
    o = api_json_set(o, "subjects", subjects);
    o = api_json_set(o, "lead_name", api_json_string_or_null(k->lead_name));
    o = api_json_set(o, "deputy_name", api_json_string_or_null(k->deputy_name));
    o = api_json_set(o, "lead_agency_name", api_json_string_or_null(k->lead_agency_name));
    o = api_json_set(o, "opened_on", json_string(k->opened_on));
    o = api_json_set(o, "opened_from", opened_from_json(k));
    o = api_json_set(o, "closed_on", api_json_string_or_null(k->closed_on));
    o = api_json_set(o, "close_reason", api_json_string_or_null(k->close_reason));
    o = api_json_set(o, "close_reason_label",
                     api_json_string_or_null(vocab_label(&case_close_reasons, k->close_reason)));
    o = api_json_set(o, "moved_to", api_json_string_or_null(k->moved_to));
    o = api_json_set(o, "policy", api_json_string_or_null(k->policy));
    o = api_json_set(o, "plan", summary_plan_json(&sm->s));
    return summary_lists_json(o, &sm->s);
}

/* GET /cases/{id}/summary: the data of the A4 情報提供 (service/case_summary.h). */
void api_cases_summary(http_req *req)
{
    svc_ctx ctx;
    svc_case_summary sm;
    api_ctx(req, &ctx);
    if (api_answer_failure(req, svc_case_summary_get(&ctx, req->params[0], &sm)))
        return;
    api_hold_reads(req, &ctx);
    http_reply_json(req, 200, summary_json(&sm, api_today(req)));
}
