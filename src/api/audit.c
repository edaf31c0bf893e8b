/* GET /api/v1/audit: the audit trail, newest first (director, admin). */
#include "api/common.h"
#include "api/input.h"
#include "api/resources.h"
#include "store/audit.h"

#include <stdlib.h>

typedef struct list_ctx {
    json_t *items;
    int limit, count;
    int64_t last_seq;
    bool more;
} list_ctx;

static int add_row(void *arg, const store_audit_row *row, const char *login)
{
    list_ctx *ctx = arg;
    if (ctx->count == ctx->limit) {
        ctx->more = true;
        return 1;
    }
    ctx->count++;
    ctx->last_seq = row->seq;
    ctx->items = api_json_append(
        ctx->items,
        json_pack("{s:I, s:o, s:o, s:o, s:s, s:{s:s, s:s}, s:o}", "seq", (json_int_t)row->seq, "at",
                  api_json_instant(row->at), "user_id", api_json_string_or_null(row->user_id),
                  "user_login", api_json_string_or_null(login), "action", row->action, "object",
                  "type", row->object_type, "id", row->object_id, "person_id",
                  api_json_string_or_null(row->person_id)));
    return ctx->items ? 0 : 1; /* a row that cannot be shown fails the page (500) */
}

void api_audit_list(http_req *req)
{
    int limit;
    if (api_limit(req, &limit) != 0)
        return;
    int64_t before = 0;
    const char *cursor = http_query(req, "cursor");
    if (cursor) {
        char *parts[1];
        if (api_cursor_decode(req->pool, cursor, parts, 1) != 1 ||
            (before = strtoll(parts[0], NULL, 10)) <= 0) {
            api_invalid(req, "cursor", "cursor が正しくありません。");
            return;
        }
    }
    const char *person_id = http_query(req, "person_id");
    const char *user_id = http_query(req, "user_id");
    list_ctx ctx = {.items = json_array(), .limit = limit};
    int rc = store_audit_scan(req->db, before, person_id && *person_id ? person_id : NULL,
                              user_id && *user_id ? user_id : NULL, limit + 1, true, add_row, &ctx);
    if (rc == STORE_OK && !ctx.items) {
        http_reply_internal(req);
        return;
    }
    /* Reading the audit log is itself recorded. */
    if (rc != STORE_OK || api_audit_read(req, "audit", "-", person_id) != 0) {
        json_decref(ctx.items);
        if (rc != STORE_OK)
            http_reply_internal(req);
        return;
    }
    json_t *next = json_null();
    if (ctx.more) {
        const char *parts[1] = {pool_printf(req->pool, "%lld", (long long)ctx.last_seq)};
        next = json_string(api_cursor_encode(req->pool, parts, 1));
    }
    http_reply_json(req, 200, json_pack("{s:o, s:o}", "items", ctx.items, "next_cursor", next));
}
