/* GET /api/v1/alerts: everything due, overdue first. Each source (store/alerts.c) yields open
 * items; the due rule of each kind is applied here, in Japan time (domain/due.c). */
#include "api/common.h"
#include "api/input.h"
#include "api/resources.h"
#include "domain/date.h"
#include "domain/due.h"
#include "store/alerts.h"
#include "store/reports.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct alert {
    const due_kind *kind;
    int64_t due_at;
    bool overdue;
    const char *ref_type, *ref_id;
    store_person person;
    const store_person *children; /* safety confirmations: every child not yet seen */
    int unconfirmed;
} alert;

typedef struct alert_list {
    alert *items;
    int count, cap;
    pool *pool;
    const char *only_kind, *only_section;
    int64_t now;
} alert_list;

static int64_t due_of(const store_alert_row *a, date_ymd base)
{
    if (strcmp(a->kind, "newborn_visit") == 0)
        return due_newborn_visit(base);
    if (strcmp(a->kind, "checkup_missed") == 0)
        return due_checkup_followup(base);
    if (strcmp(a->kind, "epds_self_harm") == 0)
        return due_epds_self_harm(base);
    return due_screening_followup(base);
}

static alert *next_slot(alert_list *l)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        alert *grown = pool_alloc(l->pool, sizeof *grown * (size_t)l->cap);
        if (l->count)
            memcpy(grown, l->items, sizeof *grown * (size_t)l->count);
        l->items = grown;
    }
    return &l->items[l->count++];
}

static int collect(void *arg, const store_alert_row *a)
{
    alert_list *l = arg;
    date_ymd base;
    if (!a->base_date || !date_parse(a->base_date, strlen(a->base_date), &base))
        return 0;
    int64_t due = due_of(a, base);
    *next_slot(l) = (alert){.kind = due_kind_of(a->kind),
                            .due_at = due,
                            .overdue = due <= l->now,
                            .ref_type = a->ref_type,
                            .ref_id = a->ref_id,
                            .person = a->person};
    return 0;
}

static int collect_safety(void *arg, const store_safety_alert *a)
{
    alert_list *l = arg;
    *next_slot(l) = (alert){.kind = due_kind_of("safety_confirmation"),
                            .due_at = a->due_at,
                            .overdue = a->due_at <= l->now,
                            .ref_type = "report",
                            .ref_id = a->report_id,
                            .person = a->children[0],
                            .children = a->children,
                            .unconfirmed = a->unconfirmed};
    return 0;
}

/* By the kind's rank (safety confirmations, then self-harm, then the rest), then overdue first,
 * then the earliest due; ties by kind and id, so pages are stable. */
static int by_urgency(const void *x, const void *y)
{
    const alert *a = x, *b = y;
    if (a->kind->rank != b->kind->rank)
        return a->kind->rank < b->kind->rank ? -1 : 1;
    if (a->overdue != b->overdue)
        return a->overdue ? -1 : 1;
    if (a->due_at != b->due_at)
        return a->due_at < b->due_at ? -1 : 1;
    int k = strcmp(a->kind->code, b->kind->code);
    return k ? k : strcmp(a->ref_id, b->ref_id);
}

static bool wanted(const alert_list *l, const char *code)
{
    const due_kind *k = due_kind_of(code);
    return (!l->only_kind || strcmp(l->only_kind, code) == 0) &&
           (!l->only_section || strcmp(l->only_section, k->section) == 0);
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
    if (rc == STORE_OK && wanted(l, "epds_self_harm"))
        rc = store_alerts_epds_self_harm(req->db, req->pool, collect, l);
    if (rc == STORE_OK && wanted(l, "safety_confirmation") &&
        role_may(req->user->role, PERM_REPORT_READ))
        rc = store_alerts_safety(req->db, req->pool, collect_safety, l);
    return rc;
}

