/* tests/unit/domain/kana_test.c: src/domain/kana.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "domain/kana.h"

/* The variant table itself, to check its order and every entry through the public API. */
typedef struct {
    uint32_t from, to;
} variant_pair;

static const variant_pair variants[] = {
#include "domain/kana_variants.inc"
};

static void expect_normal(const char *in, const char *want)
{
    char *got = kana_normalize(in, strlen(in));
    if (got == NULL)
        fail_msg("kana_normalize(\"%s\") = NULL", in);
    if (strcmp(got, want) != 0) {
        fail_msg("kana_normalize(\"%s\") = \"%s\", want \"%s\"", in, got, want);
    }
    free(got);
}

static void expect_normal_null(const char *in, size_t len)
{
    char *got = kana_normalize(in, len);
    if (got != NULL) {
        free(got);
        fail_msg("kana_normalize accepted bad input");
    }
}

static char *key(const char *in)
{
    char *k = kana_search_key(in, strlen(in));
    if (k == NULL)
        fail_msg("kana_search_key(\"%s\") = NULL", in);
    return k;
}

static void expect_key(const char *in, const char *want)
{
    char *got = key(in);
    if (strcmp(got, want) != 0)
        fail_msg("kana_search_key(\"%s\") = \"%s\", want \"%s\"", in, got, want);
    free(got);
}

static bool is_prefix_key(const char *query, const char *stored)
{
    char *q = key(query), *s = key(stored);
    bool yes = strncmp(s, q, strlen(q)) == 0;
    free(q);
    free(s);
    return yes;
}

static void test_normalize_width_and_kind(void **state)
{
    (void)state;
    expect_normal("ｻﾄｳ ﾊﾅｺ", "サトウ ハナコ");
    expect_normal("さとう", "サトウ");
    expect_normal("サトウ", "サトウ");
    expect_normal("ｶﾞ", "ガ"); /* combining dakuten composed */
    expect_normal("ﾊﾟﾋﾟﾌﾟ", "パピプ");
    expect_normal("ｶﾞｯｺｳ", "ガッコウ");
    expect_normal("ゔぁいおりん", "ヴァイオリン");
    expect_normal("ｼﾞｮﾝ･ｽﾐｽ", "ジョン・スミス");
    expect_normal("ｽｰﾊﾟｰ", "スーパー");
    expect_normal("すゞき", "スヾキ");
    expect_normal("ゕゖ", "ヵヶ");
    expect_normal("ゟ", "ヨリ"); /* NFKC makes hiragana: converted after it too */
    expect_normal("か゛", "ガ"); /* spacing dakuten after a kana */
    expect_normal("ﾊ゜", "パ");
    expect_normal("わ゛", "ヷ");       /* composes only once in katakana */
    expect_normal("ＳＡＴＯ", "SATO"); /* width folded, case kept */
    expect_normal("", "");
}

static void test_normalize_spaces(void **state)
{
    (void)state;
    expect_normal("さとう　はなこ", "サトウ ハナコ");
    expect_normal("  さとう　 　はなこ  ", "サトウ ハナコ");
    expect_normal("　サトウ　", "サトウ");
    expect_normal("サトウ\xc2\xa0\xe2\x80\x83ハナコ", "サトウ ハナコ"); /* NBSP, EM SPACE */
    expect_normal("   ", "");
    expect_normal("ﾀﾅｶ ﾀﾛｳ ｼﾞﾛｳ", "タナカ タロウ ジロウ");
}

static void test_normalize_rejects(void **state)
{
    (void)state;
    expect_normal_null("\xff", 1);
    expect_normal_null("ｻﾄｳ\xe3\x81", 8);  /* truncated at the end */
    expect_normal_null("\xc0\xb0", 2);     /* overlong */
    expect_normal_null("\xed\xa0\x80", 3); /* surrogate */
    expect_normal_null("サトウ\tハナコ", strlen("サトウ\tハナコ"));
    expect_normal_null("サトウ\n", strlen("サトウ\n"));
    expect_normal_null("サトウ\x7f", strlen("サトウ\x7f"));
    expect_normal_null("\xc2\x85", 2); /* U+0085, a C1 control */
    expect_normal_null("サ\0ト", 7);   /* embedded NUL */
    expect_normal_null(NULL, 0);
    /* only len bytes are read */
    char *s = kana_normalize("さとうXYZ", 9);
    assert_non_null(s);
    assert_string_equal(s, "サトウ");
    free(s);
}

