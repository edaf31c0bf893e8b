#include "store/pregnancies.h"
#include "store/person_brief.h"
#include "util/log.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define PREGNANCY_COLUMNS                                                                          \
    "g.id, g.version, g.mother_id, g.notified_on, g.weeks_at_notification,"                        \
    " g.notified_after_birth, g.due_date, g.multiple, g.answers, g.notes, g.risk_score,"           \
    " g.risk_level, g.flags, g.candidate, g.band, g.risk_table_version, g.created_at,"             \
    " g.updated_at, g.unasked_count, " STORE_PERSON_BRIEF_COLUMNS("m")
#define PREGNANCY_FROM " FROM pregnancies g JOIN persons m ON m.id = g.mother_id"

/* {"dv": false, "smoking": true}: only the questions asked; a code not stored was not asked. */
static bool answers_decode(const char *text, risk_answer answers[RISK_CODE_COUNT])
{
    memset(answers, 0, sizeof(risk_answer) * RISK_CODE_COUNT);
    json_t *v = text ? json_loads(text, 0, NULL) : NULL;
    bool ok = json_is_object(v);
    const char *key;
    json_t *val;
    json_object_foreach(v, key, val)
    {
        int idx = risk_code_index(key);
        if (idx >= 0 && !risk_code_is_derived(idx) && json_is_boolean(val))
            answers[idx] = json_is_true(val) ? RISK_YES : RISK_NO;
    }
    json_decref(v);
    return ok;
}

static char *answers_encode(const risk_answer answers[RISK_CODE_COUNT])
{
    json_t *o = json_object();
    for (int i = 0; o && i < RISK_CODE_COUNT; i++)
        if (!risk_code_is_derived(i) && (answers[i] == RISK_YES || answers[i] == RISK_NO) &&
            json_object_set_new(o, risk_codes[i], json_boolean(answers[i] == RISK_YES)) != 0)
            break;
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return text;
}

/* [{code, label, weight}] (strings in p). */
static bool flags_decode(const char *text, pool *p, store_pregnancy *g)
{
    json_t *a = text ? json_loads(text, 0, NULL) : NULL;
    bool ok = json_is_array(a) && json_array_size(a) <= RISK_CODE_COUNT;
    g->flag_count = 0;
    for (size_t i = 0; ok && i < json_array_size(a); i++) {
        json_t *f = json_array_get(a, i);
        const char *code = json_string_value(json_object_get(f, "code"));
        const char *label = json_string_value(json_object_get(f, "label"));
        json_t *weight = json_object_get(f, "weight");
        ok = code && label && json_is_integer(weight);
        if (ok)
            g->flags[g->flag_count++] = (store_risk_flag){
                pool_strdup(p, code), pool_strdup(p, label), (int)json_integer_value(weight)};
    }
    json_decref(a);
    return ok;
}

static char *flags_encode(const store_pregnancy *g)
{
    json_t *a = json_array();
    for (int i = 0; a && i < g->flag_count; i++)
        if (json_array_append_new(a, json_pack("{s:s, s:s, s:i}", "code", g->flags[i].code, "label",
                                               g->flags[i].label, "weight", g->flags[i].weight)) !=
            0)
            break;
    char *text =
        a && json_array_size(a) == (size_t)g->flag_count ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    return text;
}

