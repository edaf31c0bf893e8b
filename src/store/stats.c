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

/* An event that counts: no correction names it. */
#define STANDING_EVENT(e)                                                                          \
    "NOT EXISTS (SELECT 1 FROM report_events k WHERE k.step = 'correction' AND k.corrects = " e    \
    ".seq)"

typedef struct checkup_rows {
    store_stats_checkup_fn fn;
    void *ctx;
} checkup_rows;

static int checkup_row(store_stmt *st, void *arg)
{
    checkup_rows *r = arg;
    store_stats_checkup row = {
        .person_id = store_col_text(st, 0),
        .birth_date = store_col_text(st, 1),
        .checkup = store_col_text(st, 2),
        .status = store_col_text(st, 3),
        .followup_on = store_col_text(st, 4),
    };
    return r->fn(r->ctx, &row);
}

int store_stats_checkups(store_conn *c, const char *from, const char *until,
                         store_stats_checkup_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT p.id, p.birth_date, v.subtype, v.status, v.followup_on FROM persons p"
           " LEFT JOIN visits v ON v.person_id = p.id AND v.kind = 'checkup'"
           " WHERE p.birth_date >= ? AND p.birth_date < ? ORDER BY p.id");
    checkup_rows r = {.fn = fn, .ctx = ctx};
    return each_row_in_dates(st, from, until, checkup_row, &r);
}

typedef struct support_rows {
    store_stats_support_fn fn;
    void *ctx;
} support_rows;

static int support_row(store_stmt *st, void *arg)
{
    support_rows *r = arg;
    store_stats_support row = {
        .received_at = store_col_int(st, 0),
        .support_at = store_col_is_null(st, 1) ? 0 : store_col_int(st, 1),
    };
    return r->fn(r->ctx, &row);
}

int store_stats_support_starts(store_conn *c, int64_t from, int64_t until,
                               store_stats_support_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT r.received_at, (SELECT MIN(e.at) FROM report_events e WHERE e.report_id = r.id"
           " AND e.step = 'support' AND " STANDING_EVENT(
               "e") ") FROM reports r"
                    " WHERE r.kind = 'abuse_report' AND r.received_at >= ? AND r.received_at < ?");
    support_rows r = {.fn = fn, .ctx = ctx};
    return each_row_in_span(st, from, until, support_row, &r);
}

typedef struct subject_rows {
    store_stats_subject_fn fn;
    void *ctx;
} subject_rows;

static int subject_row(store_stmt *st, void *arg)
{
    subject_rows *r = arg;
    store_stats_subject row = {
        .person_id = store_col_text(st, 0),
        .category = store_col_text(st, 1),
        .opened_on = store_col_text(st, 2),
        .closed_on = store_col_text(st, 3),
        .added_on = store_col_text(st, 4),
        .removed_on = store_col_text(st, 5),
        .designated_on = store_col_text(st, 6),
        .registered_on = store_col_text(st, 7),
        .unregistered_on = store_col_text(st, 8),
        .youtaikyo = store_col_int(st, 9) != 0,
    };
    return r->fn(r->ctx, &row);
}

int store_stats_subjects(store_conn *c, const char *from, const char *until,
                         store_stats_subject_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT s.person_id, s.category, k.opened_on, k.closed_on, s.added_on, s.removed_on,"
           " s.designated_on, s.registered_on, s.unregistered_on, s.youtaikyo"
           " FROM case_subjects s JOIN cases k ON k.id = s.case_id"
           " WHERE (k.closed_on IS NULL OR k.closed_on >= ?) AND k.opened_on < ?"
           " ORDER BY s.person_id, s.category");
    subject_rows r = {.fn = fn, .ctx = ctx};
    return each_row_in_dates(st, from, until, subject_row, &r);
}

typedef struct handled_rows {
    store_stats_handled_child_fn fn;
    void *ctx;
} handled_rows;

static int handled_row(store_stmt *st, void *arg)
{
    handled_rows *r = arg;
    store_stats_handled_child row = {
        .received_at = store_col_int(st, 0),
        .handled_at = store_col_int(st, 1),
        .route = store_col_text(st, 2),
        .abuse_types = store_col_text(st, 3),
        .main_perpetrator = store_col_text(st, 4),
        .birth_date = store_col_text(st, 5),
    };
    return r->fn(r->ctx, &row);
}

int store_stats_handled_children(store_conn *c, int64_t from, int64_t until,
                                 store_stats_handled_child_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT r.received_at, h.at, r.route, r.abuse_types, r.main_perpetrator, p.birth_date"
           " FROM (SELECT e.report_id, MIN(e.at) AS at FROM report_events e"
           " WHERE e.step IN ('policy', 'referred') AND " STANDING_EVENT(
               "e") " GROUP BY e.report_id)"
                    " h JOIN reports r ON r.id = h.report_id"
                    " JOIN report_children rc ON rc.report_id = r.id JOIN persons p ON p.id = "
                    "rc.child_id"
                    " WHERE r.kind = 'abuse_report' AND h.at >= ? AND h.at < ?");
    handled_rows r = {.fn = fn, .ctx = ctx};
    return each_row_in_span(st, from, until, handled_row, &r);
}
