/* tests/unit/domain/case_rules_test.c: src/domain/case_rules.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/case_rules.h"

static const date_ymd opened = {2026, 4, 1};
static const date_ymd today = {2026, 11, 18};

static case_close_problem close_on(const char *reason, date_ymd on, bool moved_to)
{
    return case_close_check(reason, &on, opened, today, moved_to);
}

static void closing_reasons_and_their_fields(void **state)
{
    (void)state;
    date_ymd d = {2026, 11, 1};
    assert_int_equal(close_on("goal_reached", d, false), CASE_CLOSE_OK);
    assert_int_equal(close_on("transferred_jisou", d, false), CASE_CLOSE_OK);
    assert_int_equal(close_on("other", d, false), CASE_CLOSE_OK);
    assert_int_equal(close_on("moved", d, true), CASE_CLOSE_OK);
    /* moved needs the receiving municipality; the other reasons take none */
    assert_int_equal(close_on("moved", d, false), CASE_CLOSE_NO_MOVED_TO);
    assert_int_equal(close_on("goal_reached", d, true), CASE_CLOSE_MOVED_TO_NOT_HERE);
    assert_int_equal(close_on("reopened", d, false), CASE_CLOSE_BAD_REASON);
    assert_int_equal(case_close_check(NULL, &d, opened, today, false), CASE_CLOSE_NO_REASON);
    assert_int_equal(case_close_check("other", NULL, opened, today, false), CASE_CLOSE_NO_DATE);
}

static void closing_date_between_opening_and_today(void **state)
{
    (void)state;
    assert_int_equal(close_on("other", today, false), CASE_CLOSE_OK);
    assert_int_equal(close_on("other", opened, false), CASE_CLOSE_OK);
    assert_int_equal(close_on("other", (date_ymd){2026, 11, 19}, false), CASE_CLOSE_FUTURE);
    assert_int_equal(close_on("other", (date_ymd){2026, 3, 31}, false), CASE_CLOSE_BEFORE_OPENED);
}

static void opened_from_forms(void **state)
{
    (void)state;
    assert_int_equal(case_opened_from_check("pregnancy", "p1", NULL), CASE_OPENED_FROM_OK);
    assert_int_equal(case_opened_from_check("report", "r1", NULL), CASE_OPENED_FROM_OK);
    assert_int_equal(case_opened_from_check("transfer", NULL, "小平市"), CASE_OPENED_FROM_OK);
    assert_int_equal(case_opened_from_check("transfer", "K-12", "小平市"), CASE_OPENED_FROM_OK);
    assert_int_equal(case_opened_from_check(NULL, "p1", NULL), CASE_OPENED_FROM_NO_TYPE);
    assert_int_equal(case_opened_from_check("visit", "v1", NULL), CASE_OPENED_FROM_BAD_TYPE);
    assert_int_equal(case_opened_from_check("pregnancy", NULL, NULL), CASE_OPENED_FROM_NO_ID);
    assert_int_equal(case_opened_from_check("report", NULL, NULL), CASE_OPENED_FROM_NO_ID);
    assert_int_equal(case_opened_from_check("transfer", NULL, NULL), CASE_OPENED_FROM_NO_FROM);
    assert_int_equal(case_opened_from_check("report", "r1", "小平市"),
                     CASE_OPENED_FROM_FROM_NOT_HERE);
}

static void next_review_adds_the_interval(void **state)
{
    (void)state;
    date_ymd d = case_next_review((date_ymd){2026, 4, 1}, 3);
    assert_int_equal(d.y, 2026), assert_int_equal(d.m, 7), assert_int_equal(d.d, 1);
    d = case_next_review((date_ymd){2026, 11, 30}, 3); /* clamped: no 30 February */
    assert_int_equal(d.y, 2027), assert_int_equal(d.m, 2), assert_int_equal(d.d, 28);
    d = case_next_review((date_ymd){2026, 4, 1}, 4);
    assert_int_equal(d.m, 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(closing_reasons_and_their_fields),
        cmocka_unit_test(closing_date_between_opening_and_today),
        cmocka_unit_test(opened_from_forms),
        cmocka_unit_test(next_review_adds_the_interval),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
