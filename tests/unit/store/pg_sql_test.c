/* The pure parts of the PostgreSQL backend: placeholders and what an SQLSTATE means. */
#include "store/pg_sql.h"
#include "store/store.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static void numbered(const char *sql, const char *expected, int expected_count)
{
    int count = -1;
    char *out = pg_sql_numbered(sql, &count);
    assert_string_equal(out, expected);
    assert_int_equal(count, expected_count);
    free(out);
}

static void test_placeholders_numbered_in_order(void **state)
{
    (void)state;
    numbered("SELECT 1", "SELECT 1", 0);
    numbered("SELECT a FROM t WHERE id = ? AND version = ?",
             "SELECT a FROM t WHERE id = $1 AND version = $2", 2);
    numbered("(CAST(? AS TEXT) IS NULL OR c = ?) LIMIT ? OFFSET ?",
             "(CAST($1 AS TEXT) IS NULL OR c = $2) LIMIT $3 OFFSET $4", 4);
}

static void test_question_marks_in_quotes_are_text(void **state)
{
    (void)state;
    numbered("SELECT '?', \"a?\" FROM t WHERE x = ?", "SELECT '?', \"a?\" FROM t WHERE x = $1", 1);
    numbered("SELECT 'it''s ?' || ?", "SELECT 'it''s ?' || $1", 1);
}

static void test_many_placeholders(void **state)
{
    (void)state;
    char sql[64 * 2 + 1];
    for (int i = 0; i < 64; i++) {
        sql[2 * i] = '?';
        sql[2 * i + 1] = ',';
    }
    sql[127] = '\0';
    int count = 0;
    char *out = pg_sql_numbered(sql, &count);
    assert_int_equal(count, 64);
    assert_non_null(strstr(out, "$10,$11,"));
    assert_non_null(strstr(out, ",$64"));
    free(out);
}

static void test_sqlstates_mean_what_store_h_says(void **state)
{
    (void)state;
    assert_int_equal(pg_sql_status("23505", true), STORE_CONSTRAINT); /* unique */
    assert_int_equal(pg_sql_status("23503", true), STORE_CONSTRAINT); /* foreign key */
    assert_int_equal(pg_sql_status("23000", true), STORE_CONSTRAINT); /* audit's triggers */
    assert_int_equal(pg_sql_status("40001", true), STORE_BUSY);       /* serialization */
    assert_int_equal(pg_sql_status("40P01", true), STORE_BUSY);       /* deadlock */
    assert_int_equal(pg_sql_status("55P03", true), STORE_BUSY);       /* lock_timeout */
    assert_int_equal(pg_sql_status("57P01", true), STORE_BUSY);       /* admin shutdown */
    assert_int_equal(pg_sql_status("08006", true), STORE_BUSY);       /* connection failure */
    assert_int_equal(pg_sql_status(NULL, true), STORE_BUSY);          /* no answer at all */
    assert_int_equal(pg_sql_status("42601", false), STORE_BUSY);      /* connection gone */
    assert_int_equal(pg_sql_status("42601", true), STORE_ERROR);      /* syntax */
    assert_int_equal(pg_sql_status("22P02", true), STORE_ERROR);      /* bad input */
    assert_int_equal(pg_sql_status("57014", true), STORE_ERROR);      /* statement timeout */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_placeholders_numbered_in_order),
        cmocka_unit_test(test_question_marks_in_quotes_are_text),
        cmocka_unit_test(test_many_placeholders),
        cmocka_unit_test(test_sqlstates_mean_what_store_h_says),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
