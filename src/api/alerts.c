/* GET /api/v1/alerts: the query and the cursor in, the board's page out. The board itself is
 * built by svc_alerts_board (service/alerts.c). */
#include "api/alerts.h"
#include "api/common.h"
#include "api/input.h"
#include "api/resources.h"
#include "api/result.h"

#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>

/* The cursor: the board's instant and the last item's sort key (kind, due_at, ref id). The
 * older cursor, a bare offset, is still read (svc_alerts_filter.offset). */
enum { CURSOR_PARTS = 4 };

/* Who is on call for a safety confirmation near its deadline outside office hours. */
static json_t *on_call_json(const store_on_call *e)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "id", e->id, "user_id", e->user_id, "name",
                     e->user_name ? e->user_name : "", "contact", e->contact, "starts_at",
                     api_json_instant(e->starts_at), "ends_at", api_json_instant(e->ends_at));
}

static json_t *alert_json(const svc_alert *a, date_ymd today)
{
    json_t *item = json_pack("{s:s, s:s, s:o, s:b, s:{s:s, s:s}, s:o}", "kind",
                             alert_kind_code(a->kind), "label", alert_kind_label(a->kind), "due_at",
                             api_json_instant(a->due_at), "overdue", a->overdue, "ref", "type",
                             alert_kind_rule_of(a->kind)->ref_type, "id", a->ref_id, "person",
                             a->person.id ? api_person_brief_json(&a->person, today) : json_null());
    if (a->case_id)
        item = api_json_set(item, "case_id", json_string(a->case_id));
    item = api_json_set(item, "upcoming", json_boolean(a->upcoming));
    item = api_json_set(item, "address", api_json_string_or_null(a->address));
    item = api_json_set(item, "address_protected", json_boolean(a->address_protected));
    if (a->kind == ALERT_SAFETY_CONFIRMATION) {
        item = api_json_set(item, "urgency", api_json_string_or_null(a->urgency));
        item = api_json_set(item, "on_call_needed", json_boolean(a->on_call_needed));
        item = api_json_set(item, "on_call", a->on_call ? on_call_json(a->on_call) : json_null());
    }
    if (a->children) {
        json_t *children = json_array();
        for (int i = 0; i < a->unconfirmed; i++)
            children = api_json_append(children, api_person_brief_json(&a->children[i], today));
        item = api_json_set(item, "children", children);
        item = api_json_set(item, "children_unconfirmed", json_integer(a->unconfirmed));
    }
    return item; /* NULL when a part could not be built: a child is never left off the board */
}

static json_t *next_cursor(pool *p, const svc_alerts_page *b)
{
    if (!b->more)
        return json_null();
    svc_alerts_key k = svc_alerts_key_of(&b->items[b->count - 1]);
    const char *parts[CURSOR_PARTS] = {pool_printf(p, "%" PRId64, b->at),
                                       pool_printf(p, "%" PRId64, k.due_at),
                                       alert_kind_code(k.kind), k.ref_id};
    return json_string(api_cursor_encode(p, parts, CURSOR_PARTS));
}

json_t *api_alerts_page_json(pool *p, const svc_alerts_page *b)
{
    json_t *items = json_array();
    for (int i = 0; i < b->count; i++)
        items = api_json_append(items, alert_json(&b->items[i], date_jst_of_instant(b->at)));
    return json_pack("{s:o, s:o, s:i}", "items", items, "next_cursor", next_cursor(p, b), "total",
                     b->total);
}

static int invalid_cursor(http_req *req)
{
    return api_invalid(req, "cursor", "cursor が正しくありません。");
}

static int read_cursor(http_req *req, svc_alerts_filter *f, svc_alerts_key *after)
{
    const char *cursor = http_query(req, "cursor");
    if (!cursor)
        return 0;
    char *parts[CURSOR_PARTS];
    int n = api_cursor_decode(req->pool, cursor, parts, CURSOR_PARTS);
    if (n == 1) {
        long long offset = api_plain_number(parts[0], INT_MAX);
        f->offset = (int)offset;
        return offset < 0 ? invalid_cursor(req) : 0;
    }
    if (n != CURSOR_PARTS)
        return invalid_cursor(req);
    long long at = api_plain_number(parts[0], LLONG_MAX),
              due_at = api_plain_number(parts[1], LLONG_MAX);
    *after = (svc_alerts_key){
        .kind = alert_kind_from_code(parts[2]), .due_at = due_at, .ref_id = parts[3]};
    if (at < 0 || due_at < 0 || after->kind == ALERT_KIND_NONE || !parts[3][0])
        return invalid_cursor(req);
    f->at = at;
    f->after = after;
    return 0;
}

static int read_filter(http_req *req, svc_alerts_filter *f)
{
    const char *kind = http_query(req, "kind"), *section_query = http_query(req, "section");
    if (kind && (f->only_kind = alert_kind_from_code(kind)) == ALERT_KIND_NONE)
        return api_invalid(req, "kind", "アラートの種類が正しくありません。");
    if (section_query &&
        (f->only_section = alert_section_from_code(section_query)) == ALERT_SECTION_NONE)
        return api_invalid(req, "section", "health、welfare または case で指定してください。");
    return 0;
}

void api_alerts_list(http_req *req)
{
    svc_alerts_filter f = {.only_kind = ALERT_KIND_NONE, .only_section = ALERT_SECTION_NONE};
    svc_alerts_key after;
    if (api_limit(req, &f.limit) != 0 || read_filter(req, &f) != 0 ||
        read_cursor(req, &f, &after) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_alerts_page board;
    if (api_answer_failure(req, svc_alerts_board(&ctx, &f, &board)))
        return;
    json_t *body = api_alerts_page_json(req->pool, &board);
    if (!body) {
        http_reply_internal(req);
        return;
    }
    api_hold_reads(req, &ctx);
    http_reply_json(req, 200, body);
}
