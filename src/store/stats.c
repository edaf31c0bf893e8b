#include "store/stats.h"

typedef int (*row_fn)(store_stmt *st, void *arg);

/* The rows of a statement whose two parameters are a span of instants [from, until). */
static int each_row_in_span(store_stmt *st, int64_t from, int64_t until, row_fn row, void *arg)
{
    if (!st)
        return STORE_ERROR;
    store_bind_int(st, 1, from);
    store_bind_int(st, 2, until);
    return store_each_row(st, row, arg);
}

/* The same over a span of dates ("YYYY-MM-DD", until excluded). */
static int each_row_in_dates(store_stmt *st, const char *from, const char *until, row_fn row,
                             void *arg)
{
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, from);
    store_bind_text(st, 2, until);
    return store_each_row(st, row, arg);
}

typedef struct report_rows {
    store_stats_report_fn fn;
    void *ctx;
} report_rows;

static int report_row(store_stmt *st, void *arg)
{
    report_rows *r = arg;
    store_stats_report row = {
        .id = store_col_text(st, 0),
        .received_at = store_col_int(st, 1),
        .route = store_col_text(st, 2),
        .abuse_types = store_col_text(st, 3),
        .main_perpetrator = store_col_text(st, 4),
    };
    return r->fn(r->ctx, &row);
}

int store_stats_reports(store_conn *c, int64_t from, int64_t until, store_stats_report_fn fn,
                        void *ctx)
{
    store_stmt *st =
        store_prepare(c, "SELECT id, received_at, route, abuse_types, main_perpetrator FROM reports"
                         " WHERE kind = 'abuse_report' AND received_at >= ? AND received_at < ?");
    report_rows r = {.fn = fn, .ctx = ctx};
    return each_row_in_span(st, from, until, report_row, &r);
}

typedef struct child_rows {
    store_stats_child_fn fn;
    void *ctx;
} child_rows;

static int child_row(store_stmt *st, void *arg)
{
    child_rows *r = arg;
    store_stats_child row = {
        .report_id = store_col_text(st, 0),
        .received_at = store_col_int(st, 1),
        .birth_date = store_col_text(st, 2),
        .confirmed_at = store_col_is_null(st, 3) ? 0 : store_col_int(st, 3),
    };
    return r->fn(r->ctx, &row);
}

int store_stats_report_children(store_conn *c, int64_t from, int64_t until, store_stats_child_fn fn,
                                void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT r.id, r.received_at, p.birth_date, rc.confirmed_at FROM reports r"
           " JOIN report_children rc ON rc.report_id = r.id JOIN persons p ON p.id = rc.child_id"
           " WHERE r.kind = 'abuse_report' AND r.received_at >= ? AND r.received_at < ?"
           " ORDER BY r.id");
    child_rows r = {.fn = fn, .ctx = ctx};
    return each_row_in_span(st, from, until, child_row, &r);
}

typedef struct pregnancy_rows {
    store_stats_pregnancy_fn fn;
    void *ctx;
} pregnancy_rows;

static int pregnancy_row(store_stmt *st, void *arg)
{
    pregnancy_rows *r = arg;
    store_stats_pregnancy row = {
        .notified_on = store_col_text(st, 0),
        .weeks = store_col_is_null(st, 1) ? -1 : (int)store_col_int(st, 1),
        .after_birth = store_col_int(st, 2) != 0,
        .risk_level = store_col_text(st, 3),
        .unasked_count = (int)store_col_int(st, 4),
    };
    return r->fn(r->ctx, &row);
}

int store_stats_pregnancies(store_conn *c, const char *from, const char *until,
                            store_stats_pregnancy_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT notified_on, weeks_at_notification, notified_after_birth, risk_level,"
           " unasked_count FROM pregnancies WHERE notified_on >= ? AND notified_on < ?");
    pregnancy_rows r = {.fn = fn, .ctx = ctx};
    return each_row_in_dates(st, from, until, pregnancy_row, &r);
}

typedef struct infant_rows {
    store_stats_infant_fn fn;
    void *ctx;
} infant_rows;

static int infant_row(store_stmt *st, void *arg)
{
    infant_rows *r = arg;
    store_stats_infant row = {.birth_date = store_col_text(st, 0),
                              .first_newborn_visit_on = store_col_text(st, 1)};
    return r->fn(r->ctx, &row);
}

int store_stats_infants(store_conn *c, const char *from, const char *until,
                        store_stats_infant_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT p.birth_date, (SELECT MIN(v.on_date) FROM visits v WHERE v.person_id = p.id"
           " AND v.kind = 'newborn_visit' AND v.status = 'done') FROM persons p"
           " WHERE p.birth_date >= ? AND p.birth_date < ?");
    infant_rows r = {.fn = fn, .ctx = ctx};
    return each_row_in_dates(st, from, until, infant_row, &r);
}
