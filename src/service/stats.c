#include "service/stats.h"

#include "domain/case_codes.h"
#include "domain/companion.h"
#include "domain/due.h"
#include "domain/era.h"
#include "domain/report_codes.h"
#include "domain/risk.h"
#include "domain/stats.h"
#include "domain/visit_kinds.h"
#include "store/companion.h"
#include "store/reports.h"
#include "store/stats.h"

#include <stdlib.h>
#include <string.h>

static int vocab_size(const vocab *v)
{
    int n = 0;
    while (v->codes[n].code)
        n++;
    return n;
}

static bool parse_date(const char *s, date_ymd *out)
{
    return s && date_parse(s, strlen(s), out);
}

int svc_stats_column_width(const svc_stats_column *c)
{
    if (c->kind != SVC_STATS_CODES)
        return 1;
    return vocab_size(c->codes) + (c->extra_code ? 1 : 0);
}

const char *svc_stats_code(const svc_stats_column *c, int i)
{
    return i < vocab_size(c->codes) ? c->codes->codes[i].code : c->extra_code;
}

const char *svc_stats_code_label(const svc_stats_column *c, int i)
{
    return i < vocab_size(c->codes) ? c->codes->codes[i].label
                                    : vocab_label(&stats_extra_codes, c->extra_code);
}

static svc_result check_range(const svc_stats_query *q)
{
    if (q->fy_from < SVC_STATS_FY_MIN || q->fy_from > SVC_STATS_FY_MAX)
        return svc_invalid("fy_from", "fy_from は1989〜2100の年度で指定してください。");
    if (q->fy_to < SVC_STATS_FY_MIN || q->fy_to > SVC_STATS_FY_MAX)
        return svc_invalid("fy_to", "fy_to は1989〜2100の年度で指定してください。");
    if (q->fy_from > q->fy_to)
        return svc_invalid("fy_from", "fy_from は fy_to 以前の年度で指定してください。");
    return svc_ok();
}

/* The table's rows, one per fiscal year of the range, every value 0 (hours: none). */
static svc_result start_table(svc_ctx *ctx, const svc_stats_query *q, const char *name,
                              const svc_stats_column *columns, int column_count, svc_stats_table *t)
{
    *t = (svc_stats_table){.name = name, .columns = columns, .column_count = column_count};
    if (!svc_may(ctx, PERM_STATS_READ))
        return svc_forbidden(NULL);
    svc_result r = check_range(q);
    if (r.status != SVC_OK || column_count > SVC_STATS_COLUMNS_MAX)
        return r.status != SVC_OK ? r : svc_error();
    for (int c = 0; c < column_count; c++) {
        t->offset[c] = t->value_count;
        t->value_count += svc_stats_column_width(&columns[c]);
    }
    t->row_count = q->fy_to - q->fy_from + 1;
    t->rows = pool_zalloc(ctx->pool, sizeof *t->rows * (size_t)t->row_count);
    for (int i = 0; i < t->row_count; i++) {
        svc_stats_row *row = &t->rows[i];
        row->fiscal_year = q->fy_from + i;
        if (era_fiscal_label(row->fiscal_year, row->label, sizeof row->label, row->short_label,
                             sizeof row->short_label) != 0)
            return svc_error();
        row->values = pool_zalloc(ctx->pool, sizeof *row->values * (size_t)t->value_count);
        for (int c = 0; c < column_count; c++)
            if (columns[c].kind == SVC_STATS_HOURS || columns[c].kind == SVC_STATS_DAYS)
                row->values[t->offset[c]] = SVC_STATS_NONE;
    }
    return svc_ok();
}

/* The first day of the range's first fiscal year, and the first after its last. */
static date_ymd range_start(const svc_stats_query *q)
{
    return (date_ymd){.y = q->fy_from, .m = 4, .d = 1};
}

static date_ymd range_end(const svc_stats_query *q)
{
    return (date_ymd){.y = q->fy_to + 1, .m = 4, .d = 1};
}

/* The same as instants. */
static void range_span(const svc_stats_query *q, int64_t *from, int64_t *until)
{
    *from = date_jst_midnight(range_start(q));
    *until = date_jst_midnight(range_end(q));
}

