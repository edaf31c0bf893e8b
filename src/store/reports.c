#include "store/reports.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_COLUMNS                                                                             \
    "r.id, r.version, r.kind, r.received_at, r.received_by, r.route, r.abuse_types,"               \
    " r.main_perpetrator, r.summary, r.urgent, r.reporter_name, r.reporter_relation,"              \
    " r.reporter_contact, r.reporter_anonymous, r.reporter_intent, r.status, r.urgency,"           \
    " r.safety_due_at, r.case_id, r.created_at, r.updated_at, u.name, r.lead_id, r.deputy_id,"     \
    " lu.name, du.name"
/* The taker's and owners' names come with the report (the builder of the answer reads nothing). */
#define REPORT_JOINS                                                                               \
    " LEFT JOIN users u ON u.id = r.received_by LEFT JOIN users lu ON lu.id = r.lead_id"           \
    " LEFT JOIN users du ON du.id = r.deputy_id"
#define REPORT_FROM " FROM reports r" REPORT_JOINS

/* A received_by or recorded_by column: NULL for the import's marker. */
static char *author_of(store_stmt *st, int i, pool *p)
{
    const char *v = store_col_text(st, i);
    return v && strcmp(v, STORE_REPORT_NO_AUTHOR) == 0 ? NULL : store_col_dup(st, i, p);
}

static void read_report(store_stmt *st, pool *p, store_report *r)
{
    *r = (store_report){0};
    r->id = store_col_dup(st, 0, p);
    r->version = store_col_int(st, 1);
    r->kind = store_col_dup(st, 2, p);
    r->received_at = store_col_int(st, 3);
    r->received_by = author_of(st, 4, p);
    r->route = store_col_dup(st, 5, p);
    r->abuse_types = store_col_dup(st, 6, p);
    r->main_perpetrator = store_col_dup(st, 7, p);
    r->summary = store_col_dup(st, 8, p);
    r->urgent = store_col_int(st, 9) != 0;
    r->reporter_name = store_col_dup(st, 10, p);
    r->reporter_relation = store_col_dup(st, 11, p);
    r->reporter_contact = store_col_dup(st, 12, p);
    r->reporter_anonymous = store_col_int(st, 13) != 0;
    r->reporter_intent = store_col_dup(st, 14, p);
    r->has_reporter = r->reporter_name || r->reporter_relation || r->reporter_contact ||
                      r->reporter_anonymous || r->reporter_intent;
    r->status = store_col_dup(st, 15, p);
    r->urgency = store_col_dup(st, 16, p);
    r->safety_due_at = store_col_is_null(st, 17) ? 0 : store_col_int(st, 17);
    r->case_id = store_col_dup(st, 18, p);
    r->created_at = store_col_int(st, 19);
    r->updated_at = store_col_int(st, 20);
    r->received_by_name = store_col_dup(st, 21, p);
    r->lead_id = store_col_dup(st, 22, p);
    r->deputy_id = store_col_dup(st, 23, p);
    r->lead_name = store_col_dup(st, 24, p);
    r->deputy_name = store_col_dup(st, 25, p);
}

static void read_brief(store_stmt *st, int from, pool *p, store_person *person)
{
    person->id = store_col_dup(st, from, p);
    person->family_name = store_col_dup(st, from + 1, p);
    person->given_name = store_col_dup(st, from + 2, p);
    person->family_name_kana = store_col_dup(st, from + 3, p);
    person->given_name_kana = store_col_dup(st, from + 4, p);
    person->birth_date = store_col_dup(st, from + 5, p);
    person->sex = store_col_dup(st, from + 6, p);
}

#define BRIEF                                                                                      \
    "p.id, p.family_name, p.given_name, p.family_name_kana, p.given_name_kana, p.birth_date, "     \
    "p.sex"

static void read_child(store_stmt *st, int from, pool *p, store_report_child *ch)
{
    ch->confirmed_at = store_col_is_null(st, from) ? 0 : store_col_int(st, from);
    ch->confirmed_by = store_col_dup(st, from + 1, p);
    read_brief(st, from + 2, p, &ch->person);
    ch->child_id = ch->person.id;
}

static void read_guardian(store_stmt *st, int from, pool *p, store_report_guardian *g)
{
    g->relation = store_col_dup(st, from, p);
    read_brief(st, from + 1, p, &g->person);
    g->person_id = g->person.id;
}