/* A row; STORE_ERROR (logged) when its stored JSON cannot be read. */
static int read_pregnancy(store_stmt *st, pool *p, store_pregnancy *g)
{
    g->id = store_col_dup(st, 0, p);
    g->version = store_col_int(st, 1);
    g->mother_id = store_col_dup(st, 2, p);
    g->notified_on = store_col_dup(st, 3, p);
    g->weeks = store_col_is_null(st, 4) ? -1 : store_col_int(st, 4);
    g->after_birth = store_col_int(st, 5) != 0;
    g->due_date = store_col_dup(st, 6, p);
    g->multiple = store_col_int(st, 7) != 0;
    bool answers_ok = answers_decode(store_col_text(st, 8), g->answers);
    g->notes = store_col_dup(st, 9, p);
    g->risk_score = store_col_int(st, 10);
    g->risk_level = store_col_dup(st, 11, p);
    bool flags_ok = flags_decode(store_col_text(st, 12), p, g);
    g->candidate = store_col_int(st, 13) != 0;
    g->band = store_col_dup(st, 14, p);
    g->risk_table_version = store_col_int(st, 15);
    g->created_at = store_col_int(st, 16);
    g->updated_at = store_col_int(st, 17);
    g->unasked_count = store_col_int(st, 18);
    g->child_ids = NULL;
    g->child_count = 0;
    store_person_brief_read(st, 19, p, &g->mother);
    if (!answers_ok || !flags_ok) {
        log_error("pregnancies: stored answers unreadable (%s)", g->id);
        return STORE_ERROR;
    }
    return STORE_OK;
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
    store_stmt *st = store_prepare(c, "SELECT " PREGNANCY_COLUMNS PREGNANCY_FROM " WHERE g.id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        rc = read_pregnancy(st, p, out);
    else if (rc == STORE_OK) {
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
        store_stmt *ins =
            store_prepare(c, "INSERT INTO pregnancy_children (pregnancy_id, child_id) VALUES (?, ?)"
                             " ON CONFLICT DO NOTHING");
        if (!ins)
            return STORE_ERROR;
        store_bind_text(ins, 1, g->id);
        store_bind_text(ins, 2, g->child_ids[i]);
        rc = store_run(ins);
    }
    return rc;
}

/* Binds the columns shared by insert and update, 1..17: PREGNANCY_COLUMNS order minus id,
 * version, created_at and unasked_count, then unasked_count (16) and the id (17); answers and
 * flags are the encoded texts (the caller frees them after the run). */
static void bind_fields(store_stmt *st, const store_pregnancy *g, const char *answers,
                        const char *flags)
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
    store_bind_text(st, 7, answers);
    store_bind_text(st, 8, g->notes);
    store_bind_int(st, 9, g->risk_score);
    store_bind_text(st, 10, g->risk_level);
    store_bind_text(st, 11, flags);
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
    char *answers = answers_encode(g->answers), *flags = flags_encode(g);
    int rc = STORE_ERROR;
    if (st && answers && flags) {
        bind_fields(st, g, answers, flags);
        store_bind_int(st, 18, g->created_at);
        rc = store_run(st);
    }
    free(answers);
    free(flags);
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
    char *answers = answers_encode(g->answers), *flags = flags_encode(g);
    int rc = STORE_ERROR;
    if (st && answers && flags) {
        bind_fields(st, g, answers, flags);
        store_bind_int(st, 18, expected);
        rc = store_run(st);
    }
    free(answers);
    free(flags);
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
        store_prepare(c, "SELECT " PREGNANCY_COLUMNS PREGNANCY_FROM
                         " WHERE (CAST(? AS TEXT) IS NULL OR g.mother_id = ?)"
                         " AND (? = 0 OR g.candidate = 1)"
                         " AND (CAST(? AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM"
                         " pregnancy_children pc WHERE pc.pregnancy_id = g.id AND pc.child_id = ?))"
                         " AND (CAST(? AS TEXT) IS NULL OR (g.risk_level = ? AND"
                         " g.unasked_count = 0))"
                         " AND (? < 0 OR (g.unasked_count > 0) = (? = 1))"
                         " AND (CAST(? AS TEXT) IS NULL OR (g.notified_on, g.id) < (?, ?))"
                         " ORDER BY g.notified_on DESC, g.id DESC LIMIT ?");
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
        if ((rc = read_pregnancy(st, p, &g)) != STORE_OK ||
            (rc = load_children(c, p, &g)) != STORE_OK)
            break;
        if (fn(ctx, &g) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}
