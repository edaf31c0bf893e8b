/* tests/unit/domain/risk_test.c: src/domain/risk.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/date.h"
#include "domain/risk.h"
#include "domain/validate.h"

/* Facts with nothing set: age and weeks unknown. */
static risk_facts no_facts(void)
{
    risk_facts f;
    memset(&f, 0, sizeof f);
    f.mother_age = -1;
    f.weeks = -1;
    return f;
}

static int idx(const char *code)
{
    int i = risk_code_index(code);
    if (i < 0)
        fail_msg("unknown code %s", code);
    return i;
}

/* A complete interview: a mother of 30 at 10 weeks, every question asked, the given answer codes
 * (NULL-terminated) answered yes and the others no. */
static risk_facts answered(const char *const *codes)
{
    risk_facts f = no_facts();
    f.mother_age = 30;
    f.weeks = 10;
    for (int i = 0; i < RISK_CODE_COUNT; i++)
        f.answers[i] = RISK_NO;
    for (; *codes; codes++)
        f.answers[idx(*codes)] = RISK_YES;
    return f;
}

static risk_result eval_default(const risk_facts *f)
{
    risk_table t;
    risk_table_default(&t);
    risk_result r;
    memset(&r, 0x5a, sizeof r); /* everything must be written */
    risk_evaluate(&t, f, &r);
    return r;
}

static int flag_count(const risk_result *r)
{
    int n = 0;
    for (int i = 0; i < RISK_CODE_COUNT; i++)
        n += r->flagged[i] ? 1 : 0;
    return n;
}

static void test_codes(void **state)
{
    (void)state;
    static const char *const expected[RISK_CODE_COUNT] = {
        "young_mother",
        "late_notification",
        "no_prenatal_checkup",
        "unwanted_pregnancy",
        "mental_illness",
        "no_support_person",
        "dv",
        "prior_child_protection",
        "economic_hardship",
        "single_parent",
        "multiple_birth",
        "smoking",
    };
    for (int i = 0; i < RISK_CODE_COUNT; i++) {
        assert_string_equal(risk_codes[i], expected[i]);
        assert_int_equal(risk_code_index(expected[i]), i);
    }
    assert_int_equal(risk_code_index("DV"), -1);
    assert_int_equal(risk_code_index("dv "), -1);
    assert_int_equal(risk_code_index(""), -1);
    assert_int_equal(risk_code_index("young"), -1);
    assert_int_equal(risk_code_index(NULL), -1);

    for (int i = 0; i < RISK_CODE_COUNT; i++) {
        bool derived = i == 0 || i == 1 || i == 10;
        if (risk_code_is_derived(i) != derived)
            fail_msg("risk_code_is_derived(%d) wrong", i);
    }
    assert_true(risk_code_is_derived(idx("young_mother")));
    assert_true(risk_code_is_derived(idx("late_notification")));
    assert_true(risk_code_is_derived(idx("multiple_birth")));
    assert_false(risk_code_is_derived(idx("dv")));
    assert_false(risk_code_is_derived(-1));
    assert_false(risk_code_is_derived(RISK_CODE_COUNT));
}

