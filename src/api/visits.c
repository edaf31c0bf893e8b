/* /api/v1/visits: こんにちは赤ちゃん訪問, 産後ケア, 乳幼児健診 (attended or 未受診)
 * (service/visits.c; the follow-up: service/followups.c). */
#include "api/common.h"
#include "api/input.h"
#include "api/page.h"
#include "api/resources.h"
#include "api/result.h"
#include "domain/visit_kinds.h"
#include "service/followups.h"
#include "service/visits.h"

static const char *const visit_fields[] = {"person_id",
                                           "kind",
                                           "subtype",
                                           "on",
                                           "status",
                                           "staff",
                                           "notes",
                                           "infant_weight_g",
                                           "feeding",
                                           "mother_mood",
                                           "mother_sleep",
                                           "home_environment",
                                           "home_note",
                                           "next_contact_on",
                                           "next_contact_kind",
                                           NULL};

/* The infant's weight in grams: an integer of 300–15000, or null (not measured). */
static int read_weight(http_req *req, json_t *body, int *grams)
{
    json_t *v = json_object_get(body, "infant_weight_g");
    *grams = VISIT_WEIGHT_NONE;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < VISIT_WEIGHT_MIN_G ||
        json_integer_value(v) > VISIT_WEIGHT_MAX_G)
        return api_invalid(req, "infant_weight_g",
                           "体重は300〜15000（g）の整数で入力してください。");
    *grams = (int)json_integer_value(v);
    return 0;
}

/* The fields present in body (every one when creating), format-checked. */
static int read_input(http_req *req, json_t *body, bool creating, svc_visit_input *in,
                      svc_visit_fields *set)
{
    *in = (svc_visit_input){0};
#define TAKE(name, reader)                                                                         \
    set->name = creating || api_has(body, #name);                                                  \
    if (set->name && reader != 0)                                                                  \
        return -1;
    TAKE(person_id, api_string(req, body, "person_id", 64, true, &in->person_id))
    TAKE(kind, api_vocab(req, body, "kind", &visit_kinds, true, &in->kind))
    TAKE(subtype, api_string(req, body, "subtype", 16, false, &in->subtype))
    TAKE(on, api_date(req, body, "on", true, &in->on))
    TAKE(status, api_vocab(req, body, "status", &visit_statuses, true, &in->status))
    TAKE(staff, api_string(req, body, "staff", API_NAME_MAX, false, &in->staff))
    TAKE(notes, api_text(req, body, "notes", API_TEXT_MAX, false, &in->notes))
    TAKE(infant_weight_g, read_weight(req, body, &in->form.infant_weight_g))
    TAKE(feeding, api_vocab(req, body, "feeding", &feeding_methods, false, &in->form.feeding))
    TAKE(mother_mood,
         api_vocab(req, body, "mother_mood", &mother_moods, false, &in->form.mother_mood))
    TAKE(mother_sleep,
         api_vocab(req, body, "mother_sleep", &mother_sleeps, false, &in->form.mother_sleep))
    TAKE(home_environment, api_vocab(req, body, "home_environment", &home_environments, false,
                                     &in->form.home_environment))
    TAKE(home_note, api_text(req, body, "home_note", API_TEXT_MAX, false, &in->form.home_note))
    TAKE(next_contact_on, api_date(req, body, "next_contact_on", false, &in->form.next_contact_on))
    TAKE(next_contact_kind, api_vocab(req, body, "next_contact_kind", &contact_kinds, false,
                                      &in->form.next_contact_kind))
#undef TAKE
    return 0;
}

/* The structured items: null where not asked or not recorded. */
static json_t *form_json(json_t *o, const visit_form *f)
{
    o = api_json_set(o, "infant_weight_g",
                     f->infant_weight_g != VISIT_WEIGHT_NONE ? json_integer(f->infant_weight_g)
                                                             : json_null());
    o = api_json_set(o, "feeding", api_json_string_or_null(f->feeding));
    o = api_json_set(o, "mother_mood", api_json_string_or_null(f->mother_mood));
    o = api_json_set(o, "mother_sleep", api_json_string_or_null(f->mother_sleep));
    o = api_json_set(o, "home_environment", api_json_string_or_null(f->home_environment));
    o = api_json_set(o, "home_note", api_json_string_or_null(f->home_note));
    o = api_json_set(o, "next_contact_on", api_json_string_or_null(f->next_contact_on));
    return api_json_set(o, "next_contact_kind", api_json_string_or_null(f->next_contact_kind));
}

static json_t *visit_json(const store_visit *v, date_ymd today)
{
    visit_kind kind = visit_kind_from_code(v->kind);
    json_t *o = json_pack(
        "{s:s, s:I, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "id", v->id, "version",
        (json_int_t)v->version, "person_id", v->person_id, "kind", v->kind, "kind_label",
        visit_kind_label(kind), "subtype", api_json_string_or_null(v->subtype), "subtype_label",
        visit_subtype_label(kind, v->subtype), "on", v->on, "status", v->status, "status_label",
        visit_status_label(kind, visit_status_from_code(v->status)), "staff",
        api_json_string_or_null(v->staff), "notes", api_json_string_or_null(v->notes), "followup",
        api_followup_json(&v->followup));
    o = api_json_set(o, "person", api_person_brief_json(&v->person, today));
    o = form_json(o, &v->form);
    if (v->planned_on) {
        o = api_json_set(o, "planned_on", json_string(v->planned_on));
        o = api_json_set(o, "planned",
                         json_string(v->planned_next_contact ? "next_contact" : "visit"));
    }
    o = api_json_set(o, "created_at", api_json_instant(v->created_at));
    return api_json_set(o, "updated_at", api_json_instant(v->updated_at));
}

static void answer(http_req *req, int status, const store_visit *v)
{
    if (status == 201)
        http_add_header(req, "Location", pool_printf(req->pool, "/api/v1/visits/%s", v->id));
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)v->version));
    http_reply_json(req, status, visit_json(v, api_today(req)));
}

