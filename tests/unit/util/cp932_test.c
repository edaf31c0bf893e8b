/* tests/unit/util/cp932_test.c: src/util/cp932.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util/cp932.h"

/* The code points of a UTF-8 text, compared one by one with want. */
static void expect_code_points(const char *text, size_t len, const int32_t *want, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < len; count++) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &c);
        assert_true(k > 0);
        assert_true(count < n);
        assert_int_equal(c, want[count]);
        i += (size_t)k;
    }
    assert_int_equal(count, n);
}

/* The characters where CP932 and JIS Shift_JIS differ: ～ U+FF5E (not 〜 U+301C), － U+FF0D
 * (not − U+2212), ① U+2460 (NEC special), 髙 U+9AD9 (IBM extension). */
static void test_decode_cp932_specials(void **state)
{
    (void)state;
    const char bytes[] = "\x81\x60\x81\x7C\x87\x40\xFB\xFC";
    char *out = NULL;
    size_t out_len = 0, bad = 99;
    assert_int_equal(cp932_to_utf8(bytes, 8, &out, &out_len, &bad), 0);
    const int32_t want[] = {0xFF5E, 0xFF0D, 0x2460, 0x9AD9};
    expect_code_points(out, out_len, want, 4);
    assert_string_equal(out, "～－①髙");
    assert_int_equal(bad, 99);
    free(out);
}

static void test_decode_text(void **state)
{
    (void)state;
    /* 山田花子, half-width ｱ, full-width ア, and ASCII with \ and ~ kept as they are */
    const char bytes[] = "\x8E\x52\x93\x63\x89\xD4\x8E\x71\xB1\x83\x41,a\\~";
    char *out = NULL;
    size_t out_len = 0;
    assert_int_equal(cp932_to_utf8(bytes, strlen(bytes), &out, &out_len, NULL), 0);
    assert_string_equal(out, "山田花子ｱア,a\\~");
    assert_int_equal(out_len, strlen("山田花子ｱア,a\\~"));
    free(out);
    assert_int_equal(cp932_to_utf8("", 0, &out, &out_len, NULL), 0);
    assert_string_equal(out, "");
    assert_int_equal(out_len, 0);
    free(out);
}

static void expect_decode_refused(const char *bytes, size_t len, size_t want_offset)
{
    char *out = (char *)"x";
    size_t bad = 99;
    assert_int_equal(cp932_to_utf8(bytes, len, &out, NULL, &bad), -1);
    assert_null(out);
    assert_int_equal(bad, want_offset);
}

static void test_decode_invalid(void **state)
{
    (void)state;
    expect_decode_refused("ab\x80", 3, 2);       /* 0x80 is no CP932 byte */
    expect_decode_refused("\x8E\x52\xA0", 3, 2); /* nor 0xA0 */
    expect_decode_refused("abc\xFD", 4, 3);      /* nor 0xFD..0xFF */
    expect_decode_refused("a\x81\x20z", 4, 1);   /* a lead byte and no trail byte */
    expect_decode_refused("\x8E\x52"
                          "a\x81",
                          4, 3); /* a lead byte at the end */
}

static void test_detect(void **state)
{
    (void)state;
    assert_int_equal(cp932_detect("", 0), CP932_TEXT_UTF8);
    assert_int_equal(cp932_detect("id,name", 7), CP932_TEXT_UTF8);
    assert_int_equal(cp932_detect("山田", 6), CP932_TEXT_UTF8);
    assert_int_equal(cp932_detect("\xEF\xBB\xBF山田", 9), CP932_TEXT_UTF8);
    assert_int_equal(cp932_detect("\x8E\x52\x93\x63", 4), CP932_TEXT_CP932);
    /* ～－①髙 in CP932 is not UTF-8 */
    assert_int_equal(cp932_detect("\x81\x60\x81\x7C\x87\x40\xFB\xFC", 8), CP932_TEXT_CP932);
    assert_int_equal(cp932_bom_len("\xEF\xBB\xBFx", 4), 3);
    assert_int_equal(cp932_bom_len("\xEF\xBB", 2), 0);
    assert_int_equal(cp932_bom_len("abc", 3), 0);
}

