/* Search keys of a person. */
#include "domain/person_keys.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static void keys_of_a_full_record(void **state)
{
    (void)state;
    person_names n = {.family_name = "髙橋",
                      .given_name = "花子",
                      .family_name_kana = "タカハシ",
                      .given_name_kana = "ハナコ",
                      .birth_date = "2024-04-01"};
    person_keys k;
    assert_int_equal(person_keys_make(&n, &k), 0);
    assert_string_equal(k.keys[0], "タカハシハナコ");
    assert_string_equal(k.keys[1], "ハナコ");
    assert_string_equal(k.keys[2], "高橋花子"); /* variant kanji folded */
    assert_string_equal(k.keys[3], "花子");
    assert_string_equal(k.duplicate_key, "タカハシハナコ|2024-04-01");
    person_keys_free(&k);
}

static void keys_of_a_child_named_in_a_call(void **state)
{
    (void)state;
    /* Only the surname is known; no birth date, so no duplicate key. */
    person_names n = {.family_name = "林", .family_name_kana = "ハヤシ"};
    person_keys k;
    assert_int_equal(person_keys_make(&n, &k), 0);
    assert_string_equal(k.keys[0], "ハヤシ");
    assert_string_equal(k.keys[1], "");
    assert_string_equal(k.keys[2], "林");
    assert_string_equal(k.keys[3], "");
    assert_null(k.duplicate_key);
    person_keys_free(&k);
}

static void invalid_utf8_is_refused(void **state)
{
    (void)state;
    person_names n = {.family_name = "\xff\xfe", .family_name_kana = "ア"};
    person_keys k;
    assert_int_equal(person_keys_make(&n, &k), -1);
    assert_null(k.keys[0]);
}

static void first_match_lists_a_person_once(void **state)
{
    (void)state;
    /* 田中 太郎: keys タナカタロウ and タロウ both start with タ. */
    person_names n = {.family_name = "田中",
                      .given_name = "太郎",
                      .family_name_kana = "タナカ",
                      .given_name_kana = "タロウ"};
    person_keys k;
    assert_int_equal(person_keys_make(&n, &k), 0);
    assert_true(person_keys_first_match(&k, "タ", "タナカタロウ"));
    assert_false(person_keys_first_match(&k, "タ", "タロウ"));
    /* With a longer prefix only one key matches, and it is the first. */
    assert_true(person_keys_first_match(&k, "タロ", "タロウ"));
    assert_true(person_keys_first_match(&k, "田", "田中太郎"));
    person_keys_free(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keys_of_a_full_record),
        cmocka_unit_test(keys_of_a_child_named_in_a_call),
        cmocka_unit_test(invalid_utf8_is_refused),
        cmocka_unit_test(first_match_lists_a_person_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
