#include "store/cases.h"
#include "store/person_brief.h"

#include <string.h>

#define CASE_COLUMNS                                                                               \
    "k.id, k.version, k.household_id, k.status, k.lead_id, k.deputy_id, k.lead_agency_id,"         \
    " k.opened_on, k.opened_from_type, k.opened_from_id, k.opened_from_municipality, k.policy,"    \
    " k.last_reviewed_on, k.next_review_on, k.closed_on, k.close_reason, k.close_note,"            \
    " k.moved_to, k.closed_by, k.created_by, k.created_at, k.updated_at, lu.name, du.name,"        \
    " ag.name, h.name, cu.name"
/* The staff's, the lead agency's and the household's names come with the case. */
#define CASE_FROM                                                                                  \
    " FROM cases k LEFT JOIN users lu ON lu.id = k.lead_id"                                        \
    " LEFT JOIN users du ON du.id = k.deputy_id"                                                   \
    " LEFT JOIN agencies ag ON ag.id = k.lead_agency_id"                                           \
    " LEFT JOIN households h ON h.id = k.household_id"                                             \
    " LEFT JOIN users cu ON cu.id = k.closed_by"

static void read_case(store_stmt *st, pool *p, store_case *k)
{
    *k = (store_case){0};
    char **text[] = {&k->id,
                     NULL,
                     &k->household_id,
                     &k->status,
                     &k->lead_id,
                     &k->deputy_id,
                     &k->lead_agency_id,
                     &k->opened_on,
                     &k->opened_from_type,
                     &k->opened_from_id,
                     &k->opened_from_municipality,
                     &k->policy,
                     &k->last_reviewed_on,
                     &k->next_review_on,
                     &k->closed_on,
                     &k->close_reason,
                     &k->close_note,
                     &k->moved_to,
                     &k->closed_by,
                     &k->created_by,
                     NULL,
                     NULL,
                     &k->lead_name,
                     &k->deputy_name,
                     &k->lead_agency_name,
                     &k->household_name,
                     &k->closed_by_name};
    for (int i = 0; i < (int)(sizeof text / sizeof text[0]); i++)
        if (text[i])
            *text[i] = store_col_dup(st, i, p);
    k->version = store_col_int(st, 1);
    k->created_at = store_col_int(st, 20);
    k->updated_at = store_col_int(st, 21);
}

#define SUBJECT_COLUMNS                                                                            \
    "s.category, s.designated_by, s.designated_on, s.youtaikyo, s.registered_on,"                  \
    " s.unregistered_on, s.added_on, s.removed_on, " STORE_PERSON_BRIEF_COLUMNS("p")

static void read_subject(store_stmt *st, int from, pool *p, store_case_subject *s)
{
    s->category = store_col_dup(st, from, p);
    s->designated_by = store_col_dup(st, from + 1, p);
    s->designated_on = store_col_dup(st, from + 2, p);
    s->youtaikyo = store_col_int(st, from + 3) != 0;
    s->registered_on = store_col_dup(st, from + 4, p);
    s->unregistered_on = store_col_dup(st, from + 5, p);
    s->added_on = store_col_dup(st, from + 6, p);
    s->removed_on = store_col_dup(st, from + 7, p);
    store_person_brief_read(st, from + 8, p, &s->person);
    s->person_id = s->person.id;
}

static int load_subjects(store_conn *c, pool *p, store_case *k)
{
    store_stmt *st = store_prepare(
        c, "SELECT COUNT(*) OVER (), " SUBJECT_COLUMNS
           " FROM case_subjects s JOIN persons p ON p.id = s.person_id WHERE s.case_id = ?"
           " ORDER BY s.removed_on IS NOT NULL, s.added_on, p.birth_date, s.person_id");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, k->id);
    int rc;
    k->subjects = NULL;
    k->subject_count = 0;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (!k->subjects)
            k->subjects = pool_zalloc(p, sizeof *k->subjects * (size_t)store_col_int(st, 0));
        read_subject(st, 1, p, &k->subjects[k->subject_count++]);
    }
    store_done(st);
    return rc;
}

