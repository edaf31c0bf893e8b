#include "store/board.h"

#include "store/person_brief.h"

typedef struct key_rows {
    pool *pool;
    store_board_key_fn fn;
    void *ctx;
} key_rows;

static int key_row(store_stmt *st, void *arg)
{
    key_rows *r = arg;
    pool *p = r->pool;
    store_board_key k = {
        .case_id = store_col_dup(st, 0, p),
        .lead_id = store_col_dup(st, 1, p),
        .lead_role = store_col_dup(st, 2, p),
        .deputy_id = store_col_dup(st, 3, p),
        .next_review_on = store_col_dup(st, 4, p),
        .earliest_action_due_on = store_col_dup(st, 5, p),
        .approved_review_on = store_col_dup(st, 6, p),
        .newest_plan_status = store_col_dup(st, 7, p),
    };
    return r->fn(r->ctx, &k);
}

/* The open actions are found by conference_actions_case: COALESCE keeps SQLite's planner (no
 * statistics) from the index of every open action of the town, conference_actions_open. */
int store_board_keys(store_conn *c, pool *p, const store_board_key_filter *f, store_board_key_fn fn,
                     void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT c.id, c.lead_id, lu.role, c.deputy_id, c.next_review_on,"
           " (SELECT MIN(a.due_on) FROM conference_actions a"
           " WHERE a.case_id = c.id AND COALESCE(a.done_on, '') = ''),"
           " (SELECT pl.review_on FROM plans pl WHERE pl.case_id = c.id AND pl.status = 'approved'"
           " ORDER BY pl.plan_version DESC LIMIT 1),"
           " (SELECT pl.status FROM plans pl WHERE pl.case_id = c.id"
           " ORDER BY pl.plan_version DESC LIMIT 1)"
           " FROM cases c JOIN users lu ON lu.id = c.lead_id WHERE c.status = 'open'"
           " AND (CAST(? AS TEXT) IS NULL OR c.lead_id = ? OR c.deputy_id = ?)"
           " AND (CAST(? AS TEXT) IS NULL OR c.lead_id = ?)"
           " AND (CAST(? AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM case_subjects s"
           " WHERE s.case_id = c.id AND s.removed_on IS NULL AND s.category = ?))"
           " AND (? < 0 OR ? = (CASE WHEN EXISTS (SELECT 1 FROM case_subjects s"
           " WHERE s.case_id = c.id AND s.removed_on IS NULL AND s.youtaikyo = 1)"
           " THEN 1 ELSE 0 END))");
    if (!st)
        return STORE_ERROR;
    for (int i = 1; i <= 3; i++)
        store_bind_text(st, i, f->lead_or_deputy_id);
    store_bind_text(st, 4, f->lead_id);
    store_bind_text(st, 5, f->lead_id);
    store_bind_text(st, 6, f->category);
    store_bind_text(st, 7, f->category);
    store_bind_int(st, 8, f->youtaikyo);
    store_bind_int(st, 9, f->youtaikyo);
    key_rows r = {.pool = p, .fn = fn, .ctx = ctx};
    return store_each_row(st, key_row, &r);
}

typedef struct kana_rows {
    store_board_kana_fn fn;
    void *ctx;
} kana_rows;

static int kana_row(store_stmt *st, void *arg)
{
    kana_rows *r = arg;
    store_board_kana k = {.case_id = store_col_text(st, 0), .kana = store_col_text(st, 1)};
    return r->fn(r->ctx, &k);
}

/* The first subject's family-name kana is the least one (subjects are listed by kana). */
int store_board_kanas(store_conn *c, const store_case_ids *page, store_board_kana_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT s.case_id, MIN(p.family_name_kana)"
           " FROM case_subjects s JOIN persons p ON p.id = s.person_id"
           " WHERE s.removed_on IS NULL" STORE_IN_CASES("s.case_id") " GROUP BY s.case_id");
    if (!st)
        return STORE_ERROR;
    store_bind_case_ids(st, 1, page);
    kana_rows r = {.fn = fn, .ctx = ctx};
    return store_each_row(st, kana_row, &r);
}

typedef struct case_rows {
    pool *pool;
    store_board_case_fn fn;
    void *ctx;
} case_rows;

