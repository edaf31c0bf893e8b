#include "store/plans.h"
#include "store/person_brief.h"

#include <string.h>

int store_plan_case_get(store_conn *c, pool *p, const char *case_id, store_plan_case *out)
{
    store_stmt *st = store_prepare(c, "SELECT id, status, household_id FROM cases WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, case_id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        *out = (store_plan_case){.id = store_col_dup(st, 0, p),
                                 .status = store_col_dup(st, 1, p),
                                 .household_id = store_col_dup(st, 2, p)};
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    return rc;
}

int store_plan_case_subject(store_conn *c, const char *case_id, const char *person_id)
{
    store_stmt *st = store_prepare(c, "SELECT 1 FROM case_subjects WHERE case_id = ?"
                                      " AND person_id = ? AND removed_on IS NULL");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, case_id);
    store_bind_text(st, 2, person_id);
    int rc = store_step(st);
    store_done(st);
    return rc == STORE_ROW ? STORE_OK : rc == STORE_OK ? STORE_NOT_FOUND : rc;
}

/* ---- writing a version ---- */

static int next_number(store_conn *c, const char *case_id, int64_t *out)
{
    store_stmt *st =
        store_prepare(c, "SELECT COALESCE(MAX(plan_version), 0) + 1 FROM plans WHERE case_id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, case_id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        *out = store_col_int(st, 0);
        rc = STORE_OK;
    }
    store_done(st);
    return rc;
}

static int insert_row(store_conn *c, const store_plan *pl, int64_t number)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO plans (id, version, case_id, plan_version, status, guardian_wishes,"
           " child_views, situation, long_term_goal, short_term_goals, review_on, handed_on,"
           " created_by, created_at, updated_at)"
           " VALUES (?, 1, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    const plan_content *pc = &pl->content;
    store_bind_text(st, 1, pl->id);
    store_bind_text(st, 2, pl->case_id);
    store_bind_int(st, 3, number);
    store_bind_text(st, 4, pc->guardian_wishes);
    store_bind_text(st, 5, pc->child_views);
    store_bind_text(st, 6, pc->situation);
    store_bind_text(st, 7, pc->long_term_goal);
    store_bind_text(st, 8, pc->short_term_goals);
    store_bind_text(st, 9, pc->review_on);
    store_bind_text(st, 10, pc->handed_on);
    store_bind_text(st, 11, pl->created_by);
    store_bind_int(st, 12, pl->created_at);
    store_bind_int(st, 13, pl->created_at);
    return store_run(st);
}

static int insert_subjects(store_conn *c, const char *id, const plan_content *pc)
{
    int rc = STORE_OK;
    for (int i = 0; i < pc->subject_count && rc == STORE_OK; i++) {
        store_stmt *st = store_prepare(
            c, "INSERT INTO plan_subjects (plan_id, position, person_id) VALUES (?, ?, ?)");
        if (!st)
            return STORE_ERROR;
        store_bind_text(st, 1, id);
        store_bind_int(st, 2, i);
        store_bind_text(st, 3, pc->subject_ids[i]);
        rc = store_run(st);
    }
    return rc;
}

static int insert_services(store_conn *c, const char *id, const plan_content *pc)
{
    int rc = STORE_OK;
    for (int i = 0; i < pc->service_count && rc == STORE_OK; i++) {
        store_stmt *st =
            store_prepare(c, "INSERT INTO plan_services (plan_id, position, what, who, how_often,"
                             " from_on, to_on) VALUES (?, ?, ?, ?, ?, ?, ?)");
        if (!st)
            return STORE_ERROR;
        const plan_service *s = &pc->services[i];
        store_bind_text(st, 1, id);
        store_bind_int(st, 2, i);
        store_bind_text(st, 3, s->what);
        store_bind_text(st, 4, s->who);
        store_bind_text(st, 5, s->how_often);
        store_bind_text(st, 6, s->from_on);
        store_bind_text(st, 7, s->to_on);
        rc = store_run(st);
    }
    return rc;
}

static int insert_contacts(store_conn *c, const char *id, const plan_content *pc)
{
    int rc = STORE_OK;
    for (int i = 0; i < pc->contact_count && rc == STORE_OK; i++) {
        store_stmt *st = store_prepare(c, "INSERT INTO plan_contacts (plan_id, position, name,"
                                          " relation, phone) VALUES (?, ?, ?, ?, ?)");
        if (!st)
            return STORE_ERROR;
        const plan_contact *k = &pc->contacts[i];
        store_bind_text(st, 1, id);
        store_bind_int(st, 2, i);
        store_bind_text(st, 3, k->name);
        store_bind_text(st, 4, k->relation);
        store_bind_text(st, 5, k->phone);
        rc = store_run(st);
    }
    return rc;
}

