/* Office hours, nights and weekends, and the on-call roster's rules (domain/office_hours.c). */
#include "domain/office_hours.h"

#include "domain/date.h"
#include "domain/workflow.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

/* "2026-12-04T19:00" in Japan time (2026-12-04 is a Friday). */
static int64_t jst(const char *local)
{
    char text[40];
    snprintf(text, sizeof text, "%s:00+09:00", local);
    int64_t t;
    assert_true(date_parse_instant(text, strlen(text), &t));
    return t;
}

static const char *shown(int64_t t)
{
    static char out[26];
    date_format_instant_jst(t, out);
    return out;
}

static void weekdays_of_japan_time(void **state)
{
    (void)state;
    assert_int_equal(office_weekday_jst(jst("2026-12-04T19:00")), 5); /* Friday */
    assert_int_equal(office_weekday_jst(jst("2026-12-05T00:00")), 6); /* Saturday */
    assert_int_equal(office_weekday_jst(jst("2026-12-06T23:59")), 0); /* Sunday */
    /* 2026-12-06 20:00 UTC is already Monday in Japan. */
    assert_int_equal(office_weekday_jst(jst("2026-12-07T05:00")), 1);
    assert_int_equal(office_weekday_jst(jst("1969-12-31T12:00")), 3); /* before 1970: Wednesday */
}

static void open_weekdays_from_8_30_to_17_15(void **state)
{
    (void)state;
    assert_false(office_open_at(jst("2026-12-04T08:29")));
    assert_true(office_open_at(jst("2026-12-04T08:30")));
    assert_true(office_open_at(jst("2026-12-04T12:00")));
    assert_true(office_open_at(jst("2026-12-04T17:14")));
    assert_false(office_open_at(jst("2026-12-04T17:15")));
    assert_false(office_open_at(jst("2026-12-04T23:00")));
    assert_false(office_open_at(jst("2026-12-05T10:00"))); /* Saturday */
    assert_false(office_open_at(jst("2026-12-06T10:00"))); /* Sunday */
    assert_true(office_open_at(jst("2026-12-07T08:30")));  /* Monday */
}

static void a_window_within_one_day_of_office_hours(void **state)
{
    (void)state;
    assert_true(office_hours_cover(jst("2026-12-04T09:00"), jst("2026-12-04T17:15")));
    assert_false(office_hours_cover(jst("2026-12-04T09:00"), jst("2026-12-04T17:16")));
    assert_false(office_hours_cover(jst("2026-12-04T07:00"), jst("2026-12-04T10:00")));
    /* Open on both ends, closed in between. */
    assert_false(office_hours_cover(jst("2026-12-03T16:00"), jst("2026-12-04T09:00")));
    assert_false(office_hours_cover(jst("2026-12-04T10:00"), jst("2026-12-04T09:00")));
}

static void friday_evening_report_is_due_on_sunday(void **state)
{
    (void)state;
    /* 48 clock hours through the night and the weekend. */
    assert_string_equal(shown(workflow_safety_due(jst("2026-12-04T19:00"))),
                        "2026-12-06T19:00:00+09:00");
    assert_false(office_open_at(workflow_safety_due(jst("2026-12-04T19:00"))));
}

static void on_call_with_twelve_hours_left_outside_office_hours(void **state)
{
    (void)state;
    /* Within office hours from now to the deadline: the office acts, no on-call. */
    assert_false(oncall_needed(jst("2026-12-04T10:00"), jst("2026-12-04T16:00")));
    /* The deadline after closing, 11 hours left. */
    assert_true(oncall_needed(jst("2026-12-04T10:00"), jst("2026-12-04T21:00")));
    /* More than 12 hours left: not yet. */
    assert_false(oncall_needed(jst("2026-12-04T08:00"), jst("2026-12-04T20:01")));
    assert_true(oncall_needed(jst("2026-12-04T08:01"), jst("2026-12-04T20:01")));
    /* Saturday, Sunday's deadline 9 hours away. */
    assert_true(oncall_needed(jst("2026-12-06T10:00"), jst("2026-12-06T19:00")));
    /* Overdue: the on-call at night, the office in the day. */
    assert_true(oncall_needed(jst("2026-12-05T10:00"), jst("2026-12-05T09:00")));
    assert_false(oncall_needed(jst("2026-12-07T10:00"), jst("2026-12-07T09:00")));
    assert_int_equal(oncall_instant(jst("2026-12-05T10:00"), jst("2026-12-05T09:00")),
                     jst("2026-12-05T10:00"));
    assert_int_equal(oncall_instant(jst("2026-12-05T10:00"), jst("2026-12-05T19:00")),
                     jst("2026-12-05T19:00"));
}

static void the_entry_in_force(void **state)
{
    (void)state;
    const oncall_span roster[] = {
        {jst("2026-12-04T17:15"), jst("2026-12-07T08:30"), false}, /* the weekend */
        {jst("2026-12-05T20:00"), jst("2026-12-06T08:00"), false}, /* Saturday night */
        {jst("2026-12-06T08:00"), jst("2026-12-06T20:00"), true},  /* cancelled */
    };
    assert_int_equal(oncall_pick(roster, 3, jst("2026-12-04T17:14")), -1);
    assert_int_equal(oncall_pick(roster, 3, jst("2026-12-04T17:15")), 0);
    assert_int_equal(oncall_pick(roster, 3, jst("2026-12-05T23:00")), 1);
    assert_int_equal(oncall_pick(roster, 3, jst("2026-12-06T08:00")), 0); /* end excluded */
    assert_int_equal(oncall_pick(roster, 3, jst("2026-12-06T19:00")), 0); /* cancelled skipped */
    assert_int_equal(oncall_pick(roster, 3, jst("2026-12-07T08:30")), -1);
    assert_int_equal(oncall_pick(roster, 0, jst("2026-12-05T23:00")), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(weekdays_of_japan_time),
        cmocka_unit_test(open_weekdays_from_8_30_to_17_15),
        cmocka_unit_test(a_window_within_one_day_of_office_hours),
        cmocka_unit_test(friday_evening_report_is_due_on_sunday),
        cmocka_unit_test(on_call_with_twelve_hours_left_outside_office_hours),
        cmocka_unit_test(the_entry_in_force),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
