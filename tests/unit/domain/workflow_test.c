/* tests/unit/domain/workflow_test.c: src/domain/workflow.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/date.h"
#include "domain/workflow.h"

static const report_kind all_kinds[] = {REPORT_ABUSE, REPORT_CONSULTATION};
enum { KINDS = sizeof all_kinds / sizeof all_kinds[0] };

/* Which steps may be recorded, written out from domain.md apart from the implementation's table.
 * One row per status in step order, one column per step, 'Y' allowed, '.' refused. */
static const char *const expected_allowed[KINDS][STEP_COUNT] = {
    [REPORT_ABUSE] =
        {
            /* received, juri, investigation, safety_confirmed, policy, support, referred, closed */
            ".Y......", /* received */
            "..YY..Y.", /* juri */
            "..YY..Y.", /* investigation */
            "....Y.Y.", /* safety_confirmed */
            ".....YYY", /* policy */
            "......YY", /* support */
            ".......Y", /* referred */
            "........", /* closed */
        },
    [REPORT_CONSULTATION] =
        {
            /* received, juri, investigation, safety_confirmed, policy, support, referred, closed */
            ".Y......", /* received */
            "....Y...", /* juri */
            "........", /* investigation: never reached */
            "........", /* safety_confirmed: never reached */
            ".....Y..", /* policy */
            ".......Y", /* support */
            "........", /* referred: never reached */
            "........", /* closed */
        },
};

static bool expected(report_kind k, report_step status, report_step step)
{
    char mark = expected_allowed[k][status][step];
    if (mark != 'Y' && mark != '.')
        fail_msg("bad mark '%c' in row %d of kind %d", mark, (int)status, (int)k);
    return mark == 'Y';
}

static void test_expected_table_shape(void **state)
{
    (void)state;
    for (int k = 0; k < KINDS; k++) {
        for (int s = 0; s < STEP_COUNT; s++) {
            if (strlen(expected_allowed[k][s]) != STEP_COUNT)
                fail_msg("kind %d status %d: row of %zu marks", k, s,
                         strlen(expected_allowed[k][s]));
        }
    }
}

/* Every (kind, status, step) triple, against the table above. */
static void test_allowed_every_triple(void **state)
{
    (void)state;
    int allowed = 0;
    for (int ki = 0; ki < KINDS; ki++) {
        report_kind k = all_kinds[ki];
        for (int s = 0; s < STEP_COUNT; s++) {
            for (int t = 0; t < STEP_COUNT; t++) {
                bool want = expected(k, (report_step)s, (report_step)t);
                bool got = workflow_allowed(k, (report_step)s, (report_step)t);
                if (got != want)
                    fail_msg("%s: %s -> %s: allowed %d, expected %d", workflow_kind_code(k),
                             workflow_step_code((report_step)s), workflow_step_code((report_step)t),
                             got, want);
                allowed += got;
            }
        }
    }
    /* abuse 1 + 3 + 3 + 2 + 3 + 2 + 1, consultation 4 */
    assert_int_equal(allowed, 15 + 4);
}

