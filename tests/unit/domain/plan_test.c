/* domain/plan.c: what changed between two versions of a サポートプラン, and its review dates. */
#include "domain/plan.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

static const char *mother_child[] = {"m1", "c1"};
static const char *child_mother[] = {"c1", "m1"};
static const char *child_only[] = {"c1"};
static const plan_service visits[] = {{"家庭訪問", "保健師", "月1回", "2026-11-01", NULL}};
static const plan_service visits_weekly[] = {{"家庭訪問", "保健師", "週1回", "2026-11-01", NULL}};
static const plan_contact grandma[] = {{"山田 花子", "祖母", "090-0000-0000"}};

static plan_content base(void)
{
    return (plan_content){.subject_ids = mother_child,
                          .subject_count = 2,
                          .guardian_wishes = "仕事を続けたい",
                          .child_views = "ママといっしょがいい",
                          .services = visits,
                          .service_count = 1,
                          .contacts = grandma,
                          .contact_count = 1,
                          .review_on = "2027-02-18"};
}

static void a_first_version_changed_nothing(void **state)
{
    (void)state;
    plan_content v1 = base();
    const char *out[PLAN_FIELD_COUNT];
    assert_int_equal(plan_changes(NULL, &v1, out), 0);
}

/* The same persons in another order, an empty text for none: nothing changed. */
static void the_same_content_changed_nothing(void **state)
{
    (void)state;
    plan_content v1 = base(), v2 = base();
    v2.subject_ids = child_mother;
    v1.situation = "";
    const char *out[PLAN_FIELD_COUNT];
    assert_int_equal(plan_changes(&v1, &v2, out), 0);
}

static void each_changed_field_is_named_in_the_forms_order(void **state)
{
    (void)state;
    plan_content v1 = base(), v2 = base();
    v2.subject_ids = child_only;
    v2.subject_count = 1;
    v2.child_views = "おうちにいたい";
    v2.services = visits_weekly;
    v2.contact_count = 0;
    v2.handed_on = "2026-11-20";
    const char *out[PLAN_FIELD_COUNT];
    assert_int_equal(plan_changes(&v1, &v2, out), 5);
    assert_string_equal(out[0], "subject_ids");
    assert_string_equal(out[1], "child_views");
    assert_string_equal(out[2], "services");
    assert_string_equal(out[3], "emergency_contacts");
    assert_string_equal(out[4], "handed_on");
}

static void review_after_approval_counts_calendar_months(void **state)
{
    (void)state;
    date_ymd d = plan_review_after_approval((date_ymd){2026, 11, 18}, 3);
    assert_int_equal(d.y, 2027);
    assert_int_equal(d.m, 2);
    assert_int_equal(d.d, 18);
    d = plan_review_after_approval((date_ymd){2026, 11, 30}, 3); /* no 30 February */
    assert_int_equal(d.m, 2);
    assert_int_equal(d.d, 28);
    d = plan_review_after_approval((date_ymd){2026, 11, 18}, 6);
    assert_int_equal(d.y, 2027);
    assert_int_equal(d.m, 5);
}

static void the_next_review_lies_after_the_review(void **state)
{
    (void)state;
    assert_true(plan_next_review_valid((date_ymd){2026, 11, 18}, (date_ymd){2026, 11, 19}));
    assert_false(plan_next_review_valid((date_ymd){2026, 11, 18}, (date_ymd){2026, 11, 18}));
    assert_false(plan_next_review_valid((date_ymd){2026, 11, 18}, (date_ymd){2026, 10, 1}));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_first_version_changed_nothing),
        cmocka_unit_test(the_same_content_changed_nothing),
        cmocka_unit_test(each_changed_field_is_named_in_the_forms_order),
        cmocka_unit_test(review_after_approval_counts_calendar_months),
        cmocka_unit_test(the_next_review_lies_after_the_review),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
