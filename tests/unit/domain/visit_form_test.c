/* The structured visit record: what a newborn visit's form may hold, each problem naming its
 * field; NULL is 未確認 and always valid. */
#include "domain/visit_form.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

static const date_ymd ON = {2026, 5, 10};

static const char *field_of(visit_kind k, visit_form f)
{
    return visit_form_check(k, ON, &f).field;
}

static void empty_form_is_valid_on_every_kind(void **state)
{
    (void)state;
    visit_form none = {0};
    assert_false(visit_form_has_newborn_items(&none));
    for (visit_kind k = VISIT_NEWBORN; k <= VISIT_COMPANION_POSTNATAL; k++)
        assert_null(field_of(k, none));
}

static void a_full_newborn_form(void **state)
{
    (void)state;
    visit_form f = {.infant_weight_g = 4250,
                    .feeding = "mixed",
                    .mother_mood = "anxious",
                    .mother_sleep = "short",
                    .home_environment = "some_concern",
                    .home_note = "階段が急",
                    .next_contact_on = "2026-05-10",
                    .next_contact_kind = "phone"};
    assert_null(field_of(VISIT_NEWBORN, f));
    assert_true(visit_form_has_newborn_items(&f));
    assert_string_equal(vocab_label(&feeding_methods, "formula"), "人工乳");
}

static void weight_in_grams(void **state)
{
    (void)state;
    assert_null(field_of(VISIT_NEWBORN, (visit_form){.infant_weight_g = 300}));
    assert_null(field_of(VISIT_NEWBORN, (visit_form){.infant_weight_g = 15000}));
    assert_string_equal(field_of(VISIT_NEWBORN, (visit_form){.infant_weight_g = 299}),
                        "infant_weight_g");
    assert_string_equal(field_of(VISIT_NEWBORN, (visit_form){.infant_weight_g = 15001}),
                        "infant_weight_g");
}

static void codes_of_their_tables(void **state)
{
    (void)state;
    assert_string_equal(field_of(VISIT_NEWBORN, (visit_form){.feeding = "cow"}), "feeding");
    assert_string_equal(field_of(VISIT_NEWBORN, (visit_form){.mother_mood = "enough"}),
                        "mother_mood");
    assert_string_equal(field_of(VISIT_NEWBORN, (visit_form){.mother_sleep = "stable"}),
                        "mother_sleep");
    assert_string_equal(field_of(VISIT_NEWBORN, (visit_form){.home_environment = "good"}),
                        "home_environment");
}

static void newborn_items_on_a_newborn_visit_only(void **state)
{
    (void)state;
    assert_string_equal(field_of(VISIT_CHECKUP, (visit_form){.infant_weight_g = 6000}),
                        "infant_weight_g");
    assert_string_equal(field_of(VISIT_POSTPARTUM, (visit_form){.feeding = "breast"}), "feeding");
    assert_string_equal(field_of(VISIT_COMPANION_POSTNATAL, (visit_form){.home_note = "x"}),
                        "home_note");
    /* The next contact is every visit's. */
    assert_null(field_of(VISIT_CHECKUP, (visit_form){.next_contact_on = "2026-06-01",
                                                     .next_contact_kind = "visit"}));
}

static void next_contact_date_and_kind_together(void **state)
{
    (void)state;
    visit_form_problem p =
        visit_form_check(VISIT_NEWBORN, ON, &(visit_form){.next_contact_on = "2026-05-20"});
    assert_string_equal(p.field, "next_contact_kind");
    assert_true(p.missing);
    p = visit_form_check(VISIT_NEWBORN, ON, &(visit_form){.next_contact_kind = "visit"});
    assert_string_equal(p.field, "next_contact_on");
    assert_true(p.missing);
    p = visit_form_check(
        VISIT_NEWBORN, ON,
        &(visit_form){.next_contact_on = "2026-05-09", .next_contact_kind = "visit"});
    assert_string_equal(p.field, "next_contact_on");
    assert_false(p.missing);
    assert_non_null(strstr(p.message, "訪問日以降"));
    assert_string_equal(field_of(VISIT_NEWBORN, (visit_form){.next_contact_on = "2026-05-11",
                                                             .next_contact_kind = "mail"}),
                        "next_contact_kind");
    assert_string_equal(field_of(VISIT_NEWBORN, (visit_form){.next_contact_on = "2026-13-01",
                                                             .next_contact_kind = "visit"}),
                        "next_contact_on");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_form_is_valid_on_every_kind),
        cmocka_unit_test(a_full_newborn_form),
        cmocka_unit_test(weight_in_grams),
        cmocka_unit_test(codes_of_their_tables),
        cmocka_unit_test(newborn_items_on_a_newborn_visit_only),
        cmocka_unit_test(next_contact_date_and_kind_together),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
