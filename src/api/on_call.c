/* /api/v1/on_call: the on-call roster (当番, service/on_call.h). */
#include "api/common.h"
#include "api/input.h"
#include "api/resources.h"
#include "api/result.h"
#include "domain/office_hours.h"
#include "service/on_call.h"

#include <string.h>

static json_t *on_call_json(const store_on_call *e)
{
    return json_pack("{s:s, s:I, s:{s:s, s:s}, s:o, s:o, s:s, s:b, s:o, s:o}", "id", e->id,
                     "version", (json_int_t)e->version, "user", "id", e->user_id, "name",
                     e->user_name ? e->user_name : "", "starts_at", api_json_instant(e->starts_at),
                     "ends_at", api_json_instant(e->ends_at), "contact", e->contact, "cancelled",
                     e->cancelled, "created_at", api_json_instant(e->created_at), "updated_at",
                     api_json_instant(e->updated_at));
}

static void answer_entry(http_req *req, svc_result r, int status, const store_on_call *e)
{
    if (api_answer_failure(req, r))
        return;
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)e->version));
    if (status == 201)
        http_add_header(req, "Location", pool_printf(req->pool, "/api/v1/on_call/%s", e->id));
    http_reply_json(req, status, on_call_json(e));
}

static const char *const entry_fields[] = {"user_id", "starts_at", "ends_at",
                                           "contact", "cancelled", NULL};

static int read_entry(http_req *req, bool create, svc_on_call_in *in)
{
    json_t *body;
    bool present = false;
    if (api_body(req, entry_fields, &body) != 0 ||
        api_string(req, body, "user_id", 64, create, &in->user_id) != 0 ||
        api_instant(req, body, "starts_at", &in->has_starts_at, &in->starts_at) != 0 ||
        api_instant(req, body, "ends_at", &in->has_ends_at, &in->ends_at) != 0 ||
        api_text(req, body, "contact", SVC_ON_CALL_CONTACT_MAX, create, &in->contact) != 0 ||
        api_bool(req, body, "cancelled", &in->cancelled, &present) != 0)
        return -1;
    in->has_cancelled = present;
    if (create && !in->has_starts_at)
        return api_missing(req, "starts_at");
    if (create && !in->has_ends_at)
        return api_missing(req, "ends_at");
    return 0;
}

void api_on_call_create(http_req *req)
{
    svc_on_call_in in = {0};
    if (read_entry(req, true, &in) != 0)
        return;
    svc_ctx ctx;
    store_on_call e;
    api_ctx(req, &ctx);
    answer_entry(req, svc_on_call_create(&ctx, &in, &e), 201, &e);
}

void api_on_call_update(http_req *req)
{
    int64_t version;
    svc_on_call_in in = {0};
    if (api_if_match(req, &version) != 0 || read_entry(req, false, &in) != 0)
        return;
    svc_ctx ctx;
    store_on_call e;
    api_ctx(req, &ctx);
    answer_entry(req, svc_on_call_update(&ctx, req->params[0], version, &in, &e), 200, &e);
}

/* ?from=DATE&to=DATE (Japan days, both included); by default from yesterday for 15 days. */
static int read_span(http_req *req, int64_t now, int64_t *from, int64_t *to)
{
    const char *names[2] = {"from", "to"};
    int64_t today = date_to_days(date_jst_of_instant(now));
    int64_t days[2] = {today - 1, today + 14};
    for (int i = 0; i < 2; i++) {
        const char *s = http_query(req, names[i]);
        date_ymd d;
        if (!s)
            continue;
        if (!date_parse(s, strlen(s), &d))
            return api_invalid(req, names[i], "日付は 2026-11-20 の形式で指定してください。");
        days[i] = date_to_days(d);
    }
    *from = date_jst_midnight(date_from_days(days[0]));
    *to = date_jst_midnight(date_from_days(days[1] + 1));
    return 0;
}

void api_on_call_list(http_req *req)
{
    svc_ctx ctx;
    api_ctx(req, &ctx);
    int64_t from = 0, to = 0;
    if (read_span(req, ctx.now, &from, &to) != 0)
        return;
    svc_on_call_list list;
    if (api_answer_failure(req, svc_on_call_between(&ctx, from, to, &list)))
        return;
    json_t *items = json_array();
    for (int i = 0; i < list.count; i++)
        items = api_json_append(items, on_call_json(&list.items[i]));
    json_t *body = json_pack("{s:o, s:b, s:o, s:o}", "items", items, "more", list.more, "from",
                             api_json_instant(from), "to", api_json_instant(to));
    if (!body)
        return (void)http_reply_internal(req);
    http_reply_json(req, 200, body);
}
