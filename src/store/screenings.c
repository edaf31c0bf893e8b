#include "store/screenings.h"

#define SCREENING_COLUMNS                                                                          \
    "id, version, person_id, instrument, administered_on, answers, score, item_scores, flags,"     \
    " visit_id, notes, needs_followup, followup_on, followup_note, followup_by, followup_at,"      \
    " created_at, updated_at, self_harm"

static void read_screening(store_stmt *st, pool *p, store_screening *s)
{
    s->id = store_col_dup(st, 0, p);
    s->version = store_col_int(st, 1);
    s->person_id = store_col_dup(st, 2, p);
    s->instrument = store_col_dup(st, 3, p);
    s->administered_on = store_col_dup(st, 4, p);
    s->answers = store_col_dup(st, 5, p);
    s->score = store_col_int(st, 6);
    s->item_scores = store_col_dup(st, 7, p);
    s->flags = store_col_dup(st, 8, p);
    s->visit_id = store_col_dup(st, 9, p);
    s->notes = store_col_dup(st, 10, p);
    s->needs_followup = store_col_int(st, 11) != 0;
    s->followup.on = store_col_dup(st, 12, p);
    s->followup.note = store_col_dup(st, 13, p);
    s->followup.by = store_col_dup(st, 14, p);
    s->followup.at = store_col_int(st, 15);
    s->created_at = store_col_int(st, 16);
    s->updated_at = store_col_int(st, 17);
    s->self_harm = store_col_int(st, 18) != 0;
}

int store_screening_get(store_conn *c, pool *p, const char *id, store_screening *out)
{
    store_stmt *st = store_prepare(c, "SELECT " SCREENING_COLUMNS " FROM screenings WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        read_screening(st, p, out);
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    return rc;
}

int store_screening_insert(store_conn *c, const store_screening *s)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO screenings (id, version, person_id, instrument, administered_on, answers,"
           " score, item_scores, flags, visit_id, notes, needs_followup, created_at, updated_at,"
           " self_harm) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, s->id);
    store_bind_text(st, 2, s->person_id);
    store_bind_text(st, 3, s->instrument);
    store_bind_text(st, 4, s->administered_on);
    store_bind_text(st, 5, s->answers);
    store_bind_int(st, 6, s->score);
    store_bind_text(st, 7, s->item_scores);
    store_bind_text(st, 8, s->flags);
    store_bind_text(st, 9, s->visit_id);
    store_bind_text(st, 10, s->notes);
    store_bind_int(st, 11, s->needs_followup);
    store_bind_int(st, 12, s->created_at);
    store_bind_int(st, 13, s->updated_at);
    store_bind_int(st, 14, s->self_harm);
    return store_run(st);
}

int store_screening_followup(store_conn *c, const char *id, const store_followup *f, int64_t now)
{
    store_stmt *st = store_prepare(
        c, "UPDATE screenings SET followup_on = ?, followup_note = ?, followup_by = ?,"
           " followup_at = ?, needs_followup = 0, updated_at = ?, version = version + 1"
           " WHERE id = ?");
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
    return store_changes(c) == 1 ? STORE_OK : STORE_NOT_FOUND;
}

int store_screening_list(store_conn *c, pool *p, const char *person_id, bool open_only,
                         const char *after_on, const char *after_id, int limit,
                         store_screening_fn fn, void *ctx)
{
    store_stmt *st =
        store_prepare(c, "SELECT " SCREENING_COLUMNS " FROM screenings"
                         " WHERE (? IS NULL OR person_id = ?) AND (? = 0 OR needs_followup = 1)"
                         " AND (? IS NULL OR (administered_on, id) < (?, ?))"
                         " ORDER BY administered_on DESC, id DESC LIMIT ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, person_id);
    store_bind_text(st, 2, person_id);
    store_bind_int(st, 3, open_only);
    store_bind_text(st, 4, after_on);
    store_bind_text(st, 5, after_on);
    store_bind_text(st, 6, after_id ? after_id : "");
    store_bind_int(st, 7, limit);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_screening s;
        read_screening(st, p, &s);
        if (fn(ctx, &s) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}
