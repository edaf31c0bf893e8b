/* Possible duplicates and the merge of two records (person_merges.h). Each table a merge moves
 * has four statements, each binding its parameters in the order its pattern says: 'f' the merged
 * record (from), 't' the survivor (to), 'm' the merge's id. */
#include "store/person_merges.h"

#include "store/person_brief.h"

#include <string.h>

#define AS_CODE(code, label)  code,
#define AS_LABEL(code, label) label,
const char *const store_merge_table_codes[STORE_MERGE_TABLES] = {STORE_MERGE_TABLE_LIST(AS_CODE)};
const char *const store_merge_table_labels[STORE_MERGE_TABLES] = {STORE_MERGE_TABLE_LIST(AS_LABEL)};

/* Per table (in the order of STORE_MERGE_TABLE_LIST), four statements — the rows naming the
 * person, the rows about to move listed under the merge, the move, and the undo (the rows listed,
 * given back to the merged record) — each binding its parameters in the order of its pattern. */
#define ROWS(table)                                                                                \
    "INSERT INTO person_merge_rows (merge_id, table_name, row_key) SELECT ?, '" table "', "
#define LISTED(table)                                                                              \
    " IN (SELECT row_key FROM person_merge_rows WHERE merge_id = ? AND table_name = '" table "')"
#define QUOTED "'\"' || CAST(? AS TEXT) || '\"'"

/* clang-format off */
static const char *const count_sql[STORE_MERGE_TABLES] = {
    "SELECT COUNT(*) FROM events WHERE person_id = ?",
    "SELECT COUNT(*) FROM household_members WHERE person_id = ?",
    "SELECT COUNT(*) FROM pregnancies WHERE mother_id = ?",
    "SELECT COUNT(*) FROM pregnancy_children WHERE child_id = ?",
    "SELECT COUNT(*) FROM screenings WHERE person_id = ?",
    "SELECT COUNT(*) FROM visits WHERE person_id = ?",
    "SELECT COUNT(*) FROM report_children WHERE child_id = ?",
    "SELECT COUNT(*) FROM report_guardians WHERE person_id = ?",
    "SELECT COUNT(*) FROM report_events WHERE child_ids LIKE '%' || " QUOTED " || '%'",
    "SELECT COUNT(*) FROM case_subjects WHERE person_id = ?",
    "SELECT COUNT(*) FROM conference_decisions WHERE person_id = ?",
    "SELECT COUNT(*) FROM plan_subjects WHERE person_id = ?",
    "SELECT COUNT(*) FROM import_records WHERE record_id = ?",
};
static const char *const count_binds[STORE_MERGE_TABLES] = {"f", "f", "f", "f", "f", "f", "f", "f", "f", "f", "f", "f", "f"};

static const char *const record_sql[STORE_MERGE_TABLES] = {
    ROWS("events") "CAST(seq AS TEXT) FROM events WHERE person_id = ?",
    ROWS("household_members") "household_id || ':' || CAST(position AS TEXT) FROM household_members WHERE person_id = ?",
    ROWS("pregnancies") "id FROM pregnancies WHERE mother_id = ?",
    ROWS("pregnancy_children") "pregnancy_id FROM pregnancy_children WHERE child_id = ?",
    ROWS("screenings") "id FROM screenings WHERE person_id = ?",
    ROWS("visits") "id FROM visits WHERE person_id = ?",
    ROWS("report_children") "report_id FROM report_children WHERE child_id = ?",
    ROWS("report_guardians") "report_id FROM report_guardians WHERE person_id = ?",
    ROWS("report_events") "CAST(seq AS TEXT) FROM report_events WHERE child_ids LIKE '%' || " QUOTED " || '%'",
    ROWS("case_subjects") "case_id FROM case_subjects WHERE person_id = ?",
    ROWS("conference_decisions") "conference_id || ':' || CAST(position AS TEXT) FROM conference_decisions WHERE person_id = ?",
    ROWS("plan_subjects") "plan_id || ':' || CAST(position AS TEXT) FROM plan_subjects WHERE person_id = ?",
    ROWS("import_records") "kind || ':' || external_id FROM import_records WHERE record_id = ?",
};
static const char *const record_binds[STORE_MERGE_TABLES] = {"mf", "mf", "mf", "mf", "mf", "mf", "mf", "mf", "mf", "mf", "mf", "mf", "mf"};