static int load_agencies(store_conn *c, pool *p, store_case *k)
{
    store_stmt *st = store_prepare(c, "SELECT COUNT(*) OVER (), agency_id FROM case_agencies"
                                      " WHERE case_id = ? ORDER BY agency_id");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, k->id);
    int rc;
    k->agency_ids = NULL;
    k->agency_count = 0;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (!k->agency_ids)
            k->agency_ids = pool_zalloc(p, sizeof *k->agency_ids * (size_t)store_col_int(st, 0));
        k->agency_ids[k->agency_count++] = store_col_dup(st, 1, p);
    }
    store_done(st);
    return rc;
}

static int load_parts(store_conn *c, pool *p, store_case *k)
{
    int rc = load_subjects(c, p, k);
    return rc == STORE_OK ? load_agencies(c, p, k) : rc;
}

int store_case_get(store_conn *c, pool *p, const char *id, store_case *out)
{
    store_stmt *st = store_prepare(c, "SELECT " CASE_COLUMNS CASE_FROM " WHERE k.id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        read_case(st, p, out);
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    return rc == STORE_OK ? load_parts(c, p, out) : rc;
}

int store_case_open_of_household(store_conn *c, pool *p, const char *household_id, char **id)
{
    store_stmt *st =
        store_prepare(c, "SELECT id FROM cases WHERE household_id = ? AND status = 'open'");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, household_id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        *id = store_col_dup(st, 0, p);
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    return rc;
}

int store_case_insert(store_conn *c, const store_case *k)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO cases (id, version, household_id, status, lead_id, deputy_id,"
           " lead_agency_id, opened_on, opened_from_type, opened_from_id,"
           " opened_from_municipality, next_review_on, created_by, created_at, updated_at)"
           " VALUES (?, 1, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    const char *text[] = {k->id,
                          k->household_id,
                          k->lead_id,
                          k->deputy_id,
                          k->lead_agency_id,
                          k->opened_on,
                          k->opened_from_type,
                          k->opened_from_id,
                          k->opened_from_municipality,
                          k->next_review_on,
                          k->created_by};
    for (int i = 0; i < (int)(sizeof text / sizeof text[0]); i++)
        store_bind_text(st, i + 1, text[i]);
    store_bind_int(st, 12, k->created_at);
    store_bind_int(st, 13, k->updated_at);
    int rc = store_run(st);
    for (int i = 0; i < k->subject_count && rc == STORE_OK; i++)
        rc = store_case_subject_add(c, k->id, k->subjects[i].person_id, k->opened_on);
    return rc == STORE_OK ? store_case_agencies_set(c, k->id, k->agency_ids, k->agency_count) : rc;
}

static int case_exists(store_conn *c, const char *id)
{
    store_stmt *st = store_prepare(c, "SELECT 1 FROM cases WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    int rc = store_step(st);
    store_done(st);
    return rc == STORE_ROW ? STORE_OK : rc == STORE_OK ? STORE_NOT_FOUND : rc;
}

/* After an UPDATE guarded by a predicate: one row changed, or why not. */
static int guarded(store_conn *c, const char *id, int rc)
{
    if (rc != STORE_OK)
        return rc;
    if (store_changes(c) == 1)
        return STORE_OK;
    rc = case_exists(c, id);
    return rc == STORE_OK ? STORE_CONFLICT : rc;
}

int store_case_update(store_conn *c, const store_case *k, int64_t expected_version, int64_t now)
{
    store_stmt *st = store_prepare(
        c, "UPDATE cases SET lead_id = ?, deputy_id = ?, lead_agency_id = ?, next_review_on = ?,"
           " updated_at = ?, version = version + 1"
           " WHERE id = ? AND version = ? AND status = 'open'");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, k->lead_id);
    store_bind_text(st, 2, k->deputy_id);
    store_bind_text(st, 3, k->lead_agency_id);
    store_bind_text(st, 4, k->next_review_on);
    store_bind_int(st, 5, now);
    store_bind_text(st, 6, k->id);
    store_bind_int(st, 7, expected_version);
    return guarded(c, k->id, store_run(st));
}