static void test_allowed_spot_checks(void **state)
{
    (void)state;
    /* the order is enforced */
    assert_true(workflow_allowed(REPORT_ABUSE, STEP_RECEIVED, STEP_JURI));
    assert_false(workflow_allowed(REPORT_ABUSE, STEP_RECEIVED, STEP_INVESTIGATION));
    assert_false(workflow_allowed(REPORT_ABUSE, STEP_RECEIVED, STEP_REFERRED));
    assert_false(workflow_allowed(REPORT_ABUSE, STEP_JURI, STEP_POLICY));
    assert_false(workflow_allowed(REPORT_ABUSE, STEP_INVESTIGATION, STEP_CLOSED));
    /* investigation may be recorded again */
    assert_true(workflow_allowed(REPORT_ABUSE, STEP_INVESTIGATION, STEP_INVESTIGATION));
    /* no going back */
    assert_false(workflow_allowed(REPORT_ABUSE, STEP_SAFETY_CONFIRMED, STEP_INVESTIGATION));
    assert_false(workflow_allowed(REPORT_ABUSE, STEP_POLICY, STEP_JURI));
    /* safety_confirmed never from safety_confirmed or later */
    for (int s = STEP_SAFETY_CONFIRMED; s < STEP_COUNT; s++)
        assert_false(workflow_allowed(REPORT_ABUSE, (report_step)s, STEP_SAFETY_CONFIRMED));
    /* received is never recorded */
    for (int ki = 0; ki < KINDS; ki++) {
        for (int s = 0; s < STEP_COUNT; s++)
            assert_false(workflow_allowed(all_kinds[ki], (report_step)s, STEP_RECEIVED));
    }
    /* a consultation has no investigation, safety confirmation or referral */
    for (int s = 0; s < STEP_COUNT; s++) {
        assert_false(workflow_allowed(REPORT_CONSULTATION, (report_step)s, STEP_INVESTIGATION));
        assert_false(workflow_allowed(REPORT_CONSULTATION, (report_step)s, STEP_SAFETY_CONFIRMED));
        assert_false(workflow_allowed(REPORT_CONSULTATION, (report_step)s, STEP_REFERRED));
    }
    /* nor may it close before support */
    assert_false(workflow_allowed(REPORT_CONSULTATION, STEP_POLICY, STEP_CLOSED));
}

static void test_allowed_out_of_range(void **state)
{
    (void)state;
    static const report_step bad_steps[] = {STEP_NONE, STEP_COUNT, (report_step)99};
    static const report_kind bad_kinds[] = {REPORT_KIND_NONE, (report_kind)2, (report_kind)99};
    for (size_t i = 0; i < sizeof bad_steps / sizeof bad_steps[0]; i++) {
        for (int ki = 0; ki < KINDS; ki++) {
            for (int s = 0; s < STEP_COUNT; s++) {
                assert_false(workflow_allowed(all_kinds[ki], (report_step)s, bad_steps[i]));
                assert_false(workflow_allowed(all_kinds[ki], bad_steps[i], (report_step)s));
                assert_int_equal(workflow_after(all_kinds[ki], (report_step)s, bad_steps[i], true),
                                 STEP_NONE);
                assert_int_equal(workflow_after(all_kinds[ki], bad_steps[i], (report_step)s, true),
                                 STEP_NONE);
            }
        }
    }
    for (size_t i = 0; i < sizeof bad_kinds / sizeof bad_kinds[0]; i++) {
        for (int s = 0; s < STEP_COUNT; s++) {
            for (int t = 0; t < STEP_COUNT; t++) {
                assert_false(workflow_allowed(bad_kinds[i], (report_step)s, (report_step)t));
                assert_int_equal(workflow_after(bad_kinds[i], (report_step)s, (report_step)t, true),
                                 STEP_NONE);
            }
        }
    }
}