static void test_default_table(void **state)
{
    (void)state;
    static const int weights[RISK_CODE_COUNT] = {2, 2, 2, 2, 2, 2, 3, 3, 1, 1, 1, 1};
    static const char *const labels[RISK_CODE_COUNT] = {
        "若年妊娠",
        "妊娠届出の遅れ（20週以降）",
        "妊婦健診未受診",
        "望まない妊娠・妊娠への葛藤",
        "精神疾患（既往・治療中）",
        "相談相手・支援者がいない",
        "配偶者等からの暴力",
        "きょうだいの虐待歴・施設入所歴",
        "経済的困窮",
        "ひとり親・未婚",
        "多胎",
        "妊婦の喫煙",
    };
    risk_table t;
    memset(&t, 0x5a, sizeof t); /* everything must be written */
    risk_table_default(&t);
    for (int i = 0; i < RISK_CODE_COUNT; i++) {
        assert_int_equal(t.items[i].weight, weights[i]);
        assert_string_equal(t.items[i].label, labels[i]);
        long chars = validate_utf8_chars(t.items[i].label, strlen(t.items[i].label));
        assert_true(chars >= 1 && chars <= RISK_LABEL_MAX);
        bool candidate = i == idx("dv") || i == idx("prior_child_protection");
        if (t.candidate_code[i] != candidate)
            fail_msg("candidate_code[%d] wrong", i);
    }
    assert_int_equal(t.high_from, 5);
    assert_int_equal(t.medium_from, 2);
    assert_true(t.candidate_when_high);
    assert_int_equal(risk_table_check(&t), 0);
}

static void test_nothing_flagged(void **state)
{
    (void)state;
    risk_facts f = no_facts();
    risk_result r = eval_default(&f);
    assert_int_equal(flag_count(&r), 0);
    assert_int_equal(r.score, 0);
    assert_int_equal(r.level, RISK_LOW);
    assert_false(r.candidate);
}

/* The API passes the age computed by date_age_on, which goes up on the birthday. */
static void test_young_mother_boundary(void **state)
{
    (void)state;
    date_ymd birth = {2006, 5, 10};
    risk_facts f = no_facts();

    f.mother_age = date_age_on(birth, (date_ymd){2026, 5, 9}); /* the day before: 19 */
    assert_int_equal(f.mother_age, 19);
    risk_result r = eval_default(&f);
    assert_true(r.flagged[idx("young_mother")]);
    assert_int_equal(flag_count(&r), 1);
    assert_int_equal(r.score, 2);
    assert_int_equal(r.level, RISK_MEDIUM);
    assert_false(r.candidate);

    f.mother_age = date_age_on(birth, (date_ymd){2026, 5, 10}); /* the 20th birthday */
    assert_int_equal(f.mother_age, 20);
    r = eval_default(&f);
    assert_false(r.flagged[idx("young_mother")]);
    assert_int_equal(r.score, 0);
    assert_int_equal(r.level, RISK_LOW);

    f.mother_age = 0;
    r = eval_default(&f);
    assert_true(r.flagged[idx("young_mother")]);
    f.mother_age = 14;
    r = eval_default(&f);
    assert_true(r.flagged[idx("young_mother")]);
    f.mother_age = 45;
    r = eval_default(&f);
    assert_false(r.flagged[idx("young_mother")]);
}

static void test_late_notification_boundary(void **state)
{
    (void)state;
    risk_facts f = no_facts();
    f.mother_age = 30;

    f.weeks = 19;
    risk_result r = eval_default(&f);
    assert_false(r.flagged[idx("late_notification")]);
    assert_int_equal(r.score, 0);

    f.weeks = 20;
    r = eval_default(&f);
    assert_true(r.flagged[idx("late_notification")]);
    assert_int_equal(flag_count(&r), 1);
    assert_int_equal(r.score, 2);
    assert_int_equal(r.level, RISK_MEDIUM);

    f.weeks = 0;
    r = eval_default(&f);
    assert_false(r.flagged[idx("late_notification")]);
    f.weeks = 45;
    r = eval_default(&f);
    assert_true(r.flagged[idx("late_notification")]);
}

static void test_unknown_not_flagged(void **state)
{
    (void)state;
    risk_facts f = no_facts(); /* age -1, weeks -1 */
    risk_result r = eval_default(&f);
    assert_false(r.flagged[idx("young_mother")]);
    assert_false(r.flagged[idx("late_notification")]);
    assert_int_equal(r.score, 0);

    f.mother_age = -5;
    f.weeks = -20;
    r = eval_default(&f);
    assert_false(r.flagged[idx("young_mother")]);
    assert_false(r.flagged[idx("late_notification")]);
}

