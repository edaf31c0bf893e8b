/* 伴走型相談支援: when each of the three interviews is due (docs/companion.md). */
#include "domain/companion.h"
#include "domain/due.h"
#include "domain/visit_kinds.h"

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

static const char *day(date_ymd d)
{
    static char out[11];
    date_format(d, out);
    return out;
}

static void notification_within_14_days(void **state)
{
    (void)state;
    /* Notified on 1 June: due by the end of 15 June. */
    assert_string_equal(jst(due_companion_notification((date_ymd){2025, 6, 1})),
                        "2025-06-16T00:00:00+09:00");
    assert_string_equal(jst(due_companion_notification((date_ymd){2025, 12, 20})),
                        "2026-01-04T00:00:00+09:00");
}

static void eighth_month_from_28_to_32_weeks(void **state)
{
    (void)state;
    date_ymd delivery = {2026, 3, 1}; /* 満40週0日 */
    /* 満28週0日 = 84 days before; 満32週0日 = 56 days before. */
    assert_string_equal(day(companion_8m_listed_from(delivery)), "2025-12-07");
    assert_string_equal(jst(due_companion_8m(delivery)), "2026-01-04T00:00:00+09:00");
    /* Across a leap day. */
    assert_string_equal(day(companion_8m_listed_from((date_ymd){2028, 4, 15})), "2028-01-22");
    assert_string_equal(jst(due_companion_8m((date_ymd){2028, 4, 15})),
                        "2028-02-19T00:00:00+09:00");
}

static void expected_delivery_recorded_or_estimated(void **state)
{
    (void)state;
    date_ymd out;
    /* The recorded due date wins over the weeks. */
    assert_true(companion_expected_delivery(true, (date_ymd){2026, 3, 1}, (date_ymd){2025, 8, 1},
                                            10, &out));
    assert_string_equal(day(out), "2026-03-01");
    /* 10 weeks at a notification on 1 August: 30 weeks (210 days) later. */
    assert_true(
        companion_expected_delivery(false, (date_ymd){0}, (date_ymd){2025, 8, 1}, 10, &out));
    assert_string_equal(day(out), "2026-02-27");
    /* 8 weeks on 20 March 2025: 224 days. */
    assert_true(
        companion_expected_delivery(false, (date_ymd){0}, (date_ymd){2025, 3, 20}, 8, &out));
    assert_string_equal(day(out), "2025-10-30");
    /* Neither known, or weeks out of range. */
    assert_false(
        companion_expected_delivery(false, (date_ymd){0}, (date_ymd){2025, 8, 1}, -1, &out));
    assert_false(
        companion_expected_delivery(false, (date_ymd){0}, (date_ymd){2025, 8, 1}, 46, &out));
}

static void postnatal_by_four_months(void **state)
{
    (void)state;
    assert_string_equal(jst(due_companion_postnatal((date_ymd){2025, 12, 18})),
                        "2026-04-18T00:00:00+09:00");
    /* The month end clamps as the newborn visit's. */
    assert_string_equal(jst(due_companion_postnatal((date_ymd){2025, 10, 31})),
                        "2026-02-28T00:00:00+09:00");
}

static void scheme_from_april_2025(void **state)
{
    (void)state;
    assert_false(companion_in_scheme((date_ymd){2025, 3, 31}));
    assert_true(companion_in_scheme((date_ymd){2025, 4, 1}));
    assert_true(companion_in_scheme((date_ymd){2030, 1, 1}));
}

static void kinds_and_alerts(void **state)
{
    (void)state;
    assert_int_equal(visit_kind_from_code("companion_8m"), VISIT_COMPANION_8M);
    assert_string_equal(visit_kind_label(VISIT_COMPANION_POSTNATAL), "出産後面談（伴走型）");
    assert_true(visit_kind_is_companion(VISIT_COMPANION_NOTIFICATION));
    assert_false(visit_kind_is_companion(VISIT_NEWBORN));
    /* A companion kind has no subtype and no 未受診. */
    assert_int_equal(visit_check_consistency(VISIT_COMPANION_8M, NULL, VISIT_DONE),
                     VISIT_CONSISTENT);
    assert_int_equal(visit_check_consistency(VISIT_COMPANION_8M, "4m", VISIT_DONE),
                     VISIT_SUBTYPE_NOT_ALLOWED);
    assert_int_equal(visit_check_consistency(VISIT_COMPANION_8M, NULL, VISIT_MISSED),
                     VISIT_MISSED_NOT_CHECKUP);
    const alert_kind_rule *r = alert_kind_rule_of(alert_kind_from_code("companion_8m"));
    assert_non_null(r);
    assert_int_equal(r->section, ALERT_SECTION_HEALTH);
    assert_string_equal(r->ref_type, "pregnancy");
    assert_true(r->due == due_companion_8m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(notification_within_14_days),
        cmocka_unit_test(eighth_month_from_28_to_32_weeks),
        cmocka_unit_test(expected_delivery_recorded_or_estimated),
        cmocka_unit_test(postnatal_by_four_months),
        cmocka_unit_test(scheme_from_april_2025),
        cmocka_unit_test(kinds_and_alerts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
