/* The generated agendas: each reason a line is listed for, each reason it is not, and the order. */
#include "domain/agenda.h"
#include "domain/conference_rules.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

static const date_ymd ON = {2026, 11, 20};

static int build(agenda_kind kind, const agenda_case *c, int nc, const agenda_pregnancy *p, int np,
                 agenda_item *out)
{
    return agenda_build(kind, ON, c, nc, p, np, out);
}

static void registered_only_at_the_jitsumusha(void **state)
{
    (void)state;
    agenda_case cases[] = {{.case_id = "c1", .kana = "ア", .registered = true},
                           {.case_id = "c2", .kana = "イ", .registered = false}};
    agenda_item out[4];
    int n = build(AGENDA_YOUTAIKYO_JITSUMUSHA, cases, 2, NULL, 0, out);
    assert_int_equal(n, 1);
    assert_string_equal(out[0].case_id, "c1");
    assert_int_equal(out[0].reasons, 1u << AGENDA_REGISTERED);
    /* The same registered case is no line of a joint case meeting or a listup by itself. */
    assert_int_equal(build(AGENDA_JOINT_CASE, cases, 2, NULL, 0, out), 0);
    assert_int_equal(build(AGENDA_LISTUP, cases, 2, NULL, 0, out), 0);
}

static void review_overdue_strictly_before_the_date(void **state)
{
    (void)state;
    agenda_case cases[] = {{.case_id = "late", .kana = "ア", .next_review_on = "2026-11-19"},
                           {.case_id = "today", .kana = "イ", .next_review_on = "2026-11-20"},
                           {.case_id = "none", .kana = "ウ"}};
    agenda_item out[4];
    int n = build(AGENDA_LISTUP, cases, 3, NULL, 0, out);
    assert_int_equal(n, 1);
    assert_string_equal(out[0].case_id, "late");
    assert_int_equal(out[0].reasons, 1u << AGENDA_REVIEW_OVERDUE);
}

static void an_overdue_alert_lists_the_case(void **state)
{
    (void)state;
    agenda_case cases[] = {{.case_id = "c1", .kana = "ア", .overdue_alert = true}};
    agenda_item out[2];
    assert_int_equal(build(AGENDA_JOINT_CASE, cases, 1, NULL, 0, out), 1);
    assert_int_equal(out[0].reasons, 1u << AGENDA_ALERT);
}

static void candidates_until_a_year_after_the_due_date(void **state)
{
    (void)state;
    agenda_pregnancy p[] = {
        {.pregnancy_id = "p_new", .kana = "ア", .due_date = "2027-03-01"},
        {.pregnancy_id = "p_edge_in", .kana = "イ", .due_date = "2025-11-21"},
        {.pregnancy_id = "p_edge_out", .kana = "ウ", .due_date = "2025-11-20"},
        {.pregnancy_id = "p_decided", .kana = "エ", .due_date = "2027-01-01", .decided = true},
        /* Without a due date: the notification plus 10 months (2026-02-10 → 2026-12-10). */
        {.pregnancy_id = "p_no_due", .kana = "オ", .notified_on = "2026-02-10"},
        {.pregnancy_id = "p_no_due_old", .kana = "カ", .notified_on = "2024-11-01"},
    };
    agenda_item out[8];
    int n = build(AGENDA_LISTUP, NULL, 0, p, 6, out);
    assert_int_equal(n, 3);
    assert_string_equal(out[0].pregnancy_id, "p_new");
    assert_string_equal(out[1].pregnancy_id, "p_edge_in");
    assert_string_equal(out[2].pregnancy_id, "p_no_due");
    for (int i = 0; i < n; i++) {
        assert_null(out[i].case_id);
        assert_int_equal(out[i].reasons, 1u << AGENDA_CANDIDATE);
    }
}

