/* tests/unit/domain/subject_test.c: src/domain/subject.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/subject.h"

/* The case: a three-week-old boy is neither a mother nor an EPDS respondent. */
static void test_three_week_old_boy(void **state)
{
    (void)state;
    assert_int_equal(subject_check_mother("male", "2025-05-11", "2025-06-01"), SUBJECT_MALE);
    assert_int_equal(subject_check_respondent("2025-05-11", "2025-06-01"), SUBJECT_TOO_YOUNG);
    /* A girl of the same age is too young to be a mother. */
    assert_int_equal(subject_check_mother("female", "2025-05-11", "2025-06-01"), SUBJECT_TOO_YOUNG);
}

/* The age counts in completed years on the record's date: 10 on the birthday, 9 the day before. */
static void test_age_boundary(void **state)
{
    (void)state;
    assert_int_equal(subject_check_mother("female", "2015-06-01", "2025-06-01"), SUBJECT_OK);
    assert_int_equal(subject_check_mother("female", "2015-06-02", "2025-06-01"), SUBJECT_TOO_YOUNG);
    assert_int_equal(subject_check_respondent("2015-06-01", "2025-06-01"), SUBJECT_OK);
    assert_int_equal(subject_check_respondent("2015-06-02", "2025-06-01"), SUBJECT_TOO_YOUNG);
    /* Born on 29 February: 10 on 1 March of a common year. */
    assert_int_equal(subject_check_respondent("2016-02-29", "2026-02-28"), SUBJECT_TOO_YOUNG);
    assert_int_equal(subject_check_respondent("2016-02-29", "2026-03-01"), SUBJECT_OK);
    /* Born after the date: not yet born, so refused. */
    assert_int_equal(subject_check_mother("female", "2025-06-02", "2025-06-01"), SUBJECT_TOO_YOUNG);
    assert_int_equal(subject_check_respondent("2025-06-02", "2025-06-01"), SUBJECT_TOO_YOUNG);
    assert_int_equal(subject_check_mother("female", "1990-01-01", "2025-06-01"), SUBJECT_OK);
}

/* Male is refused as a mother whatever the age; a father may answer an EPDS. */
static void test_sex(void **state)
{
    (void)state;
    assert_int_equal(subject_check_mother("male", "1990-01-01", "2025-06-01"), SUBJECT_MALE);
    assert_int_equal(subject_check_mother("male", NULL, "2025-06-01"), SUBJECT_MALE);
    assert_int_equal(subject_check_respondent("1990-01-01", "2025-06-01"), SUBJECT_OK);
    assert_int_equal(subject_check_mother("female", "1990-01-01", "2025-06-01"), SUBJECT_OK);
}

/* What is not known is accepted. */
static void test_unknown_accepted(void **state)
{
    (void)state;
    assert_int_equal(subject_check_mother("unknown", NULL, "2025-06-01"), SUBJECT_OK);
    assert_int_equal(subject_check_mother(NULL, NULL, "2025-06-01"), SUBJECT_OK);
    assert_int_equal(subject_check_mother("unknown", "1995-03-03", "2025-06-01"), SUBJECT_OK);
    assert_int_equal(subject_check_respondent(NULL, "2025-06-01"), SUBJECT_OK);
    assert_int_equal(subject_check_respondent("2025-05-11", NULL), SUBJECT_OK);
    assert_int_equal(subject_check_respondent("2025-5-11", "2025-06-01"), SUBJECT_OK);
    assert_int_equal(subject_check_mother("female", "2025-05-11", "someday"), SUBJECT_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_three_week_old_boy),
        cmocka_unit_test(test_age_boundary),
        cmocka_unit_test(test_sex),
        cmocka_unit_test(test_unknown_accepted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
