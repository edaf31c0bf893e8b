/* サポートプラン and the review intervals without HTTP, on a temporary database at a fixed date
 * (2026-11-18): versions numbered and kept, approval by the director of the newest draft only,
 * review dates from the director's setting, reviews, and what a refused write leaves. */
#include "domain/person_keys.h"
#include "service/case_settings.h"
#include "service/plans.h"
#include "store/persons.h"
#include "store/users.h"
#include "support/tempdb.h"

#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

enum { NOW = 1795000020 }; /* 2026-11-18 20:07 in Japan */

typedef struct fixture {
    tempdb db;
    pool *p;
} fixture;

static void add_user(store_conn *c, const char *id, const char *role_code)
{
    store_user u = {.id = (char *)id,
                    .login = (char *)id,
                    .name = (char *)id,
                    .role = (char *)role_code,
                    .password_hash = "x",
                    .status = "active",
                    .created_at = 1,
                    .updated_at = 1};
    assert_int_equal(store_user_insert(c, &u), STORE_OK);
}

static void add_person(store_conn *c, const char *id, const char *given, const char *birth)
{
    store_person p = {.id = (char *)id,
                      .family_name = "計画",
                      .given_name = (char *)given,
                      .family_name_kana = "ケイカク",
                      .given_name_kana = "ハナ",
                      .birth_date = (char *)birth,
                      .sex = "unknown",
                      .created_at = 1,
                      .updated_at = 1};
    person_names n = {p.family_name, p.given_name, p.family_name_kana, p.given_name_kana, birth};
    person_keys k;
    assert_int_equal(person_keys_make(&n, &k), 0);
    store_person_keys sk = {.count = PERSON_KEY_COUNT, .duplicate_key = k.duplicate_key};
    for (int i = 0; i < PERSON_KEY_COUNT; i++)
        sk.keys[i] = k.keys[i];
    assert_int_equal(store_person_insert(c, &p, &sk), STORE_OK);
    person_keys_free(&k);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    if (!f || sodium_init() < 0 || tempdb_open(&f->db, TEMPDB_LATEST) != 0)
        return -1;
    f->p = pool_create();
    store_conn *c = f->db.c;
    if (store_begin(c) != STORE_OK)
        return -1;
    add_user(c, "d1", "director");
    add_user(c, "w1", "welfare");
    add_person(c, "m1", "母", "1995-04-01");
    add_person(c, "c1", "子", "2025-06-01");
    add_person(c, "x1", "他", "2020-01-01");
    const char *sql =
        "INSERT INTO households (id, created_at, updated_at) VALUES ('h1', 1, 1), ('h2', 1, 1);"
        "INSERT INTO cases (id, household_id, status, lead_id, opened_on, created_by, created_at,"
        " updated_at) VALUES ('k1', 'h1', 'open', 'w1', '2026-10-01', 'w1', 1, 1),"
        " ('k2', 'h2', 'closed', 'w1', '2026-01-01', 'w1', 1, 1);"
        "INSERT INTO case_subjects (case_id, person_id, added_on) VALUES"
        " ('k1', 'm1', '2026-10-01'), ('k1', 'c1', '2026-10-01'), ('k2', 'x1', '2026-01-01');";
    if (store_exec(c, sql) != STORE_OK)
        return -1;
    return store_commit(c) == STORE_OK ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    pool_destroy(f->p);
    tempdb_close(&f->db);
    free(f);
    return 0;
}

static svc_ctx as(fixture *f, const char *user, role r)
{
    svc_ctx ctx;
    svc_ctx_init(&ctx, f->db.c, f->p, user, r, NOW);
    return ctx;
}

/* sql: a literal (the statement cache is keyed on the text's address). */
static int64_t rows(fixture *f, const char *sql)
{
    store_stmt *st = store_prepare(f->db.c, sql);
    assert_non_null(st);
    assert_int_equal(store_step(st), STORE_ROW);
    int64_t n = store_col_int(st, 0);
    store_done(st);
    return n;
}

typedef struct counts {
    int64_t plans, parts, events, audit;
} counts;

