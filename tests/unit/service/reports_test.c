/* The reports services without HTTP, against a temporary database and a fixed clock: each result
 * of each use case, what the reader may see, and that a failure leaves the report, its events,
 * the timelines and the audit as they were. */
#include "domain/person_keys.h"
#include "service/reports.h"
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

enum { NOW = 1795000020 }; /* 2026-11-18, a fixed clock on a whole minute */

typedef struct fixture {
    tempdb db;
    pool *p;
} fixture;

static void add_user(store_conn *c, const char *id, const char *name, const char *role_code)
{
    store_user u = {.id = (char *)id,
                    .login = (char *)id,
                    .name = (char *)name,
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
                      .family_name = "通告",
                      .given_name = (char *)given,
                      .family_name_kana = "ツウコク",
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
    add_user(c, "w1", "福祉 一子", "welfare");
    add_user(c, "h1", "保健 二子", "health");
    add_user(c, "k1", "受付 三子", "clerk");
    add_person(c, "c1", "太郎", "2019-05-01");
    add_person(c, "c2", "次郎", "2021-08-20");
    add_person(c, "g1", "母", "1990-07-07");
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

/* Everything a report's write touches, to compare before and after a failure. */
typedef struct counts {
    int64_t reports, children, report_events, events, audit;
} counts;

static counts count_all(fixture *f)
{
    return (counts){rows(f, "SELECT COUNT(*) FROM reports"),
                    rows(f, "SELECT COUNT(*) FROM report_children"),
                    rows(f, "SELECT COUNT(*) FROM report_events"),
                    rows(f, "SELECT COUNT(*) FROM events"), rows(f, "SELECT COUNT(*) FROM audit")};
}

static void assert_unchanged(counts before, counts after)
{
    assert_int_equal(after.reports, before.reports);
    assert_int_equal(after.children, before.children);
    assert_int_equal(after.report_events, before.report_events);
    assert_int_equal(after.events, before.events);
    assert_int_equal(after.audit, before.audit);
}

static void exec(fixture *f, const char *sql)
{
    assert_int_equal(store_exec(f->db.c, sql), STORE_OK);
}

static const char *const both_children[] = {"c1", "c2"};
static const char *const physical[] = {"physical"};
static const svc_report_guardian_in mother[] = {{"g1", "実母"}};

static svc_report_intake abuse_intake(void)
{
    return (svc_report_intake){.kind = "abuse_report",
                               .has_received_at = true,
                               .received_at = NOW - 7200 + 30, /* kept to the minute */
                               .route = "school",
                               .abuse_types = physical,
                               .abuse_type_count = 1,
                               .summary = "登校時に顔のあざ",
                               .child_ids = both_children,
                               .child_count = 2,
                               .guardians = mother,
                               .guardian_count = 1,
                               .has_reporter = true,
                               .reporter_name = "担任",
                               .reporter_relation = "学校"};
}

static const char *create(fixture *f)
{
    svc_ctx ctx = ctx_as(f, "w1", ROLE_WELFARE);
    svc_report_intake in = abuse_intake();
    svc_report_view v;
    svc_result r = svc_report_create(&ctx, &in, &v);
    assert_int_equal(r.status, SVC_OK);
    return v.report.id;
}

static svc_result step(fixture *f, const char *id, svc_report_step_in in, svc_report_view *v)
{
    svc_ctx ctx = ctx_as(f, "w1", ROLE_WELFARE);
    in.report_id = id;
    return svc_report_add_event(&ctx, &in, v);
}

static void assert_invalid(svc_result r, const char *field)
{
    assert_int_equal(r.status, SVC_INVALID);
    assert_non_null(r.field);
    assert_string_equal(r.field, field);
}

/* ---- create ---- */

static void create_writes_report_events_timelines_and_audit(void **state)
{
    fixture *f = *state;
    counts before = count_all(f);
    svc_ctx ctx = ctx_as(f, "w1", ROLE_WELFARE);
    svc_report_intake in = abuse_intake();
    svc_report_view v;
    assert_int_equal(svc_report_create(&ctx, &in, &v).status, SVC_OK);
    assert_string_equal(v.report.status, "received");
    assert_int_equal(v.report.received_at, NOW - 7200);
    assert_int_equal(v.report.safety_due_at, NOW - 7200 + 48 * 3600);
    assert_string_equal(v.report.received_by, "w1");
    assert_string_equal(v.report.received_by_name, "福祉 一子"); /* joined, not looked up */
    assert_string_equal(v.report.children[1].person.given_name, "次郎");
    assert_string_equal(v.report.guardians[0].person.given_name, "母");
    assert_true(v.with_reporter);
    assert_int_equal(v.event_count, 1);
    assert_string_equal(v.events[0].event->recorded_by_name, "福祉 一子");
    assert_false(v.safety_overdue);
    counts after = count_all(f);
    assert_int_equal(after.reports, before.reports + 1);
    assert_int_equal(after.report_events, before.report_events + 1);
    assert_int_equal(after.events, before.events + 2); /* each child's timeline */
    assert_int_equal(after.audit, before.audit + 2);   /* a create about each child */
    /* The answer shows the guardian and the reporter: audited as reads (held by the caller). */
    assert_int_equal(ctx.read_count, 1 + 2);
}

static void reporter_only_to_those_who_act_on_it(void **state)
{
    fixture *f = *state;
    svc_report_intake in = abuse_intake();
    svc_report_view v;
    svc_ctx health = ctx_as(f, "h1", ROLE_HEALTH);
    assert_int_equal(svc_report_create(&health, &in, &v).status, SVC_OK);
    assert_false(v.with_reporter); /* not even in the answer to their own intake */
    const char *id = v.report.id;
    svc_ctx clerk = ctx_as(f, "k1", ROLE_CLERK);
    assert_int_equal(svc_report_create(&clerk, &in, &v).status, SVC_OK);
    assert_true(v.with_reporter); /* their own intake */
    clerk = ctx_as(f, "k1", ROLE_CLERK);
    assert_int_equal(svc_report_get(&clerk, id, &v).status, SVC_OK);
    assert_false(v.with_reporter); /* any other answer */
    svc_ctx welfare = ctx_as(f, "w1", ROLE_WELFARE);
    assert_int_equal(svc_report_get(&welfare, id, &v).status, SVC_OK);
    assert_true(v.with_reporter);
    /* report about 2 children + guardian, report_reporter about 2 children */
    assert_int_equal(welfare.read_count, 5);
    int reporter_rows = 0;
    for (int i = 0; i < welfare.read_count; i++)
        reporter_rows += strcmp(welfare.reads[i].object_type, "report_reporter") == 0;
    assert_int_equal(reporter_rows, 2);
}

static void create_refuses_bad_input_and_writes_nothing(void **state)
{
    fixture *f = *state;
    counts before = count_all(f);
    svc_ctx ctx = ctx_as(f, "w1", ROLE_WELFARE);
    svc_report_view v;
    svc_report_intake in = abuse_intake();
    in.abuse_type_count = 0;
    assert_invalid(svc_report_create(&ctx, &in, &v), "abuse_types");
    in = abuse_intake();
    in.received_at = NOW + 24 * 3600 + 60; /* more than a day after the fixed clock */
    assert_invalid(svc_report_create(&ctx, &in, &v), "received_at");
    in = abuse_intake();
    in.route = "internet";
    assert_invalid(svc_report_create(&ctx, &in, &v), "route");
    static const char *const twice[] = {"c1", "c1"};
    in = abuse_intake();
    in.child_ids = twice;
    assert_invalid(svc_report_create(&ctx, &in, &v), "child_ids[1]");
    in = abuse_intake();
    in.child_count = 0;
    assert_invalid(svc_report_create(&ctx, &in, &v), "child_ids");
    /* Found missing inside the write: rolled back. */
    static const char *const ghost[] = {"c1", "nobody"};
    in = abuse_intake();
    in.child_ids = ghost;
    assert_invalid(svc_report_create(&ctx, &in, &v), "child_ids[1]");
    in = abuse_intake();
    in.received_by = "h9";
    assert_invalid(svc_report_create(&ctx, &in, &v), "received_by");
    assert_unchanged(before, count_all(f));
    assert_int_equal(ctx.read_count, 0);
}

static void create_rolls_back_a_failure_after_the_first_writes(void **state)
{
    fixture *f = *state;
    counts before = count_all(f);
    /* The report and its children are written, then the guardian's insert fails. */
    exec(f, "CREATE TEMP TRIGGER fail_guardian BEFORE INSERT ON report_guardians"
            " BEGIN SELECT RAISE(ABORT, 'test'); END");
    svc_ctx ctx = ctx_as(f, "w1", ROLE_WELFARE);
    svc_report_intake in = abuse_intake();
    svc_report_view v;
    assert_int_equal(svc_report_create(&ctx, &in, &v).status, SVC_ERROR);
    exec(f, "DROP TRIGGER fail_guardian");
    assert_unchanged(before, count_all(f));
}

/* ---- steps ---- */

static void step_moves_the_report_along(void **state)
{
    fixture *f = *state;
    const char *id = create(f);
    svc_report_view v;
    assert_int_equal(step(f, id, (svc_report_step_in){.step = "juri", .urgency = "a"}, &v).status,
                     SVC_OK);
    assert_string_equal(v.report.status, "juri");
    assert_string_equal(v.report.urgency, "a");
    assert_int_equal(v.report.version, 2);
    assert_int_equal(v.events[1].event->at, NOW); /* no `at`: the request's clock */
    /* 現認 of one child of two: the status stays, the other child is still unseen. */
    static const char *const one[] = {"c1"};
    svc_report_step_in seen = {
        .step = "safety_confirmed", .has_child_ids = true, .child_ids = one, .child_count = 1};
    assert_int_equal(step(f, id, seen, &v).status, SVC_OK);
    assert_string_equal(v.report.status, "juri");
    assert_string_equal(v.report.children[0].confirmed_by, "福祉 一子"); /* the acting user */
    assert_int_equal(v.report.children[1].confirmed_at, 0);
    static const char *const other[] = {"c2"};
    seen.child_ids = other;
    seen.seen_by = "保健 二子";
    assert_int_equal(step(f, id, seen, &v).status, SVC_OK);
    assert_string_equal(v.report.status, "safety_confirmed");
    assert_true(v.safety_all_confirmed);
}

static void step_refusals_record_nothing(void **state)
{
    fixture *f = *state;
    const char *id = create(f);
    counts before = count_all(f);
    svc_report_view v;
    svc_result r = step(f, id, (svc_report_step_in){.step = "policy"}, &v);
    assert_int_equal(r.status, SVC_INVALID_TRANSITION);
    assert_string_equal(r.field, "step");
    assert_int_equal(
        step(f, "nope", (svc_report_step_in){.step = "juri", .urgency = "a"}, &v).status,
        SVC_NOT_FOUND);
    assert_invalid(step(f, id, (svc_report_step_in){.step = "juri"}, &v), "urgency");
    assert_invalid(step(f, id, (svc_report_step_in){.step = "received"}, &v), "step");
    assert_invalid(
        step(f, id,
             (svc_report_step_in){.step = "juri", .urgency = "a", .has_at = true, .at = NOW + 3600},
             &v),
        "at");
    assert_invalid(step(f, id,
                        (svc_report_step_in){
                            .step = "juri", .urgency = "a", .has_at = true, .at = NOW - 3 * 3600},
                        &v),
                   "at"); /* before the call was received */
    assert_int_equal(step(f, id, (svc_report_step_in){.step = "juri", .urgency = "b"}, &v).status,
                     SVC_OK);
    before = count_all(f);
    /* 現認 names its children: none given is refused, never "all of them". */
    assert_invalid(step(f, id, (svc_report_step_in){.step = "safety_confirmed"}, &v), "child_ids");
    static const char *const stranger[] = {"g1"};
    assert_invalid(step(f, id,
                        (svc_report_step_in){.step = "safety_confirmed",
                                             .has_child_ids = true,
                                             .child_ids = stranger,
                                             .child_count = 1},
                        &v),
                   "child_ids[0]");
    assert_unchanged(before, count_all(f));
}

static void step_conflicts_when_the_report_moved_since_it_was_read(void **state)
{
    fixture *f = *state;
    const char *id = create(f);
    counts before = count_all(f);
    /* Another writer moves the report between this step's read and its write (what a backend
     * without a write lock that serialises writers allows): the state is not written, and the
     * event, the 現認 and the timelines written before it are undone with it. */
    exec(f, "CREATE TEMP TRIGGER concurrent AFTER INSERT ON report_events"
            " BEGIN UPDATE reports SET version = version + 1 WHERE id = NEW.report_id; END");
    svc_report_view v;
    svc_result r = step(f, id, (svc_report_step_in){.step = "juri", .urgency = "a"}, &v);
    exec(f, "DROP TRIGGER concurrent");
    assert_int_equal(r.status, SVC_CONFLICT);
    assert_unchanged(before, count_all(f));
    svc_ctx ctx = ctx_as(f, "w1", ROLE_WELFARE);
    assert_int_equal(svc_report_get(&ctx, id, &v).status, SVC_OK);
    assert_string_equal(v.report.status, "received");
    assert_int_equal(v.report.version, 1);
}

static void state_write_needs_the_version_and_status_read(void **state)
{
    fixture *f = *state;
    const char *id = create(f);
    store_conn *c = f->db.c;
    assert_int_equal(store_begin(c), STORE_OK);
    store_report_was stale_version = {.version = 2, .status = "received"};
    assert_int_equal(store_report_set_state(c, id, "juri", "a", NULL, NOW, stale_version),
                     STORE_CONFLICT);
    store_report_was stale_status = {.version = 1, .status = "juri"};
    assert_int_equal(store_report_set_state(c, id, "policy", NULL, NULL, NOW, stale_status),
                     STORE_CONFLICT);
    store_report_was was = {.version = 1, .status = "received"};
    assert_int_equal(store_report_set_state(c, "nope", "juri", "a", NULL, NOW, was),
                     STORE_NOT_FOUND);
    assert_int_equal(store_report_set_state(c, id, "juri", "a", NULL, NOW, was), STORE_OK);
    store_rollback(c);
}

/* ---- corrections ---- */

static void correction_takes_a_step_back(void **state)
{
    fixture *f = *state;
    const char *id = create(f);
    svc_report_view v;
    assert_int_equal(step(f, id, (svc_report_step_in){.step = "juri", .urgency = "aa"}, &v).status,
                     SVC_OK);
    int64_t juri = v.events[1].event->seq, received = v.events[0].event->seq;
    counts before = count_all(f);
    svc_result r =
        step(f, id,
             (svc_report_step_in){.step = "correction", .corrects = received, .note = "誤り"}, &v);
    assert_int_equal(r.status, SVC_INVALID_TRANSITION);
    assert_string_equal(r.field, "corrects");
    assert_invalid(step(f, id,
                        (svc_report_step_in){.step = "correction", .corrects = juri, .note = "　 "},
                        &v),
                   "note"); /* a reason is required: blank is none */
    assert_invalid(
        step(f, id, (svc_report_step_in){.step = "correction", .corrects = 99999, .note = "誤り"},
             &v),
        "corrects");
    assert_invalid(step(f, id,
                        (svc_report_step_in){.step = "correction",
                                             .corrects = juri,
                                             .note = "誤り",
                                             .given_but_not_for_correction = "at"},
                        &v),
                   "at");
    assert_unchanged(before, count_all(f));
    assert_int_equal(
        step(f, id,
             (svc_report_step_in){.step = "correction", .corrects = juri, .note = "別の通告の会議"},
             &v)
            .status,
        SVC_OK);
    assert_string_equal(v.report.status, "received");
    assert_null(v.report.urgency);
    assert_true(v.events[1].corrected);
    assert_false(v.events[1].correctable);
    assert_int_equal(v.events[2].event->corrects, juri);
    assert_int_equal(v.events[2].event->at, NOW); /* dated when corrected */
}

static void corrected_safety_confirmation_makes_the_child_unseen(void **state)
{
    fixture *f = *state;
    const char *id = create(f);
    svc_report_view v;
    assert_int_equal(step(f, id, (svc_report_step_in){.step = "juri", .urgency = "a"}, &v).status,
                     SVC_OK);
    svc_report_step_in seen = {.step = "safety_confirmed",
                               .has_child_ids = true,
                               .child_ids = both_children,
                               .child_count = 2};
    assert_int_equal(step(f, id, seen, &v).status, SVC_OK);
    assert_string_equal(v.report.status, "safety_confirmed");
    static const char *const younger[] = {"c2"};
    svc_report_step_in fix = {.step = "correction",
                              .corrects = v.events[2].event->seq,
                              .note = "別の子",
                              .has_child_ids = true,
                              .child_ids = younger,
                              .child_count = 1};
    assert_int_equal(step(f, id, fix, &v).status, SVC_OK);
    assert_string_equal(v.report.status, "juri");
    assert_true(v.report.children[0].confirmed_at != 0);
    assert_int_equal(v.report.children[1].confirmed_at, 0);
    assert_int_equal(v.events[2].corrected_child_count, 1);
    assert_string_equal(v.events[2].corrected_child_ids[0], "c2");
}

/* ---- reading ---- */

static void notes_of_investigations_are_not_for_clerks(void **state)
{
    fixture *f = *state;
    const char *id = create(f);
    svc_report_view v;
    assert_int_equal(
        step(f, id, (svc_report_step_in){.step = "juri", .urgency = "a", .note = "会議"}, &v)
            .status,
        SVC_OK);
    assert_int_equal(
        step(f, id, (svc_report_step_in){.step = "investigation", .note = "聞き取り"}, &v).status,
        SVC_OK);
    svc_ctx clerk = ctx_as(f, "k1", ROLE_CLERK);
    assert_false(svc_may(&clerk, PERM_REPORT_NOTES_READ));
    assert_int_equal(svc_report_get(&clerk, id, &v).status, SVC_OK);
    assert_false(v.events[1].note_hidden); /* the juri's note */
    assert_true(v.events[2].note_hidden);
    svc_ctx health = ctx_as(f, "h1", ROLE_HEALTH);
    assert_int_equal(svc_report_get(&health, id, &v).status, SVC_OK);
    assert_false(v.events[2].note_hidden);
    assert_int_equal(svc_report_get(&health, "nope", &v).status, SVC_NOT_FOUND);
}

static void overdue_by_the_request_clock(void **state)
{
    fixture *f = *state;
    const char *id = create(f);
    svc_report_view v;
    svc_ctx ctx;
    svc_ctx_init(&ctx, f->db.c, f->p, "w1", ROLE_WELFARE, NOW + 46 * 3600 - 1);
    assert_int_equal(svc_report_get(&ctx, id, &v).status, SVC_OK);
    assert_false(v.safety_overdue);
    svc_ctx_init(&ctx, f->db.c, f->p, "w1", ROLE_WELFARE, NOW + 46 * 3600);
    assert_int_equal(svc_report_get(&ctx, id, &v).status, SVC_OK);
    assert_true(v.safety_overdue); /* received two hours before NOW: due at NOW + 46 h */
}

static void list_pages_with_children_and_audits_what_it_returns(void **state)
{
    fixture *f = *state;
    create(f);
    create(f);
    create(f);
    svc_ctx ctx = ctx_as(f, "h1", ROLE_HEALTH);
    svc_report_page page;
    store_report_filter filter = {.child_id = "c2", .limit = 2};
    assert_int_equal(svc_report_list(&ctx, &filter, &page).status, SVC_OK);
    assert_int_equal(page.count, 2);
    assert_true(page.more);
    for (int i = 0; i < page.count; i++) {
        assert_int_equal(page.items[i].report.child_count, 2);
        assert_string_equal(page.items[i].report.children[1].person.given_name, "次郎");
        assert_int_equal(page.items[i].report.guardian_count, 1);
        assert_string_equal(page.items[i].report.received_by_name, "福祉 一子");
        assert_false(page.items[i].with_reporter);
    }
    assert_int_equal(ctx.read_count, 2 * 3); /* two children and a guardian each */
    filter = (store_report_filter){.kind = "consultation", .limit = 10};
    assert_int_equal(svc_report_list(&ctx, &filter, &page).status, SVC_OK);
    assert_int_equal(page.count, 0);
    filter.kind = "abuse";
    assert_invalid(svc_report_list(&ctx, &filter, &page), "kind");
}

/* ---- the owner (担当者・副担当) and 自分の担当 ---- */

static void owner_is_set_at_juri_and_reassigned_with_history_timeline_and_audit(void **state)
{
    fixture *f = *state;
    svc_ctx ctx = ctx_as(f, "w1", ROLE_WELFARE);
    add_user(f->db.c, "w2", "福祉 二子", "welfare");
    const char *id = create(f);
    svc_report_view v;
    /* A nurse does not act on reports: refused, nothing recorded. */
    counts before = count_all(f);
    assert_invalid(
        step(f, id, (svc_report_step_in){.step = "juri", .urgency = "a", .lead_id = "h1"}, &v),
        "lead_id");
    assert_unchanged(before, count_all(f));
    assert_int_equal(
        step(f, id, (svc_report_step_in){.step = "juri", .urgency = "a", .lead_id = "w1"}, &v)
            .status,
        SVC_OK);
    assert_string_equal(v.report.lead_id, "w1");
    assert_string_equal(v.report.lead_name, "福祉 一子");
    assert_null(v.report.deputy_id);
    int64_t version = v.report.version;

    before = count_all(f);
    svc_report_owner_in in = {.report_id = id, .lead_id = "w2", .deputy_id = "w1"};
    assert_int_equal(svc_report_set_owner(&ctx, &in, &v).status, SVC_OK);
    assert_string_equal(v.report.lead_name, "福祉 二子");
    assert_string_equal(v.report.deputy_name, "福祉 一子");
    assert_int_equal(v.report.version, version + 1);
    assert_string_equal(v.report.status, "juri");
    assert_string_equal(v.events[v.event_count - 1].event->step, "owner");
    assert_string_equal(v.events[v.event_count - 1].step_label, "担当者の変更");
    assert_false(v.events[v.event_count - 1].correctable);
    counts after = count_all(f);
    assert_int_equal(after.report_events, before.report_events + 1);
    assert_int_equal(after.events, before.events + 2); /* each child's timeline */
    assert_int_equal(after.audit, before.audit + 2);   /* an update about each child */

    /* A clerk may not; a deputy who is the lead is refused; nothing changes. */
    svc_ctx clerk = ctx_as(f, "k1", ROLE_CLERK);
    assert_int_equal(svc_report_set_owner(&clerk, &in, &v).status, SVC_FORBIDDEN);
    in.deputy_id = "w2";
    assert_invalid(svc_report_set_owner(&ctx, &in, &v), "deputy_id");
    assert_unchanged(after, count_all(f));
}

static void mine_lists_the_reports_the_user_leads_or_deputises(void **state)
{
    fixture *f = *state;
    add_user(f->db.c, "w2", "福祉 二子", "welfare");
    const char *a = create(f), *b = create(f);
    create(f); /* no owner */
    svc_report_view v;
    assert_int_equal(
        step(f, a, (svc_report_step_in){.step = "juri", .urgency = "b", .lead_id = "w2"}, &v)
            .status,
        SVC_OK);
    assert_int_equal(step(f, b,
                          (svc_report_step_in){
                              .step = "juri", .urgency = "aa", .lead_id = "w1", .deputy_id = "w2"},
                          &v)
                         .status,
                     SVC_OK);
    svc_ctx ctx = ctx_as(f, "w2", ROLE_WELFARE);
    svc_report_page page;
    store_report_filter filter = {
        .mine = true, .limit = 1, .sort = STORE_REPORT_SORT_URGENCY, .ascending = true};
    assert_int_equal(svc_report_list(&ctx, &filter, &page).status, SVC_OK);
    assert_int_equal(page.total, 2);
    assert_int_equal(page.count, 1);
    assert_true(page.more);
    assert_string_equal(page.items[0].report.id, b); /* AA first */
    filter = (store_report_filter){.unassigned = true, .limit = 10};
    assert_int_equal(svc_report_list(&ctx, &filter, &page).status, SVC_OK);
    assert_int_equal(page.total, 1);
    filter = (store_report_filter){.urgency = "z", .limit = 10};
    assert_invalid(svc_report_list(&ctx, &filter, &page), "urgency");
}

/* ---- inside a caller's transaction (the import) ---- */

static void inside_a_transaction_a_failure_undoes_only_itself(void **state)
{
    fixture *f = *state;
    counts before = count_all(f);
    assert_int_equal(store_begin(f->db.c), STORE_OK);
    svc_ctx ctx = ctx_as(f, "w1", ROLE_WELFARE);
    ctx.in_transaction = true;
    svc_report_intake in = abuse_intake();
    svc_report_view v;
    assert_int_equal(svc_report_create(&ctx, &in, &v).status, SVC_OK);
    static const char *const ghost[] = {"nobody"};
    in.child_ids = ghost;
    in.child_count = 1;
    assert_invalid(svc_report_create(&ctx, &in, &v), "child_ids[0]");
    assert_int_equal(store_commit(f->db.c), STORE_OK);
    counts after = count_all(f);
    assert_int_equal(after.reports, before.reports + 1);
    assert_int_equal(after.audit, before.audit + 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(create_writes_report_events_timelines_and_audit, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(reporter_only_to_those_who_act_on_it, setup, teardown),
        cmocka_unit_test_setup_teardown(create_refuses_bad_input_and_writes_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(create_rolls_back_a_failure_after_the_first_writes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(step_moves_the_report_along, setup, teardown),
        cmocka_unit_test_setup_teardown(step_refusals_record_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(step_conflicts_when_the_report_moved_since_it_was_read,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(state_write_needs_the_version_and_status_read, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(correction_takes_a_step_back, setup, teardown),
        cmocka_unit_test_setup_teardown(corrected_safety_confirmation_makes_the_child_unseen, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(notes_of_investigations_are_not_for_clerks, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(overdue_by_the_request_clock, setup, teardown),
        cmocka_unit_test_setup_teardown(list_pages_with_children_and_audits_what_it_returns, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            owner_is_set_at_juri_and_reassigned_with_history_timeline_and_audit, setup, teardown),
        cmocka_unit_test_setup_teardown(mine_lists_the_reports_the_user_leads_or_deputises, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(inside_a_transaction_a_failure_undoes_only_itself, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