static void test_after_partial_and_full_confirmation(void **state)
{
    (void)state;
    /* juri, two children, one seen: still juri; the second seen: safety_confirmed */
    assert_int_equal(workflow_after(REPORT_ABUSE, STEP_JURI, STEP_SAFETY_CONFIRMED, false),
                     STEP_JURI);
    assert_int_equal(workflow_after(REPORT_ABUSE, STEP_JURI, STEP_SAFETY_CONFIRMED, true),
                     STEP_SAFETY_CONFIRMED);
    assert_int_equal(workflow_after(REPORT_ABUSE, STEP_INVESTIGATION, STEP_SAFETY_CONFIRMED, false),
                     STEP_INVESTIGATION);
    assert_int_equal(workflow_after(REPORT_ABUSE, STEP_INVESTIGATION, STEP_SAFETY_CONFIRMED, true),
                     STEP_SAFETY_CONFIRMED);

    /* after a partial confirmation the report may go on as before */
    report_step s = workflow_after(REPORT_ABUSE, STEP_JURI, STEP_SAFETY_CONFIRMED, false);
    assert_true(workflow_allowed(REPORT_ABUSE, s, STEP_SAFETY_CONFIRMED));
    assert_true(workflow_allowed(REPORT_ABUSE, s, STEP_INVESTIGATION));
    assert_false(workflow_allowed(REPORT_ABUSE, s, STEP_POLICY));
    s = workflow_after(REPORT_ABUSE, s, STEP_INVESTIGATION, false);
    assert_int_equal(s, STEP_INVESTIGATION);
    s = workflow_after(REPORT_ABUSE, s, STEP_SAFETY_CONFIRMED, true);
    assert_int_equal(s, STEP_SAFETY_CONFIRMED);
    assert_true(workflow_allowed(REPORT_ABUSE, s, STEP_POLICY));

    /* not allowed from safety_confirmed or later, whatever the children */
    assert_int_equal(
        workflow_after(REPORT_ABUSE, STEP_SAFETY_CONFIRMED, STEP_SAFETY_CONFIRMED, false),
        STEP_NONE);
    assert_int_equal(
        workflow_after(REPORT_ABUSE, STEP_SAFETY_CONFIRMED, STEP_SAFETY_CONFIRMED, true),
        STEP_NONE);
    assert_int_equal(workflow_after(REPORT_ABUSE, STEP_RECEIVED, STEP_SAFETY_CONFIRMED, false),
                     STEP_NONE);
    assert_int_equal(workflow_after(REPORT_ABUSE, STEP_POLICY, STEP_SAFETY_CONFIRMED, true),
                     STEP_NONE);
}

/* Every triple: refused -> STEP_NONE; allowed -> the step, except a partial confirmation. */
static void test_after_every_triple(void **state)
{
    (void)state;
    for (int ki = 0; ki < KINDS; ki++) {
        report_kind k = all_kinds[ki];
        for (int s = 0; s < STEP_COUNT; s++) {
            for (int t = 0; t < STEP_COUNT; t++) {
                for (int all = 0; all <= 1; all++) {
                    report_step want = STEP_NONE;
                    if (expected(k, (report_step)s, (report_step)t))
                        want =
                            (t == STEP_SAFETY_CONFIRMED && !all) ? (report_step)s : (report_step)t;
                    report_step got = workflow_after(k, (report_step)s, (report_step)t, all);
                    if (got != want)
                        fail_msg("%s: %s -> %s (all %d): %d, expected %d", workflow_kind_code(k),
                                 workflow_step_code((report_step)s),
                                 workflow_step_code((report_step)t), all, (int)got, (int)want);
                }
            }
        }
    }
}

/* A whole abuse report and a whole consultation, step by step. */
static void test_after_walks(void **state)
{
    (void)state;
    static const report_step abuse_walk[] = {
        STEP_JURI,   STEP_INVESTIGATION, STEP_INVESTIGATION, STEP_SAFETY_CONFIRMED,
        STEP_POLICY, STEP_SUPPORT,       STEP_REFERRED,      STEP_CLOSED,
    };
    report_step s = STEP_RECEIVED;
    for (size_t i = 0; i < sizeof abuse_walk / sizeof abuse_walk[0]; i++) {
        s = workflow_after(REPORT_ABUSE, s, abuse_walk[i], true);
        assert_int_equal(s, abuse_walk[i]);
    }
    assert_int_equal(workflow_after(REPORT_ABUSE, s, STEP_CLOSED, true), STEP_NONE);

    static const report_step consultation_walk[] = {STEP_JURI, STEP_POLICY, STEP_SUPPORT,
                                                    STEP_CLOSED};
    s = STEP_RECEIVED;
    for (size_t i = 0; i < sizeof consultation_walk / sizeof consultation_walk[0]; i++) {
        s = workflow_after(REPORT_CONSULTATION, s, consultation_walk[i], false);
        assert_int_equal(s, consultation_walk[i]);
    }
}

