/* domain/event_kinds.c: each kind's code, label and section. */
#include "domain/event_kinds.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static void kinds_belong_to_their_section(void **state)
{
    (void)state;
    assert_int_equal(event_kind_section(EVENT_PERSON_CREATED), SECTION_COMMON);
    assert_int_equal(event_kind_section(EVENT_HOUSEHOLD_LEFT), SECTION_COMMON);
    assert_int_equal(event_kind_section(EVENT_PREGNANCY_REGISTERED), SECTION_HEALTH);
    assert_int_equal(event_kind_section(EVENT_CHECKUP_MISSED), SECTION_HEALTH);
    assert_int_equal(event_kind_section(EVENT_REPORT_STEP), SECTION_WELFARE);
    assert_int_equal(event_kind_section(EVENT_KIND_COUNT), SECTION_NONE);
}

static void every_kind_has_a_section_and_a_label(void **state)
{
    (void)state;
    for (int k = 0; k < EVENT_KIND_COUNT; k++) {
        assert_int_not_equal(event_kind_section((event_kind)k), SECTION_NONE);
        assert_true(event_kind_label((event_kind)k)[0] != '\0');
        assert_int_equal(event_kind_from_code(event_kind_code((event_kind)k)), k);
    }
}

static void codes_are_the_stored_ones(void **state)
{
    (void)state;
    assert_string_equal(event_kind_code(EVENT_CHECKUP_MISSED), "checkup_missed");
    assert_string_equal(event_kind_code(EVENT_SCREENING_FOLLOWUP), "screening_followup");
    assert_string_equal(event_kind_label(EVENT_HOUSEHOLD_JOINED), "世帯への加入");
    assert_string_equal(event_kind_code((event_kind)-1), "");
    assert_int_equal(event_kind_from_code("report"), EVENT_KIND_COUNT);
    assert_int_equal(event_kind_from_code(NULL), EVENT_KIND_COUNT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kinds_belong_to_their_section),
        cmocka_unit_test(every_kind_has_a_section_and_a_label),
        cmocka_unit_test(codes_are_the_stored_ones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