static void test_multiple_birth(void **state)
{
    (void)state;
    risk_facts f = answered((const char *const[]){NULL});
    f.multiple = true;
    risk_result r = eval_default(&f);
    assert_true(r.flagged[idx("multiple_birth")]);
    assert_int_equal(flag_count(&r), 1);
    assert_int_equal(r.score, 1);
    assert_int_equal(r.level, RISK_LOW);
}

/* Answer entries of derived codes are ignored: only the facts count. */
static void test_derived_answers_ignored(void **state)
{
    (void)state;
    risk_facts f = answered((const char *const[]){NULL});
    f.answers[idx("young_mother")] = RISK_YES;
    f.answers[idx("late_notification")] = RISK_YES;
    f.answers[idx("multiple_birth")] = RISK_YES;
    risk_result r = eval_default(&f);
    assert_int_equal(flag_count(&r), 0);
    assert_int_equal(r.score, 0);
    assert_int_equal(r.level, RISK_LOW);
}

static void test_each_answer_flags_itself(void **state)
{
    (void)state;
    static const int weights[RISK_CODE_COUNT] = {2, 2, 2, 2, 2, 2, 3, 3, 1, 1, 1, 1};
    for (int i = 0; i < RISK_CODE_COUNT; i++) {
        if (risk_code_is_derived(i))
            continue;
        risk_facts f = answered((const char *const[]){NULL});
        f.answers[i] = RISK_YES;
        risk_result r = eval_default(&f);
        for (int j = 0; j < RISK_CODE_COUNT; j++) {
            if (r.flagged[j] != (j == i))
                fail_msg("answer %s: flagged[%s] wrong", risk_codes[i], risk_codes[j]);
        }
        assert_int_equal(r.score, weights[i]);
    }
}

/* Sums 0/1/2/4/5 give low/low/medium/medium/high. */
static void test_level_boundaries(void **state)
{
    (void)state;
    static const struct {
        const char *codes[4];
        int score;
        risk_level level;
    } cases[] = {
        {{NULL}, 0, RISK_LOW},
        {{"smoking", NULL}, 1, RISK_LOW},
        {{"smoking", "single_parent", NULL}, 2, RISK_MEDIUM},
        {{"mental_illness", NULL}, 2, RISK_MEDIUM},
        {{"smoking", "single_parent", "economic_hardship", NULL}, 3, RISK_MEDIUM},
        {{"unwanted_pregnancy", "no_prenatal_checkup", NULL}, 4, RISK_MEDIUM},
        {{"unwanted_pregnancy", "no_prenatal_checkup", "smoking", NULL}, 5, RISK_HIGH},
        {{"mental_illness", "single_parent", "economic_hardship", "smoking"}, 5, RISK_HIGH},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const char *codes[5] = {0};
        memcpy(codes, cases[c].codes, sizeof cases[c].codes);
        risk_facts f = answered(codes);
        risk_result r = eval_default(&f);
        if (r.score != cases[c].score || r.level != cases[c].level)
            fail_msg("case %zu: score %d level %d, expected %d %d", c, r.score, (int)r.level,
                     cases[c].score, (int)cases[c].level);
        /* none of these is a candidate code: candidate only when high */
        assert_int_equal(r.candidate, cases[c].level == RISK_HIGH);
    }
}