/* The row of the fiscal year a date falls in, or NULL outside the table. */
static svc_stats_row *row_of_date(svc_stats_table *t, date_ymd d)
{
    int i = era_fiscal_year(d) - t->rows[0].fiscal_year;
    return i >= 0 && i < t->row_count ? &t->rows[i] : NULL;
}

/* The row of the fiscal year an instant falls in (Japan time), or NULL outside the table. */
static svc_stats_row *row_of_instant(svc_stats_table *t, int64_t at)
{
    return row_of_date(t, date_jst_of_instant(at));
}

/* Counts one under a CODES column's code (its table's or its extra code). A code not of the
 * column is not counted. */
static void count_code(svc_stats_table *t, svc_stats_row *row, int column, const char *code)
{
    const svc_stats_column *c = &t->columns[column];
    int i = vocab_index(c->codes, code);
    if (i < 0 && code && c->extra_code && strcmp(code, c->extra_code) == 0)
        i = svc_stats_column_width(c) - 1;
    if (i >= 0)
        row->values[t->offset[column] + i]++;
}

static svc_result audited(svc_ctx *ctx, const svc_stats_query *q, const svc_stats_table *t)
{
    return svc_audit_read_action(ctx, q->export ? "export" : "read", "stats", t->name, NULL)
               ? svc_ok()
               : svc_error();
}

/* The end of a use case: the table audited when the store answered rc OK. */
static svc_result counted(svc_ctx *ctx, const svc_stats_query *q, const svc_stats_table *t, int rc)
{
    return rc == STORE_OK ? audited(ctx, q, t) : svc_from_store(rc);
}

/* A span of dates as the store binds them ("YYYY-MM-DD", until excluded). */
typedef struct date_span {
    char from[11], until[11];
} date_span;

static date_span dates(date_ymd from, date_ymd until)
{
    date_span s;
    date_format(from, s.from);
    date_format(until, s.until);
    return s;
}

#define COLUMNS(a) a, (int)(sizeof a / sizeof a[0])

/* ---- abuse reports ---- */

enum { REPORTS_TOTAL, REPORTS_BY_TYPE, REPORTS_BY_AGE_BAND, REPORTS_BY_ROUTE, REPORTS_BY_PERP };

static const svc_stats_column report_columns[] = {
    [REPORTS_TOTAL] = {.key = "total", .kind = SVC_STATS_COUNT, .label = "件数"},
    [REPORTS_BY_TYPE] = {.key = "by_type", .kind = SVC_STATS_CODES, .codes = &report_abuse_types},
    [REPORTS_BY_AGE_BAND] = {.key = "by_age_band",
                             .kind = SVC_STATS_CODES,
                             .codes = &stats_age_bands},
    [REPORTS_BY_ROUTE] = {.key = "by_route", .kind = SVC_STATS_CODES, .codes = &report_routes},
    [REPORTS_BY_PERP] = {.key = "by_perpetrator",
                         .kind = SVC_STATS_CODES,
                         .codes = &report_perpetrators,
                         .label = "虐待者",
                         .extra_code = "unknown"},
};

typedef struct report_counting {
    svc_ctx *ctx;
    svc_stats_table *t;
    bool malformed;
} report_counting;

static int count_report(void *arg, const store_stats_report *r)
{
    report_counting *k = arg;
    svc_stats_row *row = row_of_instant(k->t, r->received_at);
    if (!row)
        return 0;
    char **types;
    int n;
    if (store_report_list_decode(k->ctx->pool, r->abuse_types, &types, &n) != STORE_OK) {
        k->malformed = true;
        return 1;
    }
    row->values[k->t->offset[REPORTS_TOTAL]]++;
    for (int i = 0; i < n; i++)
        count_code(k->t, row, REPORTS_BY_TYPE, types[i]);
    count_code(k->t, row, REPORTS_BY_ROUTE, r->route);
    count_code(k->t, row, REPORTS_BY_PERP, r->main_perpetrator ? r->main_perpetrator : "unknown");
    return 0;
}

static int count_child(void *arg, const store_stats_child *c)
{
    report_counting *k = arg;
    svc_stats_row *row = row_of_instant(k->t, c->received_at);
    if (!row)
        return 0;
    date_ymd birth;
    bool known = parse_date(c->birth_date, &birth);
    age_band band = stats_age_band(known ? &birth : NULL, date_jst_of_instant(c->received_at));
    row->values[k->t->offset[REPORTS_BY_AGE_BAND] + (int)band]++;
    return 0;
}

