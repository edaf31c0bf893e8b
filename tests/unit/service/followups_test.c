/* One follow-up use case for flagged screenings and missed check-ups: recorded once, dated today
 * unless given, never in the future, and a refusal changes nothing. */
#include "service/followups.h"
#include "service/screenings.h"
#include "service/visits.h"
#include "support/health_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

static const char *missed_checkup(health_fixture *f, const char *status)
{
    svc_visit_input in = {.person_id = "c1",
                          .kind = "checkup",
                          .subtype = "4m",
                          .on = "2026-03-30",
                          .status = status};
    store_visit v;
    assert_int_equal(svc_visits_record(&f->ctx, &in, &v).status, SVC_OK);
    return v.id;
}

static const char *flagged_epds(health_fixture *f)
{
    static const int answers[10] = {3, 3, 3, 3, 3, 3, 3, 3, 3, 0};
    svc_screening_input in = {.person_id = "m1",
                              .instrument = "epds",
                              .administered_on = "2026-03-31",
                              .answers = answers,
                              .answer_count = 10};
    store_screening s;
    assert_int_equal(svc_screenings_record(&f->ctx, &in, &s).status, SVC_OK);
    assert_true(s.needs_followup);
    return s.id;
}

static int setup(void **state)
{
    if (health_fixture_setup(state) != 0)
        return -1;
    health_fixture *f = *state;
    health_person(f, "m1", "female", "1995-05-05");
    health_person(f, "c1", "female", "2025-11-20");
    return 0;
}

static void a_missed_checkup_is_followed_up_today_by_default(void **state)
{
    health_fixture *f = *state;
    svc_followup_input in = {
        .of = SVC_FOLLOWUP_MISSED_CHECKUP, .id = missed_checkup(f, "missed"), .note = "電話した"};
    health_counts before = health_count(f);
    svc_followed_up out;
    assert_int_equal(svc_followups_record(&f->ctx, &in, &out).status, SVC_OK);
    assert_string_equal(out.visit.followup.on, "2026-04-01");
    assert_string_equal(out.visit.followup.by, "u1");
    assert_int_equal(out.visit.followup.at, HEALTH_FIXED_NOW);
    assert_int_equal(out.visit.version, 2);
    assert_string_equal(out.visit.person.id, "c1");
    health_counts after = health_count(f);
    assert_int_equal(after.events, before.events + 1);
    assert_int_equal(after.audit, before.audit + 1);
    assert_string_equal(health_text(f, "SELECT kind FROM events ORDER BY rowid DESC LIMIT 1"),
                        "checkup_followup");
}

static void a_screening_follow_up_clears_needs_followup(void **state)
{
    health_fixture *f = *state;
    svc_followup_input in = {
        .of = SVC_FOLLOWUP_SCREENING, .id = flagged_epds(f), .on = "2026-03-31"};
    svc_followed_up out;
    assert_int_equal(svc_followups_record(&f->ctx, &in, &out).status, SVC_OK);
    assert_false(out.screening.needs_followup);
    assert_string_equal(out.screening.followup.on, "2026-03-31");
    assert_string_equal(health_text(f, "SELECT kind FROM events ORDER BY rowid DESC LIMIT 1"),
                        "screening_followup");
}

/* The second is refused, and the first stays as it was. */
static void a_follow_up_is_recorded_once(void **state)
{
    health_fixture *f = *state;
    svc_followup_input in = {.of = SVC_FOLLOWUP_SCREENING, .id = flagged_epds(f), .note = "一"};
    svc_followed_up out;
    assert_int_equal(svc_followups_record(&f->ctx, &in, &out).status, SVC_OK);
    health_counts before = health_count(f);
    in.note = "二";
    svc_result r = svc_followups_record(&f->ctx, &in, &out);
    assert_int_equal(r.status, SVC_INVALID_TRANSITION);
    assert_string_equal(r.message, "このスクリーニングのフォローは記録済みです。");
    health_counts after = health_count(f);
    assert_int_equal(after.events, before.events);
    assert_int_equal(after.audit, before.audit);
    assert_string_equal(health_text(f, "SELECT followup_note FROM screenings"), "一");
}

