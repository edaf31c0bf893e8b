/* tests/unit/domain/board_test.c: src/domain/board.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/board.h"

#include <stdlib.h>
#include <string.h>

static const date_ymd TODAY = {2026, 6, 15};

static void test_plan_status(void **state)
{
    (void)state;
    board_plan_facts none = {0};
    assert_int_equal(board_plan_status_of(&none, TODAY), BOARD_PLAN_NONE);
    board_plan_facts draft = {.written = true, .newest_is_draft = true};
    assert_int_equal(board_plan_status_of(&draft, TODAY), BOARD_PLAN_DRAFT);
    board_plan_facts approved = {
        .written = true, .has_approved = true, .approved_review_on = "2026-06-15"};
    /* Due by the end of the review date: approved on that day, overdue the day after. */
    assert_int_equal(board_plan_status_of(&approved, TODAY), BOARD_PLAN_APPROVED);
    approved.approved_review_on = "2026-06-14";
    assert_int_equal(board_plan_status_of(&approved, TODAY), BOARD_PLAN_REVIEW_OVERDUE);
    /* A new draft does not hide the approved plan's passed review date. */
    board_plan_facts both = {.written = true,
                             .newest_is_draft = true,
                             .has_approved = true,
                             .approved_review_on = "2026-05-01"};
    assert_int_equal(board_plan_status_of(&both, TODAY), BOARD_PLAN_REVIEW_OVERDUE);
    both.approved_review_on = "2026-09-01";
    assert_int_equal(board_plan_status_of(&both, TODAY), BOARD_PLAN_DRAFT);
    /* An approved plan without a review date is never overdue. */
    board_plan_facts undated = {.written = true, .has_approved = true};
    assert_int_equal(board_plan_status_of(&undated, TODAY), BOARD_PLAN_APPROVED);
    assert_string_equal(board_plan_status_code(BOARD_PLAN_REVIEW_OVERDUE), "review_overdue");
    assert_string_equal(vocab_label(&board_plan_statuses, "none"), "なし");
}

static void test_date_overdue(void **state)
{
    (void)state;
    assert_false(board_date_overdue(NULL, TODAY));
    assert_false(board_date_overdue("not a date", TODAY));
    assert_false(board_date_overdue("2026-06-15", TODAY));
    assert_true(board_date_overdue("2026-06-14", TODAY));
    assert_false(board_date_overdue("2027-01-01", TODAY));
}

/* Overdue when any of the three dates is past; the day itself is not yet overdue. */
static void test_case_overdue(void **state)
{
    (void)state;
    assert_false(board_case_overdue(NULL, NULL, NULL, TODAY));
    assert_false(board_case_overdue("2026-06-15", "2026-06-15", "2026-06-15", TODAY));
    assert_true(board_case_overdue("2026-06-14", NULL, NULL, TODAY));
    assert_true(board_case_overdue(NULL, "2026-06-14", NULL, TODAY));
    assert_true(board_case_overdue(NULL, NULL, "2026-06-14", TODAY));
    assert_true(board_case_overdue("2026-09-01", "2026-05-01", "2026-09-01", TODAY));
}

static int cmp(const void *a, const void *b)
{
    return board_compare(a, b);
}

/* Own cases first, then overdue, then next review (none last), then kana, then id. */
static void test_order(void **state)
{
    (void)state;
    board_order_key rows[] = {
        {.next_review_on = NULL, .kana = "ア", .case_id = "none"},
        {.next_review_on = "2026-07-01", .kana = "イ", .case_id = "later"},
        {.next_review_on = "2026-06-20", .kana = "ウ", .case_id = "sooner"},
        {.overdue = true, .next_review_on = "2026-08-01", .kana = "エ", .case_id = "overdue"},
        {.mine = true, .next_review_on = "2026-12-01", .kana = "オ", .case_id = "mine"},
        {.mine = true,
         .overdue = true,
         .next_review_on = "2026-12-01",
         .kana = "カ",
         .case_id = "mine-overdue"},
        {.next_review_on = "2026-06-20", .kana = "ア", .case_id = "sooner-a"},
    };
    size_t n = sizeof rows / sizeof rows[0];
    qsort(rows, n, sizeof rows[0], cmp);
    const char *want[] = {"mine-overdue", "mine", "overdue", "sooner-a", "sooner", "later", "none"};
    for (size_t i = 0; i < n; i++)
        assert_string_equal(rows[i].case_id, want[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_status),
        cmocka_unit_test(test_date_overdue),
        cmocka_unit_test(test_case_overdue),
        cmocka_unit_test(test_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