static const char *const move_sql[STORE_MERGE_TABLES] = {
    "UPDATE events SET person_id = ? WHERE person_id = ?",
    "UPDATE household_members SET person_id = ? WHERE person_id = ?",
    "UPDATE pregnancies SET mother_id = ? WHERE mother_id = ?",
    "UPDATE pregnancy_children SET child_id = ? WHERE child_id = ?",
    "UPDATE screenings SET person_id = ? WHERE person_id = ?",
    "UPDATE visits SET person_id = ? WHERE person_id = ?",
    "UPDATE report_children SET child_id = ? WHERE child_id = ?",
    "UPDATE report_guardians SET person_id = ? WHERE person_id = ?",
    "UPDATE report_events SET child_ids = REPLACE(child_ids, " QUOTED ", " QUOTED ")"
     " WHERE child_ids LIKE '%' || " QUOTED " || '%'",
    "UPDATE case_subjects SET person_id = ? WHERE person_id = ?",
    "UPDATE conference_decisions SET person_id = ? WHERE person_id = ?",
    "UPDATE plan_subjects SET person_id = ? WHERE person_id = ?",
    "UPDATE import_records SET record_id = ? WHERE record_id = ?",
};
static const char *const move_binds[STORE_MERGE_TABLES] = {"tf", "tf", "tf", "tf", "tf", "tf", "tf", "tf", "ftf", "tf", "tf", "tf", "tf"};

static const char *const undo_sql[STORE_MERGE_TABLES] = {
    "UPDATE events SET person_id = ? WHERE person_id = ? AND CAST(seq AS TEXT)" LISTED("events"),
    "UPDATE household_members SET person_id = ? WHERE person_id = ?"
     " AND household_id || ':' || CAST(position AS TEXT)" LISTED("household_members"),
    "UPDATE pregnancies SET mother_id = ? WHERE mother_id = ? AND id" LISTED("pregnancies"),
    "UPDATE pregnancy_children SET child_id = ? WHERE child_id = ? AND pregnancy_id" LISTED("pregnancy_children"),
    "UPDATE screenings SET person_id = ? WHERE person_id = ? AND id" LISTED("screenings"),
    "UPDATE visits SET person_id = ? WHERE person_id = ? AND id" LISTED("visits"),
    "UPDATE report_children SET child_id = ? WHERE child_id = ? AND report_id" LISTED("report_children"),
    "UPDATE report_guardians SET person_id = ? WHERE person_id = ? AND report_id" LISTED("report_guardians"),
    "UPDATE report_events SET child_ids = REPLACE(child_ids, " QUOTED ", " QUOTED ")"
     " WHERE CAST(seq AS TEXT)" LISTED("report_events"),
    "UPDATE case_subjects SET person_id = ? WHERE person_id = ? AND case_id" LISTED("case_subjects"),
    "UPDATE conference_decisions SET person_id = ? WHERE person_id = ?"
     " AND conference_id || ':' || CAST(position AS TEXT)" LISTED("conference_decisions"),
    "UPDATE plan_subjects SET person_id = ? WHERE person_id = ?"
     " AND plan_id || ':' || CAST(position AS TEXT)" LISTED("plan_subjects"),
    "UPDATE import_records SET record_id = ? WHERE record_id = ?"
     " AND kind || ':' || external_id" LISTED("import_records"),
};
static const char *const undo_binds[STORE_MERGE_TABLES] = {"ftm", "ftm", "ftm", "ftm", "ftm", "ftm", "ftm", "ftm", "tfm", "ftm", "ftm", "ftm", "ftm"};

/* The tables where one key allows a person once (and a household, where one person twice
 * would be listed twice): both records there under one key clash. */
