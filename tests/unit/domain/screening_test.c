/* tests/unit/domain/screening_test.c: src/domain/screening.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "domain/screening.h"

/* Scores and expects success; the result is poisoned first so that every field must be written. */
static screening_result score_ok(screening_instrument s, const int *answers, int count,
                                 int threshold)
{
    screening_result r;
    memset(&r, 0x5a, sizeof r);
    int bad = 77;
    int rc = screening_score(s, answers, count, threshold, &r, &bad);
    if (rc != 0)
        fail_msg("screening_score returned %d (bad_index %d)", rc, bad);
    assert_int_equal(bad, -1);
    assert_int_equal(r.item_count, count);
    return r;
}

static void assert_items(const screening_result *r, const int *expected, int n)
{
    assert_int_equal(r->item_count, n);
    int sum = 0;
    for (int i = 0; i < n; i++) {
        if (r->item_scores[i] != expected[i])
            fail_msg("item %d scored %d, expected %d", i + 1, r->item_scores[i], expected[i]);
        sum += expected[i];
    }
    assert_int_equal(r->score, sum);
}

static void assert_flag(const screening_result *r, int i, const char *code, const char *label)
{
    assert_true(i < r->flag_count);
    assert_string_equal(r->flags[i].code, code);
    assert_string_equal(r->flags[i].label, label);
}

static void test_instruments(void **state)
{
    (void)state;
    assert_int_equal(screening_from_code("epds"), SCREEN_EPDS);
    assert_int_equal(screening_from_code("bonding"), SCREEN_BONDING);
    assert_int_equal(screening_from_code("ikuji_support"), SCREEN_IKUJI_SUPPORT);
    assert_int_equal(screening_from_code("EPDS"), SCREEN_NONE);
    assert_int_equal(screening_from_code("epds "), SCREEN_NONE);
    assert_int_equal(screening_from_code(""), SCREEN_NONE);
    assert_int_equal(screening_from_code(NULL), SCREEN_NONE);

    assert_string_equal(screening_code(SCREEN_EPDS), "epds");
    assert_string_equal(screening_code(SCREEN_BONDING), "bonding");
    assert_string_equal(screening_code(SCREEN_IKUJI_SUPPORT), "ikuji_support");
    assert_null(screening_code(SCREEN_NONE));
    assert_null(screening_code((screening_instrument)3));

    assert_string_equal(screening_label(SCREEN_EPDS), "エジンバラ産後うつ病質問票（EPDS）");
    assert_string_equal(screening_label(SCREEN_BONDING), "赤ちゃんへの気持ち質問票");
    assert_string_equal(screening_label(SCREEN_IKUJI_SUPPORT), "育児支援チェックリスト");
    assert_null(screening_label(SCREEN_NONE));

    assert_int_equal(screening_item_count(SCREEN_EPDS), 10);
    assert_int_equal(screening_item_count(SCREEN_BONDING), 10);
    assert_int_equal(screening_item_count(SCREEN_IKUJI_SUPPORT), 9);
    assert_int_equal(screening_item_count(SCREEN_NONE), 0);
    assert_int_equal(screening_option_count(SCREEN_EPDS), 4);
    assert_int_equal(screening_option_count(SCREEN_BONDING), 4);
    assert_int_equal(screening_option_count(SCREEN_IKUJI_SUPPORT), 2);
    assert_int_equal(screening_option_count(SCREEN_NONE), 0);
}

/* All index 0: items 3, 5, 6, 7, 8, 9, 10 are reverse-scored, 7 × 3 = 21. */
static void test_epds_all_zero(void **state)
{
    (void)state;
    const int a[10] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    screening_result r = score_ok(SCREEN_EPDS, a, 10, -1);
    assert_items(&r, (const int[]){0, 0, 3, 0, 3, 3, 3, 3, 3, 3}, 10);
    assert_int_equal(r.score, 21);
    assert_int_equal(r.flag_count, 2);
    assert_flag(&r, 0, "epds_high", "EPDS 9点以上");
    assert_flag(&r, 1, "epds_self_harm", "自傷の考え（項目10）");
}