static void test_candidate_codes(void **state)
{
    (void)state;
    risk_facts f = answered((const char *const[]){"dv", NULL});
    risk_result r = eval_default(&f);
    assert_true(r.flagged[idx("dv")]);
    assert_int_equal(flag_count(&r), 1);
    assert_int_equal(r.score, 3);
    assert_int_equal(r.level, RISK_MEDIUM);
    assert_true(r.candidate);

    f = answered((const char *const[]){"prior_child_protection", NULL});
    r = eval_default(&f);
    assert_true(r.flagged[idx("prior_child_protection")]);
    assert_int_equal(flag_count(&r), 1);
    assert_int_equal(r.score, 3);
    assert_int_equal(r.level, RISK_MEDIUM);
    assert_true(r.candidate);

    f = answered((const char *const[]){"dv", "prior_child_protection", NULL});
    r = eval_default(&f);
    assert_int_equal(r.score, 6);
    assert_int_equal(r.level, RISK_HIGH);
    assert_true(r.candidate);

    /* medium without a candidate code is not a candidate */
    f = answered((const char *const[]){"mental_illness", "no_support_person", NULL});
    r = eval_default(&f);
    assert_int_equal(r.score, 4);
    assert_int_equal(r.level, RISK_MEDIUM);
    assert_false(r.candidate);
}

/* A 17-year-old at 22 weeks with no support person: 2 + 2 + 2 = 6 -> high, candidate. */
static void test_young_late_alone(void **state)
{
    (void)state;
    risk_facts f = no_facts();
    f.mother_age = 17;
    f.weeks = 22;
    f.answers[idx("no_support_person")] = RISK_YES;
    risk_result r = eval_default(&f);
    assert_true(r.flagged[idx("young_mother")]);
    assert_true(r.flagged[idx("late_notification")]);
    assert_true(r.flagged[idx("no_support_person")]);
    assert_int_equal(flag_count(&r), 3);
    assert_int_equal(r.score, 6);
    assert_int_equal(r.level, RISK_HIGH);
    assert_true(r.candidate);
}

static void test_everything(void **state)
{
    (void)state;
    risk_facts f = no_facts();
    f.mother_age = 16;
    f.weeks = 30;
    f.multiple = true;
    for (int i = 0; i < RISK_CODE_COUNT; i++)
        f.answers[i] = RISK_YES;
    risk_result r = eval_default(&f);
    assert_int_equal(flag_count(&r), RISK_CODE_COUNT);
    assert_int_equal(r.score, 2 * 6 + 3 * 2 + 1 * 4);
    assert_int_equal(r.level, RISK_HIGH);
    assert_true(r.candidate);
}

static void test_custom_table(void **state)
{
    (void)state;
    risk_table t;
    risk_table_default(&t);
    t.items[idx("smoking")].weight = 4;
    t.items[idx("dv")].weight = 0;
    t.items[idx("young_mother")].weight = 10;
    strcpy(t.items[idx("smoking")].label, "喫煙（妊婦）");
    t.high_from = 8;
    t.medium_from = 4;
    t.candidate_when_high = false;
    t.candidate_code[idx("dv")] = false;
    t.candidate_code[idx("smoking")] = true;
    assert_int_equal(risk_table_check(&t), 0);

    risk_result r;
    /* smoking alone: 4 -> medium (with defaults it would be 1 -> low), candidate by code */
    risk_facts f = answered((const char *const[]){"smoking", NULL});
    risk_evaluate(&t, &f, &r);
    assert_int_equal(r.score, 4);
    assert_int_equal(r.level, RISK_MEDIUM);
    assert_true(r.candidate);

    /* dv alone: weight 0 -> low; no longer a candidate code */
    f = answered((const char *const[]){"dv", NULL});
    risk_evaluate(&t, &f, &r);
    assert_true(r.flagged[idx("dv")]);
    assert_int_equal(r.score, 0);
    assert_int_equal(r.level, RISK_LOW);
    assert_false(r.candidate);

    /* 3: below the custom medium_from 4 (default thresholds would say medium) */
    f = answered((const char *const[]){"mental_illness", "economic_hardship", NULL});
    risk_evaluate(&t, &f, &r);
    assert_int_equal(r.score, 3);
    assert_int_equal(r.level, RISK_LOW);

    /* 7: medium, although the default high_from 5 would say high */
    f = answered((const char *const[]){"mental_illness", "unwanted_pregnancy",
                                       "prior_child_protection", NULL});
    risk_evaluate(&t, &f, &r);
    assert_int_equal(r.score, 7);
    assert_int_equal(r.level, RISK_MEDIUM);
    assert_true(r.candidate); /* prior_child_protection is still a candidate code */

    /* high but candidate_when_high is false: not a candidate */
    f = no_facts();
    f.mother_age = 18;
    risk_evaluate(&t, &f, &r);
    assert_int_equal(r.score, 10);
    assert_int_equal(r.level, RISK_HIGH);
    assert_false(r.candidate);

    /* exactly high_from */
    f = answered((const char *const[]){"smoking", "mental_illness", "unwanted_pregnancy", NULL});
    risk_evaluate(&t, &f, &r);
    assert_int_equal(r.score, 8);
    assert_int_equal(r.level, RISK_HIGH);
    assert_true(r.candidate); /* smoking */

    /* a derived code can be a candidate code */
    t.candidate_code[idx("late_notification")] = true;
    f = no_facts();
    f.weeks = 20;
    risk_evaluate(&t, &f, &r);
    assert_int_equal(r.score, 2);
    assert_int_equal(r.level, RISK_LOW);
    assert_true(r.candidate);

    /* medium_from == high_from: no medium band */
    t.medium_from = 8;
    f = answered(
        (const char *const[]){"mental_illness", "unwanted_pregnancy", "single_parent", NULL});
    risk_evaluate(&t, &f, &r);
    assert_int_equal(r.score, 5);
    assert_int_equal(r.level, RISK_LOW);
}

