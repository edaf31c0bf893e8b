/* GET /api/v1/audit: the audit trail, newest first (director, admin; service/audit_log.h). */
#include "api/common.h"
#include "api/input.h"
#include "api/resources.h"
#include "api/result.h"
#include "service/audit_log.h"

#include <stdlib.h>

/* The person's name: {family_name, given_name}, or null (none named, or not shown). */
static json_t *person_name_json(const svc_audit_entry *e)
{
    if (!e->person_family_name)
        return json_null();
    return json_pack("{s:s, s:o}", "family_name", e->person_family_name, "given_name",
                     api_json_string_or_null(e->person_given_name));
}

static json_t *entry_json(const svc_audit_entry *e)
{
    const store_audit_row *row = &e->row;
    return json_pack(
        "{s:I, s:o, s:o, s:o, s:o, s:s, s:{s:s, s:s}, s:o, s:o}", "seq", (json_int_t)row->seq, "at",
        api_json_instant(row->at), "user_id", api_json_string_or_null(row->user_id), "user_login",
        api_json_string_or_null(e->user_login), "user_name", api_json_string_or_null(e->user_name),
        "action", row->action, "object", "type", row->object_type, "id", row->object_id,
        "person_id", api_json_string_or_null(row->person_id), "person_name", person_name_json(e));
}

/* ?cursor=: the seq the previous page ended with. -1 after answering 400. */
static int read_cursor(http_req *req, int64_t *before)
{
    *before = 0;
    const char *cursor = http_query(req, "cursor");
    if (!cursor)
        return 0;
    char *parts[1];
    if (api_cursor_decode(req->pool, cursor, parts, 1) != 1 ||
        (*before = strtoll(parts[0], NULL, 10)) <= 0)
        return api_invalid(req, "cursor", "cursor が正しくありません。");
    return 0;
}

static const char *filter(http_req *req, const char *name)
{
    const char *v = http_query(req, name);
    return v && *v ? v : NULL;
}

void api_audit_list(http_req *req)
{
    svc_audit_query q = {.person_id = filter(req, "person_id"),
                         .user_id = filter(req, "user_id"),
                         .from = filter(req, "from"),
                         .to = filter(req, "to")};
    if (api_limit(req, &q.limit) != 0 || read_cursor(req, &q.before) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_audit_page page;
    if (api_answer_failure(req, svc_audit_log_list(&ctx, &q, &page)))
        return;
    json_t *items = json_array();
    for (int i = 0; items && i < page.count; i++)
        items = api_json_append(items, entry_json(&page.items[i]));
    json_t *next = json_null();
    if (page.more) {
        const char *parts[1] = {
            pool_printf(req->pool, "%lld", (long long)page.items[page.count - 1].row.seq)};
        next = json_string(api_cursor_encode(req->pool, parts, 1));
    }
    api_hold_reads(req, &ctx);
    http_reply_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}