/* All index 3: items 1, 2, 4 score 3 each = 9; item 10 scores 0. */
static void test_epds_all_three(void **state)
{
    (void)state;
    const int a[10] = {3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
    screening_result r = score_ok(SCREEN_EPDS, a, 10, -1);
    assert_items(&r, (const int[]){3, 3, 0, 3, 0, 0, 0, 0, 0, 0}, 10);
    assert_int_equal(r.score, 9);
    assert_int_equal(r.flag_count, 1);
    assert_flag(&r, 0, "epds_high", "EPDS 9点以上");
}

/* The cut-off 8/9: 8 gives no flag, 9 does. Item 10 at index 3 (score 0) throughout. */
static void test_epds_cutoff(void **state)
{
    (void)state;
    /* items: 1→2, 2→1, 3 idx 2→1, 4→0, 5 idx 1→2, 6 idx 3→0, 7 idx 3→0, 8 idx 1→2, 9 idx 3→0,
     * 10 idx 3→0: 2+1+1+0+2+0+0+2+0+0 = 8 */
    const int eight[10] = {2, 1, 2, 0, 1, 3, 3, 1, 3, 3};
    screening_result r = score_ok(SCREEN_EPDS, eight, 10, -1);
    assert_items(&r, (const int[]){2, 1, 1, 0, 2, 0, 0, 2, 0, 0}, 10);
    assert_int_equal(r.score, 8);
    assert_int_equal(r.flag_count, 0);

    /* the same with item 4 at index 1 → 1: 9 */
    const int nine[10] = {2, 1, 2, 1, 1, 3, 3, 1, 3, 3};
    r = score_ok(SCREEN_EPDS, nine, 10, -1);
    assert_items(&r, (const int[]){2, 1, 1, 1, 2, 0, 0, 2, 0, 0}, 10);
    assert_int_equal(r.score, 9);
    assert_int_equal(r.flag_count, 1);
    assert_flag(&r, 0, "epds_high", "EPDS 9点以上");

    /* the same 9 reached through a reverse item instead (item 9 at index 2 → 1) */
    const int nine_rev[10] = {2, 1, 2, 0, 1, 3, 3, 1, 2, 3};
    r = score_ok(SCREEN_EPDS, nine_rev, 10, -1);
    assert_int_equal(r.score, 9);
    assert_int_equal(r.item_scores[8], 1);
    assert_int_equal(r.flag_count, 1);
}

/* Item 10 is reverse-scored: index 3 scores 0 (no flag), index 2 scores 1 (self-harm). */
static void test_epds_self_harm(void **state)
{
    (void)state;
    /* otherwise minimal: forward items at 0, reverse items at 3 */
    const int none[10] = {0, 0, 3, 0, 3, 3, 3, 3, 3, 3};
    screening_result r = score_ok(SCREEN_EPDS, none, 10, -1);
    assert_int_equal(r.score, 0);
    assert_int_equal(r.flag_count, 0);

    const int some[10] = {0, 0, 3, 0, 3, 3, 3, 3, 3, 2};
    r = score_ok(SCREEN_EPDS, some, 10, -1);
    assert_int_equal(r.item_scores[9], 1);
    assert_int_equal(r.score, 1);
    assert_int_equal(r.flag_count, 1);
    assert_flag(&r, 0, "epds_self_harm", "自傷の考え（項目10）");

    const int often[10] = {0, 0, 3, 0, 3, 3, 3, 3, 3, 0};
    r = score_ok(SCREEN_EPDS, often, 10, -1);
    assert_int_equal(r.item_scores[9], 3);
    assert_int_equal(r.flag_count, 1);
    assert_flag(&r, 0, "epds_self_harm", "自傷の考え（項目10）");

    /* a high score with a 0 on item 10 flags only epds_high */
    const int high[10] = {3, 3, 0, 3, 3, 3, 3, 3, 3, 3};
    r = score_ok(SCREEN_EPDS, high, 10, -1);
    assert_int_equal(r.score, 12);
    assert_int_equal(r.flag_count, 1);
    assert_flag(&r, 0, "epds_high", "EPDS 9点以上");
    /* what decides the alert: epds_self_harm (next day) or the 7-day follow-up */
    assert_false(screening_has_flag(&r, "epds_self_harm"));
    assert_true(screening_has_flag(&r, "epds_high"));
    r = score_ok(SCREEN_EPDS, some, 10, -1);
    assert_true(screening_has_flag(&r, "epds_self_harm"));
    assert_false(screening_has_flag(&r, "epds_high"));
}

/* Each item alone, to pin the forward / reverse pattern item by item. */
static void test_epds_reverse_items(void **state)
{
    (void)state;
    const bool forward[10] = {true, true, false, true, false, false, false, false, false, false};
    for (int item = 0; item < 10; item++) {
        for (int v = 0; v < 4; v++) {
            /* every other item at its zero-scoring index */
            int a[10];
            for (int i = 0; i < 10; i++)
                a[i] = forward[i] ? 0 : 3;
            a[item] = v;
            screening_result r = score_ok(SCREEN_EPDS, a, 10, -1);
            int expected = forward[item] ? v : 3 - v;
            if (r.item_scores[item] != expected || r.score != expected)
                fail_msg("item %d index %d: scored %d total %d, expected %d", item + 1, v,
                         r.item_scores[item], r.score, expected);
        }
    }
}

static void test_bad_answers(void **state)
{
    (void)state;
    int a[11] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    screening_result r;
    memset(&r, 0x11, sizeof r);
    screening_result before = r;
    int bad = 77;

    assert_int_equal(screening_score(SCREEN_EPDS, a, 9, -1, &r, &bad), SCREENING_BAD_COUNT);
    assert_int_equal(bad, -1);
    assert_int_equal(screening_score(SCREEN_EPDS, a, 11, -1, &r, &bad), SCREENING_BAD_COUNT);
    assert_int_equal(screening_score(SCREEN_EPDS, a, 0, -1, &r, &bad), SCREENING_BAD_COUNT);
    assert_int_equal(screening_score(SCREEN_EPDS, NULL, 10, -1, &r, &bad), SCREENING_BAD_COUNT);
    assert_int_equal(screening_score(SCREEN_BONDING, a, 9, 5, &r, &bad), SCREENING_BAD_COUNT);
    assert_int_equal(screening_score(SCREEN_IKUJI_SUPPORT, a, 10, -1, &r, &bad),
                     SCREENING_BAD_COUNT);
    assert_int_equal(screening_score(SCREEN_IKUJI_SUPPORT, a, 8, -1, &r, &bad),
                     SCREENING_BAD_COUNT);
    assert_int_equal(screening_score(SCREEN_NONE, a, 10, -1, &r, &bad), SCREENING_BAD_COUNT);
    assert_int_equal(screening_score(SCREEN_NONE, a, 0, -1, &r, &bad), SCREENING_BAD_COUNT);

    a[3] = 4;
    bad = 77;
    assert_int_equal(screening_score(SCREEN_EPDS, a, 10, -1, &r, &bad), SCREENING_BAD_VALUE);
    assert_int_equal(bad, 3);
    a[3] = 0;
    a[9] = -1;
    assert_int_equal(screening_score(SCREEN_EPDS, a, 10, -1, &r, &bad), SCREENING_BAD_VALUE);
    assert_int_equal(bad, 9);
    a[0] = 4; /* the first bad item is reported */
    assert_int_equal(screening_score(SCREEN_EPDS, a, 10, -1, &r, &bad), SCREENING_BAD_VALUE);
    assert_int_equal(bad, 0);
    a[0] = 3;
    a[9] = 3;
    a[5] = -1;
    assert_int_equal(screening_score(SCREEN_BONDING, a, 10, 5, &r, &bad), SCREENING_BAD_VALUE);
    assert_int_equal(bad, 5);
    /* bad_index may be NULL */
    assert_int_equal(screening_score(SCREEN_BONDING, a, 10, 5, &r, NULL), SCREENING_BAD_VALUE);

    /* ikuji_support: 2 is out of range */
    const int ik[9] = {0, 1, 1, 1, 1, 1, 1, 2, 0};
    assert_int_equal(screening_score(SCREEN_IKUJI_SUPPORT, ik, 9, -1, &r, &bad),
                     SCREENING_BAD_VALUE);
    assert_int_equal(bad, 7);

    /* *out untouched on every error */
    assert_memory_equal(&r, &before, sizeof r);

    /* and success resets bad_index */
    a[5] = 0;
    bad = 77;
    assert_int_equal(screening_score(SCREEN_EPDS, a, 10, -1, &r, &bad), 0);
    assert_int_equal(bad, -1);
    assert_int_equal(screening_score(SCREEN_EPDS, a, 10, -1, &r, NULL), 0);
}

/* Bonding: items 1, 6, 8, 10 score the index, 2, 3, 4, 5, 7, 9 score 3 − index. */
static void test_bonding(void **state)
{
    (void)state;
    const int zero[10] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    screening_result r = score_ok(SCREEN_BONDING, zero, 10, -1);
    assert_items(&r, (const int[]){0, 3, 3, 3, 3, 0, 3, 0, 3, 0}, 10);
    assert_int_equal(r.score, 18);
    assert_int_equal(r.flag_count, 0); /* no threshold set */

    const int three[10] = {3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
    r = score_ok(SCREEN_BONDING, three, 10, -1);
    assert_items(&r, (const int[]){3, 0, 0, 0, 0, 3, 0, 3, 0, 3}, 10);
    assert_int_equal(r.score, 12);

    /* 1→1, 2 idx 1→2, 3 idx 3→0, 4 idx 2→1, 5 idx 3→0, 6→2, 7 idx 0→3, 8→0, 9 idx 3→0, 10→1 */
    const int a[10] = {1, 1, 3, 2, 3, 2, 0, 0, 3, 1};
    const int expected[10] = {1, 2, 0, 1, 0, 2, 3, 0, 0, 1};
    r = score_ok(SCREEN_BONDING, a, 10, -1);
    assert_items(&r, expected, 10);
    assert_int_equal(r.score, 10);
    assert_int_equal(r.flag_count, 0);

    /* threshold equal to the total: flag */
    r = score_ok(SCREEN_BONDING, a, 10, 10);
    assert_int_equal(r.flag_count, 1);
    assert_flag(&r, 0, "bonding_high", "赤ちゃんへの気持ち 要確認（10点以上）");
    assert_items(&r, expected, 10);

    /* threshold one below the total: flag */
    r = score_ok(SCREEN_BONDING, a, 10, 9);
    assert_int_equal(r.flag_count, 1);
    assert_flag(&r, 0, "bonding_high", "赤ちゃんへの気持ち 要確認（9点以上）");

    /* threshold one above the total: no flag */
    r = score_ok(SCREEN_BONDING, a, 10, 11);
    assert_int_equal(r.flag_count, 0);

    r = score_ok(SCREEN_BONDING, zero, 10, 30);
    assert_int_equal(r.flag_count, 0);
    const int worst[10] = {3, 0, 0, 0, 0, 3, 0, 3, 0, 3};
    r = score_ok(SCREEN_BONDING, worst, 10, 30);
    assert_int_equal(r.score, 30);
    assert_flag(&r, 0, "bonding_high", "赤ちゃんへの気持ち 要確認（30点以上）");

    /* bonding never produces EPDS flags, and EPDS ignores the bonding threshold */
    r = score_ok(SCREEN_BONDING, zero, 10, 1);
    assert_int_equal(r.flag_count, 1);
    assert_string_equal(r.flags[0].code, "bonding_high");
    const int epds_low[10] = {0, 0, 3, 0, 3, 3, 3, 3, 3, 3};
    r = score_ok(SCREEN_EPDS, epds_low, 10, 0);
    assert_int_equal(r.flag_count, 0);
}

static void test_ikuji_support(void **state)
{
    (void)state;
    static const char *const labels[9] = {
        "妊娠・出産の医学的問題",
        "流産・死産・乳児の死亡の経験",
        "精神的な問題での相談歴",
        "相談できる人がいない",
        "経済的な不安",
        "住まい・環境への不満",
        "妊娠中の家族の死・重病・事故",
        "赤ちゃんが泣く理由がわからない",
        "赤ちゃんを叩きたくなる",
    };

    const int none[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    screening_result r = score_ok(SCREEN_IKUJI_SUPPORT, none, 9, -1);
    assert_items(&r, (const int[]){0, 0, 0, 0, 0, 0, 0, 0, 0}, 9);
    assert_int_equal(r.score, 0);
    assert_int_equal(r.flag_count, 0);

    const int all[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
    r = score_ok(SCREEN_IKUJI_SUPPORT, all, 9, 1); /* the bonding threshold plays no part */
    assert_items(&r, (const int[]){1, 1, 1, 1, 1, 1, 1, 1, 1}, 9);
    assert_int_equal(r.score, 9);
    assert_int_equal(r.flag_count, 9);
    for (int i = 0; i < 9; i++) {
        char code[16];
        snprintf(code, sizeof code, "ikuji_%d", i + 1);
        assert_flag(&r, i, code, labels[i]);
    }

    /* はい on items 2, 4 and 9 */
    const int some[9] = {1, 0, 1, 0, 1, 1, 1, 1, 0};
    r = score_ok(SCREEN_IKUJI_SUPPORT, some, 9, -1);
    assert_items(&r, (const int[]){0, 1, 0, 1, 0, 0, 0, 0, 1}, 9);
    assert_int_equal(r.score, 3);
    assert_int_equal(r.flag_count, 3);
    assert_flag(&r, 0, "ikuji_2", "流産・死産・乳児の死亡の経験");
    assert_flag(&r, 1, "ikuji_4", "相談できる人がいない");
    assert_flag(&r, 2, "ikuji_9", "赤ちゃんを叩きたくなる");

    const int first[9] = {0, 1, 1, 1, 1, 1, 1, 1, 1};
    r = score_ok(SCREEN_IKUJI_SUPPORT, first, 9, -1);
    assert_int_equal(r.score, 1);
    assert_int_equal(r.flag_count, 1);
    assert_flag(&r, 0, "ikuji_1", "妊娠・出産の医学的問題");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_instruments),    cmocka_unit_test(test_epds_all_zero),
        cmocka_unit_test(test_epds_all_three), cmocka_unit_test(test_epds_cutoff),
        cmocka_unit_test(test_epds_self_harm), cmocka_unit_test(test_epds_reverse_items),
        cmocka_unit_test(test_bad_answers),    cmocka_unit_test(test_bonding),
        cmocka_unit_test(test_ikuji_support),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