static void test_table_check(void **state)
{
    (void)state;
    risk_table t;

    risk_table_default(&t);
    t.items[0].weight = -1;
    assert_int_equal(risk_table_check(&t), -1);
    t.items[0].weight = 0;
    assert_int_equal(risk_table_check(&t), 0);

    risk_table_default(&t);
    t.items[11].weight = 11;
    assert_int_equal(risk_table_check(&t), -12);
    t.items[11].weight = 10;
    assert_int_equal(risk_table_check(&t), 0);

    risk_table_default(&t);
    t.items[6].label[0] = '\0';
    assert_int_equal(risk_table_check(&t), -7);

    /* the first bad item wins */
    risk_table_default(&t);
    t.items[9].weight = 100;
    t.items[3].label[0] = '\0';
    assert_int_equal(risk_table_check(&t), -4);

    /* a label filling its buffer without a NUL */
    risk_table_default(&t);
    memset(t.items[2].label, 'a', sizeof t.items[2].label);
    assert_int_equal(risk_table_check(&t), -3);
    t.items[2].label[sizeof t.items[2].label - 1] = '\0';
    assert_int_equal(risk_table_check(&t), 0);

    risk_table_default(&t);
    t.high_from = 0;
    t.medium_from = 0;
    assert_int_equal(risk_table_check(&t), RISK_BAD_THRESHOLDS);
    t.high_from = 1;
    t.medium_from = 1;
    assert_int_equal(risk_table_check(&t), 0);
    t.high_from = 100;
    t.medium_from = 100;
    assert_int_equal(risk_table_check(&t), 0);
    t.high_from = 101;
    assert_int_equal(risk_table_check(&t), RISK_BAD_THRESHOLDS);
    t.high_from = 5;
    t.medium_from = 6;
    assert_int_equal(risk_table_check(&t), RISK_BAD_THRESHOLDS);
    t.medium_from = 5;
    assert_int_equal(risk_table_check(&t), 0);
    t.medium_from = 0;
    assert_int_equal(risk_table_check(&t), RISK_BAD_THRESHOLDS);
    t.medium_from = -3;
    assert_int_equal(risk_table_check(&t), RISK_BAD_THRESHOLDS);

    /* items are reported before thresholds */
    t.items[5].weight = 11;
    assert_int_equal(risk_table_check(&t), -6);
}

