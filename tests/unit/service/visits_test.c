/* Recording a visit or check-up without HTTP: the kind decides the subtype and whether 未受診
 * may be recorded, nothing that happened is dated after today, and a refusal changes nothing. */
#include "service/visits.h"
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
    health_person(*state, "c1", "male", "2025-11-20");
    return 0;
}

static svc_visit_input checkup(void)
{
    return (svc_visit_input){.person_id = "c1",
                             .kind = "checkup",
                             .subtype = "4m",
                             .on = "2026-04-01",
                             .status = "missed",
                             .staff = "佐藤"};
}

static void a_missed_checkup_is_recorded_with_its_event(void **state)
{
    health_fixture *f = *state;
    svc_visit_input in = checkup();
    store_visit v;
    health_counts before = health_count(f);
    assert_int_equal(svc_visits_record(&f->ctx, &in, &v).status, SVC_OK);
    assert_int_equal(v.version, 1);
    assert_int_equal(v.created_at, HEALTH_FIXED_NOW);
    assert_string_equal(v.person.given_name, "花子");
    health_counts after = health_count(f);
    assert_int_equal(after.visits, before.visits + 1);
    assert_int_equal(after.audit, before.audit + 1);
    assert_string_equal(health_text(f, "SELECT kind FROM events"), "checkup_missed");
    assert_string_equal(health_text(f, "SELECT summary FROM events"),
                        "乳幼児健診（4か月児）：未受診");
}

/* Each inconsistency names its field; none writes a row, an event or an audit row. */
static void inconsistent_visits_are_refused_and_change_nothing(void **state)
{
    health_fixture *f = *state;
    health_counts before = health_count(f);
    store_visit v;
    struct {
        svc_visit_input in;
        const char *field;
    } cases[] = {
        {{.person_id = "c1",
          .kind = "newborn_visit",
          .subtype = "4m",
          .on = "2026-03-01",
          .status = "done"},
         "subtype"},
        {{.person_id = "c1", .kind = "postpartum_care", .on = "2026-03-01", .status = "done"},
         "subtype"},
        {{.person_id = "c1",
          .kind = "checkup",
          .subtype = "stay",
          .on = "2026-03-01",
          .status = "done"},
         "subtype"},
        {{.person_id = "c1", .kind = "newborn_visit", .on = "2026-03-01", .status = "missed"},
         "status"},
        {{.person_id = "c1",
          .kind = "checkup",
          .subtype = "3y",
          .on = "2026-04-02",
          .status = "done"},
         "on"},
        {{.person_id = "c1", .kind = "house_call", .on = "2026-03-01", .status = "done"}, "kind"},
        {{.person_id = "nobody", .kind = "newborn_visit", .on = "2026-03-01", .status = "done"},
         "person_id"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        svc_result r = svc_visits_record(&f->ctx, &cases[i].in, &v);
        assert_int_equal(r.status, SVC_INVALID);
        assert_string_equal(r.field, cases[i].field);
    }
    health_counts after = health_count(f);
    assert_memory_equal(&before, &after, sizeof before);
}

static void a_future_visit_may_be_scheduled(void **state)
{
    health_fixture *f = *state;
    svc_visit_input in = {
        .person_id = "c1", .kind = "newborn_visit", .on = "2026-05-01", .status = "scheduled"};
    store_visit v;
    assert_int_equal(svc_visits_record(&f->ctx, &in, &v).status, SVC_OK);
}

static void an_update_sets_the_fields_named_on_the_version_read(void **state)
{
    health_fixture *f = *state;
    svc_visit_input in = checkup();
    store_visit v, u;
    assert_int_equal(svc_visits_record(&f->ctx, &in, &v).status, SVC_OK);
    svc_visit_input change = {.status = "done", .notes = "受診した"};
    svc_visit_fields set = {.status = true, .notes = true};
    assert_int_equal(svc_visits_update(&f->ctx, v.id, 1, &change, &set, &u).status, SVC_OK);
    assert_int_equal(u.version, 2);
    assert_string_equal(u.status, "done");
    assert_string_equal(u.subtype, "4m");
    assert_string_equal(u.staff, "佐藤");

    health_counts before = health_count(f);
    assert_int_equal(svc_visits_update(&f->ctx, v.id, 1, &change, &set, &u).status, SVC_CONFLICT);
    assert_int_equal(svc_visits_update(&f->ctx, "nope", 1, &change, &set, &u).status,
                     SVC_NOT_FOUND);
    svc_visit_input to_newborn = {.kind = "newborn_visit"};
    svc_visit_fields kind_only = {.kind = true};
    svc_result r = svc_visits_update(&f->ctx, v.id, 2, &to_newborn, &kind_only, &u);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "subtype");
    health_counts after = health_count(f);
    assert_memory_equal(&before, &after, sizeof before);
    assert_string_equal(health_text(f, "SELECT version FROM visits"), "2");
}

static int count_rows(void *arg, const store_visit *v)
{
    (void)v;
    ++*(int *)arg;
    return 0;
}

static int take_one(void *arg, const store_visit *v)
{
    (void)v;
    return ++*(int *)arg > 1;
}

/* Every row shown is audited; the one read past the page is not. */
static void a_list_audits_the_rows_it_shows(void **state)
{
    health_fixture *f = *state;
    svc_visit_input in = checkup();
    store_visit v;
    assert_int_equal(svc_visits_record(&f->ctx, &in, &v).status, SVC_OK);
    assert_int_equal(svc_visits_record(&f->ctx, &in, &v).status, SVC_OK);
    int n = 0;
    svc_visit_filter all = {.person_id = "c1", .limit = 10};
    assert_int_equal(svc_visits_list(&f->ctx, &all, count_rows, &n).status, SVC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(f->ctx.read_count, 2);
    f->ctx.read_count = 0;
    n = 0;
    svc_visit_filter one = {.person_id = "c1", .limit = 1};
    assert_int_equal(svc_visits_list(&f->ctx, &one, take_one, &n).status, SVC_OK);
    assert_int_equal(f->ctx.read_count, 1);
    assert_string_equal(f->ctx.reads[0].person_id, "c1");

    svc_visit_filter neither = {.limit = 10};
    assert_int_equal(svc_visits_list(&f->ctx, &neither, count_rows, &n).status, SVC_INVALID);
    svc_visit_filter bad_day = {.on = "2026-13-01", .limit = 10};
    svc_result r = svc_visits_list(&f->ctx, &bad_day, count_rows, &n);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "on");
}

static void get_audits_the_read(void **state)
{
    health_fixture *f = *state;
    svc_visit_input in = checkup();
    store_visit v, got;
    assert_int_equal(svc_visits_record(&f->ctx, &in, &v).status, SVC_OK);
    assert_int_equal(svc_visits_get(&f->ctx, v.id, &got).status, SVC_OK);
    assert_int_equal(f->ctx.read_count, 1);
    assert_string_equal(f->ctx.reads[0].object_id, v.id);
    assert_string_equal(got.person.family_name, "山田");
    assert_int_equal(svc_visits_get(&f->ctx, "nope", &got).status, SVC_NOT_FOUND);
    assert_int_equal(f->ctx.read_count, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_missed_checkup_is_recorded_with_its_event, setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(inconsistent_visits_are_refused_and_change_nothing, setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(a_future_visit_may_be_scheduled, setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(an_update_sets_the_fields_named_on_the_version_read, setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(a_list_audits_the_rows_it_shows, setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(get_audits_the_read, setup, health_fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