int store_case_subject_add(store_conn *c, const char *case_id, const char *person_id,
                           const char *on)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO case_subjects (case_id, person_id, added_on) VALUES (?, ?, ?)"
           " ON CONFLICT (case_id, person_id) DO UPDATE SET added_on = excluded.added_on,"
           " removed_on = NULL");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, case_id);
    store_bind_text(st, 2, person_id);
    store_bind_text(st, 3, on);
    return store_run(st);
}

int store_case_subject_remove(store_conn *c, const char *case_id, const char *person_id,
                              const char *on)
{
    store_stmt *st =
        store_prepare(c, "UPDATE case_subjects SET removed_on = ?"
                         " WHERE case_id = ? AND person_id = ? AND removed_on IS NULL");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, on);
    store_bind_text(st, 2, case_id);
    store_bind_text(st, 3, person_id);
    return store_run(st);
}

int store_case_agencies_set(store_conn *c, const char *case_id, char *const *agency_ids, int n)
{
    store_stmt *st = store_prepare(c, "DELETE FROM case_agencies WHERE case_id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, case_id);
    int rc = store_run(st);
    for (int i = 0; i < n && rc == STORE_OK; i++) {
        st = store_prepare(c, "INSERT INTO case_agencies (case_id, agency_id) VALUES (?, ?)"
                              " ON CONFLICT DO NOTHING");
        if (!st)
            return STORE_ERROR;
        store_bind_text(st, 1, case_id);
        store_bind_text(st, 2, agency_ids[i]);
        rc = store_run(st);
    }
    return rc;
}

int store_case_close(store_conn *c, const char *id, const store_case_closing *cl, int64_t now)
{
    store_stmt *st = store_prepare(
        c, "UPDATE cases SET status = 'closed', closed_on = ?, close_reason = ?, close_note = ?,"
           " moved_to = ?, closed_by = ?, updated_at = ?, version = version + 1"
           " WHERE id = ? AND status = 'open'");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, cl->on);
    store_bind_text(st, 2, cl->reason);
    store_bind_text(st, 3, cl->note);
    store_bind_text(st, 4, cl->moved_to);
    store_bind_text(st, 5, cl->by);
    store_bind_int(st, 6, now);
    store_bind_text(st, 7, id);
    return guarded(c, id, store_run(st));
}

static const char *const case_sort_codes[STORE_CASE_SORT_COUNT] = {
    [STORE_CASE_SORT_OPENED] = "opened_on",
    [STORE_CASE_SORT_NEXT_REVIEW] = "next_review_on",
    [STORE_CASE_SORT_LEAD] = "lead"};

store_case_sort store_case_sort_from_code(const char *code)
{
    for (int i = 0; code && i < STORE_CASE_SORT_COUNT; i++)
        if (strcmp(case_sort_codes[i], code) == 0)
            return (store_case_sort)i;
    return STORE_CASE_SORT_COUNT;
}

/* category and youtaikyo match a current subject; the owner is the lead or the deputy. An
 * optional filter is typed (CAST … AS TEXT) so that PostgreSQL can type its parameter. */
#define FILTER_WHERE                                                                               \
    " WHERE (CAST(? AS TEXT) IS NULL OR k.status = ?)"                                             \
    " AND (CAST(? AS TEXT) IS NULL OR k.lead_id = ?)"                                              \
    " AND (CAST(? AS TEXT) IS NULL OR k.lead_id = ? OR k.deputy_id = ?)"                           \
    " AND (CAST(? AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM case_subjects s"                       \
    " WHERE s.case_id = k.id AND s.removed_on IS NULL AND s.category = ?))"                        \
    " AND (? = -1 OR (? = 1) = EXISTS (SELECT 1 FROM case_subjects s"                              \
    " WHERE s.case_id = k.id AND s.removed_on IS NULL AND s.youtaikyo = 1))"                       \
    " AND (CAST(? AS TEXT) IS NULL OR k.opened_on >= ?)"                                           \
    " AND (CAST(? AS TEXT) IS NULL OR k.opened_on <= ?)"