static void test_level_names(void **state)
{
    (void)state;
    assert_string_equal(risk_level_code(RISK_LOW), "low");
    assert_string_equal(risk_level_code(RISK_MEDIUM), "medium");
    assert_string_equal(risk_level_code(RISK_HIGH), "high");
    assert_string_equal(risk_level_label(RISK_LOW), "低");
    assert_string_equal(risk_level_label(RISK_MEDIUM), "中");
    assert_string_equal(risk_level_label(RISK_HIGH), "高");
    assert_null(risk_level_code((risk_level)7));
    assert_null(risk_level_label((risk_level)-1));
}

static void test_bands(void **state)
{
    (void)state;
    static const struct {
        int weeks;
        bool after_birth;
        notification_band band;
    } cases[] = {
        {0, false, BAND_WITHIN_11W}, {11, false, BAND_WITHIN_11W}, {12, false, BAND_W12_19},
        {19, false, BAND_W12_19},    {20, false, BAND_W20_27},     {27, false, BAND_W20_27},
        {28, false, BAND_W28_PLUS},  {45, false, BAND_W28_PLUS},   {-1, false, BAND_UNKNOWN},
        {-1, true, BAND_POSTPARTUM}, {5, true, BAND_POSTPARTUM},   {40, true, BAND_POSTPARTUM},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        notification_band b = risk_notification_band(cases[c].weeks, cases[c].after_birth);
        if (b != cases[c].band)
            fail_msg("weeks %d after_birth %d: band %d, expected %d", cases[c].weeks,
                     cases[c].after_birth, (int)b, (int)cases[c].band);
    }

    assert_string_equal(risk_band_code(BAND_WITHIN_11W), "within_11w");
    assert_string_equal(risk_band_code(BAND_W12_19), "w12_19");
    assert_string_equal(risk_band_code(BAND_W20_27), "w20_27");
    assert_string_equal(risk_band_code(BAND_W28_PLUS), "w28_plus");
    assert_string_equal(risk_band_code(BAND_POSTPARTUM), "postpartum");
    assert_string_equal(risk_band_code(BAND_UNKNOWN), "unknown");
    assert_string_equal(risk_band_label(BAND_WITHIN_11W), "満11週以内");
    /* U+301C WAVE DASH, as in the API contract */
    assert_string_equal(risk_band_label(BAND_W12_19), "満12\xe3\x80\x9c"
                                                      "19週");
    assert_string_equal(risk_band_label(BAND_W20_27), "満20\xe3\x80\x9c"
                                                      "27週");
    assert_string_equal(risk_band_label(BAND_W28_PLUS), "満28週〜分娩まで");
    assert_string_equal(risk_band_label(BAND_POSTPARTUM), "分娩後");
    assert_string_equal(risk_band_label(BAND_UNKNOWN), "不詳");
    assert_null(risk_band_code((notification_band)6));
    assert_null(risk_band_label((notification_band)-1));
}

/* The answer codes in table order, as the API lists unasked ones. */
static const char *const answer_codes[] = {
    "no_prenatal_checkup",    "unwanted_pregnancy", "mental_illness", "no_support_person", "dv",
    "prior_child_protection", "economic_hardship",  "single_parent",  "smoking",
};
enum { ANSWER_CODE_COUNT = sizeof answer_codes / sizeof answer_codes[0] };

/* The case: an interview where nothing was asked is not "low, 0 points": every one of the
 * nine questions is unasked (derived codes never are). */