static void test_normalized_is_katakana(void **state)
{
    (void)state;
    const char *inputs[] = {"ｻﾄｳ ﾊﾅｺ",  "さとう　はなこ", "ゔぁいおりん",
                            "ｼﾞｮﾝ･ｽﾐｽ", "すゞき",         "ﾊﾟｰﾙ"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        char *s = kana_normalize(inputs[i], strlen(inputs[i]));
        assert_non_null(s);
        if (!kana_is_katakana(s))
            fail_msg("normalised \"%s\" -> \"%s\" is not katakana", inputs[i], s);
        free(s);
    }
}

static void test_is_katakana(void **state)
{
    (void)state;
    assert_true(kana_is_katakana("サトウ ハナコ"));
    assert_true(kana_is_katakana("ヴァイオリン"));
    assert_true(kana_is_katakana("ジョン・スミス"));
    assert_true(kana_is_katakana("スヾキ"));
    assert_true(kana_is_katakana("ァヺ")); /* U+30A1, U+30FA: the ends of the range */
    assert_true(kana_is_katakana("ヵヶ"));
    assert_false(kana_is_katakana("さとう"));
    assert_false(kana_is_katakana("ｻﾄｳ"));
    assert_false(kana_is_katakana("佐藤"));
    assert_false(kana_is_katakana("サトウA"));
    assert_false(kana_is_katakana("サトウ　ハナコ")); /* U+3000 is not the stored space */
    assert_false(kana_is_katakana("ヿ"));             /* U+30FF */
    assert_false(kana_is_katakana("゠"));             /* U+30A0 */
    assert_false(kana_is_katakana("ア\xe3\x82\x99")); /* a lone combining dakuten */
    assert_false(kana_is_katakana("サトウ-ハナコ"));
    assert_false(kana_is_katakana("サ\xff"));
    assert_false(kana_is_katakana(""));
    assert_false(kana_is_katakana(NULL));
}

static void test_search_key_spec(void **state)
{
    (void)state;
    expect_key("髙橋　花子", "高橋花子");
    expect_key("高橋花子", "高橋花子");
    expect_key("ﾀﾅｶ", "タナカ");
    expect_key("たなか", "タナカ");
    expect_key("タナカ", "タナカ");
    expect_key("ＡＢＣ", "abc");
    expect_key("abc", "abc");
    expect_key("AbC", "abc");
    expect_key("ｶﾞｸ", "ガク");
    expect_key("がく", "ガク");
    expect_key("か゛く", "ガク");
    expect_key("ｻﾄｳ ﾊﾅｺ", "サトウハナコ");
    expect_key("", "");
    expect_key(" \t\n ", "");
}

static void test_search_key_variants(void **state)
{
    (void)state;
    expect_key("山﨑", "山崎");
    expect_key("宮嵜", "宮崎");
    expect_key("渡邊", "渡辺");
    expect_key("渡邉", "渡辺");
    expect_key("齋藤", "斎藤");
    expect_key("齊藤", "斎藤");
    /* 斉 is another character, but the counter's most common mix-up: folded on purpose (issue 8) */
    expect_key("斉藤", "斎藤");
    expect_key("斎藤", "斎藤");
    expect_key("さいとう", "サイトウ");
    expect_key("斉", "斎"); /* a one-character prefix of 齋藤 as typed */
    expect_key("濵田", "浜田");
    expect_key("濱田", "浜田");
    expect_key("櫻井", "桜井");
    expect_key("澤田", "沢田");
    expect_key("德永", "徳永");
    expect_key("𠮷田", "吉田");
    expect_key("髙槗", "高橋");
    expect_key("\xef\xa7\x9c", "隆");           /* U+F9DC, folded by NFKC */
    expect_key("\xef\xa8\x90", "塚");           /* U+FA10, folded by NFKC */
    expect_key("葛\xf3\xa0\x84\x81城", "葛城"); /* variation selector U+E0101 */
    expect_key("辻\xef\xb8\x80", "辻");         /* variation selector U+FE00 */
    expect_key("佐藤", "佐藤");
}