static counts count_all(fixture *f)
{
    return (counts){rows(f, "SELECT COUNT(*) FROM plans"),
                    rows(f, "SELECT (SELECT COUNT(*) FROM plan_subjects) + (SELECT COUNT(*)"
                            " FROM plan_services) + (SELECT COUNT(*) FROM plan_contacts)"),
                    rows(f, "SELECT COUNT(*) FROM events"), rows(f, "SELECT COUNT(*) FROM audit")};
}

static void assert_unchanged(counts a, counts b)
{
    assert_int_equal(a.plans, b.plans);
    assert_int_equal(a.parts, b.parts);
    assert_int_equal(a.events, b.events);
    assert_int_equal(a.audit, b.audit);
}

static const char *both[] = {"m1", "c1"};
static const char *stranger[] = {"x1"};
static const char *twice[] = {"c1", "c1"};
static const plan_service visits[] = {{"家庭訪問", "保健師", "月1回", "2026-11-20", NULL}};
static const plan_service backwards[] = {{"家庭訪問", NULL, NULL, "2026-12-01", "2026-11-01"}};
static const plan_contact grandma[] = {{"計画 花子", "祖母", "090-0000-0000"}};

static plan_content content(const char *wishes)
{
    return (plan_content){.subject_ids = both,
                          .subject_count = 2,
                          .guardian_wishes = wishes,
                          .child_views = "ママといっしょがいい",
                          .long_term_goal = "安心して子育てができる"};
}

static svc_plan write(fixture *f, plan_content in)
{
    svc_ctx ctx = as(f, "w1", ROLE_WELFARE);
    svc_plan v;
    svc_result r = svc_plans_create(&ctx, "k1", &in, &v);
    assert_int_equal(r.status, SVC_OK);
    return v;
}

