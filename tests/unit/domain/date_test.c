/* tests/unit/domain/date_test.c: src/domain/date.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/date.h"

static date_ymd ymd(int y, int m, int d)
{
    return (date_ymd){.y = y, .m = m, .d = d};
}

static bool parse(const char *s, date_ymd *out)
{
    return date_parse(s, strlen(s), out);
}

static void assert_ymd(date_ymd got, int y, int m, int d)
{
    assert_int_equal(got.y, y);
    assert_int_equal(got.m, m);
    assert_int_equal(got.d, d);
}

static void test_parse_valid(void **state)
{
    (void)state;
    date_ymd d;
    assert_true(parse("2024-02-29", &d));
    assert_ymd(d, 2024, 2, 29);
    assert_true(parse("2000-02-29", &d)); /* divisible by 400: leap */
    assert_ymd(d, 2000, 2, 29);
    assert_true(parse("1868-01-01", &d));
    assert_ymd(d, 1868, 1, 1);
    assert_true(parse("9999-12-31", &d));
    assert_ymd(d, 9999, 12, 31);
    assert_true(parse("2025-04-30", &d));
    assert_ymd(d, 2025, 4, 30);
    /* only the first len bytes are read */
    assert_true(date_parse("2025-01-15trailing", 10, &d));
    assert_ymd(d, 2025, 1, 15);
}

static void test_parse_invalid(void **state)
{
    (void)state;
    const char *bad[] = {
        "2024-02-30", "2023-02-29",  "1900-02-29",     "2025-04-31",
        "2025-13-01", "2025-00-10",  "2025-01-00",     "2025-01-32",
        "2024-2-1",   "2024-02-1",   "24-02-01",       "2024/02/01",
        "20240201",   "2024-02-01 ", " 2024-02-01",    "2024-02-01T00:00:00Z",
        "",           "abcd-ef-gh",  "1867-12-31",     "0000-01-01",
        "+202-01-01", "2024-0a-01",  "２０２４-02-01",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        date_ymd d = ymd(7, 7, 7);
        if (parse(bad[i], &d))
            fail_msg("accepted \"%s\"", bad[i]);
        assert_ymd(d, 7, 7, 7); /* untouched */
    }
    date_ymd d;
    assert_false(date_parse(NULL, 10, &d));
    assert_false(date_parse("2024-02-29", 9, &d));
}

static void test_is_valid(void **state)
{
    (void)state;
    assert_true(date_is_valid((date_ymd){2024, 2, 29}));
    assert_true(date_is_valid((date_ymd){1, 1, 1}));
    assert_true(date_is_valid((date_ymd){9999, 12, 31}));
    assert_false(date_is_valid((date_ymd){2023, 2, 29}));
    assert_false(date_is_valid((date_ymd){1900, 2, 29}));
    assert_false(date_is_valid((date_ymd){2024, 13, 1}));
    assert_false(date_is_valid((date_ymd){2024, 4, 31}));
    assert_false(date_is_valid((date_ymd){2024, 4, 0}));
    assert_false(date_is_valid((date_ymd){0, 1, 1}));
    assert_false(date_is_valid((date_ymd){10000, 1, 1}));
}

static void test_format(void **state)
{
    (void)state;
    char out[11];
    date_format(ymd(2024, 2, 9), out);
    assert_string_equal(out, "2024-02-09");
    date_format(ymd(1989, 1, 8), out);
    assert_string_equal(out, "1989-01-08");
    date_format(ymd(12345, 100, -1), out); /* clamped, never overflows */
    assert_string_equal(out, "9999-99-00");
}

static void test_compare(void **state)
{
    (void)state;
    assert_true(date_compare(ymd(2024, 1, 1), ymd(2024, 1, 2)) < 0);
    assert_true(date_compare(ymd(2024, 2, 1), ymd(2024, 1, 31)) > 0);
    assert_true(date_compare(ymd(2023, 12, 31), ymd(2024, 1, 1)) < 0);
    assert_int_equal(date_compare(ymd(2024, 3, 3), ymd(2024, 3, 3)), 0);
}

static void test_days(void **state)
{
    (void)state;
    assert_int_equal(date_to_days(ymd(1970, 1, 1)), 0);
    assert_int_equal(date_to_days(ymd(1970, 1, 2)), 1);
    assert_int_equal(date_to_days(ymd(1969, 12, 31)), -1);
    assert_int_equal(date_to_days(ymd(2000, 3, 1)), 11017);
    assert_int_equal(date_to_days(ymd(2024, 2, 29)), 19782);
    assert_int_equal(date_to_days(ymd(1868, 1, 25)), -37231);
    assert_ymd(date_from_days(19782), 2024, 2, 29);
    assert_ymd(date_from_days(19783), 2024, 3, 1);
    assert_ymd(date_from_days(-1), 1969, 12, 31);

    /* every day from 1868 to 2200 round-trips and follows the previous one */
    int64_t first = date_to_days(ymd(1868, 1, 1));
    int64_t last = date_to_days(ymd(2200, 12, 31));
    date_ymd prev = date_from_days(first - 1);
    for (int64_t n = first; n <= last; n++) {
        date_ymd d = date_from_days(n);
        assert_int_equal(date_to_days(d), n);
        assert_true(date_compare(prev, d) < 0);
        char buf[11];
        date_ymd back;
        date_format(d, buf);
        assert_true(date_parse(buf, 10, &back));
        assert_int_equal(date_compare(back, d), 0);
        prev = d;
    }
}

