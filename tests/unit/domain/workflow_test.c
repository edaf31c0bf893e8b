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

/* ---- the late 現認 ---- */

static void test_late_confirmation(void **state)
{
    (void)state;
    for (int s = 0; s < STEP_COUNT; s++) {
        bool want = s == STEP_POLICY || s == STEP_SUPPORT;
        assert_int_equal(workflow_late_confirmation(REPORT_ABUSE, (report_step)s), want);
        assert_false(workflow_late_confirmation(REPORT_CONSULTATION, (report_step)s));
        assert_false(workflow_late_confirmation(REPORT_KIND_NONE, (report_step)s));
    }
    /* from policy and support only while a child is unseen */
    assert_true(workflow_may_record(REPORT_ABUSE, STEP_POLICY, STEP_SAFETY_CONFIRMED, true));
    assert_true(workflow_may_record(REPORT_ABUSE, STEP_SUPPORT, STEP_SAFETY_CONFIRMED, true));
    assert_false(workflow_may_record(REPORT_ABUSE, STEP_POLICY, STEP_SAFETY_CONFIRMED, false));
    /* never from safety_confirmed (everyone is seen there), referred or closed */
    assert_false(
        workflow_may_record(REPORT_ABUSE, STEP_SAFETY_CONFIRMED, STEP_SAFETY_CONFIRMED, true));
    assert_false(workflow_may_record(REPORT_ABUSE, STEP_REFERRED, STEP_SAFETY_CONFIRMED, true));
    assert_false(workflow_may_record(REPORT_ABUSE, STEP_CLOSED, STEP_SAFETY_CONFIRMED, true));
    assert_false(
        workflow_may_record(REPORT_CONSULTATION, STEP_POLICY, STEP_SAFETY_CONFIRMED, true));
    /* nothing else is widened */
    for (int ki = 0; ki < KINDS; ki++)
        for (int s = 0; s < STEP_COUNT; s++)
            for (int t = 0; t < STEP_COUNT; t++) {
                if (t == STEP_SAFETY_CONFIRMED)
                    continue;
                for (int unseen = 0; unseen <= 1; unseen++)
                    assert_int_equal(
                        workflow_may_record(all_kinds[ki], (report_step)s, (report_step)t, unseen),
                        workflow_allowed(all_kinds[ki], (report_step)s, (report_step)t));
            }
}

static void test_offered_steps(void **state)
{
    (void)state;
    report_step out[STEP_COUNT];
    assert_int_equal(workflow_offered_steps(REPORT_ABUSE, STEP_POLICY, true, out), 4);
    assert_int_equal(out[0], STEP_SAFETY_CONFIRMED);
    assert_int_equal(out[1], STEP_SUPPORT);
    assert_int_equal(out[2], STEP_CLOSED);
    assert_int_equal(out[3], STEP_REFERRED);
    assert_int_equal(workflow_offered_steps(REPORT_ABUSE, STEP_SUPPORT, true, out), 3);
    assert_int_equal(out[0], STEP_SAFETY_CONFIRMED);
    assert_int_equal(out[1], STEP_CLOSED);
    assert_int_equal(out[2], STEP_REFERRED);
    assert_int_equal(workflow_offered_steps(REPORT_ABUSE, STEP_POLICY, false, out), 3);
    assert_int_equal(out[0], STEP_SUPPORT);
    /* juri and investigation offer it anyway, once */
    assert_int_equal(workflow_offered_steps(REPORT_ABUSE, STEP_JURI, true, out), 3);
    assert_int_equal(out[1], STEP_SAFETY_CONFIRMED);
    assert_int_equal(workflow_offered_steps(REPORT_ABUSE, STEP_REFERRED, true, out), 1);
    assert_int_equal(out[0], STEP_CLOSED);
    assert_int_equal(workflow_offered_steps(REPORT_CONSULTATION, STEP_POLICY, true, out), 1);
    assert_int_equal(out[0], STEP_SUPPORT);
}

/* ---- corrections ---- */

enum { A = 1, B = 2 }; /* two siblings: bit 0 the elder, bit 1 the younger */

#define EV(s)      ((workflow_event){.step = (s)})
#define SEEN(bits) ((workflow_event){.step = STEP_SAFETY_CONFIRMED, .children = (bits)})
#define FIX        ((workflow_event){.step = STEP_NONE}) /* a correction event */

