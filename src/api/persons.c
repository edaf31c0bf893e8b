/* /api/v1/persons: search, create, read, update, timeline. JSON in, a use case of
 * service/persons.c, search.c or timeline.c, JSON out. */
#include "api/persons.h"

#include "api/common.h"
#include "api/input.h"
#include "api/resources.h"
#include "api/result.h"
#include "service/timeline.h"

#include <stdlib.h>
#include <string.h>

static const char *const person_fields[] = {
    "family_name", "given_name", "family_name_kana", "given_name_kana",   "birth_date",  "sex",
    "address",     "phone",      "resident_id",      "address_protected", "affiliation", NULL};

/* Reads the fields present in body (their JSON form: strings, lengths, characters, dates); the
 * use case checks what they mean. */
static int read_person_input(http_req *req, json_t *body, svc_person_input *in)
{
    static const struct {
        const char *name;
        unsigned flag;
        size_t max;
        size_t offset;
    } fields[] = {
        {"family_name", SVC_PERSON_FAMILY_NAME, API_NAME_MAX,
         offsetof(svc_person_input, family_name)},
        {"given_name", SVC_PERSON_GIVEN_NAME, API_NAME_MAX, offsetof(svc_person_input, given_name)},
        {"family_name_kana", SVC_PERSON_FAMILY_NAME_KANA, API_NAME_MAX,
         offsetof(svc_person_input, family_name_kana)},
        {"given_name_kana", SVC_PERSON_GIVEN_NAME_KANA, API_NAME_MAX,
         offsetof(svc_person_input, given_name_kana)},
        {"birth_date", SVC_PERSON_BIRTH_DATE, 0, offsetof(svc_person_input, birth_date)},
        {"sex", SVC_PERSON_SEX, 64, offsetof(svc_person_input, sex)},
        {"address", SVC_PERSON_ADDRESS, API_ADDRESS_MAX, offsetof(svc_person_input, address)},
        {"phone", SVC_PERSON_PHONE, 20, offsetof(svc_person_input, phone)},
        {"resident_id", SVC_PERSON_RESIDENT_ID, 20, offsetof(svc_person_input, resident_id)},
        {"affiliation", SVC_PERSON_AFFILIATION, API_NAME_MAX,
         offsetof(svc_person_input, affiliation)},
    };
    *in = (svc_person_input){0};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char **slot = (const char **)((char *)in + fields[i].offset);
        if (!api_has(body, fields[i].name))
            continue;
        in->present |= fields[i].flag;
        int rc = fields[i].max ? api_string(req, body, fields[i].name, fields[i].max, false, slot)
                               : api_date(req, body, fields[i].name, false, slot);
        if (rc != 0)
            return -1;
    }
    bool present = false;
    if (api_bool(req, body, "address_protected", &in->address_protected, &present) != 0)
        return -1;
    if (present)
        in->present |= SVC_PERSON_ADDRESS_PROTECTED;
    return 0;
}

static void answer_person(http_req *req, int status, const store_person *p, json_t *out)
{
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)p->version));
    http_reply_json(req, status, out);
}

static json_t *person_list_json(const store_person *items, int n, date_ymd today)
{
    json_t *list = json_array();
    for (int i = 0; list && i < n; i++)
        list = api_json_append(list, api_person_brief_json(&items[i], today));
    return list;
}