static int load_children(store_conn *c, pool *p, store_report *r)
{
    store_stmt *st =
        store_prepare(c, "SELECT COUNT(*) OVER (), rc.confirmed_at, rc.confirmed_by, " BRIEF
                         " FROM report_children rc JOIN persons p ON p.id = rc.child_id"
                         " WHERE rc.report_id = ? ORDER BY rc.position");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, r->id);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (!r->children)
            r->children = pool_zalloc(p, sizeof *r->children * (size_t)store_col_int(st, 0));
        read_child(st, 1, p, &r->children[r->child_count++]);
    }
    store_done(st);
    return rc;
}

static int load_guardians(store_conn *c, pool *p, store_report *r)
{
    store_stmt *st =
        store_prepare(c, "SELECT COUNT(*) OVER (), g.relation, " BRIEF
                         " FROM report_guardians g JOIN persons p ON p.id = g.person_id"
                         " WHERE g.report_id = ? ORDER BY g.position");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, r->id);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (!r->guardians)
            r->guardians = pool_zalloc(p, sizeof *r->guardians * (size_t)store_col_int(st, 0));
        read_guardian(st, 1, p, &r->guardians[r->guardian_count++]);
    }
    store_done(st);
    return rc;
}

int store_report_get(store_conn *c, pool *p, const char *id, store_report *out)
{
    store_stmt *st = store_prepare(c, "SELECT " REPORT_COLUMNS REPORT_FROM " WHERE r.id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        read_report(st, p, out);
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    if (rc == STORE_OK)
        rc = load_children(c, p, out);
    return rc == STORE_OK ? load_guardians(c, p, out) : rc;
}

static int insert_people(store_conn *c, const store_report *r)
{
    int rc = STORE_OK;
    for (int i = 0; i < r->child_count && rc == STORE_OK; i++) {
        store_stmt *st = store_prepare(
            c, "INSERT INTO report_children (report_id, position, child_id) VALUES (?, ?, ?)");
        if (!st)
            return STORE_ERROR;
        store_bind_text(st, 1, r->id);
        store_bind_int(st, 2, i);
        store_bind_text(st, 3, r->children[i].child_id);
        rc = store_run(st);
    }
    for (int i = 0; i < r->guardian_count && rc == STORE_OK; i++) {
        store_stmt *st = store_prepare(c, "INSERT INTO report_guardians (report_id, position,"
                                          " person_id, relation) VALUES (?, ?, ?, ?)");
        if (!st)
            return STORE_ERROR;
        store_bind_text(st, 1, r->id);
        store_bind_int(st, 2, i);
        store_bind_text(st, 3, r->guardians[i].person_id);
        store_bind_text(st, 4, r->guardians[i].relation);
        rc = store_run(st);
    }
    return rc;
}

int store_report_insert(store_conn *c, const store_report *r)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO reports (id, version, kind, received_at, received_by, route, abuse_types,"
           " main_perpetrator, summary, urgent, reporter_name, reporter_relation,"
           " reporter_contact, reporter_anonymous, reporter_intent, status, urgency,"
           " safety_due_at, case_id, created_at, updated_at)"
           " VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, r->id);
    store_bind_text(st, 2, r->kind);
    store_bind_int(st, 3, r->received_at);
    store_bind_text(st, 4, r->received_by ? r->received_by : STORE_REPORT_NO_AUTHOR);
    store_bind_text(st, 5, r->route);
    store_bind_text(st, 6, r->abuse_types);
    store_bind_text(st, 7, r->main_perpetrator);
    store_bind_text(st, 8, r->summary);
    store_bind_int(st, 9, r->urgent);
    store_bind_text(st, 10, r->reporter_name);
    store_bind_text(st, 11, r->reporter_relation);
    store_bind_text(st, 12, r->reporter_contact);
    store_bind_int(st, 13, r->reporter_anonymous);
    store_bind_text(st, 14, r->reporter_intent);
    store_bind_text(st, 15, r->status);
    store_bind_text(st, 16, r->urgency);
    if (r->safety_due_at)
        store_bind_int(st, 17, r->safety_due_at);
    else
        store_bind_null(st, 17);
    store_bind_text(st, 18, r->case_id);
    store_bind_int(st, 19, r->created_at);
    store_bind_int(st, 20, r->updated_at);
    int rc = store_run(st);
    return rc == STORE_OK ? insert_people(c, r) : rc;
}

int store_report_advance(store_conn *c, const char *id, const char *status, const char *urgency,
                         const char *case_id, int64_t now)
{
    store_stmt *st = store_prepare(
        c, "UPDATE reports SET status = ?, urgency = COALESCE(?, urgency),"
           " case_id = COALESCE(?, case_id), updated_at = ?, version = version + 1 WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, status);
    store_bind_text(st, 2, urgency);
    store_bind_text(st, 3, case_id);
    store_bind_int(st, 4, now);
    store_bind_text(st, 5, id);
    int rc = store_run(st);
    if (rc != STORE_OK)
        return rc;
    return store_changes(c) == 1 ? STORE_OK : STORE_NOT_FOUND;
}

int store_report_confirm_child(store_conn *c, const char *report_id, const char *child_id,
                               int64_t at, const char *by)
{
    store_stmt *st =
        store_prepare(c, "UPDATE report_children SET confirmed_at = ?, confirmed_by = ?"
                         " WHERE report_id = ? AND child_id = ? AND confirmed_at IS NULL");
    if (!st)
        return STORE_ERROR;
    store_bind_int(st, 1, at);
    store_bind_text(st, 2, by);
    store_bind_text(st, 3, report_id);
    store_bind_text(st, 4, child_id);
    return store_run(st);
}

int store_report_set_child_confirmation(store_conn *c, const char *report_id, const char *child_id,
                                        int64_t at, const char *by)
{
    store_stmt *st =
        store_prepare(c, "UPDATE report_children SET confirmed_at = ?, confirmed_by = ?"
                         " WHERE report_id = ? AND child_id = ?");
    if (!st)
        return STORE_ERROR;
    if (at)
        store_bind_int(st, 1, at);
    else
        store_bind_null(st, 1);
    store_bind_text(st, 2, at ? by : NULL);
    store_bind_text(st, 3, report_id);
    store_bind_text(st, 4, child_id);
    int rc = store_run(st);
    if (rc != STORE_OK)
        return rc;
    return store_changes(c) == 1 ? STORE_OK : STORE_NOT_FOUND;
}

static int report_exists(store_conn *c, const char *id)
{
    store_stmt *st = store_prepare(c, "SELECT 1 FROM reports WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    int rc = store_step(st);
    store_done(st);
    return rc == STORE_ROW ? STORE_OK : rc == STORE_OK ? STORE_NOT_FOUND : rc;
}

int store_report_set_state(store_conn *c, const char *id, const char *status, const char *urgency,
                           const char *case_id, int64_t now, store_report_was was)
{
    store_stmt *st = store_prepare(c, "UPDATE reports SET status = ?, urgency = ?, case_id = ?,"
                                      " updated_at = ?, version = version + 1"
                                      " WHERE id = ? AND version = ? AND status = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, status);
    store_bind_text(st, 2, urgency);
    store_bind_text(st, 3, case_id);
    store_bind_int(st, 4, now);
    store_bind_text(st, 5, id);
    store_bind_int(st, 6, was.version);
    store_bind_text(st, 7, was.status);
    int rc = store_run(st);
    if (rc != STORE_OK)
        return rc;
    if (store_changes(c) == 1)
        return STORE_OK;
    rc = report_exists(c, id);
    return rc == STORE_OK ? STORE_CONFLICT : rc;
}

int store_report_set_owner(store_conn *c, const char *id, const char *lead_id,
                           const char *deputy_id, int64_t now, int64_t was_version)
{
    store_stmt *st = store_prepare(c, "UPDATE reports SET lead_id = ?, deputy_id = ?,"
                                      " updated_at = ?, version = version + ?"
                                      " WHERE id = ? AND (? = 0 OR version = ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, lead_id);
    store_bind_text(st, 2, deputy_id);
    store_bind_int(st, 3, now);
    store_bind_int(st, 4, was_version > 0 ? 1 : 0);
    store_bind_text(st, 5, id);
    store_bind_int(st, 6, was_version);
    store_bind_int(st, 7, was_version);
    int rc = store_run(st);
    if (rc != STORE_OK)
        return rc;
    if (store_changes(c) == 1)
        return STORE_OK;
    rc = report_exists(c, id);
    return rc == STORE_OK ? STORE_CONFLICT : rc;
}

int store_report_event_add(store_conn *c, const char *report_id, const store_report_event *e)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO report_events (report_id, step, at, note, urgency, attendees, child_ids,"
           " seen_by, case_id, recorded_by, recorded_at, corrects)"
           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, report_id);
    store_bind_text(st, 2, e->step);
    store_bind_int(st, 3, e->at);
    store_bind_text(st, 4, e->note);
    store_bind_text(st, 5, e->urgency);
    store_bind_text(st, 6, e->attendees);
    store_bind_text(st, 7, e->child_ids);
    store_bind_text(st, 8, e->seen_by);
    store_bind_text(st, 9, e->case_id);
    store_bind_text(st, 10, e->recorded_by ? e->recorded_by : STORE_REPORT_NO_AUTHOR);
    store_bind_int(st, 11, e->recorded_at);
    if (e->corrects)
        store_bind_int(st, 12, e->corrects);
    else
        store_bind_null(st, 12);
    return store_run(st);
}

int store_report_events(store_conn *c, pool *p, const char *report_id, store_report_event_fn fn,
                        void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT e.seq, e.step, e.at, e.note, e.urgency, e.attendees, e.child_ids, e.seen_by,"
           " e.case_id, e.recorded_by, e.recorded_at, e.corrects, u.name"
           " FROM report_events e LEFT JOIN users u ON u.id = e.recorded_by"
           " WHERE e.report_id = ? ORDER BY e.seq");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, report_id);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_report_event e = {
            .seq = store_col_int(st, 0),
            .step = store_col_dup(st, 1, p),
            .at = store_col_int(st, 2),
            .note = store_col_dup(st, 3, p),
            .urgency = store_col_dup(st, 4, p),
            .attendees = store_col_dup(st, 5, p),
            .child_ids = store_col_dup(st, 6, p),
            .seen_by = store_col_dup(st, 7, p),
            .case_id = store_col_dup(st, 8, p),
            .recorded_by = author_of(st, 9, p),
            .recorded_at = store_col_int(st, 10),
            .corrects = store_col_is_null(st, 11) ? 0 : store_col_int(st, 11),
            .recorded_by_name = store_col_dup(st, 12, p),
        };
        if (fn(ctx, &e) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}

static const char *const sort_codes[STORE_REPORT_SORT_COUNT] = {
    [STORE_REPORT_SORT_RECEIVED] = "received_at",
    [STORE_REPORT_SORT_SAFETY_DUE] = "safety_due_at",
    [STORE_REPORT_SORT_STATUS] = "status",
    [STORE_REPORT_SORT_URGENCY] = "urgency",
    [STORE_REPORT_SORT_LEAD] = "lead",
    [STORE_REPORT_SORT_ROUTE] = "route",
    [STORE_REPORT_SORT_KIND] = "kind"};

const char *store_report_sort_code(store_report_sort s)
{
    return s >= 0 && s < STORE_REPORT_SORT_COUNT ? sort_codes[s] : NULL;
}

store_report_sort store_report_sort_from_code(const char *code)
{
    for (int i = 0; code && i < STORE_REPORT_SORT_COUNT; i++)
        if (strcmp(sort_codes[i], code) == 0)
            return (store_report_sort)i;
    return STORE_REPORT_SORT_COUNT;
}

/* The filter of a list; every optional filter typed (CAST … AS TEXT) so that PostgreSQL can type
 * its parameter. The owner is the lead or the deputy (reports_lead, reports_deputy). */
#define FILTER_WHERE                                                                               \
    " WHERE (CAST(? AS TEXT) IS NULL OR r.kind = ?) AND (? = 0 OR r.status <> 'closed')"           \
    " AND (CAST(? AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM report_children rc"                    \
    " WHERE rc.report_id = r.id AND rc.child_id = ?))"                                             \
    " AND (CAST(? AS TEXT) IS NULL OR r.status = ?)"                                               \
    " AND (CAST(? AS TEXT) IS NULL OR r.urgency = ?)"                                              \
    " AND (CAST(? AS TEXT) IS NULL OR r.route = ?)"                                                \
    " AND (? = 0 OR r.received_at >= ?) AND (? = 0 OR r.received_at < ?)"                          \
    " AND (CAST(? AS TEXT) IS NULL OR r.lead_id = ? OR r.deputy_id = ?)"                           \
    " AND (? = 0 OR r.lead_id IS NULL)"                                                            \
    " AND (CAST(? AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM report_guardians g"                    \
    " WHERE g.report_id = r.id AND g.person_id = ?))"
enum { FILTER_PARAMS = 21 };

/* The sort keys, one text and one integer expression, each given the sort's code when it is the
 * order in that direction and NULL otherwise (then NULL on every row: no effect). Statuses in
 * workflow order, urgencies AA first, the unassigned last by name. */
#define SORT_TEXT                                                                                  \
    "CASE CAST(? AS TEXT) WHEN 'status' THEN (CASE r.status WHEN 'received' THEN '1'"              \
    " WHEN 'juri' THEN '2' WHEN 'investigation' THEN '3' WHEN 'safety_confirmed' THEN '4'"         \
    " WHEN 'policy' THEN '5' WHEN 'support' THEN '6' WHEN 'referred' THEN '7' ELSE '8' END)"       \
    " WHEN 'urgency' THEN (CASE r.urgency WHEN 'aa' THEN '1' WHEN 'a' THEN '2' WHEN 'b' THEN '3'"  \
    " WHEN 'c' THEN '4' ELSE '5' END)"                                                             \
    " WHEN 'lead' THEN (CASE WHEN lu.name IS NULL THEN '1' ELSE '0' || lu.name END)"               \
    " WHEN 'route' THEN r.route"                                                                   \
    " WHEN 'kind' THEN r.kind END"
#define SORT_INT                                                                                   \
    "CASE CAST(? AS TEXT) WHEN 'received_at' THEN r.received_at"                                   \
    " WHEN 'safety_due_at' THEN COALESCE(r.safety_due_at, 9000000000) END"
/* The default order keeps its keyset cursor (received_at, id); another order pages by offset. */
#define PAGE_WHERE                                                                                 \
    FILTER_WHERE " AND (? = 0 OR (r.received_at, r.id) < (?, ?))"                                  \
                 " ORDER BY " SORT_TEXT " ASC, " SORT_TEXT " DESC, " SORT_INT " ASC, " SORT_INT    \
                 " DESC, r.received_at DESC, r.id DESC LIMIT ? OFFSET ?"
#define PAGE_IDS "(SELECT r.id FROM reports r" REPORT_JOINS PAGE_WHERE ")"

/* Binds the filter's parameters from 1; the next index after them. */
static int bind_filter_only(store_stmt *st, const store_report_filter *f)
{
    store_bind_text(st, 1, f->kind);
    store_bind_text(st, 2, f->kind);
    store_bind_int(st, 3, f->open_only);
    store_bind_text(st, 4, f->child_id);
    store_bind_text(st, 5, f->child_id);
    store_bind_text(st, 6, f->status);
    store_bind_text(st, 7, f->status);
    store_bind_text(st, 8, f->urgency);
    store_bind_text(st, 9, f->urgency);
    store_bind_text(st, 10, f->route);
    store_bind_text(st, 11, f->route);
    store_bind_int(st, 12, f->has_received_from);
    store_bind_int(st, 13, f->received_from);
    store_bind_int(st, 14, f->has_received_before);
    store_bind_int(st, 15, f->received_before);
    store_bind_text(st, 16, f->owner_id);
    store_bind_text(st, 17, f->owner_id);
    store_bind_text(st, 18, f->owner_id);
    store_bind_int(st, 19, f->unassigned);
    store_bind_text(st, 20, f->guardian_id);
    store_bind_text(st, 21, f->guardian_id);
    return FILTER_PARAMS + 1;
}

static void bind_filter(store_stmt *st, const store_report_filter *f)
{
    int i = bind_filter_only(st, f);
    bool keyset = f->sort == STORE_REPORT_SORT_RECEIVED && !f->ascending && f->before_id;
    store_bind_int(st, i++, keyset ? 1 : 0);
    store_bind_int(st, i++, f->before_received);
    store_bind_text(st, i++, f->before_id ? f->before_id : "");
    const char *code = store_report_sort_code(f->sort);
    bool text = f->sort != STORE_REPORT_SORT_RECEIVED && f->sort != STORE_REPORT_SORT_SAFETY_DUE;
    store_bind_text(st, i++, text && f->ascending ? code : NULL);
    store_bind_text(st, i++, text && !f->ascending ? code : NULL);
    store_bind_text(st, i++, !text && f->ascending ? code : NULL);
    store_bind_text(st, i++, !text && !f->ascending ? code : NULL);
    store_bind_int(st, i++, f->limit);
    store_bind_int(st, i, keyset ? 0 : f->offset);
}

int store_report_count(store_conn *c, const store_report_filter *f, int64_t *total)
{
    *total = 0;
    store_stmt *st = store_prepare(c, "SELECT COUNT(*) FROM reports r" FILTER_WHERE);
    if (!st)
        return STORE_ERROR;
    bind_filter_only(st, f);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        *total = store_col_int(st, 0);
        rc = STORE_OK;
    }
    store_done(st);
    return rc;
}

static int by_id(const void *a, const void *b)
{
    return strcmp((*(store_report *const *)a)->id, (*(store_report *const *)b)->id);
}

/* The page's reports sorted by id, to find a child's or guardian's report. */
typedef struct page_index {
    store_report **sorted;
    int count;
} page_index;

static store_report *page_find(const page_index *x, const char *id)
{
    store_report key = {.id = (char *)id}, *k = &key;
    store_report **hit = bsearch(&k, x->sorted, (size_t)x->count, sizeof *x->sorted, by_id);
    return hit ? *hit : NULL;
}

/* Rows of (report id, COUNT(*) OVER (PARTITION BY report), …): children or guardians. */
static int page_people(store_conn *c, pool *p, const store_report_filter *f, const page_index *x,
                       bool children)
{
    store_stmt *st =
        children
            ? store_prepare(c, "SELECT rc.report_id, COUNT(*) OVER (PARTITION BY rc.report_id),"
                               " rc.confirmed_at, rc.confirmed_by, " BRIEF
                               " FROM report_children rc JOIN persons p ON p.id = rc.child_id"
                               " WHERE rc.report_id IN " PAGE_IDS
                               " ORDER BY rc.report_id, rc.position")
            : store_prepare(c,
                            "SELECT g.report_id, COUNT(*) OVER (PARTITION BY g.report_id),"
                            " g.relation, " BRIEF
                            " FROM report_guardians g JOIN persons p ON p.id = g.person_id"
                            " WHERE g.report_id IN " PAGE_IDS " ORDER BY g.report_id, g.position");
    if (!st)
        return STORE_ERROR;
    bind_filter(st, f);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_report *r = page_find(x, store_col_text(st, 0));
        if (!r)
            continue; /* not on the page (a concurrent write outside a snapshot) */
        size_t n = (size_t)store_col_int(st, 1);
        if (children) {
            if (!r->children)
                r->children = pool_zalloc(p, sizeof *r->children * n);
            if (r->child_count < (int)n)
                read_child(st, 2, p, &r->children[r->child_count++]);
        } else {
            if (!r->guardians)
                r->guardians = pool_zalloc(p, sizeof *r->guardians * n);
            if (r->guardian_count < (int)n)
                read_guardian(st, 2, p, &r->guardians[r->guardian_count++]);
        }
    }
    store_done(st);
    return rc;
}

int store_report_page(store_conn *c, pool *p, const store_report_filter *f, store_report **out,
                      int *count)
{
    *out = NULL;
    *count = 0;
    store_stmt *st = store_prepare(c, "SELECT " REPORT_COLUMNS REPORT_FROM PAGE_WHERE);
    if (!st)
        return STORE_ERROR;
    bind_filter(st, f);
    store_report *reports = pool_zalloc(p, sizeof *reports * (size_t)(f->limit > 0 ? f->limit : 1));
    int n = 0, rc;
    while ((rc = store_step(st)) == STORE_ROW && n < f->limit)
        read_report(st, p, &reports[n++]);
    store_done(st);
    if (rc != STORE_OK && rc != STORE_ROW)
        return rc;
    page_index x = {.sorted = pool_alloc(p, sizeof *x.sorted * (size_t)(n ? n : 1)), .count = n};
    for (int i = 0; i < n; i++)
        x.sorted[i] = &reports[i];
    qsort(x.sorted, (size_t)n, sizeof *x.sorted, by_id);
    rc = n ? page_people(c, p, f, &x, true) : STORE_OK;
    if (rc == STORE_OK && n)
        rc = page_people(c, p, f, &x, false);
    if (rc != STORE_OK)
        return rc;
    *out = reports;
    *count = n;
    return STORE_OK;
}

/* ---- the JSON-array columns ---- */

char *store_report_list_encode(pool *p, const char *const *items, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_string(items[i]));
    char *text = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    if (!text)
        return NULL;
    char *copy = pool_strdup(p, text);
    free(text);
    return copy;
}

