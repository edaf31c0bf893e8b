/* The tables a move copies (store/move.c) are the schema the migrations make: every table but
 * schema_migrations, each with every column, none that does not exist, and each after the tables
 * its foreign keys name. A migration that adds a table or a column fails here until move.c
 * names it (else migrate-to-pg would leave it behind). Read from SQLite's own catalog. */
#include "store/migrations.h"
#include "store/move.h"
#include "store/store.h"
#include "support/tempdb.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

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

static int listed_at(const char *table)
{
    for (int i = 0; i < STORE_MOVE_TABLES; i++)
        if (strcmp(store_move_tables[i].name, table) == 0)
            return i;
    return -1;
}

/* Whether name is one of the comma-separated columns. */
static bool lists_column(const char *columns, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = columns; (p = strstr(p, name)) != NULL; p += n) {
        bool starts = p == columns || p[-1] == ' ' || p[-1] == ',';
        bool ends = p[n] == '\0' || p[n] == ',';
        if (starts && ends)
            return true;
    }
    return false;
}

static int count_columns(const char *columns)
{
    int n = 1;
    for (const char *p = columns; *p; p++)
        n += *p == ',';
    return n;
}

/* Every table of the schema is listed, with exactly its columns. */
static void test_every_table_and_column_is_listed(void **state)
{
    tempdb *t = *state;
    store_stmt *tables = store_prepare(
        t->c, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
              " AND name <> 'schema_migrations' ORDER BY name");
    assert_non_null(tables);
    int found = 0;
    while (store_step(tables) == STORE_ROW) {
        const char *table = store_col_text(tables, 0);
        int i = listed_at(table);
        if (i < 0)
            fail_msg("table %s is not in store_move_tables (src/store/move.c)", table);
        found++;
        store_stmt *columns = store_prepare(t->c, "SELECT name FROM pragma_table_info(?)");
        assert_non_null(columns);
        store_bind_text(columns, 1, table);
        int n = 0;
        while (store_step(columns) == STORE_ROW) {
            const char *column = store_col_text(columns, 0);
            if (!lists_column(store_move_tables[i].columns, column))
                fail_msg("column %s.%s is not in store_move_tables (src/store/move.c)", table,
                         column);
            n++;
        }
        store_done(columns);
        if (n != count_columns(store_move_tables[i].columns))
            fail_msg("store_move_tables lists %d columns of %s, the schema has %d",
                     count_columns(store_move_tables[i].columns), table, n);
    }
    store_done(tables);
    assert_int_equal(found, STORE_MOVE_TABLES); /* and nothing listed that does not exist */
}

/* A table comes after every table its foreign keys name (or names itself). */
static void test_tables_come_after_what_they_refer_to(void **state)
{
    tempdb *t = *state;
    for (int i = 0; i < STORE_MOVE_TABLES; i++) {
        store_stmt *fks =
            store_prepare(t->c, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)");
        assert_non_null(fks);
        store_bind_text(fks, 1, store_move_tables[i].name);
        while (store_step(fks) == STORE_ROW) {
            const char *target = store_col_text(fks, 0);
            int at = listed_at(target);
            if (at < 0 || at > i)
                fail_msg("%s refers to %s, which is copied after it", store_move_tables[i].name,
                         target);
        }
        store_done(fks);
    }
}

/* Each table's statements name it and its columns as listed. */
static void test_statements_read_the_listed_columns(void **state)
{
    (void)state;
    for (int i = 0; i < STORE_MOVE_TABLES; i++) {
        const store_move_table *m = &store_move_tables[i];
        char select[1024], count[128];
        snprintf(select, sizeof select, "SELECT %s FROM %s", m->columns, m->name);
        snprintf(count, sizeof count, "SELECT COUNT(*) FROM %s", m->name);
        assert_string_equal(m->select_sql, select);
        assert_string_equal(m->count_sql, count);
    }
}

/* SQLite is read from, never loaded into: the bulk load refuses, writing nothing. */
static void test_sqlite_is_not_a_bulk_load_target(void **state)
{
    tempdb *t = *state;
    const char *columns[] = {"login", "at"};
    assert_int_equal(store_begin(t->c), STORE_OK);
    assert_int_equal(store_copy_begin(t->c, "login_failures", columns, 2), STORE_ERROR);
    store_rollback(t->c);
}

/* Counting a fresh database: every table empty; a row shows in its table only. */
static void test_count_rows(void **state)
{
    tempdb *t = *state;
    int64_t rows[STORE_MOVE_TABLES];
    assert_int_equal(store_move_count(t->c, rows), STORE_OK);
    for (int i = 0; i < STORE_MOVE_TABLES; i++)
        assert_int_equal(rows[i], 0);
    store_stmt *st = store_prepare(t->c, "INSERT INTO login_failures (login, at) VALUES (?, ?)");
    assert_non_null(st);
    store_bind_text(st, 1, "someone");
    store_bind_int(st, 2, 1700000000);
    assert_int_equal(store_run(st), STORE_OK);
    assert_int_equal(store_move_count(t->c, rows), STORE_OK);
    for (int i = 0; i < STORE_MOVE_TABLES; i++)
        assert_int_equal(rows[i], strcmp(store_move_tables[i].name, "login_failures") == 0);
    const store_migration_set *set = store_migrations_for("sqlite");
    int version = 0;
    assert_int_equal(store_move_schema_version(t->c, &version), STORE_OK);
    assert_int_equal(version, set->migrations[set->count - 1].version);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_table_and_column_is_listed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tables_come_after_what_they_refer_to, setup, teardown),
        cmocka_unit_test(test_statements_read_the_listed_columns),
        cmocka_unit_test_setup_teardown(test_sqlite_is_not_a_bulk_load_target, setup, teardown),
        cmocka_unit_test_setup_teardown(test_count_rows, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
