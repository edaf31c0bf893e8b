#include "service/alerts.h"

#include "domain/companion.h"
#include "domain/address_protection.h"
#include "domain/office_hours.h"
#include "service/on_call.h"
#include "store/alerts.h"
#include "store/companion.h"
#include "store/reports.h"

#include <stdlib.h>
#include <string.h>

enum { BOARD_PAGE_MAX = 500 };

/* The whole board as it is gathered: every item of every kind asked for. */
typedef struct gathering {
    svc_alert *items;
    int count, cap;
    pool *pool;
    alert_kind kind;            /* of the rows now being collected */
    int64_t at;                 /* the board's instant */
    bool of_case_subjects;      /* the person-keyed kinds of the current subjects of open cases */
    const store_case_ids *page; /* of_case_subjects: of these cases only (NULL: every one) */
} gathering;

static svc_alert *next_slot(gathering *g)
{
    if (g->count == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 64;
        svc_alert *grown = pool_alloc(g->pool, sizeof *grown * (size_t)g->cap);
        if (g->count)
            memcpy(grown, g->items, sizeof *grown * (size_t)g->count);
        g->items = grown;
    }
    return &g->items[g->count++];
}

static int collect(void *arg, const store_alert_row *row)
{
    gathering *g = arg;
    date_ymd base;
    if (!row->base_date || !date_parse(row->base_date, strlen(row->base_date), &base))
        return 0;
    int64_t due = alert_kind_rule_of(g->kind)->due(base);
    *next_slot(g) = (svc_alert){.kind = g->kind,
                                .due_at = due,
                                .overdue = due <= g->at,
                                .upcoming = alert_upcoming(due, g->at),
                                .ref_id = row->ref_id,
                                .person = row->person,
                                .case_id = row->case_id};
    return 0;
}

static int collect_safety(void *arg, const store_safety_alert *a)
{
    gathering *g = arg;
    *next_slot(g) = (svc_alert){.kind = ALERT_SAFETY_CONFIRMATION,
                                .due_at = a->due_at,
                                .overdue = a->due_at <= g->at,
                                .upcoming = alert_upcoming(a->due_at, g->at),
                                .ref_id = a->report_id,
                                .urgency = a->urgency,
                                .person = a->children[0],
                                .children = a->children,
                                .unconfirmed = a->unconfirmed};
    return 0;
}

/* The day a 伴走型 interview of the row is reckoned from (the notification, 満28週, the 4-month
 * day), or false when it is not on the board now: before the scheme, an 8th month not yet begun
 * or already past the expected delivery, a row without its dates. */
static bool companion_day(const gathering *g, const store_alert_row *row, date_ymd *base)
{
    date_ymd day, notified = {0}, due_date = {0};
    bool has_due = row->base_date && date_parse(row->base_date, strlen(row->base_date), &due_date);
    switch (g->kind) {
    case ALERT_COMPANION_8M: {
        date_ymd today = date_jst_of_instant(g->at);
        if (!row->notified_on || !date_parse(row->notified_on, strlen(row->notified_on), &notified))
            return false;
        if (!companion_expected_delivery(has_due, due_date, notified, row->weeks_at_notification,
                                         base))
            return false;
        day = companion_8m_listed_from(*base);
        return companion_in_scheme(day) && date_compare(today, day) >= 0 &&
               date_compare(today, *base) < 0;
    }
    case ALERT_COMPANION_POSTNATAL:
        *base = due_date;
        return has_due && companion_in_scheme(date_add_months(due_date, NEWBORN_VISIT_MONTHS));
    default:
        *base = due_date;
        return has_due && companion_in_scheme(due_date);
    }
}

static int collect_companion(void *arg, const store_alert_row *row)
{
    gathering *g = arg;
    date_ymd base;
    if (!companion_day(g, row, &base))
        return 0;
    int64_t due = alert_kind_rule_of(g->kind)->due(base);
    *next_slot(g) = (svc_alert){.kind = g->kind,
                                .due_at = due,
                                .overdue = due <= g->at,
                                .ref_id = row->ref_id,
                                .person = row->person};
    return 0;
}