static void versions_are_numbered_and_none_is_changed(void **state)
{
    fixture *f = *state;
    svc_plan v1 = write(f, content("仕事を続けたい"));
    plan_content c2 = content("仕事を減らしたい");
    c2.services = visits;
    c2.service_count = 1;
    c2.contacts = grandma;
    c2.contact_count = 1;
    svc_plan v2 = write(f, c2);
    assert_int_equal(v1.plan.plan_version, 1);
    assert_int_equal(v2.plan.plan_version, 2);
    assert_string_equal(v2.plan.status, "draft");
    assert_null(v2.plan.content.review_on); /* a draft has none until approved */
    assert_int_equal(v1.change_count, 0);
    assert_int_equal(v2.change_count, 3);
    assert_string_equal(v2.changes[0], "guardian_wishes");
    assert_string_equal(v2.changes[1], "services");
    assert_string_equal(v2.changes[2], "emergency_contacts");
    assert_true(v2.newest);

    svc_ctx ctx = as(f, "w1", ROLE_WELFARE);
    svc_plan got;
    assert_int_equal(svc_plans_get(&ctx, "k1", v1.plan.id, &got).status, SVC_OK);
    assert_string_equal(got.plan.content.guardian_wishes, "仕事を続けたい");
    assert_false(got.newest);
    assert_int_equal(got.plan.content.subject_count, 2);
    assert_string_equal(got.plan.subjects[1].given_name, "子");

    svc_plan *items;
    int n;
    assert_int_equal(svc_plans_list(&ctx, "k1", 0, 50, &items, &n).status, SVC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(items[0].plan.plan_version, 2);
    assert_int_equal(items[0].change_count, 3);
    assert_string_equal(items[0].plan.content.services[0].how_often, "月1回");
    assert_int_equal(items[1].plan.plan_version, 1);
    /* a page of one still knows what changed in the version it shows */
    assert_int_equal(svc_plans_list(&ctx, "k1", 0, 1, &items, &n).status, SVC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(items[0].change_count, 3);
    assert_int_equal(svc_plans_list(&ctx, "k1", 2, 50, &items, &n).status, SVC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].plan.plan_version, 1);
    assert_int_equal(svc_plans_list(&ctx, "nope", 0, 50, &items, &n).status, SVC_NOT_FOUND);
}

static void a_version_is_written_with_its_events_and_audit(void **state)
{
    fixture *f = *state;
    counts before = count_all(f);
    svc_plan v = write(f, content("仕事を続けたい"));
    counts after = count_all(f);
    assert_int_equal(after.plans, before.plans + 1);
    assert_int_equal(after.events, before.events + 1); /* one on the family's timeline */
    assert_int_equal(after.audit, before.audit + 2);
    assert_int_equal(rows(f, "SELECT COUNT(*) FROM events WHERE kind = 'plan_written'"
                             " AND section = 'case' AND person_id IS NULL AND household_id = 'h1'"),
                     1);
    assert_int_equal(rows(f, "SELECT COUNT(*) FROM audit WHERE action = 'create'"
                             " AND object_type = 'plan' AND person_id IN ('m1', 'c1')"),
                     2);
    svc_ctx ctx = as(f, "w1", ROLE_WELFARE);
    svc_plan got;
    assert_int_equal(svc_plans_get(&ctx, "k1", v.plan.id, &got).status, SVC_OK);
    assert_int_equal(ctx.read_count, 2); /* a read of each target person */
    assert_string_equal(ctx.reads[0].object_type, "plan");
    assert_string_equal(ctx.reads[0].person_id, "m1");
    assert_string_equal(ctx.reads[1].person_id, "c1");
}

static void refused_versions_leave_nothing(void **state)
{
    fixture *f = *state;
    counts before = count_all(f);
    svc_ctx ctx = as(f, "w1", ROLE_WELFARE);
    svc_plan v;
    plan_content in = content("x");
    svc_result r;

    in.subject_ids = stranger;
    in.subject_count = 1;
    r = svc_plans_create(&ctx, "k1", &in, &v);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "subject_ids");
    in.subject_ids = twice;
    in.subject_count = 2;
    assert_int_equal(svc_plans_create(&ctx, "k1", &in, &v).status, SVC_INVALID);
    in.subject_count = 0;
    r = svc_plans_create(&ctx, "k1", &in, &v);
    assert_string_equal(r.field, "subject_ids");

    in = content("x");
    in.services = backwards;
    in.service_count = 1;
    r = svc_plans_create(&ctx, "k1", &in, &v);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "services");

    in = content("x");
    in.handed_on = "2026-11-19"; /* tomorrow */
    r = svc_plans_create(&ctx, "k1", &in, &v);
    assert_string_equal(r.field, "handed_on");

    in = content("x");
    in.subject_ids = stranger;
    in.subject_count = 1;
    assert_int_equal(svc_plans_create(&ctx, "k2", &in, &v).status, SVC_INVALID_TRANSITION);
    assert_int_equal(svc_plans_create(&ctx, "none", &in, &v).status, SVC_NOT_FOUND);

    svc_ctx clerk = as(f, "w1", ROLE_CLERK);
    in = content("x");
    assert_int_equal(svc_plans_create(&clerk, "k1", &in, &v).status, SVC_FORBIDDEN);
    svc_plan *items;
    int n;
    assert_int_equal(svc_plans_list(&clerk, "k1", 0, 50, &items, &n).status, SVC_FORBIDDEN);
    assert_unchanged(before, count_all(f));
}

