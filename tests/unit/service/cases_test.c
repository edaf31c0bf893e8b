/* The cases services without HTTP, against a temporary database and a fixed clock: opening
 * (subjects current members of the household, staff leads, opened_from), the guard against a
 * second open case, designation never settable here, changes at a version, closing rules, and
 * that a refused write leaves cases, subjects, events and audit as they were. */
#include "domain/person_keys.h"
#include "service/case_records.h"
#include "service/case_summary.h"
#include "service/cases.h"
#include "service/timeline.h"
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

enum { NOW = 1795000020 }; /* 2026-11-18 in Japan */
#define TODAY "2026-11-18"

typedef struct fixture {
    tempdb db;
    pool *p;
} fixture;

static void add_user(store_conn *c, const char *id, const char *role_code, bool disabled)
{
    store_user u = {.id = (char *)id,
                    .login = (char *)id,
                    .name = (char *)id,
                    .role = (char *)role_code,
                    .password_hash = "x",
                    .status = "active",
                    .disabled = disabled,
                    .created_at = 1,
                    .updated_at = 1};
    assert_int_equal(store_user_insert(c, &u), STORE_OK);
}

static void add_person(store_conn *c, const char *id, const char *birth)
{
    store_person p = {.id = (char *)id,
                      .family_name = "山田",
                      .given_name = (char *)id,
                      .family_name_kana = "ヤマダ",
                      .given_name_kana = "タロウ",
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
    add_user(c, "w1", "welfare", false);
    add_user(c, "h1", "health", false);
    add_user(c, "k1", "clerk", false);
    add_user(c, "gone", "welfare", true);
    add_person(c, "mother", "1995-04-10");
    add_person(c, "child", "2019-05-01");
    add_person(c, "left", "2016-01-01");
    add_person(c, "other", "2000-01-01");
    if (store_exec(c, "INSERT INTO households (id, version, name, created_at, updated_at)"
                      " VALUES ('h', 1, '山田家', 1, 1), ('h2', 1, '他家', 1, 1)") != STORE_OK ||
        store_exec(c, "INSERT INTO household_members (household_id, position, person_id,"
                      " relation, from_date, to_date) VALUES"
                      " ('h', 0, 'mother', 'mother', NULL, NULL),"
                      " ('h', 1, 'child', 'child', NULL, NULL),"
                      " ('h', 2, 'left', 'child', '2016-01-01', '2024-03-31'),"
                      " ('h2', 0, 'other', 'other', NULL, NULL)") != STORE_OK ||
        store_exec(c, "INSERT INTO agencies (id, version, name, kind, created_at, updated_at)"
                      " VALUES ('school', 1, '第一小学校', 'school', 1, 1)") != STORE_OK)
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

static svc_ctx ctx_as(fixture *f, const char *user, role r)
{
    svc_ctx ctx;
    svc_ctx_init(&ctx, f->db.c, f->p, user, r, NOW);
    return ctx;
}

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
    int64_t cases, subjects, agencies, events, audit;
} counts;

static counts count_all(fixture *f)
{
    return (counts){rows(f, "SELECT COUNT(*) FROM cases"),
                    rows(f, "SELECT COUNT(*) FROM case_subjects"),
                    rows(f, "SELECT COUNT(*) FROM case_agencies"),
                    rows(f, "SELECT COUNT(*) FROM events"), rows(f, "SELECT COUNT(*) FROM audit")};
}

static void assert_unchanged(counts a, counts b)
{
    assert_int_equal(a.cases, b.cases);
    assert_int_equal(a.subjects, b.subjects);
    assert_int_equal(a.agencies, b.agencies);
    assert_int_equal(a.events, b.events);
    assert_int_equal(a.audit, b.audit);
}

static void assert_invalid(svc_result r, const char *field)
{
    assert_int_equal(r.status, SVC_INVALID);
    assert_non_null(r.field);
    assert_string_equal(r.field, field);
}

static const char *const family[] = {"mother", "child"};

static svc_case_new new_case(void)
{
    return (svc_case_new){
        .household_id = "h", .subject_ids = family, .subject_count = 2, .lead_id = "w1"};
}

static svc_result open_case(fixture *f, svc_case_new in, store_case *out)
{
    svc_ctx ctx = ctx_as(f, "w1", ROLE_WELFARE);
    return svc_case_create(&ctx, &in, out);
}

/* ---- open ---- */

static void opens_with_general_undesignated_subjects(void **state)
{
    fixture *f = *state;
    counts before = count_all(f);
    store_case k;
    assert_int_equal(open_case(f, new_case(), &k).status, SVC_OK);
    assert_string_equal(k.status, "open");
    assert_int_equal(k.version, 1);
    assert_string_equal(k.opened_on, TODAY);
    assert_string_equal(k.next_review_on, "2027-02-18"); /* 3 months: the default interval */
    assert_string_equal(k.lead_name, "w1");
    assert_string_equal(k.household_name, "山田家");
    assert_int_equal(k.subject_count, 2);
    for (int i = 0; i < 2; i++) {
        assert_string_equal(k.subjects[i].category, "general");
        assert_null(k.subjects[i].designated_by);
        assert_false(k.subjects[i].youtaikyo);
        assert_string_equal(k.subjects[i].added_on, TODAY);
    }
    counts after = count_all(f);
    assert_int_equal(after.cases, before.cases + 1);
    assert_int_equal(after.subjects, before.subjects + 2);
    assert_int_equal(after.events, before.events + 1); /* once, on the household */
    assert_int_equal(after.audit, before.audit + 2);   /* a change about each subject */
    assert_int_equal(rows(f, "SELECT COUNT(*) FROM events WHERE kind = 'case_opened'"
                             " AND section = 'case' AND household_id = 'h' AND person_id IS NULL"),
                     1);
}

static void a_second_open_case_is_a_conflict_by_the_index(void **state)
{
    fixture *f = *state;
    store_case k;
    assert_int_equal(open_case(f, new_case(), &k).status, SVC_OK);
    counts before = count_all(f);
    svc_case_new again = new_case();
    again.subject_count = 1;
    assert_int_equal(open_case(f, again, &k).status, SVC_CONFLICT);
    assert_unchanged(before, count_all(f));
    /* The guard is the partial unique index, not a read before the insert. */
    store_case dup = {
        .id = "x", .household_id = "h", .lead_id = "w1", .opened_on = TODAY, .created_by = "w1"};
    assert_int_equal(store_begin(f->db.c), STORE_OK);
    assert_int_equal(store_case_insert(f->db.c, &dup), STORE_CONSTRAINT);
    store_rollback(f->db.c);
}

static void subjects_must_be_current_members(void **state)
{
    fixture *f = *state;
    counts before = count_all(f);
    store_case k;
    static const char *const with_left[] = {"mother", "left"};
    static const char *const with_other[] = {"other"};
    static const char *const twice[] = {"child", "child"};
    svc_case_new in = new_case();
    in.subject_ids = with_left;
    assert_invalid(open_case(f, in, &k), "subject_ids[1]");
    in.subject_ids = with_other, in.subject_count = 1;
    assert_invalid(open_case(f, in, &k), "subject_ids[0]");
    in.subject_ids = twice, in.subject_count = 2;
    assert_invalid(open_case(f, in, &k), "subject_ids[1]");
    in.subject_count = 0;
    svc_result r = open_case(f, in, &k);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.code, "missing_field");
    assert_unchanged(before, count_all(f));
}

