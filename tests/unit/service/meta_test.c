/* service/meta.c: every code table is served, once, whole. */
#include "service/meta.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

/* The tables of src/domain and src/auth (api.md's codes and the screens' labels). */
static const char *const expected[] = {
    "alert_kinds",
    "sexes",
    "sex_marks",
    "relations",
    "abuse_types",
    "perpetrators",
    "report_routes",
    "report_kinds",
    "report_steps",
    "urgencies",
    "risk_levels",
    "notification_bands",
    "screening_instruments",
    "visit_kinds",
    "visit_statuses",
    "checkup_statuses",
    "postpartum_subtypes",
    "checkup_subtypes",
    "roles",
    "sections",
    "audit_actions",
    "audit_object_types",
    "pending_reasons",
    "timeline_kinds",
    "case_categories",
    "case_statuses",
    "case_close_reasons",
    "case_opened_from",
    "conference_kinds",
    "agency_kinds",
    "agenda_reasons",
    "plan_statuses",
    "board_plan_statuses",
    "age_bands",
    "stats_extra_codes",
    "import_kinds",
    "import_columns_persons",
    "import_columns_pregnancies",
    "import_columns_reports",
    "import_columns_visits",
    "companion_interviews",
    "feeding_methods",
    "mother_moods",
    "mother_sleeps",
    "home_environments",
    "contact_kinds",
};
enum { EXPECTED = sizeof expected / sizeof expected[0] };

static int count_tables(void)
{
    int n = 0;
    for (const vocab *const *v = svc_meta_tables(); *v; v++)
        n++;
    return n;
}

static const vocab *table_named(const char *name)
{
    for (const vocab *const *v = svc_meta_tables(); *v; v++)
        if (strcmp((*v)->name, name) == 0)
            return *v;
    return NULL;
}

static void every_table_is_served_once(void **state)
{
    (void)state;
    assert_int_equal(count_tables(), EXPECTED);
    for (int i = 0; i < EXPECTED; i++)
        assert_non_null(table_named(expected[i]));
}

static void codes_are_unique_and_labelled(void **state)
{
    (void)state;
    for (const vocab *const *v = svc_meta_tables(); *v; v++) {
        assert_non_null((*v)->codes[0].code); /* no empty table */
        for (int i = 0; (*v)->codes[i].code; i++) {
            assert_true(strlen((*v)->codes[i].label) > 0);
            assert_int_equal(vocab_index(*v, (*v)->codes[i].code), i); /* first and only */
        }
    }
}

static void labels_are_the_api_s(void **state)
{
    (void)state;
    assert_string_equal(vocab_label(table_named("visit_kinds"), "checkup"), "乳幼児健診");
    assert_string_equal(vocab_label(table_named("roles"), "coordinator"), "統括支援員");
    assert_string_equal(vocab_label(table_named("risk_levels"), "high"), "高");
    assert_null(vocab_label(table_named("roles"), "root"));
    assert_int_equal(vocab_index(table_named("roles"), NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_table_is_served_once),
        cmocka_unit_test(codes_are_unique_and_labelled),
        cmocka_unit_test(labels_are_the_api_s),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