static void test_next_steps(void **state)
{
    (void)state;
    static const struct {
        report_kind kind;
        report_step status;
        int count;
        report_step steps[3];
    } cases[] = {
        {REPORT_ABUSE, STEP_RECEIVED, 1, {STEP_JURI}},
        {REPORT_ABUSE, STEP_JURI, 3, {STEP_INVESTIGATION, STEP_SAFETY_CONFIRMED, STEP_REFERRED}},
        {REPORT_ABUSE,
         STEP_INVESTIGATION,
         3,
         {STEP_INVESTIGATION, STEP_SAFETY_CONFIRMED, STEP_REFERRED}},
        {REPORT_ABUSE, STEP_SAFETY_CONFIRMED, 2, {STEP_POLICY, STEP_REFERRED}},
        {REPORT_ABUSE, STEP_POLICY, 3, {STEP_SUPPORT, STEP_CLOSED, STEP_REFERRED}},
        {REPORT_ABUSE, STEP_SUPPORT, 2, {STEP_CLOSED, STEP_REFERRED}},
        {REPORT_ABUSE, STEP_REFERRED, 1, {STEP_CLOSED}},
        {REPORT_ABUSE, STEP_CLOSED, 0, {STEP_NONE}},
        {REPORT_CONSULTATION, STEP_RECEIVED, 1, {STEP_JURI}},
        {REPORT_CONSULTATION, STEP_JURI, 1, {STEP_POLICY}},
        {REPORT_CONSULTATION, STEP_INVESTIGATION, 0, {STEP_NONE}},
        {REPORT_CONSULTATION, STEP_SAFETY_CONFIRMED, 0, {STEP_NONE}},
        {REPORT_CONSULTATION, STEP_POLICY, 1, {STEP_SUPPORT}},
        {REPORT_CONSULTATION, STEP_SUPPORT, 1, {STEP_CLOSED}},
        {REPORT_CONSULTATION, STEP_REFERRED, 0, {STEP_NONE}},
        {REPORT_CONSULTATION, STEP_CLOSED, 0, {STEP_NONE}},
    };
    enum { CASES = sizeof cases / sizeof cases[0] };
    assert_int_equal(CASES, KINDS * STEP_COUNT); /* every status of every kind */

    for (size_t c = 0; c < CASES; c++) {
        report_step out[STEP_COUNT];
        for (int i = 0; i < STEP_COUNT; i++)
            out[i] = (report_step)77;
        int n = workflow_next_steps(cases[c].kind, cases[c].status, out);
        if (n != cases[c].count)
            fail_msg("%s %s: %d next steps, expected %d", workflow_kind_code(cases[c].kind),
                     workflow_step_code(cases[c].status), n, cases[c].count);
        for (int i = 0; i < n; i++) {
            if (out[i] != cases[c].steps[i])
                fail_msg("%s %s: next[%d] = %d, expected %d", workflow_kind_code(cases[c].kind),
                         workflow_step_code(cases[c].status), i, (int)out[i],
                         (int)cases[c].steps[i]);
        }
        for (int i = n; i < STEP_COUNT; i++)
            assert_int_equal(out[i], 77); /* untouched */
    }
}

/* next_steps lists exactly the allowed steps, each once. */
static void test_next_steps_agree_with_allowed(void **state)
{
    (void)state;
    for (int ki = 0; ki < KINDS; ki++) {
        for (int s = 0; s < STEP_COUNT; s++) {
            report_step out[STEP_COUNT];
            int n = workflow_next_steps(all_kinds[ki], (report_step)s, out);
            assert_true(n >= 0 && n <= STEP_COUNT);
            int seen[STEP_COUNT] = {0};
            for (int i = 0; i < n; i++) {
                assert_true(out[i] >= 0 && out[i] < STEP_COUNT);
                seen[out[i]]++;
            }
            for (int t = 0; t < STEP_COUNT; t++) {
                int want = workflow_allowed(all_kinds[ki], (report_step)s, (report_step)t) ? 1 : 0;
                if (seen[t] != want)
                    fail_msg("kind %d status %d step %d listed %d times", ki, s, t, seen[t]);
            }
        }
    }
}

static void test_next_steps_out_of_range(void **state)
{
    (void)state;
    report_step out[STEP_COUNT] = {STEP_CLOSED};
    assert_int_equal(workflow_next_steps(REPORT_KIND_NONE, STEP_RECEIVED, out), 0);
    assert_int_equal(workflow_next_steps((report_kind)2, STEP_RECEIVED, out), 0);
    assert_int_equal(workflow_next_steps(REPORT_ABUSE, STEP_NONE, out), 0);
    assert_int_equal(workflow_next_steps(REPORT_ABUSE, STEP_COUNT, out), 0);
    assert_int_equal(out[0], STEP_CLOSED);
}

