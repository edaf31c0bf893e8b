/* GET /api/v1/alerts: everything due, overdue first. Each source (store/alerts.c) yields open
 * items; the due rule of each kind is applied here, in Japan time. */
#include "api/common.h"
#include "api/input.h"
#include "api/resources.h"
#include "domain/date.h"
#include "domain/due.h"
#include "store/alerts.h"
#include "store/reports.h"

#include <stdlib.h>
#include <string.h>

typedef struct alert {
    const char *kind;
    int64_t due_at;
    bool overdue;
    const char *ref_type, *ref_id;
    store_person person;
    int unconfirmed; /* safety confirmations: children not yet seen */
} alert;

typedef struct alert_list {
    alert *items;
    int count, cap;
    pool *pool;
    const char *only_kind;
    int64_t now;
} alert_list;

static const char *alert_label(const char *kind)
{
    if (strcmp(kind, "newborn_visit") == 0)
        return "こんにちは赤ちゃん訪問が未実施";
    if (strcmp(kind, "checkup_missed") == 0)
        return "乳幼児健診の未受診（フォロー未実施）";
    if (strcmp(kind, "screening_followup") == 0)
        return "EPDS 要フォロー（7日以内）";
    if (strcmp(kind, "safety_confirmation") == 0)
        return "虐待通告：48時間以内の現認（安全確認）";
    return kind;
}

static int64_t due_of(const store_alert_row *a, date_ymd base)
{
    if (strcmp(a->kind, "newborn_visit") == 0)
        return due_newborn_visit(base);
    if (strcmp(a->kind, "checkup_missed") == 0)
        return due_checkup_followup(base);
    return due_screening_followup(base);
}

static int collect(void *arg, const store_alert_row *a)
{
    alert_list *l = arg;
    date_ymd base;
    if (!a->base_date || !date_parse(a->base_date, strlen(a->base_date), &base))
        return 0;
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        alert *grown = pool_alloc(l->pool, sizeof *grown * (size_t)l->cap);
        if (l->count)
            memcpy(grown, l->items, sizeof *grown * (size_t)l->count);
        l->items = grown;
    }
    int64_t due = due_of(a, base);
    l->items[l->count++] = (alert){.kind = a->kind,
                                   .due_at = due,
                                   .overdue = due <= l->now,
                                   .ref_type = a->ref_type,
                                   .ref_id = a->ref_id,
                                   .person = a->person};
    return 0;
}

/* Safety confirmations first (a child not yet seen), then overdue first, then the earliest due;
 * ties by kind and id, so pages are stable. */
static int by_urgency(const void *x, const void *y)
{
    const alert *a = x, *b = y;
    bool as = strcmp(a->kind, "safety_confirmation") == 0;
    bool bs = strcmp(b->kind, "safety_confirmation") == 0;
    if (as != bs)
        return as ? -1 : 1;
    if (a->overdue != b->overdue)
        return a->overdue ? -1 : 1;
    if (a->due_at != b->due_at)
        return a->due_at < b->due_at ? -1 : 1;
    int k = strcmp(a->kind, b->kind);
    return k ? k : strcmp(a->ref_id, b->ref_id);
}

static bool wanted(const alert_list *l, const char *kind)
{
    return !l->only_kind || strcmp(l->only_kind, kind) == 0;
}

static int collect_safety(void *arg, const store_safety_alert *a)
{
    alert_list *l = arg;
    store_alert_row row = {.kind = "safety_confirmation",
                           .ref_type = "report",
                           .ref_id = a->report_id,
                           .person = a->child};
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        alert *grown = pool_alloc(l->pool, sizeof *grown * (size_t)l->cap);
        if (l->count)
            memcpy(grown, l->items, sizeof *grown * (size_t)l->count);
        l->items = grown;
    }
    l->items[l->count++] = (alert){.kind = row.kind,
                                   .due_at = a->due_at,
                                   .overdue = a->due_at <= l->now,
                                   .ref_type = row.ref_type,
                                   .ref_id = row.ref_id,
                                   .person = row.person,
                                   .unconfirmed = a->unconfirmed};
    return 0;
}

static int gather(http_req *req, alert_list *l)
{
    date_ymd today = date_today_jst();
    char since[11];
    date_format(date_add_months(today, -12), since);
    int rc = STORE_OK;
    if (wanted(l, "newborn_visit"))
        rc = store_alerts_newborn_visits(req->db, req->pool, since, collect, l);
    if (rc == STORE_OK && wanted(l, "checkup_missed"))
        rc = store_alerts_missed_checkups(req->db, req->pool, collect, l);
    if (rc == STORE_OK && wanted(l, "screening_followup"))
        rc = store_alerts_screening_followups(req->db, req->pool, collect, l);
    if (rc == STORE_OK && wanted(l, "safety_confirmation") &&
        role_may(req->user->role, PERM_REPORT_READ))
        rc = store_alerts_safety(req->db, req->pool, collect_safety, l);
    return rc;
}

void api_alerts_list(http_req *req)
{
    static const char *const kinds[] = {"safety_confirmation", "newborn_visit", "checkup_missed",
                                        "screening_followup", NULL};
    int limit;
    if (api_limit(req, &limit) != 0)
        return;
    const char *kind = http_query(req, "kind");
    if (kind) {
        bool known = false;
        for (int i = 0; kinds[i]; i++)
            known |= strcmp(kinds[i], kind) == 0;
        if (!known) {
            api_invalid(req, "kind", "アラートの種類が正しくありません。");
            return;
        }
    }
    int offset = 0;
    const char *cursor = http_query(req, "cursor");
    if (cursor) {
        char *parts[1];
        if (api_cursor_decode(req->pool, cursor, parts, 1) != 1 || (offset = atoi(parts[0])) <= 0) {
            api_invalid(req, "cursor", "cursor が正しくありません。");
            return;
        }
    }
    alert_list l = {.pool = req->pool, .only_kind = kind, .now = req->now};
    if (gather(req, &l) != STORE_OK) {
        http_reply_internal(req);
        return;
    }
    if (l.count > 1) /* no items: l.items is NULL, which qsort may not be given */
        qsort(l.items, (size_t)l.count, sizeof *l.items, by_urgency);
    json_t *items = json_array();
    int end = offset + limit < l.count ? offset + limit : l.count;
    for (int i = offset; i < end; i++) {
        const alert *a = &l.items[i];
        json_t *item =
            json_pack("{s:s, s:s, s:o, s:b, s:{s:s, s:s}, s:o}", "kind", a->kind, "label",
                      alert_label(a->kind), "due_at", api_json_instant(a->due_at), "overdue",
                      a->overdue, "ref", "type", a->ref_type, "id", a->ref_id, "person",
                      api_person_brief_json(&a->person));
        if (strcmp(a->kind, "safety_confirmation") == 0)
            json_object_set_new(item, "children_unconfirmed", json_integer(a->unconfirmed));
        json_array_append_new(items, item);
    }
    json_t *next = json_null();
    if (end < l.count) {
        const char *parts[1] = {pool_printf(req->pool, "%d", end)};
        next = json_string(api_cursor_encode(req->pool, parts, 1));
    }
    /* The board lists who is due, not their records: one audit row per reading of it. */
    api_audit_read(req, "alerts", kind ? kind : "-", NULL);
    http_reply_json(
        req, 200,
        json_pack("{s:o, s:o, s:i}", "items", items, "next_cursor", next, "total", l.count));
}