static void only_the_director_approves_the_newest_draft(void **state)
{
    fixture *f = *state;
    svc_plan v1 = write(f, content("一"));
    svc_plan v2 = write(f, content("二"));
    svc_ctx welfare = as(f, "w1", ROLE_WELFARE), director = as(f, "d1", ROLE_DIRECTOR);
    svc_plan out;
    counts before = count_all(f);
    assert_int_equal(svc_plans_approve(&welfare, "k1", v2.plan.id, &out).status, SVC_FORBIDDEN);
    assert_int_equal(svc_plans_approve(&director, "k1", v1.plan.id, &out).status,
                     SVC_INVALID_TRANSITION);
    assert_int_equal(svc_plans_approve(&director, "k2", v2.plan.id, &out).status, SVC_NOT_FOUND);
    assert_unchanged(before, count_all(f));

    assert_int_equal(svc_plans_approve(&director, "k1", v2.plan.id, &out).status, SVC_OK);
    assert_string_equal(out.plan.status, "approved");
    assert_string_equal(out.plan.approved_by, "d1");
    assert_int_equal(out.plan.approved_at, NOW);
    assert_string_equal(out.plan.content.review_on, "2027-02-18"); /* today + 3 months */
    assert_int_equal(out.plan.version, 2);
    assert_int_equal(rows(f, "SELECT COUNT(*) FROM events WHERE kind = 'plan_approved'"), 1);
    assert_int_equal(rows(f, "SELECT COUNT(*) FROM audit WHERE action = 'approve'"), 2);

    before = count_all(f);
    assert_int_equal(svc_plans_approve(&director, "k1", v2.plan.id, &out).status,
                     SVC_INVALID_TRANSITION);
    assert_unchanged(before, count_all(f));
}

static void the_review_date_follows_the_setting_unless_written(void **state)
{
    fixture *f = *state;
    svc_ctx director = as(f, "d1", ROLE_DIRECTOR);
    svc_case_intervals iv = {.case_review_months = 3,
                             .plan_review_months = 6,
                             .joint_case_weeks = 4},
                       saved;
    assert_int_equal(svc_settings_case_intervals_put(&director, &iv, 0, &saved).status, SVC_OK);
    svc_plan v = write(f, content("一")), out;
    assert_int_equal(svc_plans_approve(&director, "k1", v.plan.id, &out).status, SVC_OK);
    assert_string_equal(out.plan.content.review_on, "2027-05-18");

    plan_content written = content("二");
    written.review_on = "2027-01-10";
    v = write(f, written);
    assert_int_equal(svc_plans_approve(&director, "k1", v.plan.id, &out).status, SVC_OK);
    assert_string_equal(out.plan.content.review_on, "2027-01-10");
}

static void settings_are_versioned_checked_and_audited(void **state)
{
    fixture *f = *state;
    svc_ctx welfare = as(f, "w1", ROLE_WELFARE), director = as(f, "d1", ROLE_DIRECTOR);
    svc_case_intervals got,
        in = {.case_review_months = 4, .plan_review_months = 2, .joint_case_weeks = 2};
    assert_int_equal(svc_settings_case_intervals_get(&welfare, &got).status, SVC_OK);
    assert_int_equal(got.meta.version, 0);
    assert_int_equal(got.case_review_months, 3);
    assert_int_equal(got.plan_review_months, 3);
    assert_int_equal(got.joint_case_weeks, 4);

    counts before = count_all(f);
    assert_int_equal(svc_settings_case_intervals_put(&welfare, &in, 0, &got).status, SVC_FORBIDDEN);
    svc_case_intervals bad = in;
    bad.plan_review_months = 13;
    svc_result r = svc_settings_case_intervals_put(&director, &bad, 0, &got);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "plan_review_months");
    bad = in;
    bad.case_review_months = 0;
    assert_string_equal(svc_settings_case_intervals_put(&director, &bad, 0, &got).field,
                        "case_review_months");
    bad = in;
    bad.joint_case_weeks = 27;
    assert_string_equal(svc_settings_case_intervals_put(&director, &bad, 0, &got).field,
                        "joint_case_weeks");
    assert_unchanged(before, count_all(f));

    assert_int_equal(svc_settings_case_intervals_put(&director, &in, 0, &got).status, SVC_OK);
    assert_int_equal(got.meta.version, 1);
    assert_int_equal(rows(f, "SELECT COUNT(*) FROM audit WHERE action = 'update'"
                             " AND object_type = 'settings' AND object_id = 'case_intervals'"),
                     1);
    assert_int_equal(svc_settings_case_intervals_put(&director, &in, 0, &got).status, SVC_CONFLICT);
    assert_int_equal(svc_settings_case_intervals_get(&welfare, &got).status, SVC_OK);
    assert_int_equal(got.meta.version, 1);
    assert_string_equal(got.meta.updated_by, "d1");
    assert_int_equal(got.case_review_months, 4);
    assert_int_equal(got.plan_review_months, 2);
    assert_int_equal(got.joint_case_weeks, 2);
}