static json_t *alert_json(const alert *a)
{
    json_t *item = json_pack("{s:s, s:s, s:o, s:b, s:{s:s, s:s}, s:o}", "kind", a->kind->code,
                             "label", a->kind->label, "due_at", api_json_instant(a->due_at),
                             "overdue", a->overdue, "ref", "type", a->ref_type, "id", a->ref_id,
                             "person", api_person_brief_json(&a->person));
    if (a->children) {
        json_t *children = json_array();
        for (int i = 0; i < a->unconfirmed; i++)
            children = api_json_append(children, api_person_brief_json(&a->children[i]));
        item = api_json_set(item, "children", children);
        item = api_json_set(item, "children_unconfirmed", json_integer(a->unconfirmed));
    }
    return item; /* NULL when a part could not be built: a child is never left off the board */
}

/* The board is read every minute while it is open: its rows (the reading, and each person it
 * names) are written at most once per user, person and hour. */
static void audit_board(http_req *req, const char *filter, const alert *page, int n)
{
    int cap = 1;
    for (int i = 0; i < n; i++)
        cap += page[i].children ? page[i].unconfirmed : 1;
    audit_entry *e = pool_zalloc(req->pool, sizeof *e * (size_t)cap);
    int count = 0;
    e[count++] = (audit_entry){.object_type = "alerts", .object_id = filter};
    for (int i = 0; i < n; i++) {
        int named = page[i].children ? page[i].unconfirmed : 1;
        for (int j = 0; j < named; j++) {
            const char *id = page[i].children ? page[i].children[j].id : page[i].person.id;
            bool seen = false; /* one row per person, however many items name them */
            for (int k = 1; k < count && !seen; k++)
                seen = strcmp(e[k].person_id, id) == 0;
            if (!seen)
                e[count++] =
                    (audit_entry){.object_type = "alerts", .object_id = "board", .person_id = id};
        }
    }
    api_audit_read_hourly(req, e, count);
}

/* The offset of an opaque cursor: 1..INT_MAX, or -1. */
static int cursor_offset(http_req *req, const char *cursor)
{
    char *parts[1], *end;
    if (api_cursor_decode(req->pool, cursor, parts, 1) != 1 || parts[0][0] < '1' ||
        parts[0][0] > '9')
        return -1;
    long long v = strtoll(parts[0], &end, 10);
    return *end || v > INT_MAX ? -1 : (int)v;
}

void api_alerts_list(http_req *req)
{
    int limit;
    if (api_limit(req, &limit) != 0)
        return;
    const char *kind = http_query(req, "kind"), *section = http_query(req, "section");
    if (kind && !due_kind_of(kind)) {
        api_invalid(req, "kind", "アラートの種類が正しくありません。");
        return;
    }
    if (section && strcmp(section, "health") != 0 && strcmp(section, "welfare") != 0) {
        api_invalid(req, "section", "health または welfare で指定してください。");
        return;
    }
    int offset = 0;
    const char *cursor = http_query(req, "cursor");
    if (cursor && (offset = cursor_offset(req, cursor)) < 0) {
        api_invalid(req, "cursor", "cursor が正しくありません。");
        return;
    }
    alert_list l = {.pool = req->pool, .only_kind = kind, .only_section = section, .now = req->now};
    if (gather(req, &l) != STORE_OK) {
        http_reply_internal(req);
        return;
    }
    /* A cursor points inside the list it came from (it may end there when items went away). */
    if (offset > l.count) {
        api_invalid(req, "cursor", "cursor が正しくありません。");
        return;
    }
    if (l.count > 1) /* no items: l.items is NULL, which qsort may not be given */
        qsort(l.items, (size_t)l.count, sizeof *l.items, by_urgency);
    int end = l.count - offset > limit ? offset + limit : l.count;
    json_t *items = json_array();
    for (int i = offset; i < end; i++)
        items = api_json_append(items, alert_json(&l.items[i]));
    json_t *next = json_null();
    if (end < l.count) {
        const char *parts[1] = {pool_printf(req->pool, "%d", end)};
        next = json_string(api_cursor_encode(req->pool, parts, 1));
    }
    audit_board(req,
                kind      ? kind
                : section ? section
                          : "-",
                l.count ? l.items + offset : NULL, end - offset);
    http_reply_json(
        req, 200,
        json_pack("{s:o, s:o, s:i}", "items", items, "next_cursor", next, "total", l.count));
}