static report_step status_of(const workflow_event *ev, int n, int children)
{
    return workflow_replay(REPORT_ABUSE, ev, n, children).status;
}

static void test_correction_codes(void **state)
{
    (void)state;
    assert_string_equal(workflow_correction_code(), "correction");
    assert_string_equal(workflow_correction_label(), "記録の取り消し");
    assert_int_equal(workflow_step_from_code("correction"), STEP_NONE); /* not a step */
}

static void test_replay_without_corrections(void **state)
{
    (void)state;
    workflow_event ev[] = {EV(STEP_RECEIVED), EV(STEP_JURI),    EV(STEP_INVESTIGATION), SEEN(A | B),
                           EV(STEP_POLICY),   EV(STEP_SUPPORT), EV(STEP_CLOSED)};
    const report_step want[] = {
        STEP_RECEIVED, STEP_JURI,    STEP_INVESTIGATION, STEP_SAFETY_CONFIRMED,
        STEP_POLICY,   STEP_SUPPORT, STEP_CLOSED};
    for (int n = 1; n <= 7; n++)
        assert_int_equal(status_of(ev, n, 2), want[n - 1]);
    workflow_state st = workflow_replay(REPORT_ABUSE, ev, 7, 2);
    assert_int_equal(st.juri, 1);
    assert_int_equal(st.support, 5);
    st = workflow_replay(REPORT_ABUSE, ev, 1, 2);
    assert_int_equal(st.juri, -1);
    assert_int_equal(st.support, -1);

    /* siblings seen one by one: juri until the second */
    workflow_event one[] = {EV(STEP_RECEIVED), EV(STEP_JURI), SEEN(A), SEEN(B)};
    assert_int_equal(status_of(one, 3, 2), STEP_JURI);
    assert_int_equal(status_of(one, 4, 2), STEP_SAFETY_CONFIRMED);
    /* an empty list, a bad kind */
    assert_int_equal(status_of(NULL, 0, 1), STEP_RECEIVED);
    assert_int_equal(workflow_replay(REPORT_KIND_NONE, ev, 7, 2).status, STEP_NONE);
    /* a consultation */
    workflow_event c[] = {EV(STEP_RECEIVED), EV(STEP_JURI), EV(STEP_POLICY)};
    assert_int_equal(workflow_replay(REPORT_CONSULTATION, c, 3, 1).status, STEP_POLICY);
}

static void test_may_correct(void **state)
{
    (void)state;
    /* received, juri, the elder seen, investigation, the younger seen, and a correction row */
    workflow_event ev[] = {EV(STEP_RECEIVED),      EV(STEP_JURI), SEEN(A),
                           EV(STEP_INVESTIGATION), SEEN(B),       FIX};
    assert_int_equal(workflow_may_correct(ev, 6, 0), CORRECTION_NOT_A_STEP); /* received */
    assert_int_equal(workflow_may_correct(ev, 6, 5), CORRECTION_NOT_A_STEP); /* a correction */
    assert_int_equal(workflow_may_correct(ev, 6, 1), CORRECTION_NOT_LATEST);
    assert_int_equal(workflow_may_correct(ev, 6, 3), CORRECTION_NOT_LATEST);
    assert_int_equal(workflow_may_correct(ev, 6, 2), CORRECTION_ALLOWED); /* a 現認, not latest */
    assert_int_equal(workflow_may_correct(ev, 6, 4), CORRECTION_ALLOWED);
    assert_int_equal(workflow_may_correct(ev, 6, -1), CORRECTION_NO_SUCH_EVENT);
    assert_int_equal(workflow_may_correct(ev, 6, 6), CORRECTION_NO_SUCH_EVENT);
    assert_int_equal(workflow_may_correct(NULL, 0, 0), CORRECTION_NO_SUCH_EVENT);

    /* the younger's 現認 taken back entirely: it no longer stands; investigation is latest */
    ev[4].children = 0;
    assert_false(workflow_event_stands(&ev[4]));
    assert_int_equal(workflow_may_correct(ev, 6, 4), CORRECTION_ALREADY);
    assert_int_equal(workflow_may_correct(ev, 6, 3), CORRECTION_ALLOWED);
    ev[3].corrected = true;
    assert_int_equal(workflow_may_correct(ev, 6, 3), CORRECTION_ALREADY);
    /* with investigation gone too, the 受理会議 is the latest standing step (the 現認 of the
     * elder after it may be corrected on its own, and stands) */
    assert_int_equal(workflow_may_correct(ev, 6, 1), CORRECTION_NOT_LATEST);
    ev[2].children = 0;
    assert_int_equal(workflow_may_correct(ev, 6, 1), CORRECTION_ALLOWED);
}