int store_report_list_decode(pool *p, const char *column, char ***items, int *n)
{
    *items = NULL;
    *n = 0;
    if (!column)
        return STORE_OK;
    json_t *a = json_loads(column, 0, NULL);
    if (!json_is_array(a)) {
        json_decref(a);
        return STORE_ERROR;
    }
    *items = pool_zalloc(p, sizeof **items * (json_array_size(a) + 1));
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        if (json_is_string(v))
            (*items)[(*n)++] = pool_strdup(p, json_string_value(v));
    }
    json_decref(a);
    return STORE_OK;
}

/* One row per child not yet seen (confirmed_at NULL: a corrected 現認 counts as not seen), a
 * report's rows together and in the report's order of children. CROSS JOIN keeps SQLite on the
 * open reports first: left to itself it starts from every child never seen (the children of
 * every consultation and closed report, ten years of them) — 50 times slower. */
const char store_alerts_safety_sql[] =
    "SELECT r.id, r.safety_due_at, (SELECT COUNT(*) FROM report_children x"
    " WHERE x.report_id = r.id AND x.confirmed_at IS NULL), r.urgency, " BRIEF
    ", p.address, p.address_protected"
    " FROM reports r CROSS JOIN report_children rc JOIN persons p ON p.id = rc.child_id"
    " WHERE rc.report_id = r.id AND rc.confirmed_at IS NULL"
    " AND r.kind = 'abuse_report' AND r.status <> 'closed'"
    " AND NOT EXISTS (SELECT 1 FROM alerts_quiet q WHERE q.record_id = r.id)"
    " ORDER BY r.id, rc.position";

