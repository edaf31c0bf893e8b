/* tests/unit/domain/interchange_date_test.c: src/domain/interchange_date.c (and era_to_date) */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/era.h"
#include "domain/interchange_date.h"

static void expect_date(const char *text, int y, int m, int d)
{
    char reason[INTERCHANGE_REASON_CAP];
    date_ymd got = {0, 0, 0};
    int rc = interchange_parse_date(text, strlen(text), &got, reason);
    if (rc != INTERCHANGE_OK)
        fail_msg("%s: %d %s", text, rc, reason);
    assert_int_equal(got.y, y);
    assert_int_equal(got.m, m);
    assert_int_equal(got.d, d);
    assert_string_equal(reason, "");
}

static void expect_refused(const char *text, const char *want_reason)
{
    char reason[INTERCHANGE_REASON_CAP];
    date_ymd got = {7, 7, 7};
    assert_int_equal(interchange_parse_date(text, strlen(text), &got, reason), INTERCHANGE_INVALID);
    assert_string_equal(reason, want_reason);
    assert_int_equal(got.y, 7); /* untouched */
}

static const char FORMAT[] = "日付の形式が違います（例: 2024-04-01, R6.4.1, 令和6年4月1日）";
static const char NO_SUCH_DAY[] = "存在しない日付です";

static void test_western(void **state)
{
    (void)state;
    expect_date("2024-04-01", 2024, 4, 1);
    expect_date("2024/4/1", 2024, 4, 1);
    expect_date("2024/04/01", 2024, 4, 1);
    expect_date("2024-4-1", 2024, 4, 1);
    expect_date("2024.4.1", 2024, 4, 1);
    expect_date("2024年4月1日", 2024, 4, 1);
    expect_date("2024-02-29", 2024, 2, 29);
    expect_date(" 2024-04-01 ", 2024, 4, 1);
    expect_date("1868-01-01", 1868, 1, 1);
    expect_date("9999-12-31", 9999, 12, 31);
}

static void test_era_short(void **state)
{
    (void)state;
    expect_date("R6.4.1", 2024, 4, 1);
    expect_date("r6.4.1", 2024, 4, 1);
    expect_date("R06.04.01", 2024, 4, 1);
    expect_date("R6/4/1", 2024, 4, 1);
    expect_date("H30.12.25", 2018, 12, 25);
    expect_date("H31.4.30", 2019, 4, 30);
    expect_date("R1.5.1", 2019, 5, 1);
    expect_date("R元.5.1", 2019, 5, 1);
    expect_date("H1.1.8", 1989, 1, 8);
    expect_date("S62.4.1", 1987, 4, 1);
    expect_date("S64.1.7", 1989, 1, 7);
    expect_date("S1.12.25", 1926, 12, 25);
    expect_date("T15.12.24", 1926, 12, 24);
    expect_date("T1.7.30", 1912, 7, 30);
    expect_date("M45.7.29", 1912, 7, 29);
    expect_date("M1.1.25", 1868, 1, 25);
}

static void test_era_kanji(void **state)
{
    (void)state;
    expect_date("令和6年4月1日", 2024, 4, 1);
    expect_date("令和元年5月1日", 2019, 5, 1);
    expect_date("令和1年5月1日", 2019, 5, 1);
    expect_date("平成30年12月25日", 2018, 12, 25);
    expect_date("平成元年1月8日", 1989, 1, 8);
    expect_date("昭和62年4月1日", 1987, 4, 1);
    expect_date("大正15年12月24日", 1926, 12, 24);
    expect_date("明治45年7月29日", 1912, 7, 29);
    expect_date("令和2年2月29日", 2020, 2, 29);
}

static void test_full_width(void **state)
{
    (void)state;
    expect_date("令和６年４月１日", 2024, 4, 1);
    expect_date("２０２４/４/１", 2024, 4, 1);
    expect_date("２０２４／４／１", 2024, 4, 1);
    expect_date("２０２４－０４－０１", 2024, 4, 1);
    expect_date("Ｒ６．４．１", 2024, 4, 1);
    expect_date("　昭和６２年４月１日　", 1987, 4, 1); /* U+3000 around it */
}

