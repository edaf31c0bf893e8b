#include "store/visits.h"
#include "store/person_brief.h"

#define VISIT_COLUMNS                                                                              \
    "v.id, v.version, v.person_id, v.kind, v.subtype, v.on_date, v.status, v.staff, v.notes,"      \
    " v.followup_on, v.followup_note, v.followup_by, v.followup_at, v.created_at,"                 \
    " v.updated_at, v.infant_weight_g, v.feeding, v.mother_mood, v.mother_sleep,"                  \
    " v.home_environment, v.home_note, v.next_contact_on, "                                        \
    "v.next_contact_kind, " STORE_PERSON_BRIEF_COLUMNS("p")
#define VISIT_FROM " FROM visits v JOIN persons p ON p.id = v.person_id"

/* The planned query's two columns after the visit's and its person's. */
enum { PLANNED_ON = 23 + STORE_PERSON_BRIEF_COUNT };

static void read_visit(store_stmt *st, pool *p, store_visit *v)
{
    v->id = store_col_dup(st, 0, p);
    v->version = store_col_int(st, 1);
    v->person_id = store_col_dup(st, 2, p);
    v->kind = store_col_dup(st, 3, p);
    v->subtype = store_col_dup(st, 4, p);
    v->on = store_col_dup(st, 5, p);
    v->status = store_col_dup(st, 6, p);
    v->staff = store_col_dup(st, 7, p);
    v->notes = store_col_dup(st, 8, p);
    v->followup.on = store_col_dup(st, 9, p);
    v->followup.note = store_col_dup(st, 10, p);
    v->followup.by = store_col_dup(st, 11, p);
    v->followup.at = store_col_int(st, 12);
    v->created_at = store_col_int(st, 13);
    v->updated_at = store_col_int(st, 14);
    v->form.infant_weight_g =
        store_col_is_null(st, 15) ? VISIT_WEIGHT_NONE : (int)store_col_int(st, 15);
    v->form.feeding = store_col_dup(st, 16, p);
    v->form.mother_mood = store_col_dup(st, 17, p);
    v->form.mother_sleep = store_col_dup(st, 18, p);
    v->form.home_environment = store_col_dup(st, 19, p);
    v->form.home_note = store_col_dup(st, 20, p);
    v->form.next_contact_on = store_col_dup(st, 21, p);
    v->form.next_contact_kind = store_col_dup(st, 22, p);
    store_person_brief_read(st, 23, p, &v->person);
    v->planned_on = NULL;
    v->planned_next_contact = false;
}