/* The latest step taken back: the status is that of the step before. */
static void test_correct_latest_step(void **state)
{
    (void)state;
    workflow_event ev[] = {EV(STEP_RECEIVED), EV(STEP_JURI), SEEN(A | B), EV(STEP_POLICY), FIX};
    ev[3].corrected = true;
    assert_int_equal(status_of(ev, 5, 2), STEP_SAFETY_CONFIRMED);

    /* the 受理会議 taken back: received again, no urgency */
    workflow_event j[] = {EV(STEP_RECEIVED), EV(STEP_JURI), FIX};
    j[1].corrected = true;
    workflow_state st = workflow_replay(REPORT_ABUSE, j, 3, 1);
    assert_int_equal(st.status, STEP_RECEIVED);
    assert_int_equal(st.juri, -1);
    /* ... and a new one recorded after the correction */
    workflow_event j2[] = {EV(STEP_RECEIVED), j[1], FIX, EV(STEP_JURI)};
    st = workflow_replay(REPORT_ABUSE, j2, 4, 1);
    assert_int_equal(st.status, STEP_JURI);
    assert_int_equal(st.juri, 3);

    /* 支援 taken back: policy again, no case */
    workflow_event s[] = {EV(STEP_RECEIVED), EV(STEP_JURI),    SEEN(A),
                          EV(STEP_POLICY),   EV(STEP_SUPPORT), FIX};
    s[4].corrected = true;
    st = workflow_replay(REPORT_ABUSE, s, 6, 1);
    assert_int_equal(st.status, STEP_POLICY);
    assert_int_equal(st.support, -1);

    /* 終結 by mistake after 送致: referred again */
    workflow_event c[] = {EV(STEP_RECEIVED), EV(STEP_JURI), EV(STEP_REFERRED), EV(STEP_CLOSED),
                          FIX};
    c[3].corrected = true;
    assert_int_equal(status_of(c, 5, 1), STEP_REFERRED);
}

/* The 現認 of both siblings recorded in one step, the younger not actually seen. */
static void test_correct_one_child_of_the_latest_confirmation(void **state)
{
    (void)state;
    workflow_event ev[] = {EV(STEP_RECEIVED), EV(STEP_JURI), SEEN(A | B), FIX};
    assert_int_equal(status_of(ev, 3, 2), STEP_SAFETY_CONFIRMED);
    ev[2].children = A;                               /* the younger taken back */
    assert_int_equal(status_of(ev, 4, 2), STEP_JURI); /* as after a partial 現認 */
    assert_int_equal(workflow_may_correct(ev, 4, 2), CORRECTION_ALLOWED); /* the elder still */
    /* the younger seen later: safety_confirmed again */
    workflow_event later[] = {ev[0], ev[1], ev[2], FIX, SEEN(B)};
    assert_int_equal(status_of(later, 5, 2), STEP_SAFETY_CONFIRMED);
    /* both taken back: the step counts nowhere */
    ev[2].children = 0;
    assert_int_equal(status_of(ev, 4, 2), STEP_JURI);
}

/* The 現認 of both recorded, 支援方針 decided, then the younger's 現認 taken back. The policy was
 * decided and stands (status policy: the last standing step); the younger is unseen again (the
 * alert is back) and may be seen late, from policy, without moving the status. */