int store_plan_insert(store_conn *c, const store_plan *pl, int64_t *plan_version)
{
    int rc = next_number(c, pl->case_id, plan_version);
    if (rc == STORE_OK)
        rc = insert_row(c, pl, *plan_version);
    if (rc == STORE_OK)
        rc = insert_subjects(c, pl->id, &pl->content);
    if (rc == STORE_OK)
        rc = insert_services(c, pl->id, &pl->content);
    if (rc == STORE_OK)
        rc = insert_contacts(c, pl->id, &pl->content);
    return rc;
}

/* ---- reading versions ---- */

#define PLAN_COLUMNS                                                                               \
    "p.id, p.version, p.case_id, p.plan_version, p.status, p.guardian_wishes, p.child_views,"      \
    " p.situation, p.long_term_goal, p.short_term_goals, p.review_on, p.handed_on,"                \
    " p.last_reviewed_on, p.approved_by, a.name, p.approved_at, p.created_by, u.name,"             \
    " p.created_at, p.updated_at FROM plans p LEFT JOIN users a ON a.id = p.approved_by"           \
    " LEFT JOIN users u ON u.id = p.created_by"

static void read_row(store_stmt *st, pool *p, store_plan *out)
{
    *out = (store_plan){.id = store_col_dup(st, 0, p),
                        .version = store_col_int(st, 1),
                        .case_id = store_col_dup(st, 2, p),
                        .plan_version = store_col_int(st, 3),
                        .status = store_col_dup(st, 4, p),
                        .last_reviewed_on = store_col_dup(st, 12, p),
                        .approved_by = store_col_dup(st, 13, p),
                        .approved_by_name = store_col_dup(st, 14, p),
                        .approved_at = store_col_int(st, 15),
                        .created_by = store_col_dup(st, 16, p),
                        .created_by_name = store_col_dup(st, 17, p),
                        .created_at = store_col_int(st, 18),
                        .updated_at = store_col_int(st, 19)};
    plan_content *pc = &out->content;
    pc->guardian_wishes = store_col_dup(st, 5, p);
    pc->child_views = store_col_dup(st, 6, p);
    pc->situation = store_col_dup(st, 7, p);
    pc->long_term_goal = store_col_dup(st, 8, p);
    pc->short_term_goals = store_col_dup(st, 9, p);
    pc->review_on = store_col_dup(st, 10, p);
    pc->handed_on = store_col_dup(st, 11, p);
}

static int read_subjects(store_conn *c, pool *p, store_plan *pl)
{
    store_stmt *st = store_prepare(
        c, "SELECT " STORE_PERSON_BRIEF_COLUMNS("a") " FROM plan_subjects s JOIN persons a"
                                                     " ON a.id = s.person_id WHERE s.plan_id = ?"
                                                     " ORDER BY s.position");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, pl->id);
    int cap = PLAN_SUBJECTS_MAX, n = 0, rc;
    const char **ids = pool_zalloc(p, sizeof *ids * (size_t)cap);
    pl->subjects = pool_zalloc(p, sizeof *pl->subjects * (size_t)cap);
    while ((rc = store_step(st)) == STORE_ROW && n < cap) {
        store_person_brief_read(st, 0, p, &pl->subjects[n]);
        ids[n] = pl->subjects[n].id;
        n++;
    }
    store_done(st);
    pl->content.subject_ids = ids;
    pl->content.subject_count = n;
    return rc == STORE_ROW ? STORE_OK : rc;
}

static int read_services(store_conn *c, pool *p, store_plan *pl)
{
    store_stmt *st = store_prepare(c, "SELECT what, who, how_often, from_on, to_on"
                                      " FROM plan_services WHERE plan_id = ? ORDER BY position");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, pl->id);
    int cap = PLAN_SERVICES_MAX, n = 0, rc;
    plan_service *s = pool_zalloc(p, sizeof *s * (size_t)cap);
    while ((rc = store_step(st)) == STORE_ROW && n < cap)
        s[n++] = (plan_service){.what = store_col_dup(st, 0, p),
                                .who = store_col_dup(st, 1, p),
                                .how_often = store_col_dup(st, 2, p),
                                .from_on = store_col_dup(st, 3, p),
                                .to_on = store_col_dup(st, 4, p)};
    store_done(st);
    pl->content.services = s;
    pl->content.service_count = n;
    return rc == STORE_ROW ? STORE_OK : rc;
}

static int read_contacts(store_conn *c, pool *p, store_plan *pl)
{
    store_stmt *st = store_prepare(c, "SELECT name, relation, phone FROM plan_contacts"
                                      " WHERE plan_id = ? ORDER BY position");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, pl->id);
    int cap = PLAN_CONTACTS_MAX, n = 0, rc;
    plan_contact *k = pool_zalloc(p, sizeof *k * (size_t)cap);
    while ((rc = store_step(st)) == STORE_ROW && n < cap)
        k[n++] = (plan_contact){.name = store_col_dup(st, 0, p),
                                .relation = store_col_dup(st, 1, p),
                                .phone = store_col_dup(st, 2, p)};
    store_done(st);
    pl->content.contacts = k;
    pl->content.contact_count = n;
    return rc == STORE_ROW ? STORE_OK : rc;
}