static void a_candidate_in_an_open_case_is_listed_as_the_case(void **state)
{
    (void)state;
    agenda_case cases[] = {{.case_id = "c1", .kana = "ヤマダ", .next_review_on = "2026-10-01"}};
    agenda_pregnancy p[] = {
        {.pregnancy_id = "p1", .kana = "ヤマダ", .due_date = "2027-01-01", .case_id = "c1"}};
    agenda_item out[4];
    int n = build(AGENDA_JOINT_CASE, cases, 1, p, 1, out);
    assert_int_equal(n, 1);
    assert_string_equal(out[0].case_id, "c1");
    assert_int_equal(out[0].reasons, (1u << AGENDA_CANDIDATE) | (1u << AGENDA_REVIEW_OVERDUE));
    assert_int_equal(out[0].candidate_count, 1);
    assert_string_equal(out[0].candidate_ids[0], "p1");
}

static void ordered_by_first_reason_then_kana(void **state)
{
    (void)state;
    agenda_case cases[] = {
        {.case_id = "alert_a", .kana = "ア", .overdue_alert = true},
        {.case_id = "review_i", .kana = "イ", .next_review_on = "2026-01-01"},
        {.case_id = "reg_u", .kana = "ウ", .registered = true, .overdue_alert = true},
        {.case_id = "reg_a", .kana = "ア", .registered = true},
        {.case_id = "review_a",
         .kana = "ア",
         .next_review_on = "2026-01-01",
         .overdue_alert = true},
    };
    agenda_pregnancy p[] = {{.pregnancy_id = "cand_o", .kana = "オ", .due_date = "2027-01-01"}};
    agenda_item out[8];
    int n = build(AGENDA_YOUTAIKYO_JITSUMUSHA, cases, 5, p, 1, out);
    const char *expect[] = {"reg_a", "reg_u", "cand_o", "review_a", "review_i", "alert_a"};
    assert_int_equal(n, 6);
    for (int i = 0; i < n; i++)
        assert_string_equal(out[i].case_id ? out[i].case_id : out[i].pregnancy_id, expect[i]);
    assert_int_equal(out[1].reasons, (1u << AGENDA_REGISTERED) | (1u << AGENDA_ALERT));
    assert_int_equal(out[3].reasons, (1u << AGENDA_REVIEW_OVERDUE) | (1u << AGENDA_ALERT));
}

static void kinds_and_reason_codes(void **state)
{
    (void)state;
    assert_int_equal(agenda_kind_from_code("listup"), AGENDA_LISTUP);
    assert_int_equal(agenda_kind_from_code("youtaikyo_jitsumusha"), AGENDA_YOUTAIKYO_JITSUMUSHA);
    assert_int_equal(agenda_kind_from_code("juri"), AGENDA_KIND_NONE);
    assert_int_equal(agenda_kind_from_code("youtaikyo_kobetsu"), AGENDA_KIND_NONE);
    assert_int_equal(agenda_kind_from_code(NULL), AGENDA_KIND_NONE);
    assert_string_equal(agenda_reason_code(AGENDA_REVIEW_OVERDUE), "review_overdue");
    assert_null(agenda_reason_code(AGENDA_REASON_COUNT));
}

/* ---- the decision rules ---- */

static conference_decision_facts facts(const char *kind)
{
    return (conference_decision_facts){.conference_kind = kind,
                                       .has_case = true,
                                       .case_listed = true,
                                       .has_person = true,
                                       .person_is_subject = true};
}

static void expect_fault(const conference_decision_facts *f, conference_decision_fault want,
                         const char *field)
{
    const char *got_field;
    assert_int_equal(conference_decision_check(f, &got_field), want);
    if (field)
        assert_string_equal(got_field, field);
    else
        assert_null(got_field);
}

static void designation_only_at_juri_and_joint_case(void **state)
{
    (void)state;
    const char *kinds[] = {"juri", "joint_case", "listup", "youtaikyo_jitsumusha",
                           "youtaikyo_kobetsu"};
    for (int i = 0; i < 5; i++) {
        conference_decision_facts f = facts(kinds[i]);
        f.category = "youhogo";
        f.category_known = true;
        expect_fault(&f, i < 2 ? DECISION_OK : DECISION_CATEGORY_NOT_AT_KIND,
                     i < 2 ? NULL : "category");
    }
    conference_decision_facts f = facts("juri");
    f.category = "kind_of";
    expect_fault(&f, DECISION_CATEGORY_UNKNOWN, "category");
}