/* 伴走型相談支援: pregnancies of the last 12 months (the whole town's; the agenda of a case
 * meeting does not take them up). */
static int gather_companion(svc_ctx *ctx, gathering *g)
{
    if (g->of_case_subjects)
        return STORE_OK;
    char since[11];
    date_format(date_add_months(date_jst_of_instant(g->at), -SVC_ALERTS_NEWBORN_WINDOW_MONTHS),
                since);
    if (g->kind == ALERT_COMPANION_NOTIFICATION)
        return store_companion_notification_open(ctx->db, ctx->pool, since, collect_companion, g);
    if (g->kind == ALERT_COMPANION_8M)
        return store_companion_8m_open(ctx->db, ctx->pool, since, collect_companion, g);
    return store_companion_postnatal_open(ctx->db, ctx->pool, since, collect_companion, g);
}

/* The open items of one kind, from the store. */
static int gather_kind(svc_ctx *ctx, gathering *g)
{
    switch (g->kind) {
    case ALERT_SAFETY_CONFIRMATION:
        return store_alerts_safety(ctx->db, ctx->pool, collect_safety, g);
    case ALERT_EPDS_SELF_HARM:
        return g->of_case_subjects
                   ? store_alerts_epds_self_harm_of_cases(ctx->db, ctx->pool, g->page, collect, g)
                   : store_alerts_epds_self_harm(ctx->db, ctx->pool, collect, g);
    case ALERT_NEWBORN_VISIT: {
        char since[11]; /* born within the 12 months before the board's day */
        date_format(date_add_months(date_jst_of_instant(g->at), -SVC_ALERTS_NEWBORN_WINDOW_MONTHS),
                    since);
        return g->of_case_subjects
                   ? store_alerts_newborn_visits_of_cases(ctx->db, ctx->pool, since, g->page,
                                                          collect, g)
                   : store_alerts_newborn_visits(ctx->db, ctx->pool, since, collect, g);
    }
    case ALERT_CHECKUP_MISSED:
        return g->of_case_subjects
                   ? store_alerts_missed_checkups_of_cases(ctx->db, ctx->pool, g->page, collect, g)
                   : store_alerts_missed_checkups(ctx->db, ctx->pool, collect, g);
    case ALERT_SCREENING_FOLLOWUP:
        return g->of_case_subjects
                   ? store_alerts_screening_followups_of_cases(ctx->db, ctx->pool, g->page, collect,
                                                               g)
                   : store_alerts_screening_followups(ctx->db, ctx->pool, collect, g);
    case ALERT_ACTION_DUE:
    case ALERT_CASE_REVIEW:
    case ALERT_PLAN_REVIEW: {
        char by[11]; /* listed from 7 days before they are due */
        date_ymd day = date_jst_of_instant(g->at);
        date_format(date_from_days(date_to_days(day) + ALERT_LISTED_DAYS_BEFORE), by);
        if (g->kind == ALERT_PLAN_REVIEW)
            return store_alerts_plan_reviews(ctx->db, ctx->pool, by, g->page, collect, g);
        return g->kind == ALERT_ACTION_DUE
                   ? store_alerts_actions_due(ctx->db, ctx->pool, by, g->page, collect, g)
                   : store_alerts_case_reviews(ctx->db, ctx->pool, by, g->page, collect, g);
    }
    case ALERT_COMPANION_NOTIFICATION:
    case ALERT_COMPANION_8M:
    case ALERT_COMPANION_POSTNATAL:
        return gather_companion(ctx, g);
    default:
        return STORE_ERROR;
    }
}

static bool wanted(const svc_ctx *ctx, const svc_alerts_filter *f, alert_kind k)
{
    const alert_kind_rule *rule = alert_kind_rule_of(k);
    return (f->only_kind == ALERT_KIND_NONE || f->only_kind == k) &&
           (f->only_section == ALERT_SECTION_NONE || f->only_section == rule->section) &&
           svc_may(ctx, rule->permission);
}

/* By the kind's rank, then overdue first, then the earliest due; ties by kind code and ref id,
 * so that every item has one place and pages are stable. */