static void test_kind_codes(void **state)
{
    (void)state;
    assert_int_equal(workflow_kind_from_code("abuse_report"), REPORT_ABUSE);
    assert_int_equal(workflow_kind_from_code("consultation"), REPORT_CONSULTATION);
    assert_string_equal(workflow_kind_code(REPORT_ABUSE), "abuse_report");
    assert_string_equal(workflow_kind_code(REPORT_CONSULTATION), "consultation");
    assert_string_equal(workflow_kind_label(REPORT_ABUSE), "虐待通告");
    assert_string_equal(workflow_kind_label(REPORT_CONSULTATION), "相談");
    for (int ki = 0; ki < KINDS; ki++)
        assert_int_equal(workflow_kind_from_code(workflow_kind_code(all_kinds[ki])), all_kinds[ki]);

    static const char *const unknown[] = {"abuse",         "Abuse_report", "abuse_report ", "",
                                          "consultations", "虐待通告",     "referred"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        if (workflow_kind_from_code(unknown[i]) != REPORT_KIND_NONE)
            fail_msg("kind \"%s\" accepted", unknown[i]);
    }
    assert_int_equal(workflow_kind_from_code(NULL), REPORT_KIND_NONE);
    assert_null(workflow_kind_code(REPORT_KIND_NONE));
    assert_null(workflow_kind_code((report_kind)2));
    assert_null(workflow_kind_label(REPORT_KIND_NONE));
    assert_null(workflow_kind_label((report_kind)2));
}

static void test_step_codes(void **state)
{
    (void)state;
    static const char *const codes[STEP_COUNT] = {
        "received", "juri",    "investigation", "safety_confirmed",
        "policy",   "support", "referred",      "closed",
    };
    static const char *const labels[STEP_COUNT] = {
        "受付", "受理会議",           "調査", "現認（安全確認）", "支援方針",
        "支援", "送致（児童相談所）", "終結",
    };
    for (int s = 0; s < STEP_COUNT; s++) {
        assert_string_equal(workflow_step_code((report_step)s), codes[s]);
        assert_string_equal(workflow_step_label((report_step)s), labels[s]);
        assert_int_equal(workflow_step_from_code(codes[s]), s);
        assert_int_equal(workflow_step_from_code(workflow_step_code((report_step)s)), s);
    }
    static const char *const unknown[] = {"Received", "JURI",        "safety", "safety_confirmed ",
                                          "",         "count",       "none",   "受付",
                                          "closed\n", "abuse_report"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        if (workflow_step_from_code(unknown[i]) != STEP_NONE)
            fail_msg("step \"%s\" accepted", unknown[i]);
    }
    assert_int_equal(workflow_step_from_code(NULL), STEP_NONE);
    assert_null(workflow_step_code(STEP_NONE));
    assert_null(workflow_step_code(STEP_COUNT));
    assert_null(workflow_step_code((report_step)99));
    assert_null(workflow_step_label(STEP_NONE));
    assert_null(workflow_step_label(STEP_COUNT));
}