static void leads_are_active_case_staff(void **state)
{
    fixture *f = *state;
    store_case k;
    const char *leads[] = {"k1", "gone", "nobody"};
    for (int i = 0; i < 3; i++) {
        svc_case_new in = new_case();
        in.lead_id = leads[i];
        assert_invalid(open_case(f, in, &k), "lead_id");
    }
    svc_case_new in = new_case();
    in.deputy_id = "w1";
    assert_invalid(open_case(f, in, &k), "deputy_id"); /* the lead */
    in.deputy_id = "k1";
    assert_invalid(open_case(f, in, &k), "deputy_id");
    in.deputy_id = "h1";
    in.lead_agency_id = "nope";
    assert_invalid(open_case(f, in, &k), "lead_agency_id");
    in.lead_agency_id = "school";
    assert_int_equal(open_case(f, in, &k).status, SVC_OK);
    assert_string_equal(k.lead_agency_name, "第一小学校");
    assert_string_equal(k.deputy_id, "h1");
}

static void opened_from_a_report_holds_its_children(void **state)
{
    fixture *f = *state;
    assert_int_equal(
        store_exec(f->db.c, "INSERT INTO reports (id, version, kind, received_at, received_by,"
                            " route, abuse_types, status, created_at, updated_at) VALUES ('r1', 1,"
                            " 'consultation', 1, 'w1', 'family', '[]', 'received', 1, 1);"
                            "INSERT INTO report_children (report_id, position, child_id)"
                            " VALUES ('r1', 0, 'child')"),
        STORE_OK);
    store_case k;
    static const char *const only_mother[] = {"mother"};
    svc_case_new in = new_case();
    in.has_opened_from = true, in.opened_from_type = "report", in.opened_from_id = "r1";
    in.subject_ids = only_mother, in.subject_count = 1;
    assert_invalid(open_case(f, in, &k), "subject_ids");
    in.opened_from_id = "r2";
    in.subject_ids = family, in.subject_count = 2;
    assert_invalid(open_case(f, in, &k), "opened_from.id");
    in.opened_from_type = "transfer", in.opened_from_id = NULL;
    assert_invalid(open_case(f, in, &k), "opened_from.from");
    in.opened_from_type = "report", in.opened_from_id = "r1";
    assert_int_equal(open_case(f, in, &k).status, SVC_OK);
    assert_string_equal(k.opened_from_type, "report");
    assert_string_equal(k.opened_from_id, "r1");
}