static const int clash_tables[] = {1, 3, 6, 7, 9};
static const char *const clash_sql[] = {
    "SELECT COUNT(*) FROM household_members x JOIN household_members y"
    " ON y.household_id = x.household_id WHERE x.person_id = ? AND y.person_id = ?",
    "SELECT COUNT(*) FROM pregnancy_children x JOIN pregnancy_children y"
    " ON y.pregnancy_id = x.pregnancy_id WHERE x.child_id = ? AND y.child_id = ?",
    "SELECT COUNT(*) FROM report_children x JOIN report_children y"
    " ON y.report_id = x.report_id WHERE x.child_id = ? AND y.child_id = ?",
    "SELECT COUNT(*) FROM report_guardians x JOIN report_guardians y"
    " ON y.report_id = x.report_id WHERE x.person_id = ? AND y.person_id = ?",
    "SELECT COUNT(*) FROM case_subjects x JOIN case_subjects y"
    " ON y.case_id = x.case_id WHERE x.person_id = ? AND y.person_id = ?",
};
/* clang-format on */

static void bind_pattern(store_stmt *st, const char *pattern, const char *from, const char *to,
                         const char *merge_id)
{
    for (int i = 0; pattern[i]; i++)
        store_bind_text(st, i + 1, pattern[i] == 'f' ? from : pattern[i] == 't' ? to : merge_id);
}

/* The one integer of a COUNT(*) statement. */
static int count_of(store_stmt *st, int64_t *n)
{
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        *n = store_col_int(st, 0);
        rc = STORE_OK;
    }
    store_done(st);
    return rc;
}

/* Binds a prepared statement's parameters by its pattern and runs it (a NULL statement: the
 * prepare failed). */
static int run_bound(store_stmt *st, const char *pattern, const char *from, const char *to,
                     const char *merge_id)
{
    if (!st)
        return STORE_ERROR;
    bind_pattern(st, pattern, from, to, merge_id);
    return store_run(st);
}

int store_merge_counts(store_conn *c, const char *person_id, int64_t counts[STORE_MERGE_TABLES])
{
    int rc = STORE_OK;
    for (int i = 0; i < STORE_MERGE_TABLES && rc == STORE_OK; i++) {
        store_stmt *st = store_prepare(c, count_sql[i]);
        if (!st)
            return STORE_ERROR;
        bind_pattern(st, count_binds[i], person_id, NULL, NULL);
        rc = count_of(st, &counts[i]);
    }
    return rc;
}

int store_merge_clash(store_conn *c, const char *from, const char *to, int *table)
{
    *table = -1;
    int rc = STORE_OK;
    for (size_t i = 0; i < sizeof clash_sql / sizeof clash_sql[0] && rc == STORE_OK; i++) {
        store_stmt *st = store_prepare(c, clash_sql[i]);
        if (!st)
            return STORE_ERROR;
        store_bind_text(st, 1, from);
        store_bind_text(st, 2, to);
        int64_t n = 0;
        rc = count_of(st, &n);
        if (rc == STORE_OK && n > 0) {
            *table = clash_tables[i];
            break;
        }
    }
    return rc;
}

