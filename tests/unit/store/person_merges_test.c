/* tests/unit/store/person_merges_test.c: src/store/person_merges.c. A merge moves every reference
 * to the merged record: each table with a foreign key to persons is in STORE_MERGE_TABLE_LIST or
 * named here as left where it is on purpose, so a migration that adds one fails here until the
 * merge moves it. Then the move itself on a small database: counts, rows listed, clashes. */
#include "store/person_merges.h"
#include "store/store.h"
#include "support/tempdb.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* Tables naming persons that a merge does not move, and why. */
static const char *const left_alone[] = {
    "persons",           /* merged_into: the merge's own mark */
    "person_keys",       /* dropped: the merged record is found no more; the survivor's rewritten */
    "person_duplicates", /* decided "merged", the merged record's other pairs kept on the survivor
                          */
    "person_merges",     /* the merge itself */
    NULL};

static int setup(void **state)
{
    tempdb *t = calloc(1, sizeof *t);
    *state = t;
    return t && tempdb_open(t, TEMPDB_LATEST) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    tempdb *t = *state;
    tempdb_close(t);
    free(t);
    return 0;
}

static bool named(const char *const *list, int n, const char *table)
{
    for (int i = 0; (n < 0 ? list[i] != NULL : i < n); i++)
        if (strcmp(list[i], table) == 0)
            return true;
    return false;
}

static void test_every_reference_to_persons_is_moved(void **state)
{
    tempdb *t = *state;
    store_stmt *st =
        store_prepare(t->c, "SELECT m.name FROM sqlite_schema m, pragma_foreign_key_list(m.name) f"
                            " WHERE m.type = 'table' AND f.\"table\" = 'persons' ORDER BY m.name");
    assert_non_null(st);
    int found = 0;
    while (store_step(st) == STORE_ROW) {
        const char *table = store_col_text(st, 0);
        if (!named(store_merge_table_codes, STORE_MERGE_TABLES, table) &&
            !named(left_alone, -1, table))
            fail_msg("%s refers to persons: move it in STORE_MERGE_TABLE_LIST"
                     " (src/store/person_merges.h) or say why not here",
                     table);
        found++;
    }
    store_done(st);
    assert_true(found >= 12);
}

static void run(tempdb *t, const char *sql)
{
    store_stmt *st = store_prepare(t->c, sql);
    assert_non_null(st);
    assert_int_equal(store_run(st), STORE_OK);
}

/* Two records of one child (p1 survives, p2 is merged) and another child (p3). */
static void seed(tempdb *t)
{
    run(t, "INSERT INTO persons (id, family_name, family_name_kana, created_at, updated_at)"
           " VALUES ('p1', '山田', 'ヤマダ', 1, 1), ('p2', '山田', 'ヤマダ', 1, 1),"
           " ('p3', '田中', 'タナカ', 1, 1)");
    run(t, "INSERT INTO person_keys (key, person_id) VALUES ('ヤマダ', 'p1'), ('ヤマダ', 'p2')");
    run(t, "INSERT INTO events (seq, at, kind, section, summary, ref_type, ref_id, person_id)"
           " VALUES (1, 1, 'person_created', 'common', 's', 'person', 'p1', 'p1'),"
           " (2, 1, 'person_created', 'common', 's', 'person', 'p2', 'p2'),"
           " (3, 2, 'visit_recorded', 'health', 's', 'visit', 'v1', 'p2')");
    run(t, "INSERT INTO visits (id, person_id, kind, on_date, status, created_at, updated_at)"
           " VALUES ('v1', 'p2', 'newborn', '2026-01-01', 'done', 1, 1)");
    run(t, "INSERT INTO reports (id, kind, received_at, received_by, route, abuse_types, status,"
           " created_at, updated_at) VALUES ('r1', 'abuse', 1, 'u', 'police', '[]', 'received', 1, "
           "1)");
    run(t, "INSERT INTO report_children (report_id, position, child_id) VALUES ('r1', 0, 'p2')");
    run(t, "INSERT INTO report_events (seq, report_id, step, at, child_ids, recorded_by,"
           " recorded_at) VALUES (1, 'r1', 'safety_confirmed', 1, '[\"p2\",\"p3\"]', 'u', 1)");
}

static int64_t count(tempdb *t, const char *sql)
{
    store_stmt *st = store_prepare(t->c, sql);
    assert_non_null(st);
    assert_int_equal(store_step(st), STORE_ROW);
    int64_t n = store_col_int(st, 0);
    store_done(st);
    return n;
}

static int table_index(const char *code)
{
    for (int i = 0; i < STORE_MERGE_TABLES; i++)
        if (strcmp(store_merge_table_codes[i], code) == 0)
            return i;
    fail_msg("no table %s", code);
    return -1;
}