/* The two set queries of the abuse reports of the table's span, in one snapshot: each report,
 * then each child (by report). A report whose types cannot be read fails the table. */
static svc_result count_reports(svc_ctx *ctx, const svc_stats_query *q,
                                store_stats_report_fn per_report, store_stats_child_fn per_child,
                                report_counting *k)
{
    int64_t from, until;
    range_span(q, &from, &until);
    int rc = store_begin_read(ctx->db);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    rc = store_stats_reports(ctx->db, from, until, per_report, k);
    if (rc == STORE_OK && !k->malformed)
        rc = store_stats_report_children(ctx->db, from, until, per_child, k);
    store_end_read(ctx->db);
    if (k->malformed)
        return svc_error();
    return svc_from_store(rc);
}

svc_result svc_stats_reports(svc_ctx *ctx, const svc_stats_query *q, svc_stats_table *out)
{
    svc_result r = start_table(ctx, q, "reports", COLUMNS(report_columns), out);
    report_counting k = {.ctx = ctx, .t = out};
    if (r.status == SVC_OK)
        r = count_reports(ctx, q, count_report, count_child, &k);
    return r.status == SVC_OK ? audited(ctx, q, out) : r;
}

/* ---- safety confirmation lead times ---- */

enum { SAFETY_TOTAL, SAFETY_CONFIRMED, SAFETY_WITHIN_48H, SAFETY_MEDIAN, SAFETY_P90 };
enum { SAFETY_DEADLINE_SECONDS = 48 * 3600 };

static const svc_stats_column safety_columns[] = {
    [SAFETY_TOTAL] = {.key = "total", .kind = SVC_STATS_COUNT, .label = "件数"},
    [SAFETY_CONFIRMED] = {.key = "confirmed", .kind = SVC_STATS_COUNT, .label = "安全確認済"},
    [SAFETY_WITHIN_48H] = {.key = "within_48h", .kind = SVC_STATS_COUNT, .label = "48時間以内"},
    [SAFETY_MEDIAN] = {.key = "median_hours", .kind = SVC_STATS_HOURS, .label = "中央値（時間）"},
    [SAFETY_P90] = {.key = "p90_hours",
                    .kind = SVC_STATS_HOURS,
                    .label = "90パーセンタイル（時間）"},
};

/* The lead times (seconds, days) of one fiscal year. */
typedef struct lead_times {
    int64_t *seconds;
    int count, cap;
} lead_times;

/* The children of one report, seen so far (its rows come together). */
typedef struct safety_counting {
    report_counting k;
    lead_times *years; /* one per row of the table */
    const char *report_id;
    int64_t received_at, last_seen;
    bool all_seen;
} safety_counting;

static int count_total(void *arg, const store_stats_report *r)
{
    report_counting *k = arg;
    svc_stats_row *row = row_of_instant(k->t, r->received_at);
    if (row)
        row->values[k->t->offset[SAFETY_TOTAL]]++;
    return 0;
}

static void add_lead_time(pool *p, lead_times *y, int64_t seconds)
{
    if (y->count == y->cap) {
        y->cap = y->cap ? y->cap * 2 : 32;
        int64_t *grown = pool_alloc(p, sizeof *grown * (size_t)y->cap);
        if (y->count)
            memcpy(grown, y->seconds, sizeof *grown * (size_t)y->count);
        y->seconds = grown;
    }
    y->seconds[y->count++] = seconds;
}

/* The report whose children were read: counted when every child was seen. */
static void close_report(safety_counting *s)
{
    if (!s->report_id || !s->all_seen)
        return;
    svc_stats_row *row = row_of_instant(s->k.t, s->received_at);
    if (!row)
        return;
    int64_t seconds = s->last_seen - s->received_at;
    row->values[s->k.t->offset[SAFETY_CONFIRMED]]++;
    if (seconds <= SAFETY_DEADLINE_SECONDS)
        row->values[s->k.t->offset[SAFETY_WITHIN_48H]]++;
    add_lead_time(s->k.ctx->pool, &s->years[row - s->k.t->rows], seconds);
}

