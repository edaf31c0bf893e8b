#include "store/partners.h"

#include "store/person_brief.h"

/* The cases a partner's agency may see: shared with it, open, with a registered subject; ? 1 the
 * agency, ? 2 and 3 one case or NULL. */
#define SHARED_CASES                                                                               \
    " FROM cases c JOIN case_agencies ca ON ca.case_id = c.id AND ca.agency_id = ?"                \
    " WHERE c.status = 'open' AND (CAST(? AS TEXT) IS NULL OR c.id = ?)"                           \
    " AND EXISTS (SELECT 1 FROM case_subjects r WHERE r.case_id = c.id AND r.youtaikyo = 1"        \
    " AND r.removed_on IS NULL)"

static void bind_scope(store_stmt *st, const char *agency_id, const char *case_id)
{
    store_bind_text(st, 1, agency_id);
    store_bind_text(st, 2, case_id);
    store_bind_text(st, 3, case_id);
}

int store_partner_agency_of(store_conn *c, pool *p, const char *user_id, char **agency_id)
{
    store_stmt *st = store_prepare(c, "SELECT agency_id FROM users WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, user_id);
    int rc = store_step(st);
    *agency_id = rc == STORE_ROW ? store_col_dup(st, 0, p) : NULL;
    store_done(st);
    return rc == STORE_ROW ? STORE_OK : rc == STORE_OK ? STORE_NOT_FOUND : rc;
}

int store_partner_cases(store_conn *c, pool *p, const char *agency_id, const char *case_id,
                        store_partner_case_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT c.id, c.next_review_on,"
           " (SELECT h.name FROM households h WHERE h.id = c.household_id)" SHARED_CASES
           " ORDER BY c.id");
    if (!st)
        return STORE_ERROR;
    bind_scope(st, agency_id, case_id);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_partner_case row = {.id = store_col_dup(st, 0, p),
                                  .next_review_on = store_col_dup(st, 1, p),
                                  .household_name = store_col_dup(st, 2, p)};
        if (fn(ctx, &row) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}

int store_partner_subjects(store_conn *c, pool *p, const char *agency_id, const char *case_id,
                           store_partner_subject_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT s.case_id, " STORE_PERSON_BRIEF_COLUMNS(
               "pe") ", s.category"
                     " FROM case_subjects s JOIN persons pe ON pe.id = s.person_id"
                     " WHERE s.youtaikyo = 1 AND s.removed_on IS NULL AND s.case_id IN (SELECT "
                     "c.id" SHARED_CASES ")"
                     " ORDER BY s.case_id, pe.family_name_kana, pe.given_name_kana, pe.id");
    if (!st)
        return STORE_ERROR;
    bind_scope(st, agency_id, case_id);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_partner_subject row = {.case_id = store_col_dup(st, 0, p)};
        store_person_brief_read(st, 1, p, &row.person);
        row.category = store_col_dup(st, 1 + STORE_PERSON_BRIEF_COUNT, p);
        if (fn(ctx, &row) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}

int store_partner_actions(store_conn *c, pool *p, const char *agency_id, const char *case_id,
                          store_partner_action_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT a.case_id, a.id, a.what, a.due_on, a.done_on, f.held_on"
           " FROM conference_actions a JOIN conferences f ON f.id = a.conference_id"
           " WHERE a.owner_agency_id = ? AND a.case_id IN (SELECT c.id" SHARED_CASES ")"
           " ORDER BY a.case_id, a.due_on, a.id");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, agency_id);
    store_bind_text(st, 2, agency_id);
    store_bind_text(st, 3, case_id);
    store_bind_text(st, 4, case_id);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_partner_action row = {.case_id = store_col_dup(st, 0, p),
                                    .id = store_col_dup(st, 1, p),
                                    .what = store_col_dup(st, 2, p),
                                    .due_on = store_col_dup(st, 3, p),
                                    .done_on = store_col_dup(st, 4, p),
                                    .conference_held_on = store_col_dup(st, 5, p)};
        if (fn(ctx, &row) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}

int store_partner_reports(store_conn *c, pool *p, const char *case_id, const char *agency_id,
                          store_partner_report_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT r.id, r.case_id, r.agency_id, a.name, r.on_date, r.text, r.created_by, u.name,"
           " r.created_at FROM partner_reports r JOIN agencies a ON a.id = r.agency_id"
           " JOIN users u ON u.id = r.created_by"
           " WHERE r.case_id = ? AND (CAST(? AS TEXT) IS NULL OR r.agency_id = ?)"
           " ORDER BY r.on_date DESC, r.created_at DESC, r.id DESC LIMIT 500");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, case_id);
    store_bind_text(st, 2, agency_id);
    store_bind_text(st, 3, agency_id);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_partner_report row = {.id = store_col_dup(st, 0, p),
                                    .case_id = store_col_dup(st, 1, p),
                                    .agency_id = store_col_dup(st, 2, p),
                                    .agency_name = store_col_dup(st, 3, p),
                                    .on_date = store_col_dup(st, 4, p),
                                    .text = store_col_dup(st, 5, p),
                                    .created_by = store_col_dup(st, 6, p),
                                    .created_by_name = store_col_dup(st, 7, p),
                                    .created_at = store_col_int(st, 8)};
        if (fn(ctx, &row) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}

int store_partner_report_insert(store_conn *c, const store_partner_report *r)
{
    /* Written only while the case is still shared with the agency, open and registered: the
     * check is in the statement that acts (a case unshared meanwhile: STORE_NOT_FOUND). */
    store_stmt *st = store_prepare(
        c, "INSERT INTO partner_reports (id, case_id, agency_id, on_date, text, created_by,"
           " created_at) SELECT CAST(? AS TEXT), c.id, ca.agency_id, CAST(? AS TEXT),"
           " CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT)" SHARED_CASES);
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, r->id);
    store_bind_text(st, 2, r->on_date);
    store_bind_text(st, 3, r->text);
    store_bind_text(st, 4, r->created_by);
    store_bind_int(st, 5, r->created_at);
    store_bind_text(st, 6, r->agency_id);
    store_bind_text(st, 7, r->case_id);
    store_bind_text(st, 8, r->case_id);
    int rc = store_run(st);
    if (rc == STORE_OK && store_changes(c) != 1)
        rc = STORE_NOT_FOUND;
    return rc;
}