static void test_invalid(void **state)
{
    (void)state;
    expect_refused("令和2年2月30日", NO_SUCH_DAY);
    expect_refused("2024-13-01", NO_SUCH_DAY);
    expect_refused("2023-02-29", NO_SUCH_DAY);
    expect_refused("2024-04-00", NO_SUCH_DAY);
    expect_refused("H30.2.29", NO_SUCH_DAY);
    expect_refused("R0.1.1", "元号の年は元年（1年）からです");
    expect_refused("令和0年1月1日", "元号の年は元年（1年）からです");
    expect_refused("1867-12-31", "1868年より前の日付は扱えません");
    expect_refused("2024-04", FORMAT);
    expect_refused("24-04-01", FORMAT);
    expect_refused("2024-04/01", FORMAT); /* mixed separators */
    expect_refused("2024-04-01x", FORMAT);
    expect_refused("20240401", FORMAT);
    expect_refused("X6.4.1", FORMAT);
    expect_refused("令和6年4月1", FORMAT);
    expect_refused("平和6年4月1日", FORMAT);
    expect_refused("R", FORMAT);
    expect_refused("R6.4.123", FORMAT);
    expect_refused("not a date", FORMAT);
    expect_refused("2024-04-01 09:30", FORMAT); /* an instant is not a date */
    char with_nul[] = "2024-04-01";
    with_nul[4] = '\0';
    char reason[INTERCHANGE_REASON_CAP];
    date_ymd got;
    assert_int_equal(interchange_parse_date(with_nul, 10, &got, reason), INTERCHANGE_INVALID);
    char long_text[200];
    memset(long_text, '1', sizeof long_text);
    assert_int_equal(interchange_parse_date(long_text, sizeof long_text, &got, reason),
                     INTERCHANGE_INVALID);
    assert_string_equal(reason, FORMAT);
}

/* Outside its era: before it began, after it ended, and 平成32年 (refused, see the header). */
static void test_outside_era(void **state)
{
    (void)state;
    expect_refused("H31.5.1", "平成は2019年4月30日までです");
    expect_refused("平成31年5月1日", "平成は2019年4月30日までです");
    expect_refused("平成32年1月1日", "平成は2019年4月30日までです");
    expect_refused("H32.4.1", "平成は2019年4月30日までです");
    expect_refused("R1.4.30", "令和は2019年5月1日からです");
    expect_refused("令和元年4月30日", "令和は2019年5月1日からです");
    expect_refused("S64.1.8", "昭和は1989年1月7日までです");
    expect_refused("H1.1.7", "平成は1989年1月8日からです");
    expect_refused("S1.12.24", "昭和は1926年12月25日からです");
    expect_refused("T15.12.25", "大正は1926年12月24日までです");
    expect_refused("M1.1.24", "明治は1868年1月25日からです");
    expect_refused("M45.7.30", "明治は1912年7月29日までです");
}

static void test_empty(void **state)
{
    (void)state;
    char reason[INTERCHANGE_REASON_CAP];
    date_ymd got = {7, 7, 7};
    assert_int_equal(interchange_parse_date("", 0, &got, reason), INTERCHANGE_EMPTY);
    assert_int_equal(interchange_parse_date("  ", 2, &got, reason), INTERCHANGE_EMPTY);
    assert_int_equal(interchange_parse_date("　", 3, &got, reason), INTERCHANGE_EMPTY);
    assert_int_equal(got.y, 7);
    int64_t t = 42;
    assert_int_equal(interchange_parse_instant("", 0, &t, reason), INTERCHANGE_EMPTY);
    assert_int_equal(t, 42);
}