int store_person_merged_into(store_conn *c, pool *p, const char *id, char **into)
{
    *into = NULL;
    store_stmt *st = store_prepare(c, "SELECT merged_into FROM persons WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        *into = store_col_dup(st, 0, p);
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    return rc;
}

/* alerts_quiet (the import's mark on a record whose alerts are history) is not a reference the
 * merge moves: the survivor stays quiet only when both records were, so a record that could
 * raise an alert still can after the merge. The mark the survivor loses is listed (row_key: the
 * survivor's id) and given back by the undo. */
static const char quiet_record_sql[] =
    ROWS("alerts_quiet") "record_id FROM alerts_quiet WHERE record_id = ?"
                         " AND NOT EXISTS (SELECT 1 FROM alerts_quiet m WHERE m.record_id = ?)";
static const char quiet_drop_sql[] =
    "DELETE FROM alerts_quiet WHERE record_id" LISTED("alerts_quiet");
static const char quiet_undo_sql[] =
    "INSERT INTO alerts_quiet (record_id) SELECT row_key FROM person_merge_rows"
    " WHERE merge_id = ? AND table_name = 'alerts_quiet' ON CONFLICT DO NOTHING";

static int quiet_merge(store_conn *c, const char *merge_id, const char *from, const char *to)
{
    int rc = run_bound(store_prepare(c, quiet_record_sql), "mtf", from, to, merge_id);
    if (rc == STORE_OK)
        rc = run_bound(store_prepare(c, quiet_drop_sql), "m", from, to, merge_id);
    return rc;
}

int store_merge_move(store_conn *c, const char *merge_id, const char *from, const char *to,
                     int64_t counts[STORE_MERGE_TABLES])
{
    int rc = STORE_OK;
    for (int i = 0; i < STORE_MERGE_TABLES && rc == STORE_OK; i++) {
        rc = run_bound(store_prepare(c, record_sql[i]), record_binds[i], from, to, merge_id);
        if (rc == STORE_OK)
            counts[i] = store_changes(c);
        if (rc == STORE_OK)
            rc = run_bound(store_prepare(c, move_sql[i]), move_binds[i], from, to, merge_id);
    }
    if (rc == STORE_OK)
        rc = quiet_merge(c, merge_id, from, to);
    if (rc == STORE_OK)
        rc = run_bound(store_prepare(c, "DELETE FROM person_keys WHERE person_id = ?"), "f", from,
                       to, merge_id);
    return rc;
}

int store_person_mark_merged(store_conn *c, const char *id, int64_t version, const char *into,
                             bool clear_resident_id, int64_t at)
{
    store_stmt *st = store_prepare(
        c, "UPDATE persons SET merged_into = ?, duplicate_key = NULL, updated_at = ?,"
           " resident_id = CASE WHEN ? = 1 THEN NULL ELSE resident_id END, version = version + 1"
           " WHERE id = ? AND version = ? AND merged_into IS NULL");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, into);
    store_bind_int(st, 2, at);
    store_bind_int(st, 3, clear_resident_id ? 1 : 0);
    store_bind_text(st, 4, id);
    store_bind_int(st, 5, version);
    int rc = store_run(st);
    if (rc == STORE_OK && store_changes(c) != 1)
        rc = STORE_CONFLICT;
    return rc;
}

/* --- the merge's own row ---------------------------------------------------------------------- */

int store_merge_insert(store_conn *c, const store_merge *m)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO person_merges (id, survivor_id, merged_id, at, by_user, taken_fields,"
           " before_family_name, before_given_name, before_family_kana, before_given_kana,"
           " before_birth_date, before_sex, before_address, before_phone, before_resident_id,"
           " before_protected, merged_resident_id, before_affiliation)"
           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    const store_person *b = &m->before;
    store_bind_text(st, 1, m->id);
    store_bind_text(st, 2, m->survivor_id);
    store_bind_text(st, 3, m->merged_id);
    store_bind_int(st, 4, m->at);
    store_bind_text(st, 5, m->by_user);
    store_bind_text(st, 6, m->taken_fields);
    store_bind_text(st, 7, b->family_name);
    store_bind_text(st, 8, b->given_name);
    store_bind_text(st, 9, b->family_name_kana);
    store_bind_text(st, 10, b->given_name_kana);
    store_bind_text(st, 11, b->birth_date);
    store_bind_text(st, 12, b->sex);
    store_bind_text(st, 13, b->address);
    store_bind_text(st, 14, b->phone);
    store_bind_text(st, 15, b->resident_id);
    store_bind_int(st, 16, b->address_protected ? 1 : 0);
    store_bind_text(st, 17, m->merged_resident_id);
    store_bind_text(st, 18, b->affiliation);
    return store_run(st);
}

int store_merge_get(store_conn *c, pool *p, const char *id, store_merge *out)
{
    store_stmt *st = store_prepare(
        c, "SELECT id, survivor_id, merged_id, at, by_user, taken_fields, before_family_name,"
           " before_given_name, before_family_kana, before_given_kana, before_birth_date,"
           " before_sex, before_address, before_phone, before_resident_id, before_protected,"
           " merged_resident_id, undone_at, before_affiliation FROM person_merges WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        *out = (store_merge){.id = store_col_dup(st, 0, p),
                             .survivor_id = store_col_dup(st, 1, p),
                             .merged_id = store_col_dup(st, 2, p),
                             .at = store_col_int(st, 3),
                             .by_user = store_col_dup(st, 4, p),
                             .taken_fields = store_col_dup(st, 5, p),
                             .before = {.family_name = store_col_dup(st, 6, p),
                                        .given_name = store_col_dup(st, 7, p),
                                        .family_name_kana = store_col_dup(st, 8, p),
                                        .given_name_kana = store_col_dup(st, 9, p),
                                        .birth_date = store_col_dup(st, 10, p),
                                        .sex = store_col_dup(st, 11, p),
                                        .address = store_col_dup(st, 12, p),
                                        .phone = store_col_dup(st, 13, p),
                                        .resident_id = store_col_dup(st, 14, p),
                                        .address_protected = store_col_int(st, 15) != 0,
                                        .affiliation = store_col_dup(st, 18, p)},
                             .merged_resident_id = store_col_dup(st, 16, p),
                             .undone_at = store_col_int(st, 17)};
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    return rc;
}