void api_visits_create(http_req *req)
{
    json_t *body;
    svc_visit_input in;
    svc_visit_fields set;
    if (api_body(req, visit_fields, &body) != 0 || read_input(req, body, true, &in, &set) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    store_visit v;
    if (!api_answer_failure(req, svc_visits_record(&ctx, &in, &v)))
        answer(req, 201, &v);
}

void api_visits_update(http_req *req)
{
    json_t *body;
    int64_t version;
    svc_visit_input in;
    svc_visit_fields set;
    if (api_if_match(req, &version) != 0 || api_body(req, visit_fields, &body) != 0 ||
        read_input(req, body, false, &in, &set) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    store_visit v;
    if (!api_answer_failure(req, svc_visits_update(&ctx, req->params[0], version, &in, &set, &v)))
        answer(req, 200, &v);
}

void api_visits_get(http_req *req)
{
    svc_ctx ctx;
    api_ctx(req, &ctx);
    store_visit v;
    if (api_answer_failure(req, svc_visits_get(&ctx, req->params[0], &v)))
        return;
    api_hold_reads(req, &ctx);
    answer(req, 200, &v);
}

static json_t *followed_up_json(const svc_followed_up *record, date_ymd today)
{
    return visit_json(&record->visit, today);
}

void api_visits_followup(http_req *req)
{
    api_followup(req, SVC_FOLLOWUP_MISSED_CHECKUP, followed_up_json);
}

static int add_item(void *arg, const store_visit *v)
{
    api_page *pg = arg;
    if (api_page_full(pg))
        return 1;
    api_page_add(pg, visit_json(v, api_today(pg->req)), v->on, v->id);
    return 0;
}

typedef struct planned_items {
    json_t *items;
    date_ymd today;
} planned_items;

static int add_planned(void *arg, const store_visit *v)
{
    planned_items *pl = arg;
    json_array_append_new(pl->items, visit_json(v, pl->today));
    return 0;
}

/* GET /visits?planned_from=&planned_to=: the worklist's plans, in one answer (no cursor). */
static void list_planned(http_req *req)
{
    int limit;
    if (api_limit(req, &limit) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    planned_items pl = {.items = json_array(), .today = api_today(req)};
    if (api_answer_failure(req, svc_visits_planned(&ctx, http_query(req, "planned_from"),
                                                   http_query(req, "planned_to"), limit,
                                                   add_planned, &pl))) {
        json_decref(pl.items);
        return;
    }
    api_hold_reads(req, &ctx);
    http_reply_json(req, 200, json_pack("{s:o, s:n}", "items", pl.items, "next_cursor"));
}

void api_visits_list(http_req *req)
{
    if (http_query(req, "planned_from") || http_query(req, "planned_to")) {
        list_planned(req);
        return;
    }
    svc_visit_filter f = {.person_id = http_query(req, "person_id"), .on = http_query(req, "on")};
    char *after[2];
    if (api_limit(req, &f.limit) != 0)
        return;
    if (api_page_cursor(req, after, 2) != 0)
        return;
    api_page pg;
    api_page_start(&pg, req, f.limit, 2);
    f.after_on = after[0];
    f.after_id = after[1];
    svc_ctx ctx;
    api_ctx(req, &ctx);
    if (api_answer_failure(req, svc_visits_list(&ctx, &f, add_item, &pg)))
        return;
    api_hold_reads(req, &ctx);
    api_page_answer(&pg, STORE_OK);
}
