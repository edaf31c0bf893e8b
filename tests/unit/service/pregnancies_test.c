/* Recording a 妊娠届 without HTTP: judged by the table in force, a question not asked stays
 * unasked, answers merge by code, an unchanged update is a read, refusals change nothing. */
#include "service/pregnancies.h"
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
    health_person(*state, "m1", "female", "2008-01-10"); /* 18 on 2026-03-01: young_mother */
    health_person(*state, "c1", "female", "2026-03-20");
    health_person(*state, "f1", "male", "1990-01-01");
    return 0;
}

static svc_pregnancy_input notification(void)
{
    return (svc_pregnancy_input){.mother_id = "m1", .notified_on = "2026-03-01", .weeks = 9};
}

static void an_unasked_interview_is_incomplete_never_low(void **state)
{
    health_fixture *f = *state;
    svc_pregnancy_input in = notification();
    in.answers[risk_code_index("dv")] = SVC_ANSWER_NO;
    store_pregnancy g;
    health_counts before = health_count(f);
    assert_int_equal(svc_pregnancies_record(&f->ctx, &in, &g).status, SVC_OK);
    assert_int_equal(g.answers[risk_code_index("dv")], RISK_NO);
    assert_int_equal(g.answers[risk_code_index("smoking")], RISK_UNASKED);
    assert_int_equal(g.unasked_count, 8);
    assert_int_equal(g.flag_count, 1);
    assert_string_equal(g.flags[0].code, "young_mother");
    assert_string_equal(g.risk_level, "medium");
    assert_string_equal(g.band, "within_11w");
    assert_int_equal(g.risk_table_version, 0);
    health_counts after = health_count(f);
    assert_int_equal(after.pregnancies, before.pregnancies + 1);
    assert_int_equal(after.audit, before.audit + 1);
    assert_string_equal(
        health_text(f, "SELECT summary FROM events"),
        "妊娠届を受け付けました（面接未完了：未確認8項目・確認済みの項目でリスク中）");
    /* read back: the answers asked, and only those */
    store_pregnancy got;
    assert_int_equal(svc_pregnancies_get(&f->ctx, g.id, &got).status, SVC_OK);
    assert_memory_equal(got.answers, g.answers, sizeof g.answers);
    assert_string_equal(got.mother.id, "m1");
    assert_string_equal(got.flags[0].label, g.flags[0].label);
    assert_int_equal(f->ctx.read_count, 1);
}

static void an_update_merges_answers_by_code(void **state)
{
    health_fixture *f = *state;
    svc_pregnancy_input in = notification();
    in.answers[risk_code_index("dv")] = SVC_ANSWER_NO;
    in.answers[risk_code_index("smoking")] = SVC_ANSWER_YES;
    store_pregnancy g, u;
    assert_int_equal(svc_pregnancies_record(&f->ctx, &in, &g).status, SVC_OK);
    svc_pregnancy_input change = {.weeks = -1};
    change.answers[risk_code_index("dv")] = SVC_ANSWER_YES;
    change.answers[risk_code_index("smoking")] = SVC_ANSWER_UNASKED;
    svc_pregnancy_fields set = {0};
    assert_int_equal(svc_pregnancies_update(&f->ctx, g.id, 1, &change, &set, &u).status, SVC_OK);
    assert_int_equal(u.version, 2);
    assert_int_equal(u.answers[risk_code_index("dv")], RISK_YES);
    assert_int_equal(u.answers[risk_code_index("smoking")], RISK_UNASKED);
    assert_int_equal(u.weeks, 9);
    assert_true(u.candidate); /* dv is a candidate code */
    assert_string_equal(health_text(f, "SELECT answers FROM pregnancies"), "{\"dv\":true}");
}

/* Nothing changed: no new version, no event, no change audit; the record shown is a read. */
static void an_unchanged_update_is_a_read(void **state)
{
    health_fixture *f = *state;
    svc_pregnancy_input in = notification();
    store_pregnancy g, u;
    assert_int_equal(svc_pregnancies_record(&f->ctx, &in, &g).status, SVC_OK);
    health_counts before = health_count(f);
    svc_pregnancy_input same = {.weeks = 9};
    svc_pregnancy_fields set = {.weeks = true};
    assert_int_equal(svc_pregnancies_update(&f->ctx, g.id, 1, &same, &set, &u).status, SVC_OK);
    assert_int_equal(u.version, 1);
    assert_int_equal(f->ctx.read_count, 1);
    health_counts after = health_count(f);
    assert_memory_equal(&before, &after, sizeof before);
}