void api_persons_create(http_req *req)
{
    json_t *body;
    svc_person_input in;
    if (api_body(req, person_fields, &body) != 0 || read_person_input(req, body, &in) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_person_created created;
    if (api_answer_failure(req, svc_persons_create(&ctx, &in, &created)))
        return;
    api_hold_reads(req, &ctx); /* the possible duplicates shown */
    const store_person *p = &created.person;
    json_t *out = api_person_json(p, ctx.today);
    out = api_json_set(out, "possible_duplicates",
                       person_list_json(created.duplicates, created.duplicate_count, ctx.today));
    out = api_json_set(out, "households", json_array());
    http_add_header(req, "Location", pool_printf(req->pool, "/api/v1/persons/%s", p->id));
    answer_person(req, 201, p, out);
}

static json_t *household_ref_json(const svc_person_household *h)
{
    return json_pack("{s:s, s:o, s:s, s:o, s:o}", "household_id", h->household_id, "name",
                     api_json_string_or_null(h->name), "relation", h->relation, "from",
                     api_json_string_or_null(h->from_date), "to",
                     api_json_string_or_null(h->to_date));
}

json_t *api_person_record_json(const svc_person_record *r, date_ymd today)
{
    json_t *households = json_array();
    for (int i = 0; households && i < r->household_count; i++)
        households = api_json_append(households, household_ref_json(&r->households[i]));
    json_t *o = api_json_set(api_person_json(&r->person, today), "households", households);
    o = api_json_set(o, "merged_into", api_json_string_or_null(r->person.merged_into));
    o = api_json_set(o, "possible_duplicates",
                     person_list_json(r->duplicates, r->duplicate_count, today));
    return api_json_set(o, "imported", api_import_origin_json(r->imported));
}

void api_persons_get(http_req *req)
{
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_person_record r;
    if (api_answer_failure(req, svc_persons_get(&ctx, req->params[0], &r)))
        return;
    api_hold_reads(req, &ctx);
    answer_person(req, 200, &r.person, api_person_record_json(&r, ctx.today));
}

void api_persons_update(http_req *req)
{
    json_t *body;
    int64_t version;
    svc_person_input in;
    if (api_if_match(req, &version) != 0 || api_body(req, person_fields, &body) != 0 ||
        read_person_input(req, body, &in) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    store_person p;
    if (api_answer_failure(req, svc_persons_update(&ctx, req->params[0], version, &in, &p)))
        return;
    api_hold_reads(req, &ctx); /* when nothing changed, the answer is a read */
    answer_person(req, 200, &p, api_person_json(&p, ctx.today));
}

json_t *api_person_search_json(pool *p, const svc_search_page *page, date_ymd today)
{
    json_t *items = json_array();
    for (int i = 0; items && i < page->count; i++) {
        const store_person *person = &page->items[i];
        items = api_json_append(items, api_json_set(api_person_brief_json(person, today), "sex",
                                                    api_json_string_or_null(person->sex)));
    }
    json_t *next = json_null();
    if (page->more) {
        const char *parts[2] = {page->next_key, page->next_id};
        next = json_string(api_cursor_encode(p, parts, 2));
    }
    return json_pack("{s:o, s:o}", "items", items, "next_cursor", next);
}

void api_persons_search(http_req *req)
{
    if (api_answered_as_export(req, api_persons_export))
        return;
    svc_search_input in = {.q = http_query(req, "q")};
    if (api_limit(req, &in.limit) != 0)
        return;
    char *after[2] = {NULL, NULL};
    const char *cursor = http_query(req, "cursor");
    if (in.q && *in.q && cursor && api_cursor_decode(req->pool, cursor, after, 2) != 2) {
        api_invalid(req, "cursor", "cursor が正しくありません。");
        return;
    }
    in.after_key = after[0];
    in.after_id = after[1];
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_search_page page;
    if (api_answer_failure(req, svc_search_persons(&ctx, &in, &page)))
        return;
    api_hold_reads(req, &ctx);
    http_reply_json(req, 200, api_person_search_json(req->pool, &page, ctx.today));
}

/* ?cursor= of a timeline page: the (at, seq) of the last event of the page before. */
static int read_timeline_cursor(http_req *req, svc_timeline_input *in)
{
    const char *cursor = http_query(req, "cursor");
    if (!cursor)
        return 0;
    char *parts[2];
    if (api_cursor_decode(req->pool, cursor, parts, 2) != 2)
        return api_invalid(req, "cursor", "cursor が正しくありません。");
    char *end_at, *end_seq;
    in->before_at = strtoll(parts[0], &end_at, 10);
    in->before_seq = strtoll(parts[1], &end_seq, 10);
    if (*end_at || *end_seq || in->before_seq <= 0)
        return api_invalid(req, "cursor", "cursor が正しくありません。");
    return 0;
}

static json_t *event_json(const store_event *e)
{
    return json_pack("{s:o, s:s, s:s, s:s, s:{s:s, s:s}}", "at", api_json_instant(e->at), "kind",
                     e->kind, "section", e->section, "summary", e->summary, "ref", "type",
                     e->ref_type, "id", e->ref_id);
}

void api_persons_timeline(http_req *req)
{
    svc_timeline_input in = {.person_id = req->params[0]};
    if (api_limit(req, &in.limit) != 0 || read_timeline_cursor(req, &in) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_timeline_page page;
    if (api_answer_failure(req, svc_timeline_person(&ctx, &in, &page)))
        return;
    api_hold_reads(req, &ctx);
    json_t *items = json_array();
    for (int i = 0; items && i < page.count; i++)
        items = api_json_append(items, event_json(&page.items[i]));
    json_t *next = json_null();
    if (page.more) {
        const char *parts[2] = {pool_printf(req->pool, "%lld", (long long)page.next_at),
                                pool_printf(req->pool, "%lld", (long long)page.next_seq)};
        next = json_string(api_cursor_encode(req->pool, parts, 2));
    }
    http_reply_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}