static int by_urgency(const void *x, const void *y)
{
    const svc_alert *a = x, *b = y;
    int ra = alert_kind_rule_of(a->kind)->rank, rb = alert_kind_rule_of(b->kind)->rank;
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (a->overdue != b->overdue)
        return a->overdue ? -1 : 1;
    if (a->due_at != b->due_at)
        return a->due_at < b->due_at ? -1 : 1;
    int k = strcmp(alert_kind_code(a->kind), alert_kind_code(b->kind));
    return k ? k : strcmp(a->ref_id, b->ref_id);
}

svc_alerts_key svc_alerts_key_of(const svc_alert *a)
{
    return (svc_alerts_key){.kind = a->kind, .due_at = a->due_at, .ref_id = a->ref_id};
}

/* The index of the first item past `after` (the board is sorted; `after` may have gone). */
static int index_after(const gathering *g, const svc_alerts_key *after)
{
    svc_alert last = {.kind = after->kind,
                      .due_at = after->due_at,
                      .overdue = after->due_at <= g->at,
                      .ref_id = after->ref_id};
    int i = 0;
    while (i < g->count && by_urgency(&g->items[i], &last) <= 0)
        i++;
    return i;
}

static bool person_audited(const svc_ctx *ctx, int from, const char *person_id)
{
    if (!person_id) /* an item that names no one (an action of no case) */
        return true;
    for (int i = from; i < ctx->read_count; i++)
        if (strcmp(ctx->reads[i].person_id, person_id) == 0)
            return true;
    return false;
}

/* The reading, and one row per person the page names however many items name them. */
static bool audit_page(svc_ctx *ctx, const svc_alerts_filter *f, const svc_alert *page, int n)
{
    const char *filter = f->only_kind != ALERT_KIND_NONE ? alert_kind_code(f->only_kind)
                         : f->only_section != ALERT_SECTION_NONE
                             ? alert_section_code(f->only_section)
                             : "-";
    if (!svc_audit_read_hourly(ctx, "alerts", filter, NULL))
        return false;
    int first_person = ctx->read_count;
    for (int i = 0; i < n; i++) {
        int named = page[i].children ? page[i].unconfirmed : 1;
        for (int j = 0; j < named; j++) {
            const char *id = page[i].children ? page[i].children[j].id : page[i].person.id;
            if (!person_audited(ctx, first_person, id) &&
                !svc_audit_read_hourly(ctx, "alerts", "board", id))
                return false;
        }
    }
    return true;
}

static svc_result check_filter(const svc_ctx *ctx, const svc_alerts_filter *f)
{
    if (!svc_may(ctx, PERM_HEALTH_READ))
        return svc_forbidden(NULL);
    if (f->limit < 1 || f->limit > BOARD_PAGE_MAX)
        return svc_invalid("limit", "limit は 1〜500 の整数で指定してください。");
    if (f->at && (f->at > ctx->now || ctx->now - f->at > SVC_ALERTS_MAX_AGE_SECONDS))
        return svc_invalid("cursor", "一覧が古くなりました。最初から読み直してください。");
    if (f->offset < 0 || (f->offset && f->after))
        return svc_invalid("cursor", "cursor が正しくありません。");
    return svc_ok();
}

/* Every item of the kinds f and the user's permissions let through, sorted. */
static int gather(svc_ctx *ctx, const svc_alerts_filter *f, gathering *g)
{
    for (alert_kind k = 0; k < ALERT_KIND_COUNT; k++) {
        if (!wanted(ctx, f, k))
            continue;
        g->kind = k;
        int rc = gather_kind(ctx, g);
        if (rc != STORE_OK)
            return rc;
    }
    svc_alerts_sort(g->items, g->count);
    return STORE_OK;
}

void svc_alerts_sort(svc_alert *items, int count)
{
    if (count > 1) /* no items: items may be NULL, which qsort may not be given */
        qsort(items, (size_t)count, sizeof *items, by_urgency);
}

/* Every item of the kinds f and the user's permissions let through, sorted, unaudited. */
static svc_result gather_unaudited(svc_ctx *ctx, const svc_alerts_filter *f, gathering *g,
                                   svc_alert **items, int *count)
{
    int rc = gather(ctx, f, g);
    *items = g->items;
    *count = g->count;
    return svc_from_store(rc);
}

