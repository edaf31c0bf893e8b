#include "store/alerts.h"

/* Columns 0..9 of every alert query: base date, ref id, then the person's brief fields and
 * address (the address to visit; the service withholds a protected one). */
static int each_row_of(store_stmt *st, pool *p, bool with_case, store_alert_fn fn, void *ctx)
{
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_alert_row a = {0};
        a.base_date = store_col_dup(st, 0, p);
        a.ref_id = store_col_dup(st, 1, p);
        a.person.id = store_col_dup(st, 2, p);
        a.person.family_name = store_col_dup(st, 3, p);
        a.person.given_name = store_col_dup(st, 4, p);
        a.person.family_name_kana = store_col_dup(st, 5, p);
        a.person.given_name_kana = store_col_dup(st, 6, p);
        a.person.birth_date = store_col_dup(st, 7, p);
        a.person.address = store_col_dup(st, 8, p);
        a.person.address_protected = store_col_int(st, 9) != 0;
        if (with_case)
            a.case_id = store_col_dup(st, 10, p);
        if (fn(ctx, &a) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}

static int each_row(store_stmt *st, pool *p, store_alert_fn fn, void *ctx)
{
    return each_row_of(st, p, false, fn, ctx);
}

#define PERSON_BRIEF                                                                               \
    "p.id, p.family_name, p.given_name, p.family_name_kana, p.given_name_kana, p.birth_date,"      \
    " p.address, p.address_protected"

/* Each person-keyed rule is written once, as a macro of its restriction: the whole town's (none),
 * that of the current subjects of open cases, or that of the current subjects of a page of cases
 * (store/case_ids.h). The newborn visits start from the subjects of open cases (a few hundred,
 * where the children born within a year are thousands); the other kinds start from their few
 * open rows and look each person up in case_subjects_person; a page's kinds all start from its
 * few subjects. */
#define OF_CURRENT_SUBJECTS                                                                        \
    " FROM case_subjects cs JOIN cases cc ON cc.id = cs.case_id"                                   \
    " WHERE cc.status = 'open' AND cs.removed_on IS NULL"
#define AMONG_CASE_SUBJECTS " AND p.id IN (SELECT cs.person_id" OF_CURRENT_SUBJECTS ")"
#define A_CASE_SUBJECT      " AND EXISTS (SELECT 1" OF_CURRENT_SUBJECTS " AND cs.person_id = p.id)"
#define AMONG_PAGE_SUBJECTS                                                                        \
    " AND p.id IN (SELECT ps.person_id FROM case_subjects ps WHERE ps.removed_on IS "              \
    "NULL" STORE_IN_CASES("ps.case_id") ")"

/* A record the import marked as history (store/imports.h) raises no alert. */
#define NOT_QUIET(id) " AND NOT EXISTS (SELECT 1 FROM alerts_quiet q WHERE q.record_id = " id ")"

#define NEWBORN_SQL(restriction)                                                                   \
    "SELECT p.birth_date, p.id, " PERSON_BRIEF " FROM persons p"                                   \
    " WHERE p.birth_date >= ? AND p.merged_into IS NULL AND NOT EXISTS (SELECT 1 FROM visits v"    \
    " WHERE v.person_id = p.id AND v.kind = 'newborn_visit' AND v.status = 'done')" NOT_QUIET(     \
        "p.id") restriction

#define MISSED_SQL(restriction)                                                                    \
    "SELECT v.on_date, v.id, " PERSON_BRIEF " FROM visits v JOIN persons p"                        \
    " ON p.id = v.person_id WHERE v.status = 'missed' AND v.kind = 'checkup'"                      \
    " AND v.followup_on IS NULL AND NOT EXISTS (SELECT 1 FROM visits w"                            \
    " WHERE w.person_id = v.person_id AND w.kind = 'checkup' AND w.subtype = v.subtype"            \
    " AND w.status = 'done' AND w.on_date >= v.on_date)" NOT_QUIET("v.id") restriction

/* Open EPDS screenings, with (1) or without (0) a self-harm answer: the index on
 * (needs_followup, administered_on) finds the open ones. */
#define EPDS_SQL(restriction)                                                                      \
    "SELECT s.administered_on, s.id, " PERSON_BRIEF " FROM screenings s JOIN persons p"            \
    " ON p.id = s.person_id WHERE s.needs_followup = 1 AND s.instrument = 'epds'"                  \
    " AND s.self_harm = ?" restriction

const char store_alerts_newborn_sql[] = NEWBORN_SQL("");
const char store_alerts_newborn_of_cases_sql[] = NEWBORN_SQL(AMONG_CASE_SUBJECTS);
const char store_alerts_missed_sql[] = MISSED_SQL("");
const char store_alerts_missed_of_cases_sql[] = MISSED_SQL(A_CASE_SUBJECT);
const char store_alerts_epds_sql[] = EPDS_SQL("");
const char store_alerts_epds_of_cases_sql[] = EPDS_SQL(A_CASE_SUBJECT);
const char store_alerts_newborn_of_page_sql[] = NEWBORN_SQL(AMONG_PAGE_SUBJECTS);
const char store_alerts_missed_of_page_sql[] = MISSED_SQL(AMONG_PAGE_SUBJECTS);
const char store_alerts_epds_of_page_sql[] = EPDS_SQL(AMONG_PAGE_SUBJECTS);

/* A page's ids follow the rule's own parameters (from index `first`). */
static store_stmt *page_bound(store_stmt *st, int first, const store_case_ids *page)
{
    if (st)
        store_bind_case_ids(st, first, page);
    return st;
}

static int born_since(store_stmt *st, pool *p, const char *since, store_alert_fn fn, void *ctx)
{
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, since);
    return each_row(st, p, fn, ctx);
}