static int case_row(store_stmt *st, void *arg)
{
    case_rows *r = arg;
    pool *p = r->pool;
    store_board_case c = {
        .id = store_col_dup(st, 0, p),
        .version = store_col_int(st, 1),
        .household_id = store_col_dup(st, 2, p),
        .household_name = store_col_dup(st, 3, p),
        .lead_id = store_col_dup(st, 4, p),
        .lead_name = store_col_dup(st, 5, p),
        .deputy_id = store_col_dup(st, 6, p),
        .deputy_name = store_col_dup(st, 7, p),
        .lead_agency_id = store_col_dup(st, 8, p),
        .lead_agency_name = store_col_dup(st, 9, p),
        .opened_on = store_col_dup(st, 10, p),
        .policy = store_col_dup(st, 11, p),
        .last_reviewed_on = store_col_dup(st, 12, p),
        .next_review_on = store_col_dup(st, 13, p),
        .lead_role = store_col_dup(st, 14, p),
    };
    return r->fn(r->ctx, &c);
}

/* Each statement that serves both the ledger (every open case) and a page of the board is one
 * macro of its restriction, prepared as two texts. */
#define CASES_SQL(restriction)                                                                     \
    "SELECT c.id, c.version, c.household_id, h.name, c.lead_id, lu.name, c.deputy_id,"             \
    " du.name, c.lead_agency_id, a.name, c.opened_on, c.policy, c.last_reviewed_on,"               \
    " c.next_review_on, lu.role"                                                                   \
    " FROM cases c JOIN households h ON h.id = c.household_id"                                     \
    " JOIN users lu ON lu.id = c.lead_id"                                                          \
    " LEFT JOIN users du ON du.id = c.deputy_id"                                                   \
    " LEFT JOIN agencies a ON a.id = c.lead_agency_id"                                             \
    " WHERE c.status = 'open'" restriction

static int cases_of(store_stmt *st, pool *p, store_board_case_fn fn, void *ctx)
{
    if (!st)
        return STORE_ERROR;
    case_rows r = {.pool = p, .fn = fn, .ctx = ctx};
    return store_each_row(st, case_row, &r);
}

int store_board_cases(store_conn *c, pool *p, const store_case_ids *page, store_board_case_fn fn,
                      void *ctx)
{
    if (!page)
        return cases_of(store_prepare(c, CASES_SQL("")), p, fn, ctx);
    store_stmt *st = store_prepare(c, CASES_SQL(STORE_IN_CASES("c.id")));
    if (st)
        store_bind_case_ids(st, 1, page);
    return cases_of(st, p, fn, ctx);
}

typedef struct subject_rows {
    pool *pool;
    store_board_subject_fn fn;
    void *ctx;
} subject_rows;

static int subject_row(store_stmt *st, void *arg)
{
    subject_rows *r = arg;
    store_board_subject s = {.case_id = store_col_dup(st, 0, r->pool)};
    store_person_brief_read(st, 1, r->pool, &s.person);
    s.person.address_protected = store_col_int(st, 7) != 0;
    s.category = store_col_dup(st, 8, r->pool);
    s.designated_on = store_col_dup(st, 9, r->pool);
    s.youtaikyo = store_col_int(st, 10) != 0;
    s.registered_on = store_col_dup(st, 11, r->pool);
    return r->fn(r->ctx, &s);
}

#define SUBJECTS_SQL(restriction)                                                                  \
    "SELECT s.case_id, " STORE_PERSON_BRIEF_COLUMNS(                                               \
        "p") ", p.address_protected,"                                                              \
             " s.category, s.designated_on, s.youtaikyo, s.registered_on"                          \
             " FROM case_subjects s JOIN cases c ON c.id = s.case_id"                              \
             " JOIN persons p ON p.id = s.person_id"                                               \
             " WHERE c.status = 'open' AND s.removed_on IS NULL AND (? = 0 OR s.youtaikyo = "      \
             "1)" restriction " ORDER BY s.case_id, p.family_name_kana, p.given_name_kana, p.id"

static int subjects_of(store_stmt *st, pool *p, bool registered_only, store_board_subject_fn fn,
                       void *ctx)
{
    if (!st)
        return STORE_ERROR;
    store_bind_int(st, 1, registered_only ? 1 : 0);
    subject_rows r = {.pool = p, .fn = fn, .ctx = ctx};
    return store_each_row(st, subject_row, &r);
}

int store_board_subjects(store_conn *c, pool *p, const store_case_ids *page, bool registered_only,
                         store_board_subject_fn fn, void *ctx)
{
    if (!page)
        return subjects_of(store_prepare(c, SUBJECTS_SQL("")), p, registered_only, fn, ctx);
    store_stmt *st = store_prepare(c, SUBJECTS_SQL(STORE_IN_CASES("s.case_id")));
    if (st)
        store_bind_case_ids(st, 2, page);
    return subjects_of(st, p, registered_only, fn, ctx);
}