/* The store's predicate holds on its own: a write that lost the race (the record read before the
 * other follow-up committed) changes no row. */
static void the_store_writes_a_follow_up_only_where_none_is(void **state)
{
    health_fixture *f = *state;
    const char *id = missed_checkup(f, "missed");
    store_followup first = {.on = "2026-03-31", .note = "先", .by = "u1", .at = 1};
    store_followup second = {.on = "2026-04-01", .note = "後", .by = "u2", .at = 2};
    assert_int_equal(store_begin(f->db.c), STORE_OK);
    assert_int_equal(store_visit_followup(f->db.c, id, &first, 1), STORE_OK);
    assert_int_equal(store_visit_followup(f->db.c, id, &second, 2), STORE_CONFLICT);
    store_rollback(f->db.c);
    const char *done = missed_checkup(f, "done");
    assert_int_equal(store_begin(f->db.c), STORE_OK);
    assert_int_equal(store_visit_followup(f->db.c, done, &first, 1), STORE_CONFLICT);
    store_rollback(f->db.c);
}

static void refused_follow_ups_change_nothing(void **state)
{
    health_fixture *f = *state;
    const char *attended = missed_checkup(f, "done");
    health_counts before = health_count(f);
    svc_followed_up out;

    svc_followup_input future = {
        .of = SVC_FOLLOWUP_MISSED_CHECKUP, .id = attended, .on = "2026-04-02"};
    svc_result r = svc_followups_record(&f->ctx, &future, &out);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "on");

    svc_followup_input not_a_date = {.of = SVC_FOLLOWUP_SCREENING, .id = "x", .on = "2026-02-30"};
    r = svc_followups_record(&f->ctx, &not_a_date, &out);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "on");

    svc_followup_input unknown = {.of = SVC_FOLLOWUP_MISSED_CHECKUP, .id = "nope"};
    assert_int_equal(svc_followups_record(&f->ctx, &unknown, &out).status, SVC_NOT_FOUND);

    svc_followup_input not_missed = {.of = SVC_FOLLOWUP_MISSED_CHECKUP, .id = attended};
    r = svc_followups_record(&f->ctx, &not_missed, &out);
    assert_int_equal(r.status, SVC_INVALID_TRANSITION);
    assert_string_equal(r.message, "フォローは未受診の健診にだけ記録できます。");

    health_counts after = health_count(f);
    assert_memory_equal(&before, &after, sizeof before);
    assert_null(health_text(f, "SELECT followup_on FROM visits"));
}

/* Inside a caller's transaction (the import) a refusal undoes only its own savepoint. */
static void inside_a_callers_transaction_it_undoes_only_itself(void **state)
{
    health_fixture *f = *state;
    const char *id = missed_checkup(f, "missed");
    health_counts before = health_count(f);
    assert_int_equal(store_begin(f->db.c), STORE_OK);
    f->ctx.in_transaction = true;
    svc_followup_input in = {.of = SVC_FOLLOWUP_MISSED_CHECKUP, .id = id};
    svc_followed_up out;
    assert_int_equal(svc_followups_record(&f->ctx, &in, &out).status, SVC_OK);
    assert_int_equal(svc_followups_record(&f->ctx, &in, &out).status, SVC_INVALID_TRANSITION);
    assert_int_equal(store_commit(f->db.c), STORE_OK);
    f->ctx.in_transaction = false;
    health_counts after = health_count(f);
    assert_int_equal(after.events, before.events + 1);
    assert_string_equal(health_text(f, "SELECT followup_on FROM visits"), "2026-04-01");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_missed_checkup_is_followed_up_today_by_default, setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(a_screening_follow_up_clears_needs_followup, setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(a_follow_up_is_recorded_once, setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(the_store_writes_a_follow_up_only_where_none_is, setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(refused_follow_ups_change_nothing, setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(inside_a_callers_transaction_it_undoes_only_itself, setup,
                                        health_fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
