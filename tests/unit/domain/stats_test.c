/* tests/unit/domain/stats_test.c: src/domain/stats.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/stats.h"

static date_ymd ymd(int y, int m, int d)
{
    return (date_ymd){.y = y, .m = m, .d = d};
}

static age_band band(int by, int bm, int bd, int y, int m, int d)
{
    date_ymd birth = ymd(by, bm, bd);
    return stats_age_band(&birth, ymd(y, m, d));
}

static void test_under3_by_completed_years(void **state)
{
    (void)state;
    assert_int_equal(band(2021, 6, 10, 2021, 6, 10), AGE_BAND_UNDER3);
    assert_int_equal(band(2021, 6, 10, 2024, 6, 9), AGE_BAND_UNDER3);     /* the day before 3 */
    assert_int_equal(band(2021, 6, 10, 2024, 6, 10), AGE_BAND_PRESCHOOL); /* the 3rd birthday */
    assert_int_equal(band(2024, 6, 10, 2024, 6, 1), AGE_BAND_UNDER3);     /* not born yet */
}

static void test_no_birth_date_is_unknown(void **state)
{
    (void)state;
    assert_int_equal(stats_age_band(NULL, ymd(2024, 4, 1)), AGE_BAND_UNKNOWN);
}

/* domain.md: born 2019-04-01 entered April 2025; born 2019-04-02 enters April 2026. */
static void test_school_entry_on_both_sides_of_april_1(void **state)
{
    (void)state;
    assert_int_equal(band(2019, 4, 1, 2025, 3, 31), AGE_BAND_PRESCHOOL);
    assert_int_equal(band(2019, 4, 1, 2025, 4, 1), AGE_BAND_ELEMENTARY);
    assert_int_equal(band(2019, 4, 2, 2025, 4, 1), AGE_BAND_PRESCHOOL);
    assert_int_equal(band(2019, 4, 2, 2026, 3, 31), AGE_BAND_PRESCHOOL);
    assert_int_equal(band(2019, 4, 2, 2026, 4, 1), AGE_BAND_ELEMENTARY);
    assert_int_equal(band(2019, 1, 1, 2025, 4, 1), AGE_BAND_ELEMENTARY); /* 早生まれ from Jan 1 */
    assert_int_equal(band(2018, 12, 31, 2024, 4, 1), AGE_BAND_PRESCHOOL);
    assert_int_equal(band(2018, 12, 31, 2025, 4, 1), AGE_BAND_ELEMENTARY);
}

static void test_grades_after_elementary(void **state)
{
    (void)state;
    /* born 2010-04-01: elementary from April 2016, junior high April 2022, high school April 2025
     */
    assert_int_equal(band(2010, 4, 1, 2022, 3, 31), AGE_BAND_ELEMENTARY);
    assert_int_equal(band(2010, 4, 1, 2022, 4, 1), AGE_BAND_JUNIOR_HIGH);
    assert_int_equal(band(2010, 4, 2, 2022, 4, 1), AGE_BAND_ELEMENTARY);
    assert_int_equal(band(2010, 4, 1, 2025, 3, 31), AGE_BAND_JUNIOR_HIGH);
    assert_int_equal(band(2010, 4, 1, 2025, 4, 1), AGE_BAND_HIGH_SCHOOL_OTHER);
    assert_int_equal(band(2000, 1, 1, 2024, 4, 1), AGE_BAND_HIGH_SCHOOL_OTHER);
}

static void test_band_codes(void **state)
{
    (void)state;
    assert_string_equal(stats_age_bands.codes[AGE_BAND_UNDER3].code, "under3");
    assert_string_equal(stats_age_bands.codes[AGE_BAND_HIGH_SCHOOL_OTHER].code,
                        "high_school_other");
    assert_string_equal(stats_age_bands.codes[AGE_BAND_UNKNOWN].label, "年齢不明");
    assert_null(stats_age_bands.codes[AGE_BAND_COUNT].code);
}

/* The codes a table adds (api.md: a report without main_perpetrator counts as unknown; an
 * interview with unasked items as incomplete), labelled for the CSV header and /api/v1/meta. */
static void test_extra_codes(void **state)
{
    (void)state;
    assert_string_equal(vocab_label(&stats_extra_codes, "unknown"), "不明");
    assert_string_equal(vocab_label(&stats_extra_codes, "incomplete"), "未確認の項目あり");
    assert_null(stats_extra_codes.codes[2].code);
}