int store_visit_get(store_conn *c, pool *p, const char *id, store_visit *out)
{
    store_stmt *st = store_prepare(c, "SELECT " VISIT_COLUMNS VISIT_FROM " WHERE v.id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        read_visit(st, p, out);
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    return rc;
}

static void bind_fields(store_stmt *st, const store_visit *v)
{
    store_bind_text(st, 1, v->person_id);
    store_bind_text(st, 2, v->kind);
    store_bind_text(st, 3, v->subtype);
    store_bind_text(st, 4, v->on);
    store_bind_text(st, 5, v->status);
    store_bind_text(st, 6, v->staff);
    store_bind_text(st, 7, v->notes);
    store_bind_int(st, 8, v->updated_at);
    store_bind_text(st, 9, v->id);
}

/* The form's columns, from parameter `first` on (8 of them). */
static void bind_form(store_stmt *st, int first, const visit_form *f)
{
    if (f->infant_weight_g == VISIT_WEIGHT_NONE)
        store_bind_null(st, first);
    else
        store_bind_int(st, first, f->infant_weight_g);
    store_bind_text(st, first + 1, f->feeding);
    store_bind_text(st, first + 2, f->mother_mood);
    store_bind_text(st, first + 3, f->mother_sleep);
    store_bind_text(st, first + 4, f->home_environment);
    store_bind_text(st, first + 5, f->home_note);
    store_bind_text(st, first + 6, f->next_contact_on);
    store_bind_text(st, first + 7, f->next_contact_kind);
}

#define FORM_COLUMNS                                                                               \
    "infant_weight_g, feeding, mother_mood, mother_sleep, home_environment, home_note,"            \
    " next_contact_on, next_contact_kind"

int store_visit_insert(store_conn *c, const store_visit *v)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO visits (person_id, kind, subtype, on_date, status, staff, notes,"
           " updated_at, id, created_at, version, " FORM_COLUMNS ")"
           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    bind_fields(st, v);
    store_bind_int(st, 10, v->created_at);
    bind_form(st, 11, &v->form);
    return store_run(st);
}

int store_visit_update(store_conn *c, const store_visit *v, int64_t expected)
{
    store_stmt *st = store_prepare(
        c, "UPDATE visits SET person_id = ?, kind = ?, subtype = ?, on_date = ?, status = ?,"
           " staff = ?, notes = ?, updated_at = ?, version = version + 1"
           " WHERE id = ? AND version = ?");
    if (!st)
        return STORE_ERROR;
    bind_fields(st, v);
    store_bind_int(st, 10, expected);
    int rc = store_run(st);
    if (rc != STORE_OK)
        return rc;
    if (store_changes(c) != 1)
        return STORE_CONFLICT;
    st = store_prepare(c, "UPDATE visits SET infant_weight_g = ?, feeding = ?, mother_mood = ?,"
                          " mother_sleep = ?, home_environment = ?, home_note = ?,"
                          " next_contact_on = ?, next_contact_kind = ? WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    bind_form(st, 1, &v->form);
    store_bind_text(st, 9, v->id);
    return store_run(st); /* the row is the one just updated, within the same transaction */
}

int store_visit_followup(store_conn *c, const char *id, const store_followup *f, int64_t now)
{
    store_stmt *st =
        store_prepare(c, "UPDATE visits SET followup_on = ?, followup_note = ?, followup_by = ?,"
                         " followup_at = ?, updated_at = ?, version = version + 1"
                         " WHERE id = ? AND status = 'missed' AND followup_on IS NULL");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, f->on);
    store_bind_text(st, 2, f->note);
    store_bind_text(st, 3, f->by);
    store_bind_int(st, 4, f->at);
    store_bind_int(st, 5, now);
    store_bind_text(st, 6, id);
    int rc = store_run(st);
    if (rc != STORE_OK)
        return rc;
    return store_changes(c) == 1 ? STORE_OK : STORE_CONFLICT;
}

int store_visit_list(store_conn *c, pool *p, const char *person_id, const char *on,
                     const char *after_on, const char *after_id, int limit, store_visit_fn fn,
                     void *ctx)
{
    store_stmt *st = store_prepare(c, "SELECT " VISIT_COLUMNS VISIT_FROM
                                      " WHERE (CAST(? AS TEXT) IS NULL OR v.person_id = ?)"
                                      " AND (CAST(? AS TEXT) IS NULL OR v.on_date = ?)"
                                      " AND (CAST(? AS TEXT) IS NULL OR (v.on_date, v.id) < (?, ?))"
                                      " ORDER BY v.on_date DESC, v.id DESC LIMIT ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, person_id);
    store_bind_text(st, 2, person_id);
    store_bind_text(st, 3, on);
    store_bind_text(st, 4, on);
    store_bind_text(st, 5, after_on);
    store_bind_text(st, 6, after_on);
    store_bind_text(st, 7, after_id ? after_id : "");
    store_bind_int(st, 8, limit);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_visit v;
        read_visit(st, p, &v);
        if (fn(ctx, &v) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}

int store_visit_planned(store_conn *c, pool *p, const char *from, const char *to, int limit,
                        store_visit_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT " VISIT_COLUMNS ", v.on_date AS planned_on, 0 AS next_contact" VISIT_FROM
           " WHERE v.status = 'scheduled' AND v.on_date >= ? AND v.on_date <= ?"
           " UNION ALL SELECT " VISIT_COLUMNS ", v.next_contact_on, 1" VISIT_FROM
           " WHERE v.next_contact_on >= ? AND v.next_contact_on <= ?"
           " ORDER BY planned_on, next_contact, 1 LIMIT ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, from);
    store_bind_text(st, 2, to);
    store_bind_text(st, 3, from);
    store_bind_text(st, 4, to);
    store_bind_int(st, 5, limit);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_visit v;
        read_visit(st, p, &v);
        v.planned_on = store_col_dup(st, PLANNED_ON, p);
        v.planned_next_contact = store_col_int(st, PLANNED_ON + 1) != 0;
        if (fn(ctx, &v) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}