static const svc_alerts_filter every_kind = {.only_kind = ALERT_KIND_NONE,
                                             .only_section = ALERT_SECTION_NONE};

svc_result svc_alerts_all(svc_ctx *ctx, int64_t at, svc_alert **items, int *count)
{
    gathering g = {.pool = ctx->pool, .at = at};
    return gather_unaudited(ctx, &every_kind, &g, items, count);
}

svc_result svc_alerts_of_case_subjects(svc_ctx *ctx, int64_t at, const store_case_ids *page,
                                       svc_alert **items, int *count)
{
    gathering g = {.pool = ctx->pool, .at = at, .of_case_subjects = true, .page = page};
    return gather_unaudited(ctx, &every_kind, &g, items, count);
}

svc_result svc_alerts_of_kind(svc_ctx *ctx, int64_t at, alert_kind kind, svc_alert **items,
                              int *count)
{
    svc_alerts_filter one = {.only_kind = kind, .only_section = ALERT_SECTION_NONE};
    gathering g = {.pool = ctx->pool, .at = at};
    return gather_unaudited(ctx, &one, &g, items, count);
}

/* The address to visit: the first named person's with one; a protected address is never on
 * the board (a list, ADDRESS_VIEW_PAPER), whoever reads it. */
static void set_address(svc_alert *a)
{
    int named = a->children ? a->unconfirmed : 1;
    for (int i = 0; i < named; i++) {
        const store_person *p = a->children ? &a->children[i] : &a->person;
        if (!p->id)
            continue;
        if (!address_visible(p->address_protected, ADDRESS_VIEW_PAPER, false)) {
            a->address = NULL;
            a->address_protected = true;
            return;
        }
        if (p->address && p->address[0]) {
            a->address = p->address;
            return;
        }
    }
}

/* Who is on call for each safety confirmation of the page that needs it (one roster read). */
static int set_on_call(svc_ctx *ctx, int64_t at, svc_alert *page, int n)
{
    bool any = false;
    for (int i = 0; i < n; i++) {
        page[i].on_call_needed =
            page[i].kind == ALERT_SAFETY_CONFIRMATION && oncall_needed(at, page[i].due_at);
        any = any || page[i].on_call_needed;
    }
    if (!any)
        return STORE_OK;
    svc_on_call_list roster;
    int rc = svc_on_call_entries(ctx, at, at + (int64_t)ONCALL_HOURS_LEFT * 3600 + 1, &roster);
    if (rc != STORE_OK)
        return rc;
    oncall_span *spans = pool_alloc(ctx->pool, sizeof *spans * (size_t)(roster.count + 1));
    for (int i = 0; i < roster.count; i++)
        spans[i] = (oncall_span){roster.items[i].starts_at, roster.items[i].ends_at, false};
    for (int i = 0; i < n; i++) {
        if (!page[i].on_call_needed)
            continue;
        int k = oncall_pick(spans, roster.count, oncall_instant(at, page[i].due_at));
        page[i].on_call = k >= 0 ? &roster.items[k] : NULL;
    }
    return STORE_OK;
}

svc_result svc_alerts_board(svc_ctx *ctx, const svc_alerts_filter *f, svc_alerts_page *out)
{
    svc_result r = check_filter(ctx, f);
    if (r.status != SVC_OK)
        return r;
    gathering g = {.pool = ctx->pool, .at = f->at ? f->at : ctx->now};
    int rc = gather(ctx, f, &g);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    /* An offset points inside the board it came from (it may end there when items went away). */
    if (f->offset > g.count)
        return svc_invalid("cursor", "cursor が正しくありません。");
    int start = f->after ? index_after(&g, f->after) : f->offset;
    int end = g.count - start > f->limit ? start + f->limit : g.count;
    *out = (svc_alerts_page){.at = g.at,
                             .total = g.count,
                             .items = g.count ? g.items + start : NULL,
                             .count = end - start,
                             .more = end < g.count};
    for (int i = 0; i < out->count; i++)
        set_address(&out->items[i]);
    rc = set_on_call(ctx, g.at, out->items, out->count);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    if (!audit_page(ctx, f, out->items, out->count))
        return svc_error();
    return svc_ok();
}