static int count_seen(void *arg, const store_stats_child *c)
{
    safety_counting *s = arg;
    if (!s->report_id || strcmp(s->report_id, c->report_id) != 0) {
        close_report(s);
        s->report_id = pool_strdup(s->k.ctx->pool, c->report_id);
        s->received_at = c->received_at;
        s->last_seen = 0;
        s->all_seen = true;
    }
    s->all_seen = s->all_seen && c->confirmed_at != 0;
    if (c->confirmed_at > s->last_seen)
        s->last_seen = c->confirmed_at;
    return 0;
}

static int by_value(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

static int64_t as_is(int64_t v)
{
    return v;
}

/* Each year's median and p90 by nearest rank, in the columns median and median + 1, as `unit`
 * writes them. */
static void set_percentiles(svc_stats_table *t, lead_times *years, int median,
                            int64_t (*unit)(int64_t))
{
    for (int i = 0; i < t->row_count; i++) {
        lead_times *y = &years[i];
        if (y->count == 0)
            continue;
        qsort(y->seconds, (size_t)y->count, sizeof *y->seconds, by_value);
        int64_t *v = t->rows[i].values;
        v[t->offset[median]] = unit(stats_nearest_rank(y->seconds, y->count, 50));
        v[t->offset[median + 1]] = unit(stats_nearest_rank(y->seconds, y->count, 90));
    }
}

svc_result svc_stats_safety(svc_ctx *ctx, const svc_stats_query *q, svc_stats_table *out)
{
    svc_result r = start_table(ctx, q, "safety", COLUMNS(safety_columns), out);
    if (r.status != SVC_OK)
        return r;
    safety_counting s = {.k = {.ctx = ctx, .t = out}};
    s.years = pool_zalloc(ctx->pool, sizeof *s.years * (size_t)out->row_count);
    r = count_reports(ctx, q, count_total, count_seen, &s.k);
    if (r.status != SVC_OK)
        return r;
    close_report(&s);
    set_percentiles(out, s.years, SAFETY_MEDIAN, stats_tenths_of_hour);
    return audited(ctx, q, out);
}

/* ---- pregnancy notifications ---- */

enum { PREGNANCIES_TOTAL, PREGNANCIES_BY_BAND, PREGNANCIES_BY_RISK };

static const svc_stats_column pregnancy_columns[] = {
    [PREGNANCIES_TOTAL] = {.key = "total", .kind = SVC_STATS_COUNT, .label = "件数"},
    [PREGNANCIES_BY_BAND] = {.key = "by_band",
                             .kind = SVC_STATS_CODES,
                             .codes = &notification_bands},
    [PREGNANCIES_BY_RISK] = {.key = "by_risk_level",
                             .kind = SVC_STATS_CODES,
                             .codes = &risk_levels,
                             .extra_code = "incomplete"},
};

static int count_pregnancy(void *arg, const store_stats_pregnancy *p)
{
    svc_stats_table *t = arg;
    date_ymd on;
    if (!parse_date(p->notified_on, &on))
        return 0;
    svc_stats_row *row = row_of_date(t, on);
    if (!row)
        return 0;
    row->values[t->offset[PREGNANCIES_TOTAL]]++;
    notification_band band = risk_notification_band(p->weeks, p->after_birth);
    count_code(t, row, PREGNANCIES_BY_BAND, risk_band_code(band));
    count_code(t, row, PREGNANCIES_BY_RISK, p->unasked_count > 0 ? "incomplete" : p->risk_level);
    return 0;
}

svc_result svc_stats_pregnancies(svc_ctx *ctx, const svc_stats_query *q, svc_stats_table *out)
{
    svc_result r = start_table(ctx, q, "pregnancies", COLUMNS(pregnancy_columns), out);
    if (r.status != SVC_OK)
        return r;
    date_span d = dates(range_start(q), range_end(q));
    return counted(ctx, q, out,
                   store_stats_pregnancies(ctx->db, d.from, d.until, count_pregnancy, out));
}

/* ---- newborn visits ---- */

enum { NEWBORN_INFANTS, NEWBORN_VISITED };

static const svc_stats_column newborn_columns[] = {
    [NEWBORN_INFANTS] = {.key = "infants", .kind = SVC_STATS_COUNT, .label = "対象児数"},
    [NEWBORN_VISITED] = {.key = "visited_by_4m",
                         .kind = SVC_STATS_COUNT,
                         .label = "4か月までに訪問"},
};

static int count_infant(void *arg, const store_stats_infant *i)
{
    svc_stats_table *t = arg;
    date_ymd birth, visited;
    if (!parse_date(i->birth_date, &birth))
        return 0;
    date_ymd four_months = date_add_months(birth, NEWBORN_VISIT_MONTHS);
    svc_stats_row *row = row_of_date(t, four_months);
    if (!row)
        return 0;
    row->values[t->offset[NEWBORN_INFANTS]]++;
    if (parse_date(i->first_newborn_visit_on, &visited) && date_compare(visited, four_months) < 0)
        row->values[t->offset[NEWBORN_VISITED]]++;
    return 0;
}

svc_result svc_stats_newborn_visits(svc_ctx *ctx, const svc_stats_query *q, svc_stats_table *out)
{
    svc_result r = start_table(ctx, q, "newborn_visits", COLUMNS(newborn_columns), out);
    if (r.status != SVC_OK)
        return r;
    /* Born one month early enough to cover any clamping of date_add_months; count_infant keeps
     * only those turning 4 months in the range. */
    date_span d = dates(date_add_months(range_start(q), -NEWBORN_VISIT_MONTHS - 1),
                        date_add_months(range_end(q), -NEWBORN_VISIT_MONTHS));
    return counted(ctx, q, out, store_stats_infants(ctx->db, d.from, d.until, count_infant, out));
}

/* ---- 伴走型相談支援 (docs/companion.md) ---- */

enum { COMPANION_DUE, COMPANION_DONE };

static const svc_stats_column companion_columns[] = {
    [COMPANION_DUE] = {.key = "due",
                       .kind = SVC_STATS_CODES,
                       .codes = &companion_interviews,
                       .label = "対象"},
    [COMPANION_DONE] = {.key = "done",
                        .kind = SVC_STATS_CODES,
                        .codes = &companion_interviews,
                        .label = "実施"},
};

/* One interview of a pregnancy, counted in the fiscal year of `day` when the scheme covers it. */
static void count_interview(svc_stats_table *t, companion_interview which, date_ymd day, bool done)
{
    svc_stats_row *row = companion_in_scheme(day) ? row_of_date(t, day) : NULL;
    if (!row)
        return;
    row->values[t->offset[COMPANION_DUE] + which]++;
    if (done)
        row->values[t->offset[COMPANION_DONE] + which]++;
}

static int count_companion(void *arg, const store_stats_companion_row *c)
{
    svc_stats_table *t = arg;
    date_ymd notified, due_date, delivery, birth, postnatal;
    if (!parse_date(c->notified_on, &notified))
        return 0;
    bool born = parse_date(c->birth_date, &birth);
    if (!c->notified_after_birth) {
        count_interview(t, COMPANION_AT_NOTIFICATION, notified, c->notification_on != NULL);
        if (companion_expected_delivery(parse_date(c->due_date, &due_date), due_date, notified,
                                        c->weeks_at_notification, &delivery))
            count_interview(t, COMPANION_AT_EIGHTH_MONTH, companion_8m_listed_from(delivery),
                            c->eighth_month_on != NULL);
    }
    if (born)
        count_interview(t, COMPANION_AFTER_BIRTH, date_add_months(birth, NEWBORN_VISIT_MONTHS),
                        parse_date(c->postnatal_on, &postnatal) &&
                            date_compare(postnatal, birth) >= 0);
    return 0;
}

enum { COMPANION_NOTIFIED_BEFORE_MONTHS = 24 };

svc_result svc_stats_companion_interviews(svc_ctx *ctx, const svc_stats_query *q,
                                          svc_stats_table *out)
{
    svc_result r = start_table(ctx, q, "companion_interviews", COLUMNS(companion_columns), out);
    if (r.status != SVC_OK)
        return r;
    /* Notified up to two years before the range: a 4-month day falls at most about 14 months
     * after the notification; count_companion keeps the days in the range. */
    date_span d =
        dates(date_add_months(range_start(q), -COMPANION_NOTIFIED_BEFORE_MONTHS), range_end(q));
    return counted(ctx, q, out,
                   store_stats_companion(ctx->db, d.from, d.until, count_companion, out));
}

/* ---- check-ups ---- */

enum { CHECKUPS_DUE, CHECKUPS_ATTENDED, CHECKUPS_MISSED, CHECKUPS_FOLLOWED_UP, CHECKUP_KINDS = 3 };

static const svc_stats_column checkup_columns[] = {
    [CHECKUPS_DUE] = {.key = "due",
                      .kind = SVC_STATS_CODES,
                      .codes = &checkup_subtypes,
                      .label = "対象児数"},
    [CHECKUPS_ATTENDED] = {.key = "attended",
                           .kind = SVC_STATS_CODES,
                           .codes = &checkup_subtypes,
                           .label = "受診"},
    [CHECKUPS_MISSED] = {.key = "missed",
                         .kind = SVC_STATS_CODES,
                         .codes = &checkup_subtypes,
                         .label = "未受診"},
    [CHECKUPS_FOLLOWED_UP] = {.key = "followed_up",
                              .kind = SVC_STATS_CODES,
                              .codes = &checkup_subtypes,
                              .label = "未受診のうち追跡済"},
};

/* One person's check-ups, read so far (their rows come together). */
typedef struct checkup_counting {
    svc_ctx *ctx;
    svc_stats_table *t;
    const char *person_id;
    date_ymd birth;
    bool born_known;
    bool attended[CHECKUP_KINDS], missed[CHECKUP_KINDS], followed_up[CHECKUP_KINDS];
} checkup_counting;

static void count_one_checkup(checkup_counting *k, int kind)
{
    date_ymd due;
    const char *code = checkup_subtypes.codes[kind].code;
    if (!stats_checkup_due_on(k->birth, code, &due))
        return;
    svc_stats_row *row = row_of_date(k->t, due);
    if (!row)
        return;
    int64_t *v = row->values + kind;
    v[k->t->offset[CHECKUPS_DUE]]++;
    if (k->attended[kind]) {
        v[k->t->offset[CHECKUPS_ATTENDED]]++;
    } else if (k->missed[kind]) {
        v[k->t->offset[CHECKUPS_MISSED]]++;
        v[k->t->offset[CHECKUPS_FOLLOWED_UP]] += k->followed_up[kind];
    }
}

static void close_person(checkup_counting *k)
{
    for (int kind = 0; k->person_id && k->born_known && kind < CHECKUP_KINDS; kind++)
        count_one_checkup(k, kind);
}

static int count_checkup(void *arg, const store_stats_checkup *c)
{
    checkup_counting *k = arg;
    if (!k->person_id || strcmp(k->person_id, c->person_id) != 0) {
        close_person(k);
        *k = (checkup_counting){.ctx = k->ctx, .t = k->t};
        k->person_id = pool_strdup(k->ctx->pool, c->person_id);
        k->born_known = parse_date(c->birth_date, &k->birth);
    }
    int kind = vocab_index(&checkup_subtypes, c->checkup);
    if (kind < 0 || kind >= CHECKUP_KINDS || !c->status)
        return 0;
    k->attended[kind] |= strcmp(c->status, "done") == 0;
    k->missed[kind] |= strcmp(c->status, "missed") == 0;
    k->followed_up[kind] |= strcmp(c->status, "missed") == 0 && c->followup_on != NULL;
    return 0;
}

enum { OLDEST_CHECKUP_MONTHS = 36, YOUNGEST_CHECKUP_MONTHS = 4 };

svc_result svc_stats_checkups(svc_ctx *ctx, const svc_stats_query *q, svc_stats_table *out)
{
    svc_result r = start_table(ctx, q, "checkups", COLUMNS(checkup_columns), out);
    if (r.status != SVC_OK)
        return r;
    /* Born early enough to turn 3 in the range (a month more for date_add_months' clamping),
     * late enough to turn 4 months in it; close_person keeps the due days in the range. */
    date_span d = dates(date_add_months(range_start(q), -OLDEST_CHECKUP_MONTHS - 1),
                        date_add_months(range_end(q), -YOUNGEST_CHECKUP_MONTHS));
    checkup_counting k = {.ctx = ctx, .t = out};
    int rc = store_stats_checkups(ctx->db, d.from, d.until, count_checkup, &k);
    if (rc == STORE_OK)
        close_person(&k);
    return counted(ctx, q, out, rc);
}

/* ---- support start lead times ---- */

enum { SUPPORT_TOTAL, SUPPORT_STARTED, SUPPORT_MEDIAN, SUPPORT_P90 };

static const svc_stats_column support_columns[] = {
    [SUPPORT_TOTAL] = {.key = "total", .kind = SVC_STATS_COUNT, .label = "件数"},
    [SUPPORT_STARTED] = {.key = "started", .kind = SVC_STATS_COUNT, .label = "支援開始"},
    [SUPPORT_MEDIAN] = {.key = "median_days", .kind = SVC_STATS_DAYS, .label = "中央値（日）"},
    [SUPPORT_P90] = {.key = "p90_days", .kind = SVC_STATS_DAYS, .label = "90パーセンタイル（日）"},
};

typedef struct support_counting {
    svc_ctx *ctx;
    svc_stats_table *t;
    lead_times *years;
} support_counting;

static int count_support(void *arg, const store_stats_support *s)
{
    support_counting *k = arg;
    svc_stats_row *row = row_of_instant(k->t, s->received_at);
    if (!row)
        return 0;
    row->values[k->t->offset[SUPPORT_TOTAL]]++;
    if (s->support_at == 0)
        return 0;
    row->values[k->t->offset[SUPPORT_STARTED]]++;
    int64_t days = date_to_days(date_jst_of_instant(s->support_at)) -
                   date_to_days(date_jst_of_instant(s->received_at));
    add_lead_time(k->ctx->pool, &k->years[row - k->t->rows], days);
    return 0;
}

svc_result svc_stats_support_lead(svc_ctx *ctx, const svc_stats_query *q, svc_stats_table *out)
{
    svc_result r = start_table(ctx, q, "support_lead", COLUMNS(support_columns), out);
    if (r.status != SVC_OK)
        return r;
    support_counting k = {.ctx = ctx, .t = out};
    k.years = pool_zalloc(ctx->pool, sizeof *k.years * (size_t)out->row_count);
    int64_t from, until;
    range_span(q, &from, &until);
    int rc = store_stats_support_starts(ctx->db, from, until, count_support, &k);
    if (rc == STORE_OK)
        set_percentiles(out, k.years, SUPPORT_MEDIAN, as_is);
    return counted(ctx, q, out, rc);
}

/* ---- designations at each fiscal year's end ---- */

enum { DESIGNATIONS_BY_CATEGORY, DESIGNATIONS_REGISTERED };

static const svc_stats_column designation_columns[] = {
    [DESIGNATIONS_BY_CATEGORY] = {.key = "by_category",
                                  .kind = SVC_STATS_CODES,
                                  .codes = &case_categories,
                                  .label = "年度末"},
    [DESIGNATIONS_REGISTERED] = {.key = "registered",
                                 .kind = SVC_STATS_CODES,
                                 .codes = &case_categories,
                                 .label = "要対協登録"},
};

/* One person under one category, on any of their cases (their rows come together): whether they
 * stood so, and were registered, at each year's end. */
typedef struct designation_counting {
    svc_ctx *ctx;
    svc_stats_table *t;
    const char *person_id, *category;
    bool *stands, *registered; /* one per row */
} designation_counting;

static void close_designation(designation_counting *k)
{
    int code = k->category ? vocab_index(&case_categories, k->category) : -1;
    for (int i = 0; i < k->t->row_count; i++) {
        int64_t *v = k->t->rows[i].values;
        if (code >= 0 && k->stands[i])
            v[k->t->offset[DESIGNATIONS_BY_CATEGORY] + code]++;
        if (code >= 0 && k->registered[i])
            v[k->t->offset[DESIGNATIONS_REGISTERED] + code]++;
        k->stands[i] = k->registered[i] = false;
    }
}

static const date_ymd *date_or_null(pool *p, const char *s)
{
    date_ymd d;
    if (!parse_date(s, &d))
        return NULL;
    date_ymd *kept = pool_alloc(p, sizeof *kept);
    *kept = d;
    return kept;
}

static int count_subject(void *arg, const store_stats_subject *s)
{
    designation_counting *k = arg;
    if (!k->person_id || strcmp(k->person_id, s->person_id) != 0 ||
        strcmp(k->category, s->category) != 0) {
        close_designation(k);
        k->person_id = pool_strdup(k->ctx->pool, s->person_id);
        k->category = pool_strdup(k->ctx->pool, s->category);
    }
    pool *p = k->ctx->pool;
    stats_subject_dates d = {
        .closed = date_or_null(p, s->closed_on),
        .removed = date_or_null(p, s->removed_on),
        .designated = date_or_null(p, s->designated_on),
        .registered = date_or_null(p, s->registered_on),
        .unregistered = date_or_null(p, s->unregistered_on),
        .youtaikyo = s->youtaikyo,
    };
    if (!parse_date(s->opened_on, &d.opened) || !parse_date(s->added_on, &d.added))
        return 0;
    for (int i = 0; i < k->t->row_count; i++) {
        date_ymd year_end = {.y = k->t->rows[i].fiscal_year + 1, .m = 3, .d = 31};
        k->stands[i] |= stats_subject_stands(&d, year_end);
        k->registered[i] |= stats_subject_registered(&d, year_end);
    }
    return 0;
}

svc_result svc_stats_designations(svc_ctx *ctx, const svc_stats_query *q, svc_stats_table *out)
{
    svc_result r = start_table(ctx, q, "designations", COLUMNS(designation_columns), out);
    if (r.status != SVC_OK)
        return r;
    designation_counting k = {.ctx = ctx, .t = out};
    k.stands = pool_zalloc(ctx->pool, sizeof *k.stands * (size_t)out->row_count);
    k.registered = pool_zalloc(ctx->pool, sizeof *k.registered * (size_t)out->row_count);
    date_span d = dates(range_start(q), range_end(q));
    int rc = store_stats_subjects(ctx->db, d.from, d.until, count_subject, &k);
    if (rc == STORE_OK)
        close_designation(&k);
    return counted(ctx, q, out, rc);
}

/* ---- the national table: children of the reports handled ---- */

enum {
    NATIONAL_TOTAL,
    NATIONAL_BY_TYPE,
    NATIONAL_BY_AGE_BAND,
    NATIONAL_BY_ROUTE,
    NATIONAL_BY_PERP
};

static const svc_stats_column national_columns[] = {
    [NATIONAL_TOTAL] = {.key = "total", .kind = SVC_STATS_COUNT, .label = "対応件数（児童数）"},
    [NATIONAL_BY_TYPE] = {.key = "by_main_type",
                          .kind = SVC_STATS_CODES,
                          .codes = &report_abuse_types},
    [NATIONAL_BY_AGE_BAND] = {.key = "by_age_band",
                              .kind = SVC_STATS_CODES,
                              .codes = &stats_age_bands},
    [NATIONAL_BY_ROUTE] = {.key = "by_route", .kind = SVC_STATS_CODES, .codes = &report_routes},
    [NATIONAL_BY_PERP] = {.key = "by_perpetrator",
                          .kind = SVC_STATS_CODES,
                          .codes = &report_perpetrators,
                          .label = "虐待者",
                          .extra_code = "unknown"},
};

static int count_handled_child(void *arg, const store_stats_handled_child *h)
{
    report_counting *k = arg;
    svc_stats_row *row = row_of_instant(k->t, h->handled_at);
    if (!row)
        return 0;
    char **types;
    int n;
    if (store_report_list_decode(k->ctx->pool, h->abuse_types, &types, &n) != STORE_OK) {
        k->malformed = true;
        return 1;
    }
    date_ymd birth;
    bool known = parse_date(h->birth_date, &birth);
    age_band band = stats_age_band(known ? &birth : NULL, date_jst_of_instant(h->received_at));
    row->values[k->t->offset[NATIONAL_TOTAL]]++;
    count_code(k->t, row, NATIONAL_BY_TYPE, stats_main_abuse_type(types, n));
    row->values[k->t->offset[NATIONAL_BY_AGE_BAND] + (int)band]++;
    count_code(k->t, row, NATIONAL_BY_ROUTE, h->route);
    count_code(k->t, row, NATIONAL_BY_PERP, h->main_perpetrator ? h->main_perpetrator : "unknown");
    return 0;
}

svc_result svc_stats_national_reports(svc_ctx *ctx, const svc_stats_query *q, svc_stats_table *out)
{
    svc_result r = start_table(ctx, q, "national_reports", COLUMNS(national_columns), out);
    if (r.status != SVC_OK)
        return r;
    report_counting k = {.ctx = ctx, .t = out};
    int64_t from, until;
    range_span(q, &from, &until);
    int rc = store_stats_handled_children(ctx->db, from, until, count_handled_child, &k);
    return k.malformed ? svc_error() : counted(ctx, q, out, rc);
}