static void a_review_moves_the_date_of_an_approved_plan(void **state)
{
    fixture *f = *state;
    svc_ctx welfare = as(f, "w1", ROLE_WELFARE), director = as(f, "d1", ROLE_DIRECTOR);
    svc_plan v = write(f, content("一")), out;
    assert_int_equal(
        svc_plans_reviewed(&welfare, "k1", v.plan.id, 0, "2026-11-18", "2027-03-01", &out).status,
        SVC_INVALID_TRANSITION); /* a draft */
    assert_int_equal(svc_plans_approve(&director, "k1", v.plan.id, &out).status, SVC_OK);
    counts before = count_all(f);
    svc_result r =
        svc_plans_reviewed(&welfare, "k1", v.plan.id, 0, "2026-11-18", "2026-11-18", &out);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "review_on");
    r = svc_plans_reviewed(&welfare, "k1", v.plan.id, 0, "2026-11-19", "2027-03-01", &out);
    assert_string_equal(r.field, "on"); /* tomorrow */
    r = svc_plans_reviewed(&welfare, "k1", v.plan.id, 0, "2026-11-17", "2027-03-01", &out);
    assert_string_equal(r.field, "on"); /* before the approval */
    assert_int_equal(
        svc_plans_reviewed(&welfare, "k1", v.plan.id, 1, "2026-11-18", "2027-03-01", &out).status,
        SVC_CONFLICT); /* If-Match: the version before the approval */
    assert_unchanged(before, count_all(f));

    assert_int_equal(
        svc_plans_reviewed(&welfare, "k1", v.plan.id, 2, "2026-11-18", "2027-03-01", &out).status,
        SVC_OK);
    assert_string_equal(out.plan.last_reviewed_on, "2026-11-18");
    assert_string_equal(out.plan.content.review_on, "2027-03-01");
    assert_int_equal(out.plan.plan_version, 1); /* no new version */
    assert_int_equal(rows(f, "SELECT COUNT(*) FROM plans"), 1);
    assert_int_equal(rows(f, "SELECT COUNT(*) FROM events WHERE kind = 'plan_reviewed'"), 1);

    /* a newer approved version: the old one is no longer reviewed */
    svc_plan v2 = write(f, content("二"));
    assert_int_equal(svc_plans_approve(&director, "k1", v2.plan.id, &out).status, SVC_OK);
    assert_int_equal(
        svc_plans_reviewed(&welfare, "k1", v.plan.id, 0, "2026-11-18", "2027-04-01", &out).status,
        SVC_INVALID_TRANSITION);
}

static void the_handed_date_is_recorded_once_after_approval(void **state)
{
    fixture *f = *state;
    svc_ctx welfare = as(f, "w1", ROLE_WELFARE), director = as(f, "d1", ROLE_DIRECTOR);
    svc_plan v = write(f, content("一")), out;
    assert_int_equal(svc_plans_handed(&welfare, "k1", v.plan.id, "2026-11-18", &out).status,
                     SVC_INVALID_TRANSITION);
    assert_int_equal(svc_plans_approve(&director, "k1", v.plan.id, &out).status, SVC_OK);
    assert_int_equal(svc_plans_handed(&welfare, "k1", v.plan.id, "2026-11-18", &out).status,
                     SVC_OK);
    assert_string_equal(out.plan.content.handed_on, "2026-11-18");
    assert_int_equal(svc_plans_handed(&welfare, "k1", v.plan.id, "2026-11-18", &out).status,
                     SVC_INVALID_TRANSITION);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(versions_are_numbered_and_none_is_changed),
        T(a_version_is_written_with_its_events_and_audit),
        T(refused_versions_leave_nothing),
        T(only_the_director_approves_the_newest_draft),
        T(the_review_date_follows_the_setting_unless_written),
        T(settings_are_versioned_checked_and_audited),
        T(a_review_moves_the_date_of_an_approved_plan),
        T(the_handed_date_is_recorded_once_after_approval),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