static void test_age(void **state)
{
    (void)state;
    date_ymd birth = ymd(2020, 6, 15);
    assert_int_equal(date_age_on(birth, ymd(2020, 6, 15)), 0);
    assert_int_equal(date_age_on(birth, ymd(2023, 6, 14)), 2); /* day before birthday */
    assert_int_equal(date_age_on(birth, ymd(2023, 6, 15)), 3); /* on the birthday */
    assert_int_equal(date_age_on(birth, ymd(2023, 12, 31)), 3);
    assert_int_equal(date_age_on(birth, ymd(2020, 6, 14)), -1);
    assert_int_equal(date_age_on(ymd(2006, 1, 1), ymd(2025, 12, 31)), 19);
    assert_int_equal(date_age_on(ymd(2006, 1, 1), ymd(2026, 1, 1)), 20);

    /* 29 February: the birthday is 1 March in common years */
    date_ymd leap = ymd(2020, 2, 29);
    assert_int_equal(date_age_on(leap, ymd(2021, 2, 28)), 0);
    assert_int_equal(date_age_on(leap, ymd(2021, 3, 1)), 1);
    assert_int_equal(date_age_on(leap, ymd(2023, 2, 28)), 2);
    assert_int_equal(date_age_on(leap, ymd(2023, 3, 1)), 3);
    assert_int_equal(date_age_on(leap, ymd(2024, 2, 28)), 3);
    assert_int_equal(date_age_on(leap, ymd(2024, 2, 29)), 4);
    assert_int_equal(date_age_on(leap, ymd(2024, 3, 1)), 4);
    assert_int_equal(date_age_on(ymd(2004, 2, 29), ymd(2024, 2, 29)), 20);
    assert_int_equal(date_age_on(ymd(2004, 2, 29), ymd(2023, 2, 28)), 18);
}

static void test_add_months(void **state)
{
    (void)state;
    assert_ymd(date_add_months(ymd(2024, 1, 31), 1), 2024, 2, 29);
    assert_ymd(date_add_months(ymd(2023, 1, 31), 1), 2023, 2, 28);
    assert_ymd(date_add_months(ymd(2024, 1, 31), 3), 2024, 4, 30);
    assert_ymd(date_add_months(ymd(2024, 11, 15), 3), 2025, 2, 15);
    assert_ymd(date_add_months(ymd(2024, 5, 31), -3), 2024, 2, 29);
    assert_ymd(date_add_months(ymd(2024, 1, 10), -1), 2023, 12, 10);
    assert_ymd(date_add_months(ymd(2024, 1, 10), -13), 2022, 12, 10);
    assert_ymd(date_add_months(ymd(2024, 1, 10), 0), 2024, 1, 10);
    assert_ymd(date_add_months(ymd(2024, 2, 29), 12), 2025, 2, 28);
    assert_ymd(date_add_months(ymd(2024, 2, 29), 48), 2028, 2, 29);
}

static int64_t instant(const char *s)
{
    int64_t t = -1;
    if (!date_parse_instant(s, strlen(s), &t))
        fail_msg("rejected \"%s\"", s);
    return t;
}

static void test_parse_instant(void **state)
{
    (void)state;
    assert_int_equal(instant("1970-01-01T00:00:00Z"), 0);
    assert_int_equal(instant("1970-01-01T09:00:00+09:00"), 0);
    assert_int_equal(instant("2026-11-20T17:00:00+09:00"), 1795161600);
    assert_int_equal(instant("2026-11-20T08:00:00Z"), 1795161600);
    assert_int_equal(instant("2026-11-20T08:00:00+00:00"), 1795161600);
    assert_int_equal(instant("2026-11-20T03:00:00-05:00"), 1795161600);
    assert_int_equal(instant("2026-11-20T08:00:00.123456Z"), 1795161600);
    assert_int_equal(instant("2026-11-20t08:00:00.9z"), 1795161600);
    assert_int_equal(instant("2026-11-20T13:30:00+05:30"), 1795161600);
    assert_int_equal(instant("2024-02-29T23:59:59Z"), 1709251199);
    assert_int_equal(instant("1969-12-31T23:59:59Z"), -1);
    /* a buffer longer than len: only len bytes are read */
    int64_t t;
    assert_true(date_parse_instant("2026-11-20T08:00:00Zjunk", 20, &t));
    assert_int_equal(t, 1795161600);
}