static void test_urgency_codes(void **state)
{
    (void)state;
    static const struct {
        urgency u;
        const char *code, *label;
    } cases[] = {
        {URGENCY_AA, "aa", "AA（緊急介入）"},
        {URGENCY_A, "a", "A（早期対応）"},
        {URGENCY_B, "b", "B（継続支援）"},
        {URGENCY_C, "c", "C（助言・情報提供）"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_string_equal(workflow_urgency_code(cases[i].u), cases[i].code);
        assert_string_equal(workflow_urgency_label(cases[i].u), cases[i].label);
        assert_int_equal(workflow_urgency_from_code(cases[i].code), cases[i].u);
    }
    static const char *const unknown[] = {"AA", "A", "aaa", "d", "", " a", "b ", "緊急"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        if (workflow_urgency_from_code(unknown[i]) != URGENCY_NONE)
            fail_msg("urgency \"%s\" accepted", unknown[i]);
    }
    assert_int_equal(workflow_urgency_from_code(NULL), URGENCY_NONE);
    assert_null(workflow_urgency_code(URGENCY_NONE));
    assert_null(workflow_urgency_code((urgency)4));
    assert_null(workflow_urgency_label(URGENCY_NONE));
    assert_null(workflow_urgency_label((urgency)4));
}

static int64_t instant(const char *s)
{
    int64_t t = 0;
    if (!date_parse_instant(s, strlen(s), &t))
        fail_msg("cannot parse %s", s);
    return t;
}

/* The same instant written in UTC and in Japan time gives the same deadline, shown in Japan time.
 */
static void assert_due(const char *received_utc, const char *received_jst, const char *due_jst)
{
    int64_t a = instant(received_utc);
    int64_t b = instant(received_jst);
    assert_int_equal(a, b);
    int64_t due = workflow_safety_due(a);
    assert_int_equal(due, workflow_safety_due(b));
    assert_int_equal(due - a, 48 * 3600);
    char out[26];
    date_format_instant_jst(due, out);
    assert_string_equal(out, due_jst);
}

static void test_safety_due(void **state)
{
    (void)state;
    assert_int_equal(SAFETY_DEADLINE_SECONDS, 172800);

    /* a Friday evening: due Sunday evening, the weekend counts */
    assert_due("2026-11-20T08:00:00Z", "2026-11-20T17:00:00+09:00", "2026-11-22T17:00:00+09:00");
    /* across a month end (January has 31 days) */
    assert_due("2026-01-30T10:00:00Z", "2026-01-30T19:00:00+09:00", "2026-02-01T19:00:00+09:00");
    assert_int_equal(workflow_safety_due(instant("2026-01-30T10:00:00Z")),
                     instant("2026-02-01T10:00:00Z"));
    /* across a year end, and over the 年末年始 holidays */
    assert_due("2026-12-30T11:00:00Z", "2026-12-30T20:00:00+09:00", "2027-01-01T20:00:00+09:00");
    /* received on 31 December in Japan, still the 30th in UTC */
    assert_due("2026-12-30T16:00:00Z", "2026-12-31T01:00:00+09:00", "2027-01-02T01:00:00+09:00");
    /* leap year: through 29 February */
    assert_due("2028-02-28T03:00:00Z", "2028-02-28T12:00:00+09:00", "2028-03-01T12:00:00+09:00");
    /* common year: no 29 February */
    assert_due("2027-02-28T03:00:00Z", "2027-02-28T12:00:00+09:00", "2027-03-02T12:00:00+09:00");
    /* a second before midnight in Japan */
    assert_due("2026-03-31T14:59:59Z", "2026-03-31T23:59:59+09:00", "2026-04-02T23:59:59+09:00");

    assert_int_equal(workflow_safety_due(0), 172800);
    assert_int_equal(workflow_safety_due(-172800), 0);
    assert_int_equal(workflow_safety_due(INT64_MAX - 172800), INT64_MAX);
    assert_int_equal(workflow_safety_due(INT64_MAX - 172799), INT64_MAX);
    assert_int_equal(workflow_safety_due(INT64_MAX), INT64_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expected_table_shape),
        cmocka_unit_test(test_allowed_every_triple),
        cmocka_unit_test(test_allowed_spot_checks),
        cmocka_unit_test(test_allowed_out_of_range),
        cmocka_unit_test(test_after_partial_and_full_confirmation),
        cmocka_unit_test(test_after_every_triple),
        cmocka_unit_test(test_after_walks),
        cmocka_unit_test(test_next_steps),
        cmocka_unit_test(test_next_steps_agree_with_allowed),
        cmocka_unit_test(test_next_steps_out_of_range),
        cmocka_unit_test(test_kind_codes),
        cmocka_unit_test(test_step_codes),
        cmocka_unit_test(test_urgency_codes),
        cmocka_unit_test(test_safety_due),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