static void test_nearest_rank(void **state)
{
    (void)state;
    const int64_t one[] = {7};
    assert_int_equal(stats_nearest_rank(one, 1, 50), 7);
    assert_int_equal(stats_nearest_rank(one, 1, 90), 7);
    const int64_t four[] = {10, 20, 30, 40};
    assert_int_equal(stats_nearest_rank(four, 4, 50), 20); /* rank 2 */
    assert_int_equal(stats_nearest_rank(four, 4, 90), 40); /* rank ceil(3.6) = 4 */
    const int64_t five[] = {1, 2, 3, 4, 5};
    assert_int_equal(stats_nearest_rank(five, 5, 50), 3); /* rank ceil(2.5) = 3 */
    assert_int_equal(stats_nearest_rank(five, 5, 90), 5);
    const int64_t ten[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assert_int_equal(stats_nearest_rank(ten, 10, 90), 9); /* rank 9 exactly */
    assert_int_equal(stats_nearest_rank(ten, 10, 100), 10);
}

static void test_tenths_of_hour(void **state)
{
    (void)state;
    assert_int_equal(stats_tenths_of_hour(0), 0);
    assert_int_equal(stats_tenths_of_hour(5400), 15);
    assert_int_equal(stats_tenths_of_hour(179), 0);
    assert_int_equal(stats_tenths_of_hour(180), 1); /* 0.05 h rounds up */
    assert_int_equal(stats_tenths_of_hour(48 * 3600), 480);
}

static void test_checkup_due_days(void **state)
{
    (void)state;
    date_ymd due;
    assert_true(stats_checkup_due_on(ymd(2023, 10, 31), "4m", &due));
    assert_int_equal(date_compare(due, ymd(2024, 2, 29)), 0); /* clamped to February's end */
    assert_true(stats_checkup_due_on(ymd(2022, 10, 1), "18m", &due));
    assert_int_equal(date_compare(due, ymd(2024, 4, 1)), 0);
    assert_true(stats_checkup_due_on(ymd(2021, 3, 31), "3y", &due));
    assert_int_equal(date_compare(due, ymd(2024, 3, 31)), 0);
    assert_false(stats_checkup_due_on(ymd(2021, 3, 31), "5y", &due));
    assert_false(stats_checkup_due_on(ymd(2021, 3, 31), NULL, &due));
}

static void test_main_abuse_type_in_the_national_order(void **state)
{
    (void)state;
    char *psych_physical[] = {"psychological", "physical"};
    assert_string_equal(stats_main_abuse_type(psych_physical, 2), "physical");
    char *neglect_sexual[] = {"neglect", "sexual"};
    assert_string_equal(stats_main_abuse_type(neglect_sexual, 2), "sexual");
    char *psych_neglect[] = {"psychological", "neglect"};
    assert_string_equal(stats_main_abuse_type(psych_neglect, 2), "neglect");
    char *only_psych[] = {"psychological"};
    assert_string_equal(stats_main_abuse_type(only_psych, 1), "psychological");
    char *unknown[] = {"verbal"};
    assert_null(stats_main_abuse_type(unknown, 1));
    assert_null(stats_main_abuse_type(NULL, 0));
}

static void test_subject_stands_at_the_end_of_the_day(void **state)
{
    (void)state;
    date_ymd closed = ymd(2024, 3, 31), removed = ymd(2024, 4, 1), designated = ymd(2023, 6, 1);
    stats_subject_dates s = {.opened = ymd(2023, 5, 1), .added = ymd(2023, 5, 1)};
    assert_true(stats_subject_stands(&s, ymd(2023, 5, 1)));   /* opened that day */
    assert_false(stats_subject_stands(&s, ymd(2023, 4, 30))); /* not yet */
    s.designated = &designated;
    assert_false(stats_subject_stands(&s, ymd(2023, 5, 31))); /* designated later */
    assert_true(stats_subject_stands(&s, ymd(2023, 6, 1)));
    s.removed = &removed;
    assert_true(stats_subject_stands(&s, ymd(2024, 3, 31))); /* removed the day after */
    s.closed = &closed;
    assert_false(stats_subject_stands(&s, ymd(2024, 3, 31))); /* closed by the year's end */
    assert_true(stats_subject_stands(&s, ymd(2024, 3, 30)));
}

static void test_subject_registered(void **state)
{
    (void)state;
    date_ymd registered = ymd(2023, 7, 1), unregistered = ymd(2024, 4, 1);
    stats_subject_dates s = {.opened = ymd(2023, 5, 1), .added = ymd(2023, 5, 1)};
    assert_false(stats_subject_registered(&s, ymd(2024, 3, 31))); /* never */
    s.registered = &registered;
    s.youtaikyo = true;
    assert_false(stats_subject_registered(&s, ymd(2023, 6, 30)));
    assert_true(stats_subject_registered(&s, ymd(2023, 7, 1)));
    s.youtaikyo = false; /* unregistered since */
    assert_false(stats_subject_registered(&s, ymd(2024, 3, 31)));
    s.unregistered = &unregistered;
    assert_true(stats_subject_registered(&s, ymd(2024, 3, 31))); /* unregistered the day after */
    assert_false(stats_subject_registered(&s, ymd(2024, 4, 1)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_under3_by_completed_years),
        cmocka_unit_test(test_no_birth_date_is_unknown),
        cmocka_unit_test(test_school_entry_on_both_sides_of_april_1),
        cmocka_unit_test(test_grades_after_elementary),
        cmocka_unit_test(test_band_codes),
        cmocka_unit_test(test_extra_codes),
        cmocka_unit_test(test_nearest_rank),
        cmocka_unit_test(test_tenths_of_hour),
        cmocka_unit_test(test_checkup_due_days),
        cmocka_unit_test(test_main_abuse_type_in_the_national_order),
        cmocka_unit_test(test_subject_stands_at_the_end_of_the_day),
        cmocka_unit_test(test_subject_registered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
