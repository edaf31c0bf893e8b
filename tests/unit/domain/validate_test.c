/* tests/unit/domain/validate_test.c: src/domain/validate.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/validate.h"

static long chars(const char *s)
{
    return validate_utf8_chars(s, strlen(s));
}

static void test_utf8_counts(void **state)
{
    (void)state;
    assert_int_equal(chars(""), 0);
    assert_int_equal(chars("abc"), 3);
    assert_int_equal(chars("高橋 花子"), 5);
    assert_int_equal(chars("ｻﾄｳ"), 3);
    assert_int_equal(chars("𠮷田"), 2);             /* 4-byte sequence */
    assert_int_equal(chars("\xc2\xa9"), 1);         /* U+00A9 */
    assert_int_equal(chars("\xef\xbf\xbf"), 1);     /* U+FFFF, a noncharacter but valid */
    assert_int_equal(chars("\xf4\x8f\xbf\xbf"), 1); /* U+10FFFF */
    assert_int_equal(chars("\xed\x9f\xbf"), 1);     /* U+D7FF, just below the surrogates */
    assert_int_equal(validate_utf8_chars("a\0b", 3), 3);
    assert_int_equal(validate_utf8_chars("高橋", 3), 1); /* only len bytes */
    assert_int_equal(validate_utf8_chars(NULL, 0), 0);
}

static void test_utf8_invalid(void **state)
{
    (void)state;
    const char *bad[] = {
        "\x80",             /* lone continuation */
        "\xc3",             /* truncated */
        "\xe9\xab",         /* truncated */
        "\xc0\x80",         /* overlong NUL */
        "\xc1\xbf",         /* overlong */
        "\xe0\x9f\xbf",     /* overlong 3-byte */
        "\xf0\x8f\xbf\xbf", /* overlong 4-byte */
        "\xed\xa0\x80",     /* surrogate U+D800 */
        "\xed\xbf\xbf",     /* surrogate U+DFFF */
        "\xf4\x90\x80\x80", /* U+110000 */
        "\xf5\x80\x80\x80", /* beyond */
        "\xff",             /* never valid */
        "ab\xe3\x81",       /* valid start, truncated end */
        "\xe3\x41\x82",     /* bad continuation */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (chars(bad[i]) != -1)
            fail_msg("accepted bad[%zu]", i);
    }
    assert_int_equal(validate_utf8_chars("高橋", 2), -1); /* cut inside a character */
    assert_int_equal(validate_utf8_chars(NULL, 1), -1);
}

static void test_phone(void **state)
{
    (void)state;
    assert_true(validate_phone("042-438-4000"));
    assert_true(validate_phone("090 1234 5678"));
    assert_true(validate_phone("+81-42-438-4000"));
    assert_true(validate_phone("(042)438-4000"));
    assert_true(validate_phone("0"));
    assert_true(validate_phone("12345678901234567890"));   /* 20 */
    assert_false(validate_phone("123456789012345678901")); /* 21 */
    assert_false(validate_phone(""));
    assert_false(validate_phone("   "));
    assert_false(validate_phone("+-()"));
    assert_false(validate_phone("042-438-4000 ext.1"));
    assert_false(validate_phone("０４２"));
    assert_false(validate_phone("042\t438"));
    assert_false(validate_phone("042-438-4000\n"));
    assert_false(validate_phone(NULL));
}

static long one_line(const char *s)
{
    return validate_text_refused_at(s, strlen(s), false);
}

static long free_text(const char *s)
{
    return validate_text_refused_at(s, strlen(s), true);
}

