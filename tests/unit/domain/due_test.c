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
    alert_kind safety = alert_kind_from_code("safety_confirmation");
    alert_kind self_harm = alert_kind_from_code("epds_self_harm");
    assert_int_equal(safety, ALERT_SAFETY_CONFIRMATION);
    assert_int_equal(self_harm, ALERT_EPDS_SELF_HARM);
    assert_string_equal(alert_kind_label(self_harm), "EPDS 自傷の考え：翌日までに確認");
    assert_int_equal(alert_kind_rule_of(self_harm)->section, ALERT_SECTION_HEALTH);
    assert_int_equal(alert_kind_rule_of(safety)->section, ALERT_SECTION_WELFARE);
    /* Only the roles that act on abuse reports see a child not yet seen. */
    assert_int_equal(alert_kind_rule_of(safety)->permission, PERM_REPORT_READ);
    assert_null(alert_kind_rule_of(safety)->due); /* received_at + 48 h, carried by the report */
    /* A child not yet seen first, then self-harm above every other health item. */
    assert_true(alert_kind_rule_of(safety)->rank < alert_kind_rule_of(self_harm)->rank);
    int kinds = 0;
    for (const vocab_code *c = alert_kinds_vocab.codes; c->code; c++, kinds++) {
        alert_kind k = alert_kind_from_code(c->code);
        assert_string_equal(alert_kind_code(k), c->code);
        assert_string_equal(alert_kind_label(k), c->label);
        if (k == ALERT_ACTION_DUE || k == ALERT_CASE_REVIEW || k == ALERT_PLAN_REVIEW) {
            /* The joint case's kinds: the case roles, due by the end of their day. */
            const alert_kind_rule *rule = alert_kind_rule_of(k);
            assert_int_equal(rule->section, ALERT_SECTION_CASE);
            assert_int_equal(rule->permission, PERM_CASE_READ);
            assert_string_equal(jst(rule->due((date_ymd){2026, 11, 30})),
                                "2026-12-01T00:00:00+09:00");
            if (k == ALERT_PLAN_REVIEW) /* a plan's review: the plan is what is opened */
                assert_string_equal(rule->ref_type, "plan");
        } else if (k != safety && k != self_harm) {
            const alert_kind_rule *rule = alert_kind_rule_of(k);
            assert_true(alert_kind_rule_of(self_harm)->rank < rule->rank);
            assert_int_equal(rule->section, ALERT_SECTION_HEALTH);
            assert_int_equal(rule->permission, PERM_HEALTH_READ);
            assert_non_null(rule->due);
        }
    }
    assert_int_equal(kinds, ALERT_KIND_COUNT);
    assert_int_equal(alert_kind_from_code("plan_review_x"), ALERT_KIND_NONE);
    assert_int_equal(alert_kind_from_code(NULL), ALERT_KIND_NONE);
    assert_null(alert_kind_label(ALERT_KIND_NONE));
    assert_null(alert_kind_rule_of(ALERT_KIND_COUNT));
    assert_string_equal(alert_kinds_vocab.name, "alert_kinds");
}

static void sections(void **state)
{
    (void)state;
    assert_int_equal(alert_section_from_code("health"), ALERT_SECTION_HEALTH);
    assert_int_equal(alert_section_from_code("welfare"), ALERT_SECTION_WELFARE);
    assert_int_equal(alert_section_from_code("case"), ALERT_SECTION_CASE);
    assert_int_equal(alert_section_from_code("common"), ALERT_SECTION_NONE);
    assert_int_equal(alert_section_from_code(NULL), ALERT_SECTION_NONE);
    assert_string_equal(alert_section_code(ALERT_SECTION_WELFARE), "welfare");
    assert_null(alert_section_code(ALERT_SECTION_NONE));
}

static void midnight_in_japan(void **state)
{
    (void)state;
    /* 2026-01-01 00:00 JST is 2025-12-31 15:00 UTC. */
    assert_int_equal(date_jst_midnight((date_ymd){2026, 1, 1}), 1767193200);
}

static void upcoming_within_fourteen_days(void **state)
{
    (void)state;
    int64_t at = date_jst_midnight((date_ymd){2026, 12, 4}) + 10 * 3600; /* 10:00 JST */
    assert_false(alert_upcoming(at, at));                                /* due now: overdue */
    assert_false(alert_upcoming(at - 1, at));
    assert_true(alert_upcoming(at + 1, at));
    assert_true(alert_upcoming(due_end_of_day((date_ymd){2026, 12, 17}), at)); /* 12/18 00:00 */
    assert_true(alert_upcoming(at + 14 * 24 * 3600, at));
    assert_false(alert_upcoming(at + 14 * 24 * 3600 + 1, at));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(newborn_visit_before_four_months),
        cmocka_unit_test(follow_ups_in_days),
        cmocka_unit_test(self_harm_due_the_day_after),
        cmocka_unit_test(board_kinds_and_their_order),
        cmocka_unit_test(sections),
        cmocka_unit_test(midnight_in_japan),
        cmocka_unit_test(upcoming_within_fourteen_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