static void test_era_to_date(void **state)
{
    (void)state;
    date_ymd d = {0, 0, 0};
    era_span span;
    assert_int_equal(era_to_date("令和", 6, 6, 4, 1, &d, &span), 0);
    assert_int_equal(d.y, 2024);
    assert_string_equal(span.name, "令和");
    assert_false(span.has_last);
    assert_int_equal(era_to_date("H", 1, 31, 4, 30, &d, &span), 0);
    assert_true(span.has_last);
    assert_int_equal(span.first.y, 1989);
    assert_int_equal(span.last.y, 2019);
    assert_int_equal(span.last.m, 4);
    assert_int_equal(span.last.d, 30);
    assert_int_equal(era_to_date("H", 1, 32, 1, 1, &d, NULL), ERA_AFTER_END);
    assert_int_equal(era_to_date("R", 1, 1, 4, 30, &d, NULL), ERA_BEFORE_START);
    assert_int_equal(era_to_date("R", 1, 0, 1, 1, &d, NULL), ERA_NOT_A_DATE);
    assert_int_equal(era_to_date("R", 1, 2, 2, 30, &d, NULL), ERA_NOT_A_DATE);
    assert_int_equal(era_to_date("Q", 1, 2, 2, 1, &d, NULL), ERA_UNKNOWN);
    assert_int_equal(era_to_date("令", 3, 2, 2, 1, &d, NULL), ERA_UNKNOWN);
    assert_int_equal(era_to_date(NULL, 0, 2, 2, 1, &d, NULL), ERA_UNKNOWN);
}

static void expect_instant(const char *text, int64_t want)
{
    char reason[INTERCHANGE_REASON_CAP];
    int64_t got = 0;
    int rc = interchange_parse_instant(text, strlen(text), &got, reason);
    if (rc != INTERCHANGE_OK)
        fail_msg("%s: %d %s", text, rc, reason);
    assert_int_equal(got, want);
}

static void expect_instant_refused(const char *text, const char *want_reason)
{
    char reason[INTERCHANGE_REASON_CAP];
    int64_t got = 42;
    assert_int_equal(interchange_parse_instant(text, strlen(text), &got, reason),
                     INTERCHANGE_INVALID);
    assert_string_equal(reason, want_reason);
    assert_int_equal(got, 42);
}

/* 2024-04-01T00:00:00Z is 1711929600; 09:30 in Japan is 00:30 UTC: 1711931400. */
static void test_instants(void **state)
{
    (void)state;
    expect_instant("2024-04-01 09:30", 1711931400);
    expect_instant("2024/4/1 9:30", 1711931400);
    expect_instant("R6.4.1 09:30", 1711931400);
    expect_instant("令和6年4月1日 9:30", 1711931400);
    expect_instant("令和６年４月１日　９：３０", 1711931400);
    expect_instant("2024-04-01  09:30:15", 1711931415);
    expect_instant("2024-04-01 0:00", 1711897200); /* midnight in Japan: 15:00 UTC the day before */
    expect_instant("2024-04-01 23:59", 1711983540);
    expect_instant("2024-04-01T09:30:00+09:00", 1711931400);
    expect_instant("2024-04-01T00:30:00Z", 1711931400);
    expect_instant("２０２４-04-01T00:30:00Z", 1711931400);
    expect_instant(" 2024-04-01T00:30:00.5Z ", 1711931400);
}

static void test_instants_invalid(void **state)
{
    (void)state;
    static const char BAD[] =
        "日時の形式が違います（例: 2024-04-01 09:30, 2024-04-01T09:30:00+09:00）";
    expect_instant_refused("2024-04-01", "時刻がありません（例: 2024-04-01 09:30）");
    expect_instant_refused("R6.4.1", "時刻がありません（例: 2024-04-01 09:30）");
    expect_instant_refused("2024-04-01 24:00", BAD);
    expect_instant_refused("2024-04-01 09:60", BAD);
    expect_instant_refused("2024-04-01 9:3", BAD);
    expect_instant_refused("2024-04-01 09:30:60", BAD);
    expect_instant_refused("2024-04-01 0930", BAD);
    expect_instant_refused("2024-04-01T09:30:00", BAD); /* RFC 3339 needs its offset */
    expect_instant_refused("2024-04-01T25:00:00Z", BAD);
    expect_instant_refused("2024-13-01 09:30", NO_SUCH_DAY);
    expect_instant_refused("H31.5.1 09:30", "平成は2019年4月30日までです");
    expect_instant_refused("yesterday 09:30", FORMAT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_western),   cmocka_unit_test(test_era_short),
        cmocka_unit_test(test_era_kanji), cmocka_unit_test(test_full_width),
        cmocka_unit_test(test_invalid),   cmocka_unit_test(test_outside_era),
        cmocka_unit_test(test_empty),     cmocka_unit_test(test_era_to_date),
        cmocka_unit_test(test_instants),  cmocka_unit_test(test_instants_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
