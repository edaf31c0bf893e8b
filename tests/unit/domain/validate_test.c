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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_counts),
        cmocka_unit_test(test_utf8_invalid),
        cmocka_unit_test(test_phone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
