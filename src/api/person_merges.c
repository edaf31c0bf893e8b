/* /api/v1/persons/duplicates, /persons/{id}/duplicates/{other}/decision, /persons/merges: the
 * possible duplicates decided and two records of one person merged (service/person_merges.c). */
#include "api/common.h"
#include "api/input.h"
#include "api/persons.h"
#include "api/resources.h"
#include "api/result.h"
#include "service/person_merges.h"

#include <stdlib.h>
#include <string.h>

static json_t *brief_json(const store_person *p, date_ymd today)
{
    return api_json_set(api_person_brief_json(p, today), "address_protected",
                        json_boolean(p->address_protected));
}

static json_t *pair_json(const store_duplicate_pair *d, date_ymd today)
{
    return json_pack("{s:o, s:o, s:o}", "a", brief_json(&d->a, today), "b",
                     brief_json(&d->b, today), "found_at", api_json_instant(d->found_at));
}

/* ?cursor= of the list: the found_at, a and b of the last pair of the page before. */
static int read_pairs_cursor(http_req *req, svc_duplicates_input *in)
{
    const char *cursor = http_query(req, "cursor");
    if (!cursor)
        return 0;
    char *parts[3];
    char *end = NULL;
    if (api_cursor_decode(req->pool, cursor, parts, 3) == 3)
        in->after_at = strtoll(parts[0], &end, 10);
    if (!end || *end || !*parts[1] || !*parts[2])
        return api_invalid(req, "cursor", "cursor が正しくありません。");
    in->after_a = parts[1];
    in->after_b = parts[2];
    return 0;
}

void api_duplicates_list(http_req *req)
{
    svc_duplicates_input in = {0};
    if (api_limit(req, &in.limit) != 0 || read_pairs_cursor(req, &in) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_duplicates_page page;
    if (api_answer_failure(req, svc_duplicates_list(&ctx, &in, &page)))
        return;
    api_hold_reads(req, &ctx);
    json_t *items = json_array();
    for (int i = 0; items && i < page.count; i++)
        items = api_json_append(items, pair_json(&page.items[i], ctx.today));
    json_t *next = json_null();
    if (page.more && page.count > 0) {
        const store_duplicate_pair *last = &page.items[page.count - 1];
        const char *parts[3] = {pool_printf(req->pool, "%lld", (long long)last->found_at),
                                last->a.id, last->b.id};
        next = json_string(api_cursor_encode(req->pool, parts, 3));
    }
    http_reply_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}

void api_duplicates_decide(http_req *req)
{
    static const char *const allowed[] = {"decision", NULL};
    static const char *const decisions[] = {"distinct", NULL};
    json_t *body;
    const char *decision;
    if (api_body(req, allowed, &body) != 0 ||
        api_enum(req, body, "decision", decisions, true, &decision) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    if (api_answer_failure(req, svc_duplicates_distinct(&ctx, req->params[0], req->params[1])))
        return;
    http_reply_json(req, 200,
                    json_pack("{s:s, s:s, s:s}", "person_id", req->params[0], "other_id",
                              req->params[1], "decision", decision));
}

static json_t *counts_json(const int64_t counts[STORE_MERGE_TABLES])
{
    json_t *o = json_object();
    for (int i = 0; o && i < STORE_MERGE_TABLES; i++)
        o = api_json_set(o, store_merge_table_codes[i], json_integer(counts[i]));
    return o;
}

static json_t *side_json(const svc_merge_side *s, date_ymd today)
{
    return api_json_set(api_person_record_json(&s->record, today), "counts",
                        counts_json(s->counts));
}

void api_merges_preview(http_req *req)
{
    const char *a = http_query(req, "a"), *b = http_query(req, "b");
    if (!a || !*a || !b || !*b) {
        api_missing(req, !a || !*a ? "a" : "b");
        return;
    }
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_merge_preview pv;
    if (api_answer_failure(req, svc_merge_preview_get(&ctx, a, b, &pv)))
        return;
    api_hold_reads(req, &ctx);
    json_t *clash = pv.clash < 0
                        ? json_null()
                        : json_pack("{s:s, s:s}", "table", store_merge_table_codes[pv.clash],
                                    "label", store_merge_table_labels[pv.clash]);
    http_reply_json(req, 200,
                    json_pack("{s:o, s:o, s:o}", "a", side_json(&pv.a, ctx.today), "b",
                              side_json(&pv.b, ctx.today), "clash", clash));
}

/* "fields": {"<field>": "survivor" | "merged"}: the flags of the fields taken from merged. */
static int read_fields(http_req *req, json_t *body, unsigned *taken)
{
    *taken = 0;
    json_t *fields = json_object_get(body, "fields");
    if (!fields || json_is_null(fields))
        return 0;
    if (!json_is_object(fields))
        return api_invalid(req, "fields", "オブジェクトで指定してください。");
    const char *key;
    json_t *value;
    json_object_foreach(fields, key, value)
    {
        int i = 0;
        while (i < SVC_MERGE_FIELDS && strcmp(svc_merge_field_names[i], key) != 0)
            i++;
        const char *v = json_is_string(value) ? json_string_value(value) : "";
        const char *field = pool_printf(req->pool, "fields.%s", key);
        if (i == SVC_MERGE_FIELDS)
            return api_invalid(req, field, "統合で選べる項目ではありません。");
        if (strcmp(v, "merged") == 0)
            *taken |= 1u << i;
        else if (strcmp(v, "survivor") != 0)
            return api_invalid(req, field, "survivor または merged を指定してください。");
    }
    return 0;
}

static json_t *merge_json(const svc_merge_result *m, date_ymd today)
{
    return json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:o}", "id", m->merge.id, "survivor_id",
                     m->merge.survivor_id, "merged_id", m->merge.merged_id, "at",
                     api_json_instant(m->merge.at), "taken_fields", m->merge.taken_fields, "moved",
                     counts_json(m->moved), "survivor", api_person_json(&m->survivor, today));
}

void api_merges_undo(http_req *req)
{
    static const char *const none[] = {NULL};
    json_t *body;
    if (req->body_len > 0 && api_body(req, none, &body) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_unmerge_result u;
    if (api_answer_failure(req, svc_persons_merge_undo(&ctx, req->params[0], &u)))
        return;
    http_reply_json(req, 200,
                    json_pack("{s:s, s:o, s:o}", "id", u.merge.id, "survivor",
                              api_person_json(&u.survivor, ctx.today), "merged",
                              api_person_json(&u.merged, ctx.today)));
}

void api_merges_create(http_req *req)
{
    static const char *const allowed[] = {"survivor_id", "merged_id", "fields", NULL};
    json_t *body;
    svc_merge_input in = {0};
    if (api_body(req, allowed, &body) != 0 ||
        api_string(req, body, "survivor_id", 64, true, &in.survivor_id) != 0 ||
        api_string(req, body, "merged_id", 64, true, &in.merged_id) != 0 ||
        read_fields(req, body, &in.taken) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_merge_result m;
    if (api_answer_failure(req, svc_persons_merge(&ctx, &in, &m)))
        return;
    http_add_header(req, "Location",
                    pool_printf(req->pool, "/api/v1/persons/%s", m.merge.survivor_id));
    http_reply_json(req, 201, merge_json(&m, ctx.today));
}