static void test_search_key_whitespace_and_controls(void **state)
{
    (void)state;
    expect_key("田中　太郎", "田中太郎");
    expect_key("  田中 \t 太郎\r\n", "田中太郎");
    expect_key("田中\xc2\xa0太郎", "田中太郎");     /* NBSP */
    expect_key("田中\xe2\x80\x83太郎", "田中太郎"); /* EM SPACE */
    expect_key("田中\xe2\x80\xa8太郎", "田中太郎"); /* LINE SEPARATOR */
    expect_key("田中\xe2\x80\x8b太郎", "田中太郎"); /* ZERO WIDTH SPACE */
    expect_key("田中\x01太郎", "田中太郎");
    char *k = kana_search_key("田\0中", 7);
    assert_non_null(k);
    assert_string_equal(k, "田中");
    free(k);
}

static void test_search_key_invalid(void **state)
{
    (void)state;
    assert_null(kana_search_key("\xff", 1));
    assert_null(kana_search_key("田中\xe7", 7));
    assert_null(kana_search_key("\xc0\xaf", 2));
    assert_null(kana_search_key(NULL, 0));
}

static void test_search_key_prefixes(void **state)
{
    (void)state;
    assert_true(is_prefix_key("林", "林 花子"));
    assert_true(is_prefix_key("田中", "田中　太郎"));
    assert_false(is_prefix_key("田中た", "田中 太郎"));
    assert_true(is_prefix_key("髙", "高橋花子"));
    assert_true(is_prefix_key("高", "髙橋花子"));
    assert_true(is_prefix_key("たな", "ﾀﾅｶ ﾊﾅｺ"));
    assert_true(is_prefix_key("ﾀﾅｶﾊ", "たなか はなこ"));
    assert_true(is_prefix_key("タナカ　ハ", "ﾀﾅｶﾊﾅｺ"));
    assert_false(is_prefix_key("カ", "ガッコウ")); /* カ and ガ differ */
    assert_false(is_prefix_key("田村", "田中太郎"));
}

static void test_variant_table(void **state)
{
    (void)state;
    size_t n = sizeof variants / sizeof variants[0];
    assert_true(n >= 30);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && variants[i - 1].from >= variants[i].from)
            fail_msg("table not sorted at U+%04X", (unsigned)variants[i].from);
        utf8proc_uint8_t from[5] = {0}, to[5] = {0};
        utf8proc_ssize_t from_len = utf8proc_encode_char((utf8proc_int32_t)variants[i].from, from);
        utf8proc_ssize_t to_len = utf8proc_encode_char((utf8proc_int32_t)variants[i].to, to);
        assert_true(to_len <= from_len);
        for (size_t j = 0; j < n; j++) {
            if (variants[j].from == variants[i].to)
                fail_msg("U+%04X is both a target and a source", (unsigned)variants[i].to);
        }
        /* every entry is found by the binary search, and the target is left alone */
        expect_key((const char *)from, (const char *)to);
        expect_key((const char *)to, (const char *)to);
    }
}

static void test_no_leak_on_many_calls(void **state)
{
    (void)state;
    /* run under valgrind / ASan: every result is freed here */
    for (int i = 0; i < 200; i++) {
        char *a = kana_normalize("ｻﾄｳ ﾊﾅｺ", strlen("ｻﾄｳ ﾊﾅｺ"));
        char *b = kana_search_key("髙橋　花子", strlen("髙橋　花子"));
        assert_non_null(a);
        assert_non_null(b);
        free(a);
        free(b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize_width_and_kind),
        cmocka_unit_test(test_normalize_spaces),
        cmocka_unit_test(test_normalize_rejects),
        cmocka_unit_test(test_normalized_is_katakana),
        cmocka_unit_test(test_is_katakana),
        cmocka_unit_test(test_search_key_spec),
        cmocka_unit_test(test_search_key_variants),
        cmocka_unit_test(test_search_key_whitespace_and_controls),
        cmocka_unit_test(test_search_key_invalid),
        cmocka_unit_test(test_search_key_prefixes),
        cmocka_unit_test(test_variant_table),
        cmocka_unit_test(test_no_leak_on_many_calls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