int store_alerts_safety(store_conn *c, pool *p, store_safety_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(c, store_alerts_safety_sql);
    if (!st)
        return STORE_ERROR;
    store_safety_alert a = {0};
    int filled = 0, rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (filled == a.unconfirmed) { /* the first child of the next report */
            a = (store_safety_alert){.report_id = store_col_dup(st, 0, p),
                                     .due_at = store_col_int(st, 1),
                                     .unconfirmed = (int)store_col_int(st, 2),
                                     .urgency = store_col_dup(st, 3, p)};
            a.children = pool_zalloc(p, sizeof *a.children * (size_t)a.unconfirmed);
            filled = 0;
        }
        store_person *child = &a.children[filled++];
        read_brief(st, 4, p, child);
        child->address = store_col_dup(st, 11, p);
        child->address_protected = store_col_int(st, 12) != 0;
        if (filled == a.unconfirmed && fn(ctx, &a) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}

typedef struct export_rows {
    store_report_export_fn fn;
    void *ctx;
} export_rows;

static int export_row(store_stmt *st, void *arg)
{
    export_rows *e = arg;
    store_report_export_row row = {
        .id = store_col_text(st, 0),
        .kind = store_col_text(st, 1),
        .received_at = store_col_int(st, 2),
        .route = store_col_text(st, 3),
        .abuse_types = store_col_text(st, 4),
        .main_perpetrator = store_col_text(st, 5),
        .status = store_col_text(st, 6),
        .child_id = store_col_text(st, 7),
        .family_name = store_col_text(st, 8),
        .given_name = store_col_text(st, 9),
        .birth_date = store_col_text(st, 10),
    };
    return e->fn(e->ctx, &row);
}

int store_report_export_rows(store_conn *c, store_report_export_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT r.id, r.kind, r.received_at, r.route, r.abuse_types, r.main_perpetrator,"
           " r.status, p.id, p.family_name, p.given_name, p.birth_date FROM reports r"
           " JOIN report_children rc ON rc.report_id = r.id JOIN persons p ON p.id = rc.child_id"
           " ORDER BY r.received_at, r.id, rc.position");
    if (!st)
        return STORE_ERROR;
    export_rows e = {.fn = fn, .ctx = ctx};
    return store_each_row(st, export_row, &e);
}