static void test_move_lists_and_moves_every_row(void **state)
{
    tempdb *t = *state;
    seed(t);
    int64_t before[STORE_MERGE_TABLES];
    assert_int_equal(store_merge_counts(t->c, "p2", before), STORE_OK);
    assert_int_equal(before[table_index("events")], 2);
    assert_int_equal(before[table_index("visits")], 1);
    assert_int_equal(before[table_index("report_children")], 1);
    assert_int_equal(before[table_index("report_events")], 1);
    int clash = 0;
    assert_int_equal(store_merge_clash(t->c, "p2", "p1", &clash), STORE_OK);
    assert_int_equal(clash, -1);

    run(t, "INSERT INTO person_merges (id, survivor_id, merged_id, at, taken_fields,"
           " before_family_name, before_family_kana, before_sex, before_protected)"
           " VALUES ('m1', 'p1', 'p2', 5, '', '山田', 'ヤマダ', 'unknown', 0)");
    int64_t moved[STORE_MERGE_TABLES];
    assert_int_equal(store_merge_move(t->c, "m1", "p2", "p1", moved), STORE_OK);
    for (int i = 0; i < STORE_MERGE_TABLES; i++)
        assert_int_equal(moved[i], before[i]);
    assert_int_equal(count(t, "SELECT COUNT(*) FROM events WHERE person_id = 'p1'"), 3);
    assert_int_equal(count(t, "SELECT COUNT(*) FROM events WHERE person_id = 'p2'"), 0);
    assert_int_equal(count(t, "SELECT COUNT(*) FROM visits WHERE person_id = 'p1'"), 1);
    assert_int_equal(count(t, "SELECT COUNT(*) FROM report_children WHERE child_id = 'p1'"), 1);
    assert_int_equal(
        count(t, "SELECT COUNT(*) FROM report_events WHERE child_ids = '[\"p1\",\"p3\"]'"), 1);
    assert_int_equal(count(t, "SELECT COUNT(*) FROM person_keys WHERE person_id = 'p2'"), 0);
    assert_int_equal(count(t, "SELECT COUNT(*) FROM person_keys WHERE person_id = 'p1'"), 1);
    /* what moved is listed: 2 events, 1 visit, 1 report child, 1 safety confirmation */
    assert_int_equal(count(t, "SELECT COUNT(*) FROM person_merge_rows WHERE merge_id = 'm1'"), 5);
    assert_int_equal(count(t, "SELECT COUNT(*) FROM person_merge_rows WHERE merge_id = 'm1'"
                              " AND table_name = 'events' AND row_key IN ('2', '3')"),
                     2);
}

static void test_both_under_one_key_clash(void **state)
{
    tempdb *t = *state;
    seed(t);
    run(t, "INSERT INTO report_children (report_id, position, child_id) VALUES ('r1', 1, 'p1')");
    int clash = -1;
    assert_int_equal(store_merge_clash(t->c, "p2", "p1", &clash), STORE_OK);
    assert_string_equal(store_merge_table_codes[clash], "report_children");
}

static void test_pairs_stay_open_until_decided(void **state)
{
    tempdb *t = *state;
    seed(t);
    assert_int_equal(store_duplicate_add(t->c, "p2", "p1", 10), STORE_OK);
    assert_int_equal(store_duplicate_add(t->c, "p1", "p2", 11), STORE_OK); /* the same pair */
    assert_int_equal(store_duplicate_add(t->c, "p2", "p3", 12), STORE_OK);
    assert_int_equal(count(t, "SELECT COUNT(*) FROM person_duplicates WHERE decision = 'open'"), 2);
    assert_int_equal(store_duplicate_decide(t->c, "p3", "p2", "distinct", NULL, 20), STORE_OK);
    assert_int_equal(store_duplicate_decide(t->c, "p3", "p2", "distinct", NULL, 20),
                     STORE_NOT_FOUND);
    /* merging p2 into p1 decides (p1, p2) and keeps no other open pair of p2 */
    assert_int_equal(store_duplicates_merge(t->c, "p2", "p1", NULL, 30), STORE_OK);
    assert_int_equal(count(t, "SELECT COUNT(*) FROM person_duplicates WHERE decision = 'open'"), 0);
    assert_int_equal(count(t, "SELECT COUNT(*) FROM person_duplicates WHERE a = 'p1' AND b = 'p2'"
                              " AND decision = 'merged' AND decided_at = 30"),
                     1);
}

static void test_open_pair_of_merged_moves_to_survivor(void **state)
{
    tempdb *t = *state;
    seed(t);
    assert_int_equal(store_duplicate_add(t->c, "p1", "p2", 10), STORE_OK);
    assert_int_equal(store_duplicate_add(t->c, "p2", "p3", 10), STORE_OK);
    assert_int_equal(store_duplicates_merge(t->c, "p2", "p1", NULL, 30), STORE_OK);
    assert_int_equal(count(t, "SELECT COUNT(*) FROM person_duplicates WHERE a = 'p1' AND b = 'p3'"
                              " AND decision = 'open'"),
                     1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_reference_to_persons_is_moved, setup, teardown),
        cmocka_unit_test_setup_teardown(test_move_lists_and_moves_every_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_both_under_one_key_clash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pairs_stay_open_until_decided, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_pair_of_merged_moves_to_survivor, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