static void only_case_staff_open_and_read(void **state)
{
    fixture *f = *state;
    store_case k;
    svc_case_new in = new_case();
    svc_ctx clerk = ctx_as(f, "k1", ROLE_CLERK);
    assert_int_equal(svc_case_create(&clerk, &in, &k).status, SVC_FORBIDDEN);
    assert_int_equal(open_case(f, in, &k).status, SVC_OK);
    assert_int_equal(svc_case_get(&clerk, k.id, &k).status, SVC_FORBIDDEN);
    svc_ctx partner = ctx_as(f, "k1", ROLE_PARTNER);
    assert_int_equal(svc_case_get(&partner, k.id, &k).status, SVC_FORBIDDEN);
    svc_ctx health = ctx_as(f, "h1", ROLE_HEALTH);
    assert_int_equal(svc_case_get(&health, k.id, &k).status, SVC_OK);
    assert_int_equal(health.read_count, 2); /* a read about each subject */
    assert_string_equal(health.reads[0].object_type, "case");
}

/* ---- change ---- */

static void changes_at_a_version_and_keeps_removed_subjects(void **state)
{
    fixture *f = *state;
    store_case k;
    assert_int_equal(open_case(f, new_case(), &k).status, SVC_OK);
    svc_ctx ctx = ctx_as(f, "w1", ROLE_WELFARE);
    static const char *const mother_only[] = {"mother"};
    svc_case_changes ch = {.set_subjects = true, .subject_ids = mother_only, .subject_count = 1};
    counts before = count_all(f);
    assert_int_equal(svc_case_update(&ctx, k.id, 2, &ch, &k).status, SVC_CONFLICT);
    assert_unchanged(before, count_all(f));
    assert_int_equal(svc_case_update(&ctx, k.id, 1, &ch, &k).status, SVC_OK);
    assert_int_equal(k.version, 2);
    assert_int_equal(k.subject_count, 2); /* the row stays */
    assert_null(k.subjects[0].removed_on);
    assert_string_equal(k.subjects[1].person_id, "child");
    assert_string_equal(k.subjects[1].removed_on, TODAY);
    /* Nothing to change: no new version. */
    svc_case_changes none = {.lead_id = "w1"};
    assert_int_equal(svc_case_update(&ctx, k.id, 2, &none, &k).status, SVC_OK);
    assert_int_equal(k.version, 2);
    /* A registered subject leaves only through a conference. */
    assert_int_equal(store_exec(f->db.c, "UPDATE case_subjects SET youtaikyo = 1"
                                         " WHERE person_id = 'mother'"),
                     STORE_OK);
    static const char *const child_only[] = {"child"};
    svc_case_changes swap = {.set_subjects = true, .subject_ids = child_only, .subject_count = 1};
    assert_invalid(svc_case_update(&ctx, k.id, 2, &swap, &k), "subject_ids");
}