static void test_text_allowed(void **state)
{
    (void)state;
    const char *clean[] = {
        "",
        "山田 花子",
        "ヤマダ　ハナコ",           /* U+3000 ideographic space */
        "東京都西東京市南町5-6-13", /* digits, hyphens */
        "ｻﾄｳ",                      /* half-width katakana */
        "𠮷田",                     /* outside the BMP */
        "辻\xef\xb8\x80",           /* variation selector U+FE00: part of how the name is written */
        "\xc2\xa0",                 /* U+00A0 no-break space: just above C1 */
        "\xe2\x80\x8a",             /* U+200A hair space: just below U+200B */
        "\xe2\x80\x90",             /* U+2010 hyphen: just above U+200F */
        "\xe2\x80\xaf",             /* U+202F narrow no-break space: just above U+202E */
        "\xe2\x81\xa5",             /* U+2065 (unassigned): just below U+2066 */
        "\xe2\x81\xaa",             /* U+206A: just above U+2069 */
        "\xef\xbb\xbe",             /* U+FEFE: just below U+FEFF */
        "~",                        /* U+007E: just below DEL */
    };
    for (size_t i = 0; i < sizeof clean / sizeof clean[0]; i++) {
        if (one_line(clean[i]) != -1)
            fail_msg("one line refused clean[%zu]", i);
        if (free_text(clean[i]) != -1)
            fail_msg("free text refused clean[%zu]", i);
    }
    assert_int_equal(validate_text_refused_at(NULL, 0, false), -1);
}

static void test_text_refused_in_one_line(void **state)
{
    (void)state;
    /* Each refused character at the third position: the answer is its index, 2. */
    const char *refused[] = {
        "山田\x01",         "山田\t",
        "山田\n",           "山田\r",
        "山田\x1f",         "山田\x7f",
        "山田\xc2\x80",     /* U+0080 */ "山田\xc2\x85", /* U+0085 NEL */
        "山田\xc2\x9f",                                  /* U+009F */
        "山田\xe2\x80\x8b",                              /* U+200B zero-width space */
        "山田\xe2\x80\x8c",                              /* U+200C */
        "山田\xe2\x80\x8d",                              /* U+200D */
        "山田\xe2\x80\x8e",                              /* U+200E LRM */
        "山田\xe2\x80\x8f",                              /* U+200F RLM */
        "山田\xe2\x80\xa8",                              /* U+2028 line separator */
        "山田\xe2\x80\xa9",                              /* U+2029 paragraph separator */
        "山田\xe2\x80\xaa",                              /* U+202A */
        "山田\xe2\x80\xae",                              /* U+202E right-to-left override */
        "山田\xe2\x81\xa6",                              /* U+2066 */
        "山田\xe2\x81\xa9",                              /* U+2069 */
        "山田\xef\xbb\xbf",                              /* U+FEFF */
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        if (one_line(refused[i]) != 2)
            fail_msg("refused[%zu]: %ld", i, one_line(refused[i]));
    }
    assert_int_equal(one_line("\xe2\x80\xae"), 0);
    assert_int_equal(one_line("𠮷田\xe2\x80\x8b花子\xe2\x80\xae"), 2); /* the first one */
    assert_int_equal(validate_text_refused_at("ab\0c", 4, false), 2);  /* NUL */
    assert_int_equal(validate_text_refused_at("ab\xe3", 3, false), 2); /* malformed */
}

static void test_text_free_text(void **state)
{
    (void)state;
    /* Line breaks, tabs, joiners (emoji sequences), separators and U+FEFF are kept. */
    assert_int_equal(free_text("一行目\r\n二行目\t終わり"), -1);
    assert_int_equal(free_text("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7"),
                     -1); /* 👩‍👧 */
    assert_int_equal(free_text("a\xe2\x80\x8b"
                               "b\xe2\x80\x8c"
                               "c\xe2\x80\xa8"
                               "d\xef\xbb\xbf"),
                     -1);
    /* Other controls and whatever changes direction are refused. */
    assert_int_equal(free_text("ab\x01"), 2);
    assert_int_equal(free_text("ab\x7f"), 2);
    assert_int_equal(free_text("ab\xc2\x85"), 2);
    assert_int_equal(free_text("ab\xe2\x80\x8e"), 2);
    assert_int_equal(free_text("ab\xe2\x80\x8f"), 2);
    assert_int_equal(free_text("ab\xe2\x80\xaa"), 2);
    assert_int_equal(free_text("ab\xe2\x80\xae"), 2);
    assert_int_equal(free_text("ab\xe2\x81\xa6"), 2);
    assert_int_equal(free_text("ab\xe2\x81\xa9"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_counts),
        cmocka_unit_test(test_utf8_invalid),
        cmocka_unit_test(test_phone),
        cmocka_unit_test(test_text_allowed),
        cmocka_unit_test(test_text_refused_in_one_line),
        cmocka_unit_test(test_text_free_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