static void test_nothing_asked_is_incomplete(void **state)
{
    (void)state;
    risk_facts f = no_facts(); /* zeroed: every answer RISK_UNASKED */
    f.mother_age = 30;
    f.weeks = 10;
    risk_result r = eval_default(&f);
    assert_int_equal(RISK_UNASKED, 0);
    assert_int_equal(r.unasked_count, 9);
    int seen = 0;
    for (int i = 0; i < RISK_CODE_COUNT; i++) {
        if (r.unasked[i]) {
            assert_string_equal(risk_codes[i], answer_codes[seen]);
            seen++;
        }
    }
    assert_int_equal(seen, ANSWER_CODE_COUNT);
    assert_false(r.unasked[idx("young_mother")]);
    assert_false(r.unasked[idx("late_notification")]);
    assert_false(r.unasked[idx("multiple_birth")]);
    /* What was answered: nothing, so 0 points, and no candidate by default. */
    assert_int_equal(r.score, 0);
    assert_int_equal(r.level, RISK_LOW);
    assert_false(r.candidate);
    assert_int_equal(flag_count(&r), 0);
}

/* Every question answered "no": complete, low. */
static void test_all_no_is_complete(void **state)
{
    (void)state;
    risk_facts f = answered((const char *const[]){NULL});
    risk_result r = eval_default(&f);
    assert_int_equal(r.unasked_count, 0);
    for (int i = 0; i < RISK_CODE_COUNT; i++)
        assert_false(r.unasked[i]);
    assert_int_equal(r.score, 0);
    assert_int_equal(r.level, RISK_LOW);
}

/* Partly asked: the level is that of what was answered; a candidate code answered yes makes a
 * candidate even before the rest is asked. */
static void test_partly_asked(void **state)
{
    (void)state;
    risk_facts f = no_facts();
    f.mother_age = 30;
    f.weeks = 10;
    f.answers[idx("dv")] = RISK_YES;
    f.answers[idx("smoking")] = RISK_NO;
    risk_result r = eval_default(&f);
    assert_int_equal(r.unasked_count, 7);
    assert_false(r.unasked[idx("dv")]);
    assert_false(r.unasked[idx("smoking")]);
    assert_true(r.unasked[idx("mental_illness")]);
    assert_int_equal(r.score, 3);
    assert_int_equal(r.level, RISK_MEDIUM);
    assert_true(r.candidate);
    /* One question left, a no to the candidate codes: medium and not a candidate, incomplete. */
    risk_facts g = answered((const char *const[]){"mental_illness", NULL});
    g.answers[idx("economic_hardship")] = RISK_UNASKED;
    risk_result q = eval_default(&g);
    assert_int_equal(q.unasked_count, 1);
    assert_true(q.unasked[idx("economic_hardship")]);
    assert_int_equal(q.score, 2);
    assert_int_equal(q.level, RISK_MEDIUM);
    assert_false(q.candidate);
}

/* A value outside the enum is not a yes, and counts as not asked. */
static void test_answer_outside_enum(void **state)
{
    (void)state;
    risk_facts f = answered((const char *const[]){NULL});
    f.answers[idx("dv")] = (risk_answer)7;
    risk_result r = eval_default(&f);
    assert_false(r.flagged[idx("dv")]);
    assert_true(r.unasked[idx("dv")]);
    assert_int_equal(r.unasked_count, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_default_table),
        cmocka_unit_test(test_nothing_flagged),
        cmocka_unit_test(test_young_mother_boundary),
        cmocka_unit_test(test_late_notification_boundary),
        cmocka_unit_test(test_unknown_not_flagged),
        cmocka_unit_test(test_multiple_birth),
        cmocka_unit_test(test_derived_answers_ignored),
        cmocka_unit_test(test_each_answer_flags_itself),
        cmocka_unit_test(test_level_boundaries),
        cmocka_unit_test(test_candidate_codes),
        cmocka_unit_test(test_young_late_alone),
        cmocka_unit_test(test_everything),
        cmocka_unit_test(test_custom_table),
        cmocka_unit_test(test_table_check),
        cmocka_unit_test(test_level_names),
        cmocka_unit_test(test_bands),
        cmocka_unit_test(test_nothing_asked_is_incomplete),
        cmocka_unit_test(test_all_no_is_complete),
        cmocka_unit_test(test_partly_asked),
        cmocka_unit_test(test_answer_outside_enum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