static int read_parts(store_conn *c, pool *p, store_plan *pl)
{
    int rc = read_subjects(c, p, pl);
    if (rc == STORE_OK)
        rc = read_services(c, p, pl);
    if (rc == STORE_OK)
        rc = read_contacts(c, p, pl);
    return rc;
}

/* One row of st (bound) and its parts. */
static int read_one(store_conn *c, pool *p, store_stmt *st, store_plan *out)
{
    int rc = store_step(st);
    if (rc == STORE_ROW)
        read_row(st, p, out);
    store_done(st);
    if (rc == STORE_OK)
        return STORE_NOT_FOUND;
    return rc == STORE_ROW ? read_parts(c, p, out) : rc;
}

int store_plan_get(store_conn *c, pool *p, const char *case_id, const char *id, store_plan *out)
{
    store_stmt *st = store_prepare(c, "SELECT " PLAN_COLUMNS " WHERE p.id = ? AND p.case_id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    store_bind_text(st, 2, case_id);
    return read_one(c, p, st, out);
}

int store_plan_get_number(store_conn *c, pool *p, const char *case_id, int64_t plan_version,
                          store_plan *out)
{
    store_stmt *st =
        store_prepare(c, "SELECT " PLAN_COLUMNS " WHERE p.case_id = ? AND p.plan_version = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, case_id);
    store_bind_int(st, 2, plan_version);
    return read_one(c, p, st, out);
}

int store_plans_of_case(store_conn *c, pool *p, const char *case_id, int64_t before_version,
                        int limit, store_plan **out, int *count)
{
    store_stmt *st = store_prepare(c, "SELECT " PLAN_COLUMNS " WHERE p.case_id = ?"
                                      " AND p.plan_version < ? ORDER BY p.plan_version DESC"
                                      " LIMIT ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, case_id);
    store_bind_int(st, 2, before_version);
    store_bind_int(st, 3, limit);
    store_plan *plans = pool_zalloc(p, sizeof *plans * (size_t)(limit > 0 ? limit : 1));
    int n = 0, rc;
    while ((rc = store_step(st)) == STORE_ROW && n < limit)
        read_row(st, p, &plans[n++]);
    store_done(st);
    if (rc == STORE_ROW)
        rc = STORE_OK;
    for (int i = 0; i < n && rc == STORE_OK; i++)
        rc = read_parts(c, p, &plans[i]);
    *out = plans;
    *count = n;
    return rc;
}

/* ---- approval, reviews, handing over ---- */

static int changed_one(store_conn *c, int rc)
{
    if (rc != STORE_OK)
        return rc;
    return store_changes(c) == 1 ? STORE_OK : STORE_CONFLICT;
}

int store_plan_approve(store_conn *c, const char *id, const char *user_id, int64_t now,
                       const char *review_on)
{
    store_stmt *st = store_prepare(
        c, "UPDATE plans SET status = 'approved', approved_by = ?, approved_at = ?,"
           " review_on = COALESCE(review_on, ?), version = version + 1, updated_at = ?"
           " WHERE id = ? AND status = 'draft' AND plan_version = (SELECT MAX(m.plan_version)"
           " FROM plans m WHERE m.case_id = plans.case_id)");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, user_id);
    store_bind_int(st, 2, now);
    store_bind_text(st, 3, review_on);
    store_bind_int(st, 4, now);
    store_bind_text(st, 5, id);
    return changed_one(c, store_run(st));
}

int store_plan_reviewed(store_conn *c, const char *id, int64_t expected, const char *on,
                        const char *review_on, int64_t now)
{
    store_stmt *st = store_prepare(
        c, "UPDATE plans SET last_reviewed_on = ?, review_on = ?, version = version + 1,"
           " updated_at = ? WHERE id = ? AND status = 'approved' AND (? = 0 OR version = ?)"
           " AND NOT EXISTS (SELECT 1 FROM plans n WHERE n.case_id = plans.case_id"
           " AND n.status = 'approved' AND n.plan_version > plans.plan_version)");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, on);
    store_bind_text(st, 2, review_on);
    store_bind_int(st, 3, now);
    store_bind_text(st, 4, id);
    store_bind_int(st, 5, expected);
    store_bind_int(st, 6, expected);
    return changed_one(c, store_run(st));
}

int store_plan_handed(store_conn *c, const char *id, const char *on, int64_t now)
{
    store_stmt *st =
        store_prepare(c, "UPDATE plans SET handed_on = ?, version = version + 1, updated_at = ?"
                         " WHERE id = ? AND status = 'approved' AND handed_on IS NULL");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, on);
    store_bind_int(st, 2, now);
    store_bind_text(st, 3, id);
    return changed_one(c, store_run(st));
}
