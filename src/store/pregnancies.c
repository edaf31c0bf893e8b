#include "store/pregnancies.h"

#define PREGNANCY_COLUMNS                                                                          \
    "id, version, mother_id, notified_on, weeks_at_notification, notified_after_birth,"            \
    " due_date, multiple, answers, notes, risk_score, risk_level, flags, candidate, band,"         \
    " risk_table_version, created_at, updated_at, unasked_count"

static void read_pregnancy(store_stmt *st, pool *p, store_pregnancy *g)
{
    g->id = store_col_dup(st, 0, p);
    g->version = store_col_int(st, 1);
    g->mother_id = store_col_dup(st, 2, p);
    g->notified_on = store_col_dup(st, 3, p);
    g->weeks = store_col_is_null(st, 4) ? -1 : store_col_int(st, 4);
    g->after_birth = store_col_int(st, 5) != 0;
    g->due_date = store_col_dup(st, 6, p);
    g->multiple = store_col_int(st, 7) != 0;
    g->answers = store_col_dup(st, 8, p);
    g->notes = store_col_dup(st, 9, p);
    g->risk_score = store_col_int(st, 10);
    g->risk_level = store_col_dup(st, 11, p);
    g->flags = store_col_dup(st, 12, p);
    g->candidate = store_col_int(st, 13) != 0;
    g->band = store_col_dup(st, 14, p);
    g->risk_table_version = store_col_int(st, 15);
    g->created_at = store_col_int(st, 16);
    g->updated_at = store_col_int(st, 17);
    g->unasked_count = store_col_int(st, 18);
    g->child_ids = NULL;
    g->child_count = 0;
}

static int load_children(store_conn *c, pool *p, store_pregnancy *g)
{
    store_stmt *st = store_prepare(c, "SELECT child_id, COUNT(*) OVER () FROM pregnancy_children"
                                      " WHERE pregnancy_id = ? ORDER BY child_id");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, g->id);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (!g->child_ids)
            g->child_ids = pool_zalloc(p, sizeof(char *) * (size_t)store_col_int(st, 1));
        g->child_ids[g->child_count++] = store_col_dup(st, 0, p);
    }
    store_done(st);
    return rc;
}

