/* tests/unit/domain/era_test.c: src/domain/era.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/era.h"

static date_ymd ymd(int y, int m, int d)
{
    return (date_ymd){.y = y, .m = m, .d = d};
}

static void expect_date(int y, int m, int d, const char *want)
{
    char out[32];
    assert_int_equal(era_format_date(ymd(y, m, d), out, sizeof out), 0);
    assert_string_equal(out, want);
}

static void test_format_date(void **state)
{
    (void)state;
    expect_date(2024, 4, 1, "令和6年4月1日");
    expect_date(2019, 4, 30, "平成31年4月30日");
    expect_date(2019, 5, 1, "令和元年5月1日");
    expect_date(2019, 12, 31, "令和元年12月31日");
    expect_date(2020, 1, 1, "令和2年1月1日");
    expect_date(1989, 1, 7, "昭和64年1月7日");
    expect_date(1989, 1, 8, "平成元年1月8日");
    expect_date(1926, 12, 24, "大正15年12月24日");
    expect_date(1926, 12, 25, "昭和元年12月25日");
    expect_date(1912, 7, 29, "明治45年7月29日");
    expect_date(1912, 7, 30, "大正元年7月30日");
    expect_date(1868, 1, 25, "明治元年1月25日");
    expect_date(1900, 2, 28, "明治33年2月28日");
    expect_date(2100, 3, 31, "令和82年3月31日");
}

static void test_format_date_errors(void **state)
{
    (void)state;
    char out[32];
    strcpy(out, "x");
    assert_int_equal(era_format_date(ymd(1868, 1, 24), out, sizeof out), -1); /* before 明治 */
    assert_string_equal(out, "");
    assert_int_equal(era_format_date(ymd(2023, 2, 29), out, sizeof out), -1); /* not a date */
    assert_int_equal(era_format_date(ymd(2024, 13, 1), out, sizeof out), -1);
    assert_int_equal(era_format_date(ymd(2024, 4, 0), out, sizeof out), -1);

    /* "令和6年4月1日" is 18 bytes: 19 fit, 18 do not */
    char small[19];
    assert_int_equal(era_format_date(ymd(2024, 4, 1), small, 19), 0);
    assert_string_equal(small, "令和6年4月1日");
    strcpy(small, "x");
    assert_int_equal(era_format_date(ymd(2024, 4, 1), small, 18), -1);
    assert_string_equal(small, "");
    assert_int_equal(era_format_date(ymd(2024, 4, 1), small, 0), -1);
    assert_int_equal(era_format_date(ymd(2024, 4, 1), NULL, 0), -1);
}

static void test_fiscal_year(void **state)
{
    (void)state;
    assert_int_equal(era_fiscal_year(ymd(2025, 3, 31)), 2024);
    assert_int_equal(era_fiscal_year(ymd(2025, 4, 1)), 2025);
    assert_int_equal(era_fiscal_year(ymd(2025, 1, 1)), 2024);
    assert_int_equal(era_fiscal_year(ymd(2024, 12, 31)), 2024);
    assert_int_equal(era_fiscal_year(ymd(2019, 4, 30)), 2019);
    assert_int_equal(era_fiscal_year(ymd(2019, 5, 1)), 2019);
}

static void expect_label(int fy, const char *want, const char *want_short)
{
    char label[32], short_label[8];
    assert_int_equal(era_fiscal_label(fy, label, sizeof label, short_label, sizeof short_label), 0);
    assert_string_equal(label, want);
    assert_string_equal(short_label, want_short);
}

static void test_fiscal_label(void **state)
{
    (void)state;
    expect_label(2018, "平成30年度", "H30");
    expect_label(2019, "令和元年度", "R1");
    expect_label(2020, "令和2年度", "R2");
    expect_label(2022, "令和4年度", "R4");
    expect_label(2024, "令和6年度", "R6");
    expect_label(1988, "昭和63年度", "S63");
    expect_label(1989, "平成元年度", "H1");
    expect_label(1926, "大正15年度", "T15");
    expect_label(1927, "昭和2年度", "S2");
    expect_label(1912, "大正元年度", "T1");
    expect_label(1868, "明治元年度", "M1");
    /* the fiscal year of a date, labelled: 2019-04-01 is still 平成 but FY2019 is R1 */
    expect_label(era_fiscal_year(ymd(2019, 4, 1)), "令和元年度", "R1");
    expect_label(era_fiscal_year(ymd(2019, 3, 31)), "平成30年度", "H30");
}

static void test_fiscal_label_errors(void **state)
{
    (void)state;
    char label[32], short_label[8];
    strcpy(label, "x");
    strcpy(short_label, "x");
    assert_int_equal(era_fiscal_label(1867, label, sizeof label, short_label, sizeof short_label),
                     -1);
    assert_string_equal(label, "");
    assert_string_equal(short_label, "");
    assert_int_equal(era_fiscal_label(10000, label, sizeof label, short_label, sizeof short_label),
                     -1);
    /* too small: "令和6年度" is 13 bytes, "R6" 2 */
    assert_int_equal(era_fiscal_label(2024, label, 13, short_label, sizeof short_label), -1);
    assert_string_equal(short_label, "");
    assert_int_equal(era_fiscal_label(2024, label, 14, short_label, 2), -1);
    assert_string_equal(label, "");
    assert_int_equal(era_fiscal_label(2024, label, 14, short_label, 3), 0);
    assert_string_equal(label, "令和6年度");
    assert_string_equal(short_label, "R6");
    /* either buffer may be skipped */
    assert_int_equal(era_fiscal_label(2018, NULL, 0, short_label, sizeof short_label), 0);
    assert_string_equal(short_label, "H30");
    assert_int_equal(era_fiscal_label(2018, label, sizeof label, NULL, 0), 0);
    assert_string_equal(label, "平成30年度");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_date),         cmocka_unit_test(test_format_date_errors),
        cmocka_unit_test(test_fiscal_year),         cmocka_unit_test(test_fiscal_label),
        cmocka_unit_test(test_fiscal_label_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