int store_alerts_newborn_visits(store_conn *c, pool *p, const char *since, store_alert_fn fn,
                                void *ctx)
{
    return born_since(store_prepare(c, store_alerts_newborn_sql), p, since, fn, ctx);
}

int store_alerts_newborn_visits_of_cases(store_conn *c, pool *p, const char *since,
                                         const store_case_ids *page, store_alert_fn fn, void *ctx)
{
    if (!page)
        return born_since(store_prepare(c, store_alerts_newborn_of_cases_sql), p, since, fn, ctx);
    store_stmt *st = page_bound(store_prepare(c, store_alerts_newborn_of_page_sql), 2, page);
    return born_since(st, p, since, fn, ctx);
}

static int unbound(store_stmt *st, pool *p, store_alert_fn fn, void *ctx)
{
    return st ? each_row(st, p, fn, ctx) : STORE_ERROR;
}

int store_alerts_missed_checkups(store_conn *c, pool *p, store_alert_fn fn, void *ctx)
{
    return unbound(store_prepare(c, store_alerts_missed_sql), p, fn, ctx);
}

int store_alerts_missed_checkups_of_cases(store_conn *c, pool *p, const store_case_ids *page,
                                          store_alert_fn fn, void *ctx)
{
    if (!page)
        return unbound(store_prepare(c, store_alerts_missed_of_cases_sql), p, fn, ctx);
    return unbound(page_bound(store_prepare(c, store_alerts_missed_of_page_sql), 1, page), p, fn,
                   ctx);
}

static int epds_rows(store_stmt *st, pool *p, int self_harm, store_alert_fn fn, void *ctx)
{
    if (!st)
        return STORE_ERROR;
    store_bind_int(st, 1, self_harm);
    return each_row(st, p, fn, ctx);
}

static int open_epds(store_conn *c, pool *p, int self_harm, store_alert_fn fn, void *ctx)
{
    return epds_rows(store_prepare(c, store_alerts_epds_sql), p, self_harm, fn, ctx);
}

static int open_epds_of_cases(store_conn *c, pool *p, int self_harm, const store_case_ids *page,
                              store_alert_fn fn, void *ctx)
{
    if (!page)
        return epds_rows(store_prepare(c, store_alerts_epds_of_cases_sql), p, self_harm, fn, ctx);
    store_stmt *st = page_bound(store_prepare(c, store_alerts_epds_of_page_sql), 2, page);
    return epds_rows(st, p, self_harm, fn, ctx);
}

int store_alerts_screening_followups(store_conn *c, pool *p, store_alert_fn fn, void *ctx)
{
    return open_epds(c, p, 0, fn, ctx);
}

int store_alerts_epds_self_harm(store_conn *c, pool *p, store_alert_fn fn, void *ctx)
{
    return open_epds(c, p, 1, fn, ctx);
}

int store_alerts_screening_followups_of_cases(store_conn *c, pool *p, const store_case_ids *page,
                                              store_alert_fn fn, void *ctx)
{
    return open_epds_of_cases(c, p, 0, page, fn, ctx);
}