typedef struct plan_rows {
    store_board_plan_fn fn;
    void *ctx;
} plan_rows;

static int plan_row(store_stmt *st, void *arg)
{
    plan_rows *r = arg;
    store_board_plan pl = {.case_id = store_col_text(st, 0),
                           .plan_version = store_col_int(st, 1),
                           .approved = store_col_int(st, 2) != 0,
                           .review_on = store_col_text(st, 3),
                           .situation = store_col_text(st, 4)};
    return r->fn(r->ctx, &pl);
}

int store_board_plans(store_conn *c, store_board_plan_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT p.case_id, p.plan_version, CASE WHEN p.status = 'approved' THEN 1 ELSE 0 END,"
           " p.review_on, p.situation"
           " FROM plans p JOIN cases c ON c.id = p.case_id WHERE c.status = 'open'");
    if (!st)
        return STORE_ERROR;
    plan_rows r = {.fn = fn, .ctx = ctx};
    return store_each_row(st, plan_row, &r);
}

typedef struct action_rows {
    store_board_actions_fn fn;
    void *ctx;
} action_rows;

static int action_row(store_stmt *st, void *arg)
{
    action_rows *r = arg;
    store_board_actions a = {.case_id = store_col_text(st, 0),
                             .open_count = store_col_int(st, 1),
                             .earliest_due_on = store_col_text(st, 2)};
    return r->fn(r->ctx, &a);
}

int store_board_open_actions(store_conn *c, const store_case_ids *page, store_board_actions_fn fn,
                             void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT a.case_id, COUNT(*), MIN(a.due_on) FROM conference_actions a"
           " WHERE a.done_on IS NULL" STORE_IN_CASES("a.case_id") " GROUP BY a.case_id");
    if (!st)
        return STORE_ERROR;
    store_bind_case_ids(st, 1, page);
    action_rows r = {.fn = fn, .ctx = ctx};
    return store_each_row(st, action_row, &r);
}

typedef struct event_rows {
    store_board_event_fn fn;
    void *ctx;
} event_rows;

static int event_row(store_stmt *st, void *arg)
{
    event_rows *r = arg;
    store_board_event e = {.case_id = store_col_text(st, 0),
                           .at = store_col_int(st, 1),
                           .kind = store_col_text(st, 2),
                           .summary = store_col_text(st, 3)};
    return r->fn(r->ctx, &e);
}

int store_board_last_events(store_conn *c, const store_case_ids *page, const char *section,
                            store_board_event_fn fn, void *ctx)
{
    /* One probe of events_person_section per subject: the newest event of the section. */
    store_stmt *st = store_prepare(c, "SELECT s.case_id, e.at, e.kind, e.summary"
                                      " FROM case_subjects s"
                                      " JOIN events e ON e.seq = (SELECT x.seq FROM events x"
                                      " WHERE x.person_id = s.person_id AND x.section = ?"
                                      " ORDER BY x.at DESC, x.seq DESC LIMIT 1)"
                                      " WHERE s.removed_on IS NULL" STORE_IN_CASES("s.case_id"));
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, section);
    store_bind_case_ids(st, 2, page);
    event_rows r = {.fn = fn, .ctx = ctx};
    return store_each_row(st, event_row, &r);
}

typedef struct partner_report_rows {
    store_board_partner_report_fn fn;
    void *ctx;
} partner_report_rows;

static int partner_report_row(store_stmt *st, void *arg)
{
    partner_report_rows *r = arg;
    store_board_partner_report pr = {.case_id = store_col_text(st, 0),
                                     .agency_name = store_col_text(st, 1),
                                     .on_date = store_col_text(st, 2),
                                     .text = store_col_text(st, 3)};
    return r->fn(r->ctx, &pr);
}

int store_board_last_partner_reports(store_conn *c, store_board_partner_report_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT r.case_id, a.name, r.on_date, r.text FROM partner_reports r"
           " JOIN cases c ON c.id = r.case_id JOIN agencies a ON a.id = r.agency_id"
           " WHERE c.status = 'open' AND r.id = (SELECT x.id FROM partner_reports x"
           " WHERE x.case_id = r.case_id ORDER BY x.on_date DESC, x.created_at DESC, x.id DESC"
           " LIMIT 1)");
    if (!st)
        return STORE_ERROR;
    partner_report_rows r = {.fn = fn, .ctx = ctx};
    return store_each_row(st, partner_report_row, &r);
}
