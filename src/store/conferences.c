#include "store/conferences.h"
#include "store/person_brief.h"

#include <string.h>

/* ---- writing a conference ---- */

static int insert_head(store_conn *c, const store_conference *k)
{
    store_stmt *st = store_prepare(
        c,
        "INSERT INTO conferences (id, version, kind, held_on, place, chair_id, chair_name,"
        " minutes, created_by, created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, k->id);
    store_bind_text(st, 2, k->kind);
    store_bind_text(st, 3, k->held_on);
    store_bind_text(st, 4, k->place);
    store_bind_text(st, 5, k->chair_id);
    store_bind_text(st, 6, k->chair_name);
    store_bind_text(st, 7, k->minutes);
    store_bind_text(st, 8, k->created_by);
    store_bind_int(st, 9, k->created_at);
    store_bind_int(st, 10, k->updated_at);
    return store_run(st);
}

static int insert_case(store_conn *c, const char *id, int i, const store_conference_case *cc)
{
    store_stmt *st =
        store_prepare(c, "INSERT INTO conference_cases (conference_id, case_id,"
                         " position, discussion, next_review_on) VALUES (?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    store_bind_text(st, 2, cc->case_id);
    store_bind_int(st, 3, i);
    store_bind_text(st, 4, cc->discussion);
    store_bind_text(st, 5, cc->next_review_on);
    return store_run(st);
}

static int insert_attendee(store_conn *c, const char *id, int i, const store_conference_attendee *a)
{
    store_stmt *st =
        store_prepare(c, "INSERT INTO conference_attendees (conference_id, position,"
                         " name, agency, agency_id, user_id) VALUES (?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    store_bind_int(st, 2, i);
    store_bind_text(st, 3, a->name);
    store_bind_text(st, 4, a->agency);
    store_bind_text(st, 5, a->agency_id);
    store_bind_text(st, 6, a->user_id);
    return store_run(st);
}

static int insert_decision(store_conn *c, const char *id, int i, const store_conference_decision *d)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO conference_decisions (conference_id, position, case_id, pregnancy_id,"
           " person_id, category, register, policy, plan_approval_asked, close_reason, note)"
           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    store_bind_int(st, 2, i);
    store_bind_text(st, 3, d->case_id);
    store_bind_text(st, 4, d->pregnancy_id);
    store_bind_text(st, 5, d->person_id);
    store_bind_text(st, 6, d->category);
    if (d->reg < 0)
        store_bind_null(st, 7);
    else
        store_bind_int(st, 7, d->reg);
    store_bind_text(st, 8, d->policy);
    store_bind_int(st, 9, d->plan_approval_asked);
    store_bind_text(st, 10, d->close_reason);
    store_bind_text(st, 11, d->note);
    return store_run(st);
}

static int insert_action(store_conn *c, const char *id, int i, const store_conference_action *a)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO conference_actions (id, conference_id, position, what, owner_id,"
           " owner_agency_id, due_on, case_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, a->id);
    store_bind_text(st, 2, id);
    store_bind_int(st, 3, i);
    store_bind_text(st, 4, a->what);
    store_bind_text(st, 5, a->owner_id);
    store_bind_text(st, 6, a->owner_agency_id);
    store_bind_text(st, 7, a->due_on);
    store_bind_text(st, 8, a->case_id);
    return store_run(st);
}

int store_conference_insert(store_conn *c, const store_conference *k)
{
    int rc = insert_head(c, k);
    for (int i = 0; i < k->case_count && rc == STORE_OK; i++)
        rc = insert_case(c, k->id, i, &k->cases[i]);
    for (int i = 0; i < k->attendee_count && rc == STORE_OK; i++)
        rc = insert_attendee(c, k->id, i, &k->attendees[i]);
    for (int i = 0; i < k->decision_count && rc == STORE_OK; i++)
        rc = insert_decision(c, k->id, i, &k->decisions[i]);
    for (int i = 0; i < k->action_count && rc == STORE_OK; i++)
        rc = insert_action(c, k->id, i, &k->actions[i]);
    return rc;
}

/* ---- reading one ---- */

#define CONFERENCE_COLUMNS                                                                         \
    "k.id, k.version, k.kind, k.held_on, k.place, k.chair_id, k.chair_name, k.minutes,"            \
    " k.created_by, k.created_at, k.updated_at"

static void read_head(store_stmt *st, pool *p, store_conference *k)
{
    *k = (store_conference){.id = store_col_dup(st, 0, p),
                            .version = store_col_int(st, 1),
                            .kind = store_col_dup(st, 2, p),
                            .held_on = store_col_dup(st, 3, p),
                            .place = store_col_dup(st, 4, p),
                            .chair_id = store_col_dup(st, 5, p),
                            .chair_name = store_col_dup(st, 6, p),
                            .minutes = store_col_dup(st, 7, p),
                            .created_by = store_col_dup(st, 8, p),
                            .created_at = store_col_int(st, 9),
                            .updated_at = store_col_int(st, 10)};
}

/* Runs a statement bound to one id whose first column is COUNT(*) OVER (): allocates n items
 * of size `size` at *items on the first row and calls read for each. */
typedef void (*row_reader)(store_stmt *st, pool *p, void *item);
static int read_rows(store_stmt *st, pool *p, const char *id, size_t size, void **items, int *count,
                     row_reader read)
{
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    int rc;
    *count = 0;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (!*items)
            *items = pool_zalloc(p, size * (size_t)store_col_int(st, 0));
        read(st, p, (char *)*items + size * (size_t)(*count)++);
    }
    store_done(st);
    return rc;
}

static void read_case(store_stmt *st, pool *p, void *item)
{
    store_conference_case *cc = item;
    cc->case_id = store_col_dup(st, 1, p);
    cc->discussion = store_col_dup(st, 2, p);
    cc->next_review_on = store_col_dup(st, 3, p);
}

static void read_attendee(store_stmt *st, pool *p, void *item)
{
    store_conference_attendee *a = item;
    a->name = store_col_dup(st, 1, p);
    a->agency = store_col_dup(st, 2, p);
    a->agency_id = store_col_dup(st, 3, p);
    a->user_id = store_col_dup(st, 4, p);
}

static void read_decision(store_stmt *st, pool *p, void *item)
{
    store_conference_decision *d = item;
    d->case_id = store_col_dup(st, 1, p);
    d->pregnancy_id = store_col_dup(st, 2, p);
    d->person_id = store_col_dup(st, 3, p);
    d->category = store_col_dup(st, 4, p);
    d->reg = store_col_is_null(st, 5) ? -1 : (int)store_col_int(st, 5);
    d->policy = store_col_dup(st, 6, p);
    d->plan_approval_asked = store_col_int(st, 7) != 0;
    d->close_reason = store_col_dup(st, 8, p);
    d->note = store_col_dup(st, 9, p);
}

static void read_action(store_stmt *st, pool *p, void *item)
{
    store_conference_action *a = item;
    a->id = store_col_dup(st, 1, p);
    a->what = store_col_dup(st, 2, p);
    a->owner_id = store_col_dup(st, 3, p);
    a->owner_agency_id = store_col_dup(st, 4, p);
    a->due_on = store_col_dup(st, 5, p);
    a->case_id = store_col_dup(st, 6, p);
    a->done_on = store_col_dup(st, 7, p);
    a->done_by = store_col_dup(st, 8, p);
    a->done_at = store_col_is_null(st, 9) ? 0 : store_col_int(st, 9);
    a->owner_name = store_col_dup(st, 10, p);
}

static int load_parts(store_conn *c, pool *p, store_conference *k)
{
    int rc = read_rows(store_prepare(c, "SELECT COUNT(*) OVER (), case_id, discussion,"
                                        " next_review_on FROM conference_cases"
                                        " WHERE conference_id = ? ORDER BY position, case_id"),
                       p, k->id, sizeof *k->cases, (void **)&k->cases, &k->case_count, read_case);
    if (rc == STORE_OK)
        rc = read_rows(store_prepare(c, "SELECT COUNT(*) OVER (), name, agency, agency_id,"
                                        " user_id FROM conference_attendees"
                                        " WHERE conference_id = ? ORDER BY position"),
                       p, k->id, sizeof *k->attendees, (void **)&k->attendees, &k->attendee_count,
                       read_attendee);
    if (rc == STORE_OK)
        rc = read_rows(store_prepare(c, "SELECT COUNT(*) OVER (), case_id, pregnancy_id,"
                                        " person_id, category, register, policy,"
                                        " plan_approval_asked, close_reason, note"
                                        " FROM conference_decisions WHERE conference_id = ?"
                                        " ORDER BY position"),
                       p, k->id, sizeof *k->decisions, (void **)&k->decisions, &k->decision_count,
                       read_decision);
    if (rc == STORE_OK)
        rc = read_rows(store_prepare(c, "SELECT COUNT(*) OVER (), a.id, a.what, a.owner_id,"
                                        " a.owner_agency_id, a.due_on, a.case_id, a.done_on,"
                                        " a.done_by, a.done_at, COALESCE(u.name, g.name)"
                                        " FROM conference_actions a"
                                        " LEFT JOIN users u ON u.id = a.owner_id"
                                        " LEFT JOIN agencies g ON g.id = a.owner_agency_id"
                                        " WHERE a.conference_id = ? ORDER BY a.position"),
                       p, k->id, sizeof *k->actions, (void **)&k->actions, &k->action_count,
                       read_action);
    return rc;
}

int store_conference_get(store_conn *c, pool *p, const char *id, store_conference *out)
{
    store_stmt *st =
        store_prepare(c, "SELECT " CONFERENCE_COLUMNS " FROM conferences k WHERE k.id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        read_head(st, p, out);
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    return rc == STORE_OK ? load_parts(c, p, out) : rc;
}

/* ---- the list ---- */

int store_conference_page(store_conn *c, pool *p, const store_conference_filter *f,
                          store_conference **out, int *count)
{
    store_stmt *st = store_prepare(
        c, "SELECT " CONFERENCE_COLUMNS " FROM conferences k"
           " WHERE (CAST(? AS TEXT) IS NULL OR k.kind = ?)"
           " AND (CAST(? AS TEXT) IS NULL OR k.held_on >= ?)"
           " AND (CAST(? AS TEXT) IS NULL OR k.held_on <= ?)"
           " AND (CAST(? AS TEXT) IS NULL OR (k.held_on, k.id) < (?, ?))"
           " AND (CAST(? AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM conference_cases cc"
           " WHERE cc.case_id = ? AND cc.conference_id = k.id))"
           " ORDER BY k.held_on DESC, k.id DESC LIMIT ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, f->kind);
    store_bind_text(st, 2, f->kind);
    store_bind_text(st, 3, f->from);
    store_bind_text(st, 4, f->from);
    store_bind_text(st, 5, f->to);
    store_bind_text(st, 6, f->to);
    store_bind_text(st, 7, f->before_held_on);
    store_bind_text(st, 8, f->before_held_on);
    store_bind_text(st, 9, f->before_id ? f->before_id : "");
    store_bind_text(st, 10, f->case_id);
    store_bind_text(st, 11, f->case_id);
    store_bind_int(st, 12, f->limit);
    *out = pool_zalloc(p, sizeof **out * (size_t)(f->limit + 1));
    *count = 0;
    int rc;
    while ((rc = store_step(st)) == STORE_ROW && *count < f->limit)
        read_head(st, p, &(*out)[(*count)++]);
    store_done(st);
    for (int i = 0; i < *count && rc == STORE_OK; i++) {
        store_conference *k = &(*out)[i];
        rc = read_rows(store_prepare(c, "SELECT COUNT(*) OVER (), case_id, discussion,"
                                        " next_review_on FROM conference_cases"
                                        " WHERE conference_id = ? ORDER BY position, case_id"),
                       p, k->id, sizeof *k->cases, (void **)&k->cases, &k->case_count, read_case);
    }
    return rc;
}

int store_conference_action_done(store_conn *c, const char *conference_id, const char *action_id,
                                 const char *on, const char *by, int64_t now)
{
    store_stmt *st = store_prepare(c, "UPDATE conference_actions SET done_on = ?, done_by = ?,"
                                      " done_at = ? WHERE id = ? AND conference_id = ?"
                                      " AND done_on IS NULL");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, on);
    store_bind_text(st, 2, by);
    store_bind_int(st, 3, now);
    store_bind_text(st, 4, action_id);
    store_bind_text(st, 5, conference_id);
    int rc = store_run(st);
    if (rc != STORE_OK || store_changes(c) == 1)
        return rc;
    st = store_prepare(c, "SELECT COUNT(*) FROM conference_actions WHERE id = ?"
                          " AND conference_id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, action_id);
    store_bind_text(st, 2, conference_id);
    rc = store_step(st);
    bool exists = rc == STORE_ROW && store_col_int(st, 0) > 0;
    store_done(st);
    if (rc != STORE_ROW)
        return rc == STORE_OK ? STORE_ERROR : rc;
    return exists ? STORE_CONFLICT : STORE_NOT_FOUND;
}

int store_conference_agency_name(store_conn *c, pool *p, const char *id, char **name)
{
    store_stmt *st = store_prepare(c, "SELECT name FROM agencies WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        *name = store_col_dup(st, 0, p);
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    return rc;
}

/* ---- a case as a meeting sees it ---- */

static void read_subject(store_stmt *st, pool *p, void *item)
{
    store_case_subject_row *s = item;
    s->category = store_col_dup(st, 1, p);
    s->designated_by = store_col_dup(st, 2, p);
    s->youtaikyo = store_col_int(st, 3) != 0;
    s->current = store_col_int(st, 4) != 0;
    store_person_brief_read(st, 5, p, &s->person);
}

static int last_set_by_conference(store_conn *c, pool *p, store_case_brief *out)
{
    store_stmt *st =
        store_prepare(c, "SELECT cc.next_review_on FROM conference_cases cc JOIN conferences k"
                         " ON k.id = cc.conference_id WHERE cc.case_id = ?"
                         " ORDER BY k.held_on DESC, k.created_at DESC, k.id DESC LIMIT 1");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, out->id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        out->last_set_by_conference = store_col_dup(st, 0, p);
        rc = STORE_OK;
    }
    store_done(st);
    return rc;
}

int store_case_brief_get(store_conn *c, pool *p, const char *id, store_case_brief *out)
{
    store_stmt *st = store_prepare(
        c, "SELECT cs.id, cs.version, cs.household_id, cs.status, cs.lead_id, u.name, cs.policy,"
           " cs.last_reviewed_on, cs.next_review_on, cs.opened_on FROM cases cs"
           " LEFT JOIN users u ON u.id = cs.lead_id WHERE cs.id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        *out = (store_case_brief){.id = store_col_dup(st, 0, p),
                                  .version = store_col_int(st, 1),
                                  .household_id = store_col_dup(st, 2, p),
                                  .status = store_col_dup(st, 3, p),
                                  .lead_id = store_col_dup(st, 4, p),
                                  .lead_name = store_col_dup(st, 5, p),
                                  .policy = store_col_dup(st, 6, p),
                                  .last_reviewed_on = store_col_dup(st, 7, p),
                                  .next_review_on = store_col_dup(st, 8, p),
                                  .opened_on = store_col_dup(st, 9, p)};
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    if (rc != STORE_OK)
        return rc;
    rc = read_rows(
        store_prepare(
            c, "SELECT COUNT(*) OVER (), s.category, s.designated_by, s.youtaikyo,"
               " CASE WHEN s.removed_on IS NULL THEN 1 ELSE 0 END, " STORE_PERSON_BRIEF_COLUMNS(
                   "p") " FROM case_subjects s JOIN persons p ON p.id = s.person_id"
                        " WHERE s.case_id = ?"
                        " ORDER BY CASE WHEN s.removed_on IS NULL THEN 0 ELSE 1 END,"
                        " p.birth_date, p.id"),
        p, id, sizeof *out->subjects, (void **)&out->subjects, &out->subject_count, read_subject);
    return rc == STORE_OK ? last_set_by_conference(c, p, out) : rc;
}

static int expect_one_row(store_conn *c, int rc)
{
    if (rc != STORE_OK)
        return rc;
    return store_changes(c) == 1 ? STORE_OK : STORE_CONFLICT;
}

int store_case_subject_designate(store_conn *c, const char *case_id, const char *person_id,
                                 const char *category, const char *conference_id, const char *on)
{
    store_stmt *st = store_prepare(c, "UPDATE case_subjects SET category = ?, designated_by = ?,"
                                      " designated_on = ? WHERE case_id = ? AND person_id = ?"
                                      " AND removed_on IS NULL");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, category);
    store_bind_text(st, 2, conference_id);
    store_bind_text(st, 3, on);
    store_bind_text(st, 4, case_id);
    store_bind_text(st, 5, person_id);
    return expect_one_row(c, store_run(st));
}

int store_case_subject_register(store_conn *c, const char *case_id, const char *person_id, bool reg,
                                const char *on)
{
    store_stmt *st =
        reg ? store_prepare(c, "UPDATE case_subjects SET youtaikyo = 1, registered_on = ?,"
                               " unregistered_on = NULL WHERE case_id = ? AND person_id = ?"
                               " AND removed_on IS NULL AND youtaikyo = 0")
            : store_prepare(c, "UPDATE case_subjects SET youtaikyo = 0, unregistered_on = ?"
                               " WHERE case_id = ? AND person_id = ? AND removed_on IS NULL"
                               " AND youtaikyo = 1");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, on);
    store_bind_text(st, 2, case_id);
    store_bind_text(st, 3, person_id);
    return store_run(st);
}

int store_case_reviewed(store_conn *c, const char *case_id, int64_t version,
                        const char *reviewed_on, const char *next_review_on, const char *policy,
                        int64_t now)
{
    store_stmt *st =
        store_prepare(c, "UPDATE cases SET last_reviewed_on = ?, next_review_on = ?,"
                         " policy = COALESCE(?, policy), updated_at = ?, version = version + 1"
                         " WHERE id = ? AND version = ? AND status = 'open'");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, reviewed_on);
    store_bind_text(st, 2, next_review_on);
    store_bind_text(st, 3, policy);
    store_bind_int(st, 4, now);
    store_bind_text(st, 5, case_id);
    store_bind_int(st, 6, version);
    return expect_one_row(c, store_run(st));
}

/* ---- the agenda ---- */

const char store_agenda_open_cases_sql[] =
    "SELECT cs.id, cs.next_review_on, u.name, s.category, s.youtaikyo, " STORE_PERSON_BRIEF_COLUMNS(
        "p") " FROM cases cs JOIN case_subjects s ON s.case_id = cs.id AND s.removed_on IS NULL"
             " JOIN persons p ON p.id = s.person_id LEFT JOIN users u ON u.id = cs.lead_id"
             " WHERE cs.status = 'open' ORDER BY cs.id, p.birth_date, p.id";

int store_agenda_open_cases(store_conn *c, pool *p, store_agenda_subject_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(c, store_agenda_open_cases_sql);
    if (!st)
        return STORE_ERROR;
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_agenda_subject s = {.case_id = store_col_dup(st, 0, p),
                                  .next_review_on = store_col_dup(st, 1, p),
                                  .lead_name = store_col_dup(st, 2, p),
                                  .category = store_col_dup(st, 3, p),
                                  .youtaikyo = store_col_int(st, 4) != 0};
        store_person_brief_read(st, 5, p, &s.person);
        if (fn(ctx, &s) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}

/* Decided: a decision names the pregnancy, or a conference decided the mother's designation in
 * a case. The mother's open case, if any, holds the candidate. */
const char store_agenda_candidates_sql[] =
    "SELECT g.id, g.notified_on, g.due_date,"
    " CASE WHEN EXISTS (SELECT 1 FROM conference_decisions d WHERE d.pregnancy_id = g.id)"
    " OR EXISTS (SELECT 1 FROM case_subjects m WHERE m.person_id = g.mother_id"
    " AND m.designated_by IS NOT NULL) THEN 1 ELSE 0 END,"
    " (SELECT MIN(o.case_id) FROM case_subjects o JOIN cases oc ON oc.id = o.case_id"
    " WHERE o.person_id = g.mother_id AND o.removed_on IS NULL AND oc.status = "
    "'open'), " STORE_PERSON_BRIEF_COLUMNS(
        "p") " FROM pregnancies g JOIN persons p ON p.id = g.mother_id"
             " WHERE g.candidate = 1 AND g.notified_on >= ? ORDER BY g.notified_on, g.id";

int store_agenda_candidates(store_conn *c, pool *p, const char *notified_since,
                            store_agenda_candidate_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(c, store_agenda_candidates_sql);
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, notified_since);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_agenda_candidate a = {.pregnancy_id = store_col_dup(st, 0, p),
                                    .notified_on = store_col_dup(st, 1, p),
                                    .due_date = store_col_dup(st, 2, p),
                                    .decided = store_col_int(st, 3) != 0,
                                    .case_id = store_col_dup(st, 4, p)};
        store_person_brief_read(st, 5, p, &a.mother);
        if (fn(ctx, &a) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}

int store_conference_last_of_kind(store_conn *c, pool *p, const char *kind, const char *before,
                                  char **id, char **held_on)
{
    store_stmt *st = store_prepare(c, "SELECT id, held_on FROM conferences WHERE kind = ?"
                                      " AND held_on < ? ORDER BY held_on DESC, id DESC LIMIT 1");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, kind);
    store_bind_text(st, 2, before);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        *id = store_col_dup(st, 0, p);
        *held_on = store_col_dup(st, 1, p);
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    return rc;
}

/* A screening counts only with a flag (its `flags` is the JSON array "[]" without one). The
 * persons' list is read once and each person's events since by events_person, in the list's
 * order: no sort. */
const char store_agenda_changes_sql[] =
    "SELECT e.person_id, e.kind, e.at, e.summary, e.ref_type, e.ref_id FROM events e"
    " LEFT JOIN screenings s ON e.ref_type = 'screening' AND s.id = e.ref_id"
    " WHERE e.person_id IN (SELECT cs.person_id FROM case_subjects cs JOIN cases cc"
    " ON cc.id = cs.case_id WHERE cc.status = 'open' AND cs.removed_on IS NULL"
    " UNION SELECT g.mother_id FROM pregnancies g WHERE g.candidate = 1 AND g.notified_on >= ?)"
    " AND e.at >= ? AND e.kind IN ('report_step', 'checkup_missed',"
    " 'screening_recorded', 'pregnancy_registered', 'partner_report')"
    " AND (e.kind <> 'screening_recorded' OR s.flags <> '[]')"
    " ORDER BY e.person_id, e.at, e.seq";

int store_agenda_changes(store_conn *c, pool *p, int64_t since, const char *notified_since,
                         store_agenda_change_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(c, store_agenda_changes_sql);
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, notified_since);
    store_bind_int(st, 2, since);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_agenda_change ch = {.person_id = store_col_dup(st, 0, p),
                                  .kind = store_col_dup(st, 1, p),
                                  .at = store_col_int(st, 2),
                                  .summary = store_col_dup(st, 3, p),
                                  .ref_type = store_col_dup(st, 4, p),
                                  .ref_id = store_col_dup(st, 5, p)};
        if (fn(ctx, &ch) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}