int store_alerts_epds_self_harm_of_cases(store_conn *c, pool *p, const store_case_ids *page,
                                         store_alert_fn fn, void *ctx)
{
    return open_epds_of_cases(c, p, 1, page, fn, ctx);
}

/* The joint case's items: column 10 is the case. The person is one subject of the case, found by
 * the primary key of case_subjects. */
#define ACTIONS_SQL(restriction)                                                                   \
    "SELECT a.due_on, a.id, " PERSON_BRIEF ", a.case_id FROM conference_actions a"                 \
    " LEFT JOIN persons p ON p.id = (SELECT MIN(s.person_id) FROM case_subjects s"                 \
    " WHERE s.case_id = a.case_id AND s.removed_on IS NULL)"                                       \
    " WHERE a.done_on IS NULL AND a.due_on <= ?" restriction

#define CASE_REVIEWS_SQL(restriction)                                                              \
    "SELECT c.next_review_on, c.id, " PERSON_BRIEF ", c.id FROM cases c"                           \
    " JOIN persons p ON p.id = (SELECT MIN(s.person_id) FROM case_subjects s"                      \
    " WHERE s.case_id = c.id AND s.removed_on IS NULL AND s.youtaikyo = 1)"                        \
    " WHERE c.status = 'open' AND c.next_review_on <= ?" restriction

const char store_alerts_actions_sql[] = ACTIONS_SQL("");
const char store_alerts_actions_of_page_sql[] = ACTIONS_SQL(STORE_IN_CASES("a.case_id"));
const char store_alerts_case_reviews_sql[] = CASE_REVIEWS_SQL("");
const char store_alerts_case_reviews_of_page_sql[] = CASE_REVIEWS_SQL(STORE_IN_CASES("c.id"));

static int due_by(store_stmt *st, pool *p, const char *by, store_alert_fn fn, void *ctx)
{
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, by);
    return each_row_of(st, p, true, fn, ctx);
}

int store_alerts_actions_due(store_conn *c, pool *p, const char *due_by_day,
                             const store_case_ids *page, store_alert_fn fn, void *ctx)
{
    if (!page)
        return due_by(store_prepare(c, store_alerts_actions_sql), p, due_by_day, fn, ctx);
    store_stmt *st = page_bound(store_prepare(c, store_alerts_actions_of_page_sql), 2, page);
    return due_by(st, p, due_by_day, fn, ctx);
}

int store_alerts_case_reviews(store_conn *c, pool *p, const char *due_by_day,
                              const store_case_ids *page, store_alert_fn fn, void *ctx)
{
    if (!page)
        return due_by(store_prepare(c, store_alerts_case_reviews_sql), p, due_by_day, fn, ctx);
    store_stmt *st = page_bound(store_prepare(c, store_alerts_case_reviews_of_page_sql), 2, page);
    return due_by(st, p, due_by_day, fn, ctx);
}

/* From the open cases (a few hundred), not from every approved plan (thousands, of closed cases
 * too): each case's newest approved version is found by UNIQUE (case_id, plan_version). */
#define PLAN_REVIEW_SQL(restriction)                                                               \
    "SELECT pl.review_on, pl.id, " PERSON_BRIEF ", pl.case_id FROM cases c"                        \
    " JOIN plans pl ON pl.case_id = c.id AND pl.plan_version = (SELECT MAX(n.plan_version)"        \
    " FROM plans n WHERE n.case_id = c.id AND n.status = 'approved')"                              \
    " JOIN plan_subjects ps ON ps.plan_id = pl.id AND ps.position = 0"                             \
    " JOIN persons p ON p.id = ps.person_id WHERE c.status = 'open' AND pl.review_on <= "          \
    "?" restriction

const char store_alerts_plan_review_sql[] = PLAN_REVIEW_SQL("");
const char store_alerts_plan_review_of_page_sql[] = PLAN_REVIEW_SQL(STORE_IN_CASES("c.id"));

int store_alerts_plan_reviews(store_conn *c, pool *p, const char *due_by_day,
                              const store_case_ids *page, store_alert_fn fn, void *ctx)
{
    if (!page)
        return due_by(store_prepare(c, store_alerts_plan_review_sql), p, due_by_day, fn, ctx);
    store_stmt *st = page_bound(store_prepare(c, store_alerts_plan_review_of_page_sql), 2, page);
    return due_by(st, p, due_by_day, fn, ctx);
}
