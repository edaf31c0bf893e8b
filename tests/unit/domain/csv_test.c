/* tests/unit/domain/csv_test.c: src/domain/csv.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/csv.h"

#include <stdlib.h>
#include <string.h>

static char *line_of(const char *const cells[], int n)
{
    csv_buf b = {0};
    for (int i = 0; i < n; i++)
        csv_cell(&b, cells[i], i == 0);
    csv_end_line(&b);
    return b.text;
}

static void test_plain_and_quoted(void **state)
{
    (void)state;
    const char *cells[] = {"山田　花子", NULL, "", "a,b", "say \"hi\"", "two\nlines"};
    char *line = line_of(cells, 6);
    assert_string_equal(line, "山田　花子,,,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
    free(line);
}

/* A cell a spreadsheet would run as a formula becomes text: a leading ' inside quotes. */
static void test_formulas_neutralised(void **state)
{
    (void)state;
    const char *cells[] = {"=1+1", "+81", "-2", "@SUM(A1)", "\tx", "\rx", "a=b"};
    char *line = line_of(cells, 7);
    assert_string_equal(line, "\"'=1+1\",\"'+81\",\"'-2\",\"'@SUM(A1)\",\"'\tx\",\"'\rx\",a=b\r\n");
    free(line);
    const char *quoted[] = {"=HYPERLINK(\"http://x\")"};
    line = line_of(quoted, 1);
    assert_string_equal(line, "\"'=HYPERLINK(\"\"http://x\"\")\"\r\n");
    free(line);
    assert_true(csv_cell_is_formula("=A1"));
    assert_false(csv_cell_is_formula("A1"));
    assert_false(csv_cell_is_formula(NULL));
    assert_false(csv_cell_is_formula(""));
}

static void test_bom(void **state)
{
    (void)state;
    csv_buf b = {0};
    csv_bom(&b);
    csv_cell(&b, "x", true);
    assert_int_equal(b.len, 4);
    assert_memory_equal(b.text, "\xEF\xBB\xBFx", 4);
    free(b.text);
}

/* Long text grows the buffer without losing a byte. */
static void test_growth(void **state)
{
    (void)state;
    csv_buf b = {0};
    for (int i = 0; i < 5000; i++)
        csv_cell(&b, "あいう", i == 0);
    assert_int_equal(b.len, 5000 * 9 + 4999);
    free(b.text);
}

static bool has_x(const char *cell)
{
    return strchr(cell, 'x') != NULL;
}

/* A flag counts the cells it is true of, empty cells never asked. */
static void test_flagged_cells_counted(void **state)
{
    (void)state;
    csv_buf b = {.flag = has_x};
    const char *cells[] = {"x", "ab", "=x", NULL, "", "xx"};
    for (int i = 0; i < 6; i++)
        csv_cell(&b, cells[i], i == 0);
    assert_int_equal(b.flagged, 3);
    assert_string_equal(b.text, "x,ab,\"'=x\",,,xx");
    free(b.text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_quoted),
        cmocka_unit_test(test_formulas_neutralised),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_flagged_cells_counted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
