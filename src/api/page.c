#include "api/page.h"
#include "api/common.h"
#include "api/input.h"

void api_page_start(api_page *pg, http_req *req, int limit, int key_parts)
{
    *pg = (api_page){.req = req,
                     .items = api_adopt_json(req, json_array()),
                     .limit = limit,
                     .key_parts = key_parts};
}

bool api_page_full(api_page *pg)
{
    if (pg->count < pg->limit)
        return false;
    pg->more = true;
    return true;
}

void api_page_add(api_page *pg, json_t *item, const char *key0, const char *key1)
{
    pg->count++;
    pg->last[0] = pool_strdup(pg->req->pool, key0);
    pg->last[1] = key1 ? pool_strdup(pg->req->pool, key1) : NULL;
    /* An item that could not be built fails the page: a list never leaves a row out silently. */
    if (json_array_append_new(pg->items, item) != 0)
        pg->failed = true;
}

int api_page_cursor(http_req *req, char *parts[], int n)
{
    for (int i = 0; i < n; i++)
        parts[i] = NULL;
    const char *cursor = http_query(req, "cursor");
    if (cursor && api_cursor_decode(req->pool, cursor, parts, n) != n)
        return api_invalid(req, "cursor", "cursor が正しくありません。");
    return 0;
}

void api_page_answer(api_page *pg, int rc)
{
    if (rc != STORE_OK || pg->failed) {
        http_reply_internal(pg->req);
        return;
    }
    json_t *next = json_null();
    if (pg->more)
        next = json_string(api_cursor_encode(pg->req->pool, pg->last, pg->key_parts));
    json_t *o = json_pack("{s:O, s:o}", "items", pg->items, "next_cursor", next);
    if (o && pg->has_total)
        o = api_json_set(o, "total", json_integer((json_int_t)pg->total));
    http_reply_json(pg->req, 200, o);
}