static void the_table_in_force_judges(void **state)
{
    health_fixture *f = *state;
    svc_risk_setting s;
    assert_int_equal(svc_settings_risk_get(&f->ctx, &s).status, SVC_OK);
    s.table.items[risk_code_index("young_mother")].weight = 0;
    f->ctx.role = ROLE_DIRECTOR;
    assert_int_equal(svc_settings_risk_put(&f->ctx, &s.table, 0, &s).status, SVC_OK);
    f->ctx.role = ROLE_HEALTH;
    svc_pregnancy_input in = notification();
    store_pregnancy g;
    assert_int_equal(svc_pregnancies_record(&f->ctx, &in, &g).status, SVC_OK);
    assert_int_equal(g.risk_table_version, 1);
    assert_int_equal(g.risk_score, 0);
    assert_string_equal(g.risk_level, "low");
}

static void refused_notifications_change_nothing(void **state)
{
    health_fixture *f = *state;
    store_pregnancy g;
    svc_pregnancy_input ok = notification();
    assert_int_equal(svc_pregnancies_record(&f->ctx, &ok, &g).status, SVC_OK);
    health_counts before = health_count(f);

    struct {
        svc_pregnancy_input in;
        const char *field;
    } cases[] = {
        {{.mother_id = "m1", .notified_on = "2026-04-02", .weeks = -1}, "notified_on"},
        {{.mother_id = "f1", .notified_on = "2026-03-01", .weeks = -1}, "mother_id"},
        {{.mother_id = "c1", .notified_on = "2026-03-01", .weeks = -1}, "mother_id"},
        {{.mother_id = "nobody", .notified_on = "2026-03-01", .weeks = -1}, "mother_id"},
        {{.mother_id = "m1", .notified_on = "2026-03-01", .weeks = 46}, "weeks_at_notification"},
        {{.mother_id = "m1",
          .notified_on = "2026-03-01",
          .weeks = -1,
          .child_ids = (const char *const[]){"c1", "nobody"},
          .child_count = 2},
         "child_ids[1]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        svc_result r = svc_pregnancies_record(&f->ctx, &cases[i].in, &g);
        assert_int_equal(r.status, SVC_INVALID);
        assert_string_equal(r.field, cases[i].field);
    }
    svc_pregnancy_input derived = notification();
    derived.answers[risk_code_index("young_mother")] = SVC_ANSWER_NO;
    svc_result r = svc_pregnancies_record(&f->ctx, &derived, &g);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "answers.young_mother");

    svc_pregnancy_fields set = {.notified_on = true};
    svc_pregnancy_input later = {.notified_on = "2026-04-02", .weeks = -1};
    store_pregnancy u;
    const char *id = health_text(f, "SELECT id FROM pregnancies");
    assert_int_equal(svc_pregnancies_update(&f->ctx, id, 1, &later, &set, &u).status, SVC_INVALID);
    assert_int_equal(svc_pregnancies_update(&f->ctx, id, 2, &later, &set, &u).status, SVC_CONFLICT);
    assert_int_equal(svc_pregnancies_update(&f->ctx, "nope", 1, &later, &set, &u).status,
                     SVC_NOT_FOUND);
    health_counts after = health_count(f);
    assert_memory_equal(&before, &after, sizeof before);
    assert_int_equal(f->ctx.read_count, 0);
}

static int count_shown(void *arg, const store_pregnancy *g)
{
    (void)g;
    ++*(int *)arg;
    return 0;
}

/* The list: an unknown level refused before anything is read; each row shown audited against
 * the mother; the interview's completeness filters. */
static void the_list_audits_what_it_shows(void **state)
{
    health_fixture *f = *state;
    svc_pregnancy_input in = notification();
    store_pregnancy g;
    assert_int_equal(svc_pregnancies_record(&f->ctx, &in, &g).status, SVC_OK);
    int shown = 0;
    svc_pregnancy_filter bad = {.risk_level = "severe", .incomplete = -1, .limit = 10};
    svc_result r = svc_pregnancies_list(&f->ctx, &bad, count_shown, &shown);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "risk_level");
    assert_int_equal(shown, 0);
    assert_int_equal(f->ctx.read_count, 0);

    svc_pregnancy_filter complete = {.mother_id = "m1", .incomplete = 0, .limit = 10};
    assert_int_equal(svc_pregnancies_list(&f->ctx, &complete, count_shown, &shown).status, SVC_OK);
    assert_int_equal(shown, 0); /* eight questions not asked: not a complete interview */
    svc_pregnancy_filter mine = {.mother_id = "m1", .incomplete = -1, .limit = 10};
    assert_int_equal(svc_pregnancies_list(&f->ctx, &mine, count_shown, &shown).status, SVC_OK);
    assert_int_equal(shown, 1);
    assert_int_equal(f->ctx.read_count, 1);
    assert_string_equal(f->ctx.reads[0].object_type, "pregnancy");
    assert_string_equal(f->ctx.reads[0].person_id, "m1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(the_list_audits_what_it_shows, setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(an_unasked_interview_is_incomplete_never_low, setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(an_update_merges_answers_by_code, setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(an_unchanged_update_is_a_read, setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(the_table_in_force_judges, setup, health_fixture_teardown),
        cmocka_unit_test_setup_teardown(refused_notifications_change_nothing, setup,
                                        health_fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
