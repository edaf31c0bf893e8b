#include "store/case_summary.h"

#include <string.h>

/* Rows of a statement with COUNT(*) OVER () in column 0 into an array of n elements of size
 * each; fill reads one row into an element. */
typedef void (*fill_fn)(store_stmt *st, pool *p, void *item);

static void *collect(store_stmt *st, pool *p, size_t size, fill_fn fill, int *n, int *rc)
{
    char *items = NULL;
    *n = 0;
    while ((*rc = store_step(st)) == STORE_ROW) {
        if (!items)
            items = pool_zalloc(p, size * (size_t)store_col_int(st, 0));
        fill(st, p, items + size * (size_t)(*n)++);
    }
    store_done(st);
    return items;
}

static void fill_contact(store_stmt *st, pool *p, void *item)
{
    store_summary_contact *c = item;
    *c = (store_summary_contact){.person_id = store_col_dup(st, 1, p),
                                 .sex = store_col_dup(st, 2, p),
                                 .address = store_col_dup(st, 3, p),
                                 .phone = store_col_dup(st, 4, p),
                                 .address_protected = store_col_int(st, 5) != 0};
}

static void fill_service(store_stmt *st, pool *p, void *item)
{
    store_summary_service *s = item;
    *s = (store_summary_service){.what = store_col_dup(st, 1, p),
                                 .who = store_col_dup(st, 2, p),
                                 .how_often = store_col_dup(st, 3, p),
                                 .from_on = store_col_dup(st, 4, p),
                                 .to_on = store_col_dup(st, 5, p)};
}

static void fill_conference(store_stmt *st, pool *p, void *item)
{
    store_summary_conference *f = item;
    *f = (store_summary_conference){.id = store_col_dup(st, 1, p),
                                    .kind = store_col_dup(st, 2, p),
                                    .held_on = store_col_dup(st, 3, p)};
}

static void fill_action(store_stmt *st, pool *p, void *item)
{
    store_summary_action *a = item;
    *a = (store_summary_action){.what = store_col_dup(st, 1, p),
                                .due_on = store_col_dup(st, 2, p),
                                .owner_name = store_col_dup(st, 3, p),
                                .owner_agency_name = store_col_dup(st, 4, p)};
}

static int read_contacts(store_conn *c, pool *p, const char *case_id, store_case_summary *out)
{
    store_stmt *st = store_prepare(
        c, "SELECT COUNT(*) OVER (), p.id, p.sex, p.address, p.phone, p.address_protected"
           " FROM case_subjects s JOIN persons p ON p.id = s.person_id WHERE s.case_id = ?"
           " ORDER BY p.id");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, case_id);
    int rc;
    out->contacts = collect(st, p, sizeof *out->contacts, fill_contact, &out->contact_count, &rc);
    return rc;
}

static int read_household(store_conn *c, pool *p, const char *household_id, store_case_summary *out)
{
    store_stmt *st = store_prepare(
        c, "SELECT h.address, (SELECT COUNT(*) FROM household_members m JOIN persons p"
           " ON p.id = m.person_id WHERE m.household_id = h.id AND m.to_date IS NULL"
           " AND p.address_protected = 1) FROM households h WHERE h.id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, household_id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        out->household_address = store_col_dup(st, 0, p);
        out->household_protected = store_col_int(st, 1) > 0;
        rc = STORE_OK;
    }
    store_done(st);
    return rc;
}

/* The newest approved version, else the newest. */
static int read_plan(store_conn *c, pool *p, const char *case_id, store_case_summary *out)
{
    store_stmt *st = store_prepare(
        c, "SELECT id, plan_version, status, long_term_goal, short_term_goals, review_on,"
           " handed_on FROM plans WHERE case_id = ?"
           " ORDER BY CASE WHEN status = 'approved' THEN 0 ELSE 1 END, plan_version DESC LIMIT 1");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, case_id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        store_summary_plan *pl = &out->plan;
        *pl = (store_summary_plan){.id = store_col_dup(st, 0, p),
                                   .plan_version = store_col_int(st, 1),
                                   .status = store_col_dup(st, 2, p),
                                   .long_term_goal = store_col_dup(st, 3, p),
                                   .short_term_goals = store_col_dup(st, 4, p),
                                   .review_on = store_col_dup(st, 5, p),
                                   .handed_on = store_col_dup(st, 6, p)};
        out->has_plan = true;
        rc = STORE_OK;
    }
    store_done(st);
    if (rc != STORE_OK || !out->has_plan)
        return rc;
    st = store_prepare(c, "SELECT COUNT(*) OVER (), what, who, how_often, from_on, to_on"
                          " FROM plan_services WHERE plan_id = ? ORDER BY position");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, out->plan.id);
    out->plan.services =
        collect(st, p, sizeof *out->plan.services, fill_service, &out->plan.service_count, &rc);
    return rc;
}

static int read_conferences(store_conn *c, pool *p, const char *case_id, store_case_summary *out)
{
    store_stmt *st =
        store_prepare(c, "SELECT COUNT(*) OVER (), f.id, f.kind, f.held_on FROM conference_cases cc"
                         " JOIN conferences f ON f.id = cc.conference_id WHERE cc.case_id = ?"
                         " ORDER BY f.held_on, f.id");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, case_id);
    int rc;
    out->conferences =
        collect(st, p, sizeof *out->conferences, fill_conference, &out->conference_count, &rc);
    return rc;
}

static int read_actions(store_conn *c, pool *p, const char *case_id, store_case_summary *out)
{
    store_stmt *st = store_prepare(
        c,
        "SELECT COUNT(*) OVER (), a.what, a.due_on, u.name, g.name FROM conference_actions a"
        " LEFT JOIN users u ON u.id = a.owner_id LEFT JOIN agencies g ON g.id = a.owner_agency_id"
        " WHERE a.case_id = ? AND a.done_on IS NULL ORDER BY a.due_on, a.id");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, case_id);
    int rc;
    out->actions = collect(st, p, sizeof *out->actions, fill_action, &out->action_count, &rc);
    return rc;
}

int store_case_summary_read(store_conn *c, pool *p, const char *case_id, const char *household_id,
                            store_case_summary *out)
{
    *out = (store_case_summary){0};
    int rc = read_contacts(c, p, case_id, out);
    if (rc == STORE_OK)
        rc = read_household(c, p, household_id, out);
    if (rc == STORE_OK)
        rc = read_plan(c, p, case_id, out);
    if (rc == STORE_OK)
        rc = read_conferences(c, p, case_id, out);
    return rc == STORE_OK ? read_actions(c, p, case_id, out) : rc;
}
