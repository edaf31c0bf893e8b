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

static void self_harm_due_the_day_after(void **state)
{
    (void)state;
    /* Administered on the 1st: due the 2nd, overdue once the 2nd has ended in Japan. */
    assert_string_equal(jst(due_epds_self_harm((date_ymd){2026, 11, 1})),
                        "2026-11-03T00:00:00+09:00");
    assert_string_equal(jst(due_epds_self_harm((date_ymd){2026, 12, 31})),
                        "2027-01-02T00:00:00+09:00");
    assert_string_equal(jst(due_epds_self_harm((date_ymd){2028, 2, 28})),
                        "2028-03-01T00:00:00+09:00");
    /* Much sooner than the 7-day follow-up it replaces. */
    assert_true(due_epds_self_harm((date_ymd){2026, 11, 1}) <
                due_screening_followup((date_ymd){2026, 11, 1}));
}

static void board_kinds_and_their_order(void **state)
{
    (void)state;
    const due_kind *safety = due_kind_of("safety_confirmation");
    const due_kind *self_harm = due_kind_of("epds_self_harm");
    assert_non_null(safety);
    assert_non_null(self_harm);
    assert_string_equal(self_harm->label, "EPDS 自傷の考え：翌日までに確認");
    assert_string_equal(self_harm->section, "health");
    assert_string_equal(safety->section, "welfare");
    /* A child not yet seen first, then self-harm above every other health item. */
    assert_true(safety->rank < self_harm->rank);
    int kinds = 0;
    for (const due_kind *k = due_kinds; k->code; k++, kinds++) {
        if (k != safety && k != self_harm) {
            assert_true(self_harm->rank < k->rank);
            assert_string_equal(k->section, "health");
        }
        assert_ptr_equal(due_kind_of(k->code), k);
    }
    assert_int_equal(kinds, 5);
    assert_null(due_kind_of("plan_review_x"));
    assert_null(due_kind_of(NULL));
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
        cmocka_unit_test(self_harm_due_the_day_after),
        cmocka_unit_test(board_kinds_and_their_order),
        cmocka_unit_test(midnight_in_japan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