/* ---- close ---- */

static void closes_once_with_a_reason(void **state)
{
    fixture *f = *state;
    store_case k;
    assert_int_equal(open_case(f, new_case(), &k).status, SVC_OK);
    const char *id = k.id;
    svc_ctx ctx = ctx_as(f, "w1", ROLE_WELFARE);
    counts before = count_all(f);
    svc_case_close_in moved = {.reason = "moved", .on = TODAY};
    svc_result r = svc_case_close(&ctx, id, &moved, &k);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "moved_to");
    svc_case_close_in future = {.reason = "other", .on = "2026-11-19"};
    assert_invalid(svc_case_close(&ctx, id, &future, &k), "on");
    svc_case_close_in early = {.reason = "other", .on = "2026-11-17"};
    assert_invalid(svc_case_close(&ctx, id, &early, &k), "on");
    assert_unchanged(before, count_all(f));
    moved.moved_to = "大阪市";
    assert_int_equal(svc_case_close(&ctx, id, &moved, &k).status, SVC_OK);
    assert_string_equal(k.status, "closed");
    assert_string_equal(k.moved_to, "大阪市");
    assert_string_equal(k.closed_by, "w1");
    before = count_all(f);
    svc_case_close_in again = {.reason = "goal_reached", .on = TODAY};
    assert_int_equal(svc_case_close(&ctx, id, &again, &k).status, SVC_INVALID_TRANSITION);
    svc_case_changes ch = {.lead_id = "h1"};
    assert_int_equal(svc_case_update(&ctx, id, 2, &ch, &k).status, SVC_INVALID_TRANSITION);
    assert_unchanged(before, count_all(f));
    /* The store's guard: closing a closed case changes no row. */
    store_case_closing cl = {.on = TODAY, .reason = "other", .by = "w1"};
    assert_int_equal(store_case_close(f->db.c, id, &cl, NOW), STORE_CONFLICT);
    /* A new case may open for the household now. */
    assert_int_equal(open_case(f, new_case(), &k).status, SVC_OK);
}

/* ---- the timeline ---- */

static int case_events_seen(fixture *f, const char *user, role r, const char *person)
{
    svc_ctx ctx = ctx_as(f, user, r);
    svc_timeline_input in = {.person_id = person, .limit = 50};
    svc_timeline_page page;
    assert_int_equal(svc_timeline_person(&ctx, &in, &page).status, SVC_OK);
    int n = 0;
    for (int i = 0; i < page.count; i++)
        n += strcmp(page.items[i].section, "case") == 0;
    return n;
}