static void test_is_utf8(void **state)
{
    (void)state;
    size_t bad = 99;
    assert_true(cp932_is_utf8("𠮷野家", strlen("𠮷野家"), &bad));
    assert_int_equal(bad, 99);
    assert_false(cp932_is_utf8("ab\xC0\xAF", 4, &bad)); /* an overlong '/' */
    assert_int_equal(bad, 2);
    assert_false(cp932_is_utf8("\xED\xA0\x80", 3, &bad)); /* a surrogate */
    assert_int_equal(bad, 0);
    assert_false(cp932_is_utf8("a\xF4\x90\x80\x80", 5, &bad)); /* past U+10FFFF */
    assert_int_equal(bad, 1);
    assert_false(cp932_is_utf8("山\xE7\x94", 5, &bad)); /* cut short */
    assert_int_equal(bad, 3);
}

static void test_encode(void **state)
{
    (void)state;
    char *out = NULL;
    size_t out_len = 0, replaced = 99;
    assert_int_equal(
        cp932_from_utf8("～－①髙橋", strlen("～－①髙橋"), &out, &out_len, &replaced, NULL), 0);
    assert_int_equal(out_len, 10);
    assert_memory_equal(out, "\x81\x60\x81\x7C\x87\x40\xFB\xFC\x8B\xB4", 10);
    assert_int_equal(replaced, 0);
    free(out);

    /* 𠮷 (U+20BB7) is not in CP932: 〓, counted */
    assert_int_equal(cp932_from_utf8("𠮷野家", strlen("𠮷野家"), &out, &out_len, &replaced, NULL),
                     0);
    assert_int_equal(out_len, 6);
    assert_memory_equal(out, CP932_GETA "\x96\xEC\x89\xC6", 6);
    assert_int_equal(replaced, 1);
    free(out);

    /* two lacking characters (𠮷, é) and ASCII around them */
    assert_int_equal(cp932_from_utf8("a𠮷bé", strlen("a𠮷bé"), &out, &out_len, &replaced, NULL), 0);
    assert_string_equal(out, "a" CP932_GETA "b" CP932_GETA);
    assert_int_equal(replaced, 2);
    free(out);

    assert_int_equal(cp932_from_utf8("", 0, &out, &out_len, &replaced, NULL), 0);
    assert_string_equal(out, "");
    assert_int_equal(replaced, 0);
    free(out);
}

static void test_encode_invalid(void **state)
{
    (void)state;
    char *out = (char *)"x";
    size_t replaced = 99, bad = 99;
    assert_int_equal(cp932_from_utf8("ok\x8E\x52", 4, &out, NULL, &replaced, &bad), -1);
    assert_null(out);
    assert_int_equal(bad, 2);
    assert_int_equal(replaced, 0);
}

/* What is decoded from CP932 encodes back to the same bytes. */
static void test_round_trip(void **state)
{
    (void)state;
    const char bytes[] = "\x81\x60\x81\x7C\x87\x40\xFB\xFC\x8E\x52\x93\x63\xB1,\"x\"\r\n";
    size_t len = strlen(bytes);
    char *utf8 = NULL, *back = NULL;
    size_t utf8_len = 0, back_len = 0, replaced = 99;
    assert_int_equal(cp932_to_utf8(bytes, len, &utf8, &utf8_len, NULL), 0);
    assert_int_equal(cp932_from_utf8(utf8, utf8_len, &back, &back_len, &replaced, NULL), 0);
    assert_int_equal(back_len, len);
    assert_memory_equal(back, bytes, len);
    assert_int_equal(replaced, 0);
    free(utf8);
    free(back);
}

/* The cells of a CP932 export that hold a character CP932 lacks (they get a 〓) are told apart. */
static void test_lacks_any(void **state)
{
    (void)state;
    assert_true(cp932_lacks_any("𠮷野"));
    assert_true(cp932_lacks_any("café"));
    assert_false(cp932_lacks_any("髙橋～－①"));
    assert_false(cp932_lacks_any("ｶﾀｶﾅ abc"));
    assert_false(cp932_lacks_any(""));
    assert_true(cp932_lacks_any("\x8E\x52")); /* not UTF-8 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_cp932_specials),
        cmocka_unit_test(test_decode_text),
        cmocka_unit_test(test_decode_invalid),
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_is_utf8),
        cmocka_unit_test(test_encode),
        cmocka_unit_test(test_encode_invalid),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_lacks_any),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