int store_pregnancy_get(store_conn *c, pool *p, const char *id, store_pregnancy *out)
{
    store_stmt *st = store_prepare(c, "SELECT " PREGNANCY_COLUMNS " FROM pregnancies WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        read_pregnancy(st, p, out);
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    return rc == STORE_OK ? load_children(c, p, out) : rc;
}

static int replace_children(store_conn *c, const store_pregnancy *g)
{
    store_stmt *del = store_prepare(c, "DELETE FROM pregnancy_children WHERE pregnancy_id = ?");
    if (!del)
        return STORE_ERROR;
    store_bind_text(del, 1, g->id);
    int rc = store_run(del);
    for (int i = 0; i < g->child_count && rc == STORE_OK; i++) {
        store_stmt *ins = store_prepare(
            c, "INSERT OR IGNORE INTO pregnancy_children (pregnancy_id, child_id) VALUES (?, ?)");
        if (!ins)
            return STORE_ERROR;
        store_bind_text(ins, 1, g->id);
        store_bind_text(ins, 2, g->child_ids[i]);
        rc = store_run(ins);
    }
    return rc;
}

/* Binds the columns shared by insert and update, 1..17: PREGNANCY_COLUMNS order minus id,
 * version, created_at and unasked_count, then unasked_count (16) and the id (17). */
static void bind_fields(store_stmt *st, const store_pregnancy *g)
{
    store_bind_text(st, 1, g->mother_id);
    store_bind_text(st, 2, g->notified_on);
    if (g->weeks >= 0)
        store_bind_int(st, 3, g->weeks);
    else
        store_bind_null(st, 3);
    store_bind_int(st, 4, g->after_birth);
    store_bind_text(st, 5, g->due_date);
    store_bind_int(st, 6, g->multiple);
    store_bind_text(st, 7, g->answers);
    store_bind_text(st, 8, g->notes);
    store_bind_int(st, 9, g->risk_score);
    store_bind_text(st, 10, g->risk_level);
    store_bind_text(st, 11, g->flags);
    store_bind_int(st, 12, g->candidate);
    store_bind_text(st, 13, g->band);
    store_bind_int(st, 14, g->risk_table_version);
    store_bind_int(st, 15, g->updated_at);
    store_bind_int(st, 16, g->unasked_count);
    store_bind_text(st, 17, g->id);
}

int store_pregnancy_insert(store_conn *c, const store_pregnancy *g)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO pregnancies (mother_id, notified_on, weeks_at_notification,"
           " notified_after_birth, due_date, multiple, answers, notes, risk_score, risk_level,"
           " flags, candidate, band, risk_table_version, updated_at, unasked_count, id,"
           " created_at, version)"
           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");
    if (!st)
        return STORE_ERROR;
    bind_fields(st, g);
    store_bind_int(st, 18, g->created_at);
    int rc = store_run(st);
    return rc == STORE_OK ? replace_children(c, g) : rc;
}

int store_pregnancy_update(store_conn *c, const store_pregnancy *g, int64_t expected)
{
    store_stmt *st = store_prepare(
        c, "UPDATE pregnancies SET mother_id = ?, notified_on = ?, weeks_at_notification = ?,"
           " notified_after_birth = ?, due_date = ?, multiple = ?, answers = ?, notes = ?,"
           " risk_score = ?, risk_level = ?, flags = ?, candidate = ?, band = ?,"
           " risk_table_version = ?, updated_at = ?, unasked_count = ?, version = version + 1"
           " WHERE id = ? AND version = ?");
    if (!st)
        return STORE_ERROR;
    bind_fields(st, g);
    store_bind_int(st, 18, expected);
    int rc = store_run(st);
    if (rc != STORE_OK)
        return rc;
    if (store_changes(c) != 1)
        return STORE_CONFLICT;
    return replace_children(c, g);
}

int store_pregnancy_list(store_conn *c, pool *p, const store_pregnancy_filter *f,
                         store_pregnancy_fn fn, void *ctx)
{
    store_stmt *st =
        store_prepare(c, "SELECT " PREGNANCY_COLUMNS " FROM pregnancies"
                         " WHERE (? IS NULL OR mother_id = ?) AND (? = 0 OR candidate = 1)"
                         " AND (? IS NULL OR EXISTS (SELECT 1 FROM pregnancy_children pc"
                         " WHERE pc.pregnancy_id = pregnancies.id AND pc.child_id = ?))"
                         " AND (? IS NULL OR (risk_level = ? AND unasked_count = 0))"
                         " AND (? < 0 OR (unasked_count > 0) = (? = 1))"
                         " AND (? IS NULL OR (notified_on, id) < (?, ?))"
                         " ORDER BY notified_on DESC, id DESC LIMIT ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, f->mother_id);
    store_bind_text(st, 2, f->mother_id);
    store_bind_int(st, 3, f->candidates_only);
    store_bind_text(st, 4, f->child_id);
    store_bind_text(st, 5, f->child_id);
    store_bind_text(st, 6, f->risk_level);
    store_bind_text(st, 7, f->risk_level);
    store_bind_int(st, 8, f->incomplete);
    store_bind_int(st, 9, f->incomplete);
    store_bind_text(st, 10, f->after_notified_on);
    store_bind_text(st, 11, f->after_notified_on);
    store_bind_text(st, 12, f->after_id ? f->after_id : "");
    store_bind_int(st, 13, f->limit);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_pregnancy g;
        read_pregnancy(st, p, &g);
        if ((rc = load_children(c, p, &g)) != STORE_OK)
            break;
        if (fn(ctx, &g) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}