static void test_parse_instant_invalid(void **state)
{
    (void)state;
    const char *bad[] = {
        "2026-11-20T17:00:00",        /* no offset */
        "2026-11-20T17:00:00.5",      /* no offset after fraction */
        "2026-11-20 17:00:00+09:00",  /* space */
        "2026-11-20T17:00+09:00",     /* no seconds */
        "2026-11-20T24:00:00Z",       /* hour */
        "2026-11-20T23:60:00Z",       /* minute */
        "2026-11-20T23:59:60Z",       /* leap second */
        "2026-02-29T00:00:00Z",       /* not a leap year */
        "2026-11-20T17:00:00.Z",      /* empty fraction */
        "2026-11-20T17:00:00+0900",   /* offset without colon */
        "2026-11-20T17:00:00+09",     /* short offset */
        "2026-11-20T17:00:00+24:00",  /* offset hour */
        "2026-11-20T17:00:00+09:60",  /* offset minute */
        "2026-11-20T17:00:00Z ",      /* trailing */
        "2026-11-20T17:00:00+09:00Z", /* trailing */
        "2026-11-20T7:00:00Z",        /* one-digit hour */
        "2026-11-20",                 /* a date */
        "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t t = 42;
        if (date_parse_instant(bad[i], strlen(bad[i]), &t))
            fail_msg("accepted \"%s\"", bad[i]);
        assert_int_equal(t, 42);
    }
    int64_t t;
    assert_false(date_parse_instant(NULL, 20, &t));
    assert_false(date_parse_instant("2026-11-20T08:00:00Z", 19, &t));
}

static void test_format_instant_jst(void **state)
{
    (void)state;
    char out[26];
    date_format_instant_jst(1795161600, out);
    assert_string_equal(out, "2026-11-20T17:00:00+09:00");
    date_format_instant_jst(0, out);
    assert_string_equal(out, "1970-01-01T09:00:00+09:00");
    date_format_instant_jst(-1, out);
    assert_string_equal(out, "1970-01-01T08:59:59+09:00");
    date_format_instant_jst(instant("2026-12-31T20:00:00Z"), out);
    assert_string_equal(out, "2027-01-01T05:00:00+09:00");
    date_format_instant_jst(instant("2024-02-28T15:00:00Z"), out);
    assert_string_equal(out, "2024-02-29T00:00:00+09:00");
    date_format_instant_jst(instant("2026-11-20T03:00:00-05:00"), out);
    assert_string_equal(out, "2026-11-20T17:00:00+09:00");
    /* round trip of what it writes */
    assert_int_equal(instant("2027-01-01T05:00:00+09:00"), instant("2026-12-31T20:00:00Z"));
    /* clamped at the ends instead of overflowing the buffer */
    date_format_instant_jst(INT64_MAX, out);
    assert_string_equal(out, "9999-12-31T23:59:59+09:00");
    date_format_instant_jst(INT64_MIN, out);
    assert_string_equal(out, "0001-01-01T00:00:00+09:00");
}

static void test_jst_of_instant(void **state)
{
    (void)state;
    /* across the year end: 20:00 UTC on 31 December is New Year's Day in Japan */
    assert_ymd(date_jst_of_instant(instant("2026-12-31T20:00:00Z")), 2027, 1, 1);
    assert_ymd(date_jst_of_instant(instant("2026-12-31T14:59:59Z")), 2026, 12, 31);
    assert_ymd(date_jst_of_instant(instant("2026-12-31T15:00:00Z")), 2027, 1, 1);
    /* across a month end */
    assert_ymd(date_jst_of_instant(instant("2026-04-30T15:00:00Z")), 2026, 5, 1);
    assert_ymd(date_jst_of_instant(instant("2025-03-31T23:59:59+09:00")), 2025, 3, 31);
    /* New York evening is the next morning in Japan */
    assert_ymd(date_jst_of_instant(instant("2026-03-31T20:00:00-05:00")), 2026, 4, 1);
    assert_ymd(date_jst_of_instant(instant("2026-01-01T00:30:00+09:00")), 2026, 1, 1);
    assert_ymd(date_jst_of_instant(-32400), 1970, 1, 1);
    assert_ymd(date_jst_of_instant(-32401), 1969, 12, 31);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid),
        cmocka_unit_test(test_parse_invalid),
        cmocka_unit_test(test_is_valid),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_days),
        cmocka_unit_test(test_age),
        cmocka_unit_test(test_add_months),
        cmocka_unit_test(test_parse_instant),
        cmocka_unit_test(test_parse_instant_invalid),
        cmocka_unit_test(test_format_instant_jst),
        cmocka_unit_test(test_jst_of_instant),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
