/* Scoring a screening without HTTP: the domain's score, the bonding threshold in force, the
 * self-harm item, who may answer, and a refusal that changes nothing. */
#include "service/screenings.h"
#include "service/settings.h"
#include "support/health_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

static int setup(void **state)
{
    if (health_fixture_setup(state) != 0)
        return -1;
    health_person(*state, "m1", "female", "1995-05-05");
    health_person(*state, "c1", "female", "2025-11-20");
    return 0;
}

static const int quiet_epds[10] = {0, 0, 3, 0, 3, 3, 3, 3, 3, 3}; /* scores 0 */

static void an_epds_with_the_self_harm_item_needs_a_follow_up(void **state)
{
    health_fixture *f = *state;
    int answers[10];
    memcpy(answers, quiet_epds, sizeof answers);
    answers[9] = 2; /* item 10 scores 1 */
    svc_screening_input in = {.person_id = "m1",
                              .instrument = "epds",
                              .administered_on = "2026-04-01",
                              .answers = answers,
                              .answer_count = 10};
    store_screening s, got;
    health_counts before = health_count(f);
    assert_int_equal(svc_screenings_record(&f->ctx, &in, &s).status, SVC_OK);
    assert_int_equal(s.score, 1);
    assert_true(s.self_harm);
    assert_true(s.needs_followup);
    assert_int_equal(s.flag_count, 1);
    assert_string_equal(s.flags[0].code, "epds_self_harm");
    health_counts after = health_count(f);
    assert_int_equal(after.screenings, before.screenings + 1);
    assert_int_equal(after.events, before.events + 1);
    assert_int_equal(after.audit, before.audit + 1);
    /* read back as written: answers, item scores and flags survive the store's encoding */
    assert_int_equal(svc_screenings_get(&f->ctx, s.id, &got).status, SVC_OK);
    assert_int_equal(got.answer_count, 10);
    assert_memory_equal(got.answers, answers, sizeof answers);
    assert_int_equal(got.item_count, 10);
    assert_int_equal(got.item_scores[9], 1);
    assert_string_equal(got.flags[0].label, s.flags[0].label);
    assert_string_equal(got.person.id, "m1");
    assert_int_equal(f->ctx.read_count, 1);
    assert_string_equal(health_text(f, "SELECT summary FROM events"),
                        "エジンバラ産後うつ病質問票（EPDS）を実施しました（1点・要フォロー）");
}

static void bonding_is_flagged_by_the_threshold_in_force(void **state)
{
    health_fixture *f = *state;
    static const int answers[10] = {1, 2, 2, 2, 2, 1, 2, 1, 2, 1}; /* 1+1+1+1+1+1+1+1+1+1 */
    svc_screening_input in = {.person_id = "m1",
                              .instrument = "bonding",
                              .administered_on = "2026-04-01",
                              .answers = answers,
                              .answer_count = 10};
    store_screening s;
    assert_int_equal(svc_screenings_record(&f->ctx, &in, &s).status, SVC_OK);
    assert_false(s.needs_followup); /* no threshold set */
    f->ctx.role = ROLE_DIRECTOR;
    svc_screening_setting b;
    assert_int_equal(svc_settings_screening_put(&f->ctx, (int)s.score, 0, &b).status, SVC_OK);
    assert_int_equal(svc_screenings_record(&f->ctx, &in, &s).status, SVC_OK);
    assert_true(s.needs_followup);
    assert_string_equal(s.flags[0].code, "bonding_high");
}

static void refused_screenings_change_nothing(void **state)
{
    health_fixture *f = *state;
    health_counts before = health_count(f);
    store_screening s;
    int bad_value[10];
    memcpy(bad_value, quiet_epds, sizeof bad_value);
    bad_value[4] = 4;
    struct {
        svc_screening_input in;
        const char *field;
    } cases[] = {
        {{.person_id = "m1",
          .instrument = "epds",
          .administered_on = "2026-04-02",
          .answers = quiet_epds,
          .answer_count = 10},
         "administered_on"},
        {{.person_id = "m1",
          .instrument = "epds",
          .administered_on = "2026-04-01",
          .answers = quiet_epds,
          .answer_count = 9},
         "answers"},
        {{.person_id = "m1",
          .instrument = "epds",
          .administered_on = "2026-04-01",
          .answers = bad_value,
          .answer_count = 10},
         "answers[4]"},
        {{.person_id = "m1",
          .instrument = "kessler",
          .administered_on = "2026-04-01",
          .answers = quiet_epds,
          .answer_count = 10},
         "instrument"},
        {{.person_id = "nobody",
          .instrument = "epds",
          .administered_on = "2026-04-01",
          .answers = quiet_epds,
          .answer_count = 10},
         "person_id"},
        {{.person_id = "c1",
          .instrument = "epds",
          .administered_on = "2026-04-01",
          .answers = quiet_epds,
          .answer_count = 10},
         "person_id"}, /* an infant cannot answer an EPDS */
        {{.person_id = "m1",
          .instrument = "epds",
          .administered_on = "2026-04-01",
          .answers = quiet_epds,
          .answer_count = 10,
          .visit_id = "nope"},
         "visit_id"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        svc_result r = svc_screenings_record(&f->ctx, &cases[i].in, &s);
        assert_int_equal(r.status, SVC_INVALID);
        assert_string_equal(r.field, cases[i].field);
    }
    health_counts after = health_count(f);
    assert_memory_equal(&before, &after, sizeof before);
    assert_int_equal(svc_screenings_get(&f->ctx, "nope", &s).status, SVC_NOT_FOUND);
    assert_int_equal(f->ctx.read_count, 0);
}

static int shown(void *arg, const store_screening *s)
{
    (void)s;
    ++*(int *)arg;
    return 0;
}

static void the_open_list_audits_each_row(void **state)
{
    health_fixture *f = *state;
    static const int loud[10] = {3, 3, 0, 3, 0, 0, 0, 0, 0, 3};
    svc_screening_input in = {.person_id = "m1",
                              .instrument = "epds",
                              .administered_on = "2026-03-01",
                              .answers = loud,
                              .answer_count = 10};
    store_screening s;
    assert_int_equal(svc_screenings_record(&f->ctx, &in, &s).status, SVC_OK);
    in.answers = quiet_epds;
    assert_int_equal(svc_screenings_record(&f->ctx, &in, &s).status, SVC_OK);
    int n = 0;
    svc_screening_filter open = {.open_only = true, .limit = 10};
    assert_int_equal(svc_screenings_list(&f->ctx, &open, shown, &n).status, SVC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(f->ctx.read_count, 1);
    svc_screening_filter none = {.limit = 10};
    svc_result r = svc_screenings_list(&f->ctx, &none, shown, &n);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "person_id");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(an_epds_with_the_self_harm_item_needs_a_follow_up, setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(bonding_is_flagged_by_the_threshold_in_force, setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(refused_screenings_change_nothing, setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(the_open_list_audits_each_row, setup,
                                        health_fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