static void case_events_on_the_family_timeline_not_for_clerks(void **state)
{
    fixture *f = *state;
    store_case k;
    assert_int_equal(open_case(f, new_case(), &k).status, SVC_OK);
    svc_ctx ctx = ctx_as(f, "w1", ROLE_WELFARE);
    svc_case_close_in in = {.reason = "goal_reached", .on = TODAY};
    assert_int_equal(svc_case_close(&ctx, k.id, &in, &k).status, SVC_OK);
    assert_int_equal(case_events_seen(f, "w1", ROLE_WELFARE, "mother"), 2); /* opened, closed */
    assert_int_equal(case_events_seen(f, "h1", ROLE_HEALTH, "child"), 2);
    assert_int_equal(case_events_seen(f, "k1", ROLE_CLERK, "mother"), 0);
}

/* ---- records and the summary ---- */

static void summary_leaves_out_protected_addresses(void **state)
{
    fixture *f = *state;
    assert_int_equal(store_exec(f->db.c,
                                "UPDATE persons SET address = '南町1', phone = '090' WHERE id IN"
                                " ('mother', 'child');"
                                "UPDATE persons SET address_protected = 1 WHERE id = 'mother';"
                                "UPDATE households SET address = '南町1（世帯）' WHERE id = 'h'"),
                     STORE_OK);
    store_case k;
    assert_int_equal(open_case(f, new_case(), &k).status, SVC_OK);
    svc_ctx ctx = ctx_as(f, "h1", ROLE_HEALTH);
    svc_case_summary sm;
    assert_int_equal(svc_case_summary_get(&ctx, k.id, &sm).status, SVC_OK);
    const store_summary_contact *mother = svc_case_summary_contact(&sm.s, "mother");
    const store_summary_contact *child = svc_case_summary_contact(&sm.s, "child");
    assert_null(mother->address);
    assert_null(mother->phone);
    assert_string_equal(child->address, "南町1");
    assert_null(sm.s.household_address); /* a current member is protected */
    assert_true(sm.s.household_protected);
    assert_false(sm.s.has_plan);
    assert_int_equal(ctx.read_count, 2);
    svc_ctx clerk = ctx_as(f, "k1", ROLE_CLERK);
    assert_int_equal(svc_case_summary_get(&clerk, k.id, &sm).status, SVC_FORBIDDEN);
}

static void records_gather_the_subjects_records_only(void **state)
{
    fixture *f = *state;
    assert_int_equal(store_exec(f->db.c,
                                "INSERT INTO visits (id, person_id, kind, subtype, on_date, status,"
                                " created_at, updated_at) VALUES"
                                " ('v1', 'child', 'checkup', '18m', '2026-11-01', 'missed', 1, 1),"
                                " ('v2', 'other', 'checkup', '18m', '2026-11-02', 'missed', 1, 1)"),
                     STORE_OK);
    store_case k;
    assert_int_equal(open_case(f, new_case(), &k).status, SVC_OK);
    svc_ctx ctx = ctx_as(f, "w1", ROLE_WELFARE);
    svc_case_records recs;
    assert_int_equal(svc_case_records_get(&ctx, k.id, &recs).status, SVC_OK);
    assert_int_equal(recs.count, 1);
    assert_string_equal(recs.items[0].type, "visit");
    assert_string_equal(recs.items[0].id, "v1");
    assert_string_equal(recs.items[0].on, "2026-11-01");
    assert_true(recs.items[0].attention);
    assert_string_equal(recs.items[0].label, "乳幼児健診（1歳6か月児） 未受診");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(opens_with_general_undesignated_subjects),
        T(a_second_open_case_is_a_conflict_by_the_index),
        T(subjects_must_be_current_members),
        T(leads_are_active_case_staff),
        T(opened_from_a_report_holds_its_children),
        T(only_case_staff_open_and_read),
        T(changes_at_a_version_and_keeps_removed_subjects),
        T(closes_once_with_a_reason),
        T(case_events_on_the_family_timeline_not_for_clerks),
        T(summary_leaves_out_protected_addresses),
        T(records_gather_the_subjects_records_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
