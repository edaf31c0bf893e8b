#include "store/screenings.h"
#include "store/person_brief.h"
#include "util/log.h"

#include <jansson.h>
#include <stdlib.h>

#define SCREENING_COLUMNS                                                                          \
    "s.id, s.version, s.person_id, s.instrument, s.administered_on, s.answers, s.score,"           \
    " s.item_scores, s.flags, s.visit_id, s.notes, s.needs_followup, s.followup_on,"               \
    " s.followup_note, s.followup_by, s.followup_at, s.created_at, s.updated_at, "                 \
    "s.self_harm, " STORE_PERSON_BRIEF_COLUMNS("p")
#define SCREENING_FROM " FROM screenings s JOIN persons p ON p.id = s.person_id"

/* [1, 0, 3] into v[0..max); the count, or -1 when the text is not such an array. */
static int ints_decode(const char *text, int *v, int max)
{
    json_t *a = text ? json_loads(text, 0, NULL) : NULL;
    int n = json_is_array(a) && json_array_size(a) <= (size_t)max ? (int)json_array_size(a) : -1;
    for (int i = 0; i < n; i++) {
        json_t *x = json_array_get(a, (size_t)i);
        if (!json_is_integer(x))
            n = -1;
        else
            v[i] = (int)json_integer_value(x);
    }
    json_decref(a);
    return n;
}

/* [{code, label}] into the record's flags (strings in p); false when unreadable. */
static bool flags_decode(const char *text, pool *p, store_screening *s)
{
    json_t *a = text ? json_loads(text, 0, NULL) : NULL;
    bool ok = json_is_array(a) && json_array_size(a) <= SCREENING_MAX_FLAGS;
    s->flag_count = 0;
    for (size_t i = 0; ok && i < json_array_size(a); i++) {
        json_t *f = json_array_get(a, i);
        const char *code = json_string_value(json_object_get(f, "code"));
        const char *label = json_string_value(json_object_get(f, "label"));
        ok = code && label;
        if (ok)
            s->flags[s->flag_count++] =
                (store_screening_flag){pool_strdup(p, code), pool_strdup(p, label)};
    }
    json_decref(a);
    return ok;
}

static char *ints_encode(const int *v, int n)
{
    json_t *a = json_array();
    for (int i = 0; a && i < n; i++)
        if (json_array_append_new(a, json_integer(v[i])) != 0)
            break;
    char *text = a ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    return text;
}

static char *flags_encode(const store_screening *s)
{
    json_t *a = json_array();
    for (int i = 0; a && i < s->flag_count; i++)
        if (json_array_append_new(a, json_pack("{s:s, s:s}", "code", s->flags[i].code, "label",
                                               s->flags[i].label)) != 0)
            break;
    char *text =
        a && json_array_size(a) == (size_t)s->flag_count ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    return text;
}

/* A row; STORE_ERROR (logged) when its stored JSON cannot be read. */
static int read_screening(store_stmt *st, pool *p, store_screening *s)
{
    s->id = store_col_dup(st, 0, p);
    s->version = store_col_int(st, 1);
    s->person_id = store_col_dup(st, 2, p);
    s->instrument = store_col_dup(st, 3, p);
    s->administered_on = store_col_dup(st, 4, p);
    s->answer_count = ints_decode(store_col_text(st, 5), s->answers, SCREENING_MAX_ITEMS);
    s->score = store_col_int(st, 6);
    s->item_count = ints_decode(store_col_text(st, 7), s->item_scores, SCREENING_MAX_ITEMS);
    bool flags_ok = flags_decode(store_col_text(st, 8), p, s);
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
    store_person_brief_read(st, 19, p, &s->person);
    if (s->answer_count < 0 || s->item_count < 0 || !flags_ok) {
        log_error("screenings: stored answers unreadable (%s)", s->id);
        return STORE_ERROR;
    }
    return STORE_OK;
}

int store_screening_get(store_conn *c, pool *p, const char *id, store_screening *out)
{
    store_stmt *st = store_prepare(c, "SELECT " SCREENING_COLUMNS SCREENING_FROM " WHERE s.id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        rc = read_screening(st, p, out);
    else if (rc == STORE_OK) {
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
    char *answers = ints_encode(s->answers, s->answer_count);
    char *items = ints_encode(s->item_scores, s->item_count);
    char *flags = flags_encode(s);
    if (!st || !answers || !items || !flags) {
        free(answers);
        free(items);
        free(flags);
        return STORE_ERROR;
    }
    store_bind_text(st, 1, s->id);
    store_bind_text(st, 2, s->person_id);
    store_bind_text(st, 3, s->instrument);
    store_bind_text(st, 4, s->administered_on);
    store_bind_text(st, 5, answers);
    store_bind_int(st, 6, s->score);
    store_bind_text(st, 7, items);
    store_bind_text(st, 8, flags);
    store_bind_text(st, 9, s->visit_id);
    store_bind_text(st, 10, s->notes);
    store_bind_int(st, 11, s->needs_followup);
    store_bind_int(st, 12, s->created_at);
    store_bind_int(st, 13, s->updated_at);
    store_bind_int(st, 14, s->self_harm);
    int rc = store_run(st);
    free(answers);
    free(items);
    free(flags);
    return rc;
}

int store_screening_followup(store_conn *c, const char *id, const store_followup *f, int64_t now)
{
    store_stmt *st = store_prepare(
        c, "UPDATE screenings SET followup_on = ?, followup_note = ?, followup_by = ?,"
           " followup_at = ?, needs_followup = 0, updated_at = ?, version = version + 1"
           " WHERE id = ? AND followup_on IS NULL");
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

int store_screening_list(store_conn *c, pool *p, const char *person_id, bool open_only,
                         const char *after_on, const char *after_id, int limit,
                         store_screening_fn fn, void *ctx)
{
    store_stmt *st =
        store_prepare(c, "SELECT " SCREENING_COLUMNS SCREENING_FROM
                         " WHERE (CAST(? AS TEXT) IS NULL OR s.person_id = ?)"
                         " AND (? = 0 OR s.needs_followup = 1)"
                         " AND (CAST(? AS TEXT) IS NULL OR (s.administered_on, s.id) < (?, ?))"
                         " ORDER BY s.administered_on DESC, s.id DESC LIMIT ?");
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
        if ((rc = read_screening(st, p, &s)) != STORE_OK)
            break;
        if (fn(ctx, &s) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}