static void designation_and_registration_name_a_subject(void **state)
{
    (void)state;
    conference_decision_facts f = facts("joint_case");
    f.category = "tokutei_ninpu";
    f.category_known = true;
    f.has_person = false;
    expect_fault(&f, DECISION_CATEGORY_NEEDS_SUBJECT, "person_id");
    f.has_person = true;
    f.person_is_subject = false;
    expect_fault(&f, DECISION_PERSON_NOT_SUBJECT, "person_id");

    conference_decision_facts r = facts("youtaikyo_jitsumusha");
    r.has_register = true;
    expect_fault(&r, DECISION_OK, NULL);
    r.has_person = false;
    expect_fault(&r, DECISION_REGISTER_NEEDS_SUBJECT, "person_id");
}

static void the_case_must_be_listed(void **state)
{
    (void)state;
    conference_decision_facts f = facts("listup");
    f.case_listed = false;
    expect_fault(&f, DECISION_CASE_NOT_LISTED, "case_id");
    conference_decision_facts none = {.conference_kind = "listup"};
    expect_fault(&none, DECISION_NO_TARGET, "case_id");
    /* A candidate discussed and set aside: a pregnancy, no category, no person. */
    conference_decision_facts set_aside = {.conference_kind = "listup", .has_pregnancy = true};
    expect_fault(&set_aside, DECISION_OK, NULL);
    set_aside.has_person = true;
    expect_fault(&set_aside, DECISION_PERSON_WITHOUT_CASE, "person_id");
    conference_decision_facts close = facts("joint_case");
    close.close_reason = "soon";
    expect_fault(&close, DECISION_CLOSE_UNKNOWN, "close_reason");
    close.close_reason_known = true;
    expect_fault(&close, DECISION_OK, NULL);
    assert_non_null(conference_decision_message(DECISION_CATEGORY_NOT_AT_KIND));
}

static void held_on_not_in_the_future(void **state)
{
    (void)state;
    assert_true(conference_held_on_ok((date_ymd){2026, 11, 20}, ON));
    assert_true(conference_held_on_ok((date_ymd){2025, 1, 1}, ON));
    assert_false(conference_held_on_ok((date_ymd){2026, 11, 21}, ON));
}

static void next_review_after_the_interval_or_earlier_by_hand(void **state)
{
    (void)state;
    date_ymd held = {2026, 11, 30};
    date_ymd none = {0};
    date_ymd d = conference_next_review(held, 3, false, none);
    assert_int_equal(date_compare(d, (date_ymd){2027, 2, 28}), 0); /* clamped to February */
    d = conference_next_review(held, 4, false, none);
    assert_int_equal(date_compare(d, (date_ymd){2027, 3, 30}), 0);
    /* Set earlier by hand, after the meeting: kept. */
    d = conference_next_review(held, 3, true, (date_ymd){2027, 1, 15});
    assert_int_equal(date_compare(d, (date_ymd){2027, 1, 15}), 0);
    /* By hand but later than the interval, or already passed at the meeting: the interval. */
    d = conference_next_review(held, 3, true, (date_ymd){2027, 6, 1});
    assert_int_equal(date_compare(d, (date_ymd){2027, 2, 28}), 0);
    d = conference_next_review(held, 3, true, (date_ymd){2026, 11, 30});
    assert_int_equal(date_compare(d, (date_ymd){2027, 2, 28}), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(registered_only_at_the_jitsumusha),
        cmocka_unit_test(review_overdue_strictly_before_the_date),
        cmocka_unit_test(an_overdue_alert_lists_the_case),
        cmocka_unit_test(candidates_until_a_year_after_the_due_date),
        cmocka_unit_test(a_candidate_in_an_open_case_is_listed_as_the_case),
        cmocka_unit_test(ordered_by_first_reason_then_kana),
        cmocka_unit_test(kinds_and_reason_codes),
        cmocka_unit_test(designation_only_at_juri_and_joint_case),
        cmocka_unit_test(designation_and_registration_name_a_subject),
        cmocka_unit_test(the_case_must_be_listed),
        cmocka_unit_test(held_on_not_in_the_future),
        cmocka_unit_test(next_review_after_the_interval_or_earlier_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
