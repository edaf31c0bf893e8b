#include "store/case_records.h"

/* The case's subjects, current and removed. */
#define SUBJECTS "(SELECT person_id FROM case_subjects WHERE case_id = ?)"

/* In the order of store_case_record_type. */
static const char *const statements[CASE_RECORD_TYPE_COUNT] = {
    "SELECT id, mother_id, notified_on, 0, risk_level, NULL, NULL, candidate"
    " FROM pregnancies WHERE mother_id IN " SUBJECTS,
    "SELECT id, person_id, administered_on, 0, instrument, NULL,"
    " CASE WHEN needs_followup = 1 AND followup_on IS NULL THEN '1' ELSE NULL END, score"
    " FROM screenings WHERE person_id IN " SUBJECTS,
    "SELECT id, person_id, on_date, 0, kind, status, subtype, 0"
    " FROM visits WHERE person_id IN " SUBJECTS,
    "SELECT r.id, rc.child_id, NULL, r.received_at, r.kind, r.status, NULL, 0"
    " FROM report_children rc JOIN reports r ON r.id = rc.report_id"
    " WHERE rc.child_id IN " SUBJECTS,
    "SELECT f.id, NULL, f.held_on, 0, f.kind, NULL, NULL, 0"
    " FROM conference_cases cc JOIN conferences f ON f.id = cc.conference_id"
    " WHERE cc.case_id = ?",
    "SELECT id, NULL, NULL, created_at, status, NULL, NULL, plan_version"
    " FROM plans WHERE case_id = ?",
    "SELECT r.id, NULL, r.on_date, 0, a.name, NULL, NULL, 0"
    " FROM partner_reports r LEFT JOIN agencies a ON a.id = r.agency_id WHERE r.case_id = ?",
};

static int records_of(store_conn *c, pool *p, store_case_record_type type, const char *case_id,
                      store_case_record_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(c, statements[type]);
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, case_id);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_case_record r = {.type = type,
                               .id = store_col_dup(st, 0, p),
                               .person_id = store_col_dup(st, 1, p),
                               .on = store_col_dup(st, 2, p),
                               .at = store_col_int(st, 3),
                               .a = store_col_dup(st, 4, p),
                               .b = store_col_dup(st, 5, p),
                               .c = store_col_dup(st, 6, p),
                               .n = store_col_int(st, 7)};
        if (fn(ctx, &r) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}

int store_case_records(store_conn *c, pool *p, const char *case_id, store_case_record_fn fn,
                       void *ctx)
{
    int rc = STORE_OK;
    for (int t = 0; t < CASE_RECORD_TYPE_COUNT && rc == STORE_OK; t++)
        rc = records_of(c, p, (store_case_record_type)t, case_id, fn, ctx);
    return rc;
}