/* --- possible duplicates ---------------------------------------------------------------------- */

int store_duplicate_add(store_conn *c, const char *x, const char *y, int64_t at)
{
    bool ordered = strcmp(x, y) < 0;
    store_stmt *st = store_prepare(c, "INSERT INTO person_duplicates (a, b, found_at)"
                                      " VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, ordered ? x : y);
    store_bind_text(st, 2, ordered ? y : x);
    store_bind_int(st, 3, at);
    return store_run(st);
}

int store_duplicates_open(store_conn *c, pool *p, int64_t after_at, const char *after_a,
                          const char *after_b, int limit, store_duplicate_pair_fn fn, void *ctx)
{
    store_stmt *st =
        store_prepare(c, "SELECT d.found_at, " STORE_PERSON_BRIEF_COLUMNS(
                             "x") ", "
                                  "x.address_protected,"
                                  " " STORE_PERSON_BRIEF_COLUMNS("y") ", y.address_protected"
                                                                      " FROM person_duplicates d "
                                                                      "JOIN persons x ON x.id = "
                                                                      "d.a JOIN persons y ON y.id "
                                                                      "= d.b"
                                                                      " WHERE d.decision = 'open' "
                                                                      "AND x.merged_into IS NULL "
                                                                      "AND y.merged_into IS NULL"
                                                                      " AND (CAST(? AS TEXT) IS "
                                                                      "NULL OR (d.found_at, d.a, "
                                                                      "d.b) > (?, ?, ?))"
                                                                      " ORDER BY d.found_at, d.a, "
                                                                      "d.b LIMIT ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, after_a);
    store_bind_int(st, 2, after_at);
    store_bind_text(st, 3, after_a ? after_a : "");
    store_bind_text(st, 4, after_b ? after_b : "");
    store_bind_int(st, 5, limit);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_duplicate_pair pair = {.found_at = store_col_int(st, 0)};
        store_person_brief_read(st, 1, p, &pair.a);
        pair.a.address_protected = store_col_int(st, 1 + STORE_PERSON_BRIEF_COUNT) != 0;
        store_person_brief_read(st, 2 + STORE_PERSON_BRIEF_COUNT, p, &pair.b);
        pair.b.address_protected = store_col_int(st, 2 + 2 * STORE_PERSON_BRIEF_COUNT) != 0;
        if (fn(ctx, &pair) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}

int store_duplicates_of(store_conn *c, pool *p, const char *person_id, store_person_fn fn,
                        void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT " STORE_PERSON_BRIEF_COLUMNS(
               "o") ", o.address_protected"
                    " FROM person_duplicates d JOIN persons o"
                    " ON o.id = CASE WHEN d.a = ? THEN d.b ELSE d.a END"
                    " WHERE (d.a = ? OR d.b = ?) AND d.decision = 'open' AND o.merged_into IS NULL"
                    " ORDER BY o.id");
    if (!st)
        return STORE_ERROR;
    for (int i = 1; i <= 3; i++)
        store_bind_text(st, i, person_id);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_person other;
        store_person_brief_read(st, 0, p, &other);
        other.address_protected = store_col_int(st, STORE_PERSON_BRIEF_COUNT) != 0;
        if (fn(ctx, &other, NULL) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}

int store_duplicate_decide(store_conn *c, const char *x, const char *y, const char *decision,
                           const char *by, int64_t at)
{
    bool ordered = strcmp(x, y) < 0;
    store_stmt *st =
        store_prepare(c, "UPDATE person_duplicates SET decision = ?, decided_by = ?,"
                         " decided_at = ? WHERE a = ? AND b = ? AND decision = 'open'");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, decision);
    store_bind_text(st, 2, by);
    store_bind_int(st, 3, at);
    store_bind_text(st, 4, ordered ? x : y);
    store_bind_text(st, 5, ordered ? y : x);
    int rc = store_run(st);
    if (rc == STORE_OK && store_changes(c) != 1)
        rc = STORE_NOT_FOUND;
    return rc;
}

typedef struct others {
    pool *pool;
    char **ids;
    int count, cap;
} others;

static int add_other(void *arg, const store_person *p, const char *key)
{
    (void)key;
    others *o = arg;
    if (o->count == o->cap) {
        int cap = o->cap ? o->cap * 2 : 8;
        char **grown = pool_alloc(o->pool, sizeof *grown * (size_t)cap);
        if (o->count)
            memcpy(grown, o->ids, sizeof *grown * (size_t)o->count);
        o->ids = grown;
        o->cap = cap;
    }
    o->ids[o->count++] = p->id;
    return 0;
}

int store_duplicates_merge(store_conn *c, const char *merged, const char *survivor, const char *by,
                           int64_t at)
{
    pool *p = pool_create();
    if (!p)
        return STORE_ERROR;
    others o = {.pool = p};
    int rc = store_duplicates_of(c, p, merged, add_other, &o);
    for (int i = 0; i < o.count && rc == STORE_OK; i++)
        if (strcmp(o.ids[i], survivor) != 0)
            rc = store_duplicate_add(c, survivor, o.ids[i], at);
    if (rc == STORE_OK) {
        store_stmt *st = store_prepare(
            c, "UPDATE person_duplicates SET decision = 'merged', decided_by = ?, decided_at = ?"
               " WHERE (a = ? OR b = ?) AND decision = 'open'");
        if (!st) {
            rc = STORE_ERROR;
        } else {
            store_bind_text(st, 1, by);
            store_bind_int(st, 2, at);
            store_bind_text(st, 3, merged);
            store_bind_text(st, 4, merged);
            rc = store_run(st);
        }
    }
    pool_destroy(p);
    return rc;
}

/* --- the undo --------------------------------------------------------------------------------- */

int store_merge_undo_rows(store_conn *c, const char *merge_id, const char *from, const char *to)
{
    int rc = STORE_OK;
    for (int i = 0; i < STORE_MERGE_TABLES && rc == STORE_OK; i++)
        rc = run_bound(store_prepare(c, undo_sql[i]), undo_binds[i], from, to, merge_id);
    if (rc == STORE_OK)
        rc = run_bound(store_prepare(c, quiet_undo_sql), "m", from, to, merge_id);
    return rc;
}

int store_merge_mark_undone(store_conn *c, const char *merge_id, const char *by, int64_t at)
{
    store_stmt *st = store_prepare(c, "UPDATE person_merges SET undone_at = ?, undone_by = ?"
                                      " WHERE id = ? AND undone_at IS NULL");
    if (!st)
        return STORE_ERROR;
    store_bind_int(st, 1, at);
    store_bind_text(st, 2, by);
    store_bind_text(st, 3, merge_id);
    int rc = store_run(st);
    if (rc == STORE_OK && store_changes(c) != 1)
        rc = STORE_CONFLICT;
    return rc;
}

int store_person_unmark_merged(store_conn *c, const char *id, int64_t version, const char *into)
{
    store_stmt *st = store_prepare(c, "UPDATE persons SET merged_into = NULL, version = version + 1"
                                      " WHERE id = ? AND version = ? AND merged_into = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    store_bind_int(st, 2, version);
    store_bind_text(st, 3, into);
    int rc = store_run(st);
    if (rc == STORE_OK && store_changes(c) != 1)
        rc = STORE_CONFLICT;
    return rc;
}

int store_duplicate_reopen(store_conn *c, const char *x, const char *y)
{
    bool ordered = strcmp(x, y) < 0;
    store_stmt *st =
        store_prepare(c, "UPDATE person_duplicates SET decision = 'open',"
                         " decided_by = NULL, decided_at = NULL WHERE a = ? AND b = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, ordered ? x : y);
    store_bind_text(st, 2, ordered ? y : x);
    return store_run(st);
}