/* The sort key, given the sort's code in its direction and NULL otherwise (no effect then). */
#define SORT_KEY                                                                                   \
    "CASE CAST(? AS TEXT) WHEN 'next_review_on' THEN COALESCE(k.next_review_on, '9999-12-31')"     \
    " WHEN 'lead' THEN COALESCE(lu.name, '') WHEN 'opened_on' THEN k.opened_on END"
#define PAGE_WHERE                                                                                 \
    FILTER_WHERE " AND (? = 0 OR (k.opened_on, k.id) < (?, ?))"                                    \
                 " ORDER BY " SORT_KEY " ASC, " SORT_KEY " DESC, k.opened_on DESC, k.id DESC"      \
                 " LIMIT ? OFFSET ?"

static int bind_case_filter(store_stmt *st, const store_case_filter *f)
{
    const char *texts[] = {f->status,   f->status,   f->lead_id,  f->lead_id, f->owner_id,
                           f->owner_id, f->owner_id, f->category, f->category};
    int i = 1;
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
        store_bind_text(st, i++, texts[k]);
    store_bind_int(st, i++, f->youtaikyo);
    store_bind_int(st, i++, f->youtaikyo);
    const char *period[] = {f->opened_from, f->opened_from, f->opened_to, f->opened_to};
    for (size_t k = 0; k < sizeof period / sizeof period[0]; k++)
        store_bind_text(st, i++, period[k]);
    return i;
}

int store_case_count(store_conn *c, const store_case_filter *f, int64_t *total)
{
    *total = 0;
    store_stmt *st = store_prepare(c, "SELECT COUNT(*) FROM cases k" FILTER_WHERE);
    if (!st)
        return STORE_ERROR;
    bind_case_filter(st, f);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        *total = store_col_int(st, 0);
        rc = STORE_OK;
    }
    store_done(st);
    return rc;
}

int store_case_page(store_conn *c, pool *p, const store_case_filter *f, store_case **out,
                    int *count)
{
    *out = NULL;
    *count = 0;
    store_stmt *st = store_prepare(c, "SELECT " CASE_COLUMNS CASE_FROM PAGE_WHERE);
    if (!st)
        return STORE_ERROR;
    int k = bind_case_filter(st, f);
    bool keyset = f->sort == STORE_CASE_SORT_OPENED && !f->ascending && f->before_id;
    const char *code =
        case_sort_codes[f->sort >= 0 && f->sort < STORE_CASE_SORT_COUNT ? f->sort
                                                                        : STORE_CASE_SORT_OPENED];
    store_bind_int(st, k++, keyset ? 1 : 0);
    store_bind_text(st, k++, f->before_opened_on ? f->before_opened_on : "");
    store_bind_text(st, k++, f->before_id ? f->before_id : "");
    store_bind_text(st, k++, f->ascending ? code : NULL);
    store_bind_text(st, k++, f->ascending ? NULL : code);
    store_bind_int(st, k++, f->limit);
    store_bind_int(st, k, keyset ? 0 : f->offset);
    store_case *cases = pool_zalloc(p, sizeof *cases * (size_t)(f->limit > 0 ? f->limit : 1));
    int n = 0, rc;
    while ((rc = store_step(st)) == STORE_ROW && n < f->limit)
        read_case(st, p, &cases[n++]);
    store_done(st);
    if (rc != STORE_OK && rc != STORE_ROW)
        return rc;
    for (int i = 0; i < n; i++)
        if ((rc = load_parts(c, p, &cases[i])) != STORE_OK)
            return rc;
    *out = cases;
    *count = n;
    return STORE_OK;
}
