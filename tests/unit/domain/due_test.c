/* Due dates of the health section's alerts, in Japan time. */
#include "domain/due.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static const char *jst(int64_t t)
{
    static char out[26];
    date_format_instant_jst(t, out);
    return out;
}

static void newborn_visit_before_four_months(void **state)
{
    (void)state;
    assert_string_equal(jst(due_newborn_visit((date_ymd){2026, 6, 1})),
                        "2026-10-01T00:00:00+09:00");
    /* Month ends clamp: born 31 October, four months is the end of February. */
    assert_string_equal(jst(due_newborn_visit((date_ymd){2025, 10, 31})),
                        "2026-02-28T00:00:00+09:00");
    assert_string_equal(jst(due_newborn_visit((date_ymd){2027, 10, 31})),
                        "2028-02-29T00:00:00+09:00");
}

static void follow_ups_in_days(void **state)
{
    (void)state;
    assert_string_equal(jst(due_checkup_followup((date_ymd){2026, 12, 25})),
                        "2027-01-08T00:00:00+09:00");
    assert_string_equal(jst(due_screening_followup((date_ymd){2028, 2, 26})),
                        "2028-03-04T00:00:00+09:00");
    assert_string_equal(jst(due_screening_followup((date_ymd){2026, 11, 1})),
                        "2026-11-08T00:00:00+09:00");
}

static void midnight_in_japan(void **state)
{
    (void)state;
    /* 2026-01-01 00:00 JST is 2025-12-31 15:00 UTC. */
    assert_int_equal(date_jst_midnight((date_ymd){2026, 1, 1}), 1767193200);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(newborn_visit_before_four_months),
        cmocka_unit_test(follow_ups_in_days),
        cmocka_unit_test(midnight_in_japan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