static void test_correct_one_child_after_policy(void **state)
{
    (void)state;
    workflow_event ev[] = {EV(STEP_RECEIVED), EV(STEP_JURI), SEEN(A | B), EV(STEP_POLICY), FIX};
    ev[2].children = A;
    assert_int_equal(status_of(ev, 5, 2), STEP_POLICY);
    assert_true(workflow_may_record(REPORT_ABUSE, STEP_POLICY, STEP_SAFETY_CONFIRMED, true));
    /* the policy is no longer the latest step? It is: it may be corrected; so may the 現認 */
    assert_int_equal(workflow_may_correct(ev, 5, 3), CORRECTION_ALLOWED);
    assert_int_equal(workflow_may_correct(ev, 5, 2), CORRECTION_ALLOWED);
    assert_int_equal(workflow_may_correct(ev, 5, 1), CORRECTION_NOT_LATEST);
    /* the late 現認 of the younger: still policy */
    workflow_event late[] = {ev[0], ev[1], ev[2], ev[3], FIX, SEEN(B)};
    assert_int_equal(status_of(late, 6, 2), STEP_POLICY);
    /* with the policy also taken back, the report is back before policy: juri (one seen), or
     * safety_confirmed once the late 現認 counts */
    ev[3].corrected = true;
    assert_int_equal(status_of(ev, 5, 2), STEP_JURI);
    late[3].corrected = true;
    assert_int_equal(status_of(late, 6, 2), STEP_SAFETY_CONFIRMED);
    /* the whole 現認 taken back after policy: still policy, both unseen */
    workflow_event all[] = {EV(STEP_RECEIVED), EV(STEP_JURI), SEEN(0), EV(STEP_POLICY), FIX};
    assert_int_equal(status_of(all, 5, 2), STEP_POLICY);
}

static void test_replay_children_clamped(void **state)
{
    (void)state;
    workflow_event ev[] = {EV(STEP_RECEIVED), EV(STEP_JURI), SEEN(UINT32_MAX)};
    assert_int_equal(status_of(ev, 3, 32), STEP_SAFETY_CONFIRMED);
    assert_int_equal(status_of(ev, 3, 99), STEP_SAFETY_CONFIRMED);
    ev[2].children = UINT32_MAX >> 1; /* the 32nd child unseen */
    assert_int_equal(status_of(ev, 3, 32), STEP_JURI);
    assert_int_equal(status_of(ev, 3, 31), STEP_SAFETY_CONFIRMED);
    assert_int_equal(status_of(ev, 3, -1), STEP_SAFETY_CONFIRMED); /* no children: nobody unseen */
}

/* ---- the intake's time ---- */

static void test_received_at(void **state)
{
    (void)state;
    int64_t now = instant("2026-11-20T17:00:00+09:00");
    assert_int_equal(workflow_check_received_at(now, now), RECEIVED_OK);
    assert_int_equal(workflow_check_received_at(now - 86400 * 365, now), RECEIVED_OK);
    /* a day ahead (a PC with a wrong date), to the second; a second more is refused */
    assert_int_equal(workflow_check_received_at(now + 86400, now), RECEIVED_OK);
    assert_int_equal(workflow_check_received_at(now + 86401, now), RECEIVED_FUTURE);
    assert_int_equal(workflow_check_received_at(instant("2026-11-22T00:00:00+09:00"), now),
                     RECEIVED_FUTURE);
    /* from 1900-01-01 00:00 in Japan */
    int64_t y1900 = instant("1900-01-01T00:00:00+09:00");
    assert_int_equal(y1900, -2209021200LL);
    assert_int_equal(workflow_check_received_at(y1900, now), RECEIVED_OK);
    assert_int_equal(workflow_check_received_at(y1900 - 1, now), RECEIVED_TOO_EARLY);
    assert_int_equal(workflow_check_received_at(instant("1899-12-31T23:59:59+09:00"), now),
                     RECEIVED_TOO_EARLY);
    assert_int_equal(workflow_check_received_at(instant("1899-12-31T15:00:00Z"), now),
                     RECEIVED_OK); /* = 1900-01-01 00:00 in Japan */
    assert_int_equal(workflow_check_received_at(INT64_MIN, now), RECEIVED_TOO_EARLY);
    assert_int_equal(workflow_check_received_at(INT64_MAX, now), RECEIVED_FUTURE);
    assert_int_equal(workflow_check_received_at(INT64_MAX, INT64_MAX), RECEIVED_OK);
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
        cmocka_unit_test(test_late_confirmation),
        cmocka_unit_test(test_offered_steps),
        cmocka_unit_test(test_correction_codes),
        cmocka_unit_test(test_replay_without_corrections),
        cmocka_unit_test(test_may_correct),
        cmocka_unit_test(test_correct_latest_step),
        cmocka_unit_test(test_correct_one_child_of_the_latest_confirmation),
        cmocka_unit_test(test_correct_one_child_after_policy),
        cmocka_unit_test(test_replay_children_clamped),
        cmocka_unit_test(test_received_at),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
