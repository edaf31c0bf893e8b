/* The alert board as a service, without HTTP: a fixed clock (2026-11-20 12:00 JST) and a
 * temporary database holding one item of each kind. */
#include "service/alerts.h"
#include "support/tempdb.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

enum {
    NOW = 1795143600,          /* 2026-11-20T12:00:00+09:00 */
    OCT_1 = 1790780400,        /* 2026-10-01T00:00:00+09:00 */
    NOV_15 = 1794668400,       /* 2026-11-15 */
    NOV_20 = 1795100400,       /* 2026-11-20 */
    NOV_26 = 1795618800,       /* 2026-11-26 */
    DEC_1 = 1796050800,        /* 2026-12-01 */
    SAFETY_DUE = NOW + 5 * 60, /* the report's 48 hours end five minutes from now */
};

typedef struct fixture {
    tempdb db;
    pool *p;
    svc_ctx ctx;
} fixture;

static void exec(store_conn *c, const char *sql)
{
    assert_int_equal(store_exec(c, sql), STORE_OK);
}

/* In the board's order: the report (c1 not yet seen), m's self-harm answer (due the day after
 * 11-18: overdue), c0's newborn visit (due 10-01) and missed check-up (due 11-15), both overdue,
 * m's flagged EPDS (due 11-26), c1's newborn visit (due 12-01). "old" was born more than 12
 * months ago: out of the newborn window. */
static const char data[] =
    "INSERT INTO persons (id, family_name, family_name_kana, birth_date, created_at, updated_at)"
    " VALUES ('m', '母', 'ハハ', '1995-01-01', 0, 0), ('c0', '子', 'コ', '2026-06-01', 0, 0),"
    " ('c1', '子', 'コ', '2026-08-01', 0, 0), ('old', '子', 'コ', '2025-11-19', 0, 0);"
    "INSERT INTO screenings (id, person_id, instrument, administered_on, answers, score,"
    " item_scores, flags, needs_followup, self_harm, created_at, updated_at) VALUES"
    " ('s1', 'm', 'epds', '2026-11-18', '[]', 12, '[]', '[]', 1, 1, 0, 0),"
    " ('s2', 'm', 'epds', '2026-11-19', '[]', 12, '[]', '[]', 1, 0, 0, 0);"
    "INSERT INTO visits (id, person_id, kind, subtype, on_date, status, created_at, updated_at)"
    " VALUES ('v1', 'c0', 'checkup', '4m', '2026-11-01', 'missed', 0, 0);"
    "INSERT INTO reports (id, kind, received_at, received_by, route, abuse_types, status,"
    " safety_due_at, created_at, updated_at) VALUES ('r1', 'abuse_report', 1794970800, 'u1',"
    " 'police', '[]', 'received', 1795143900, 0, 0);"
    "INSERT INTO report_children (report_id, position, child_id, confirmed_at) VALUES"
    " ('r1', 0, 'c0', 1795000000), ('r1', 1, 'c1', NULL);";

static const char *const board_order[] = {"r1", "s1", "c0", "v1", "s2", "c1"};

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    if (!f || tempdb_open(&f->db, TEMPDB_LATEST) != 0)
        return -1;
    f->p = pool_create();
    svc_ctx_init(&f->ctx, f->db.c, f->p, "u1", ROLE_HEALTH, NOW);
    return store_exec(f->db.c, data) == STORE_OK ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    pool_destroy(f->p);
    tempdb_close(&f->db);
    free(f);
    return 0;
}

static svc_alerts_filter whole_board(void)
{
    return (svc_alerts_filter){
        .only_kind = ALERT_KIND_NONE, .only_section = ALERT_SECTION_NONE, .limit = 500};
}

static void assert_ids(const svc_alerts_page *page, const char *const *ids, int n)
{
    assert_int_equal(page->count, n);
    for (int i = 0; i < n; i++)
        assert_string_equal(page->items[i].ref_id, ids[i]);
}

/* The hourly read rows the service collected: the reading first, then one per person. */
static void assert_reads(const svc_ctx *ctx, const char *filter, const char *const *persons, int n)
{
    assert_int_equal(ctx->read_count, 1 + n);
    assert_string_equal(ctx->reads[0].object_type, "alerts");
    assert_string_equal(ctx->reads[0].object_id, filter);
    assert_null(ctx->reads[0].person_id);
    for (int i = 0; i < 1 + n; i++) {
        assert_true(ctx->reads[i].once_per_hour);
        assert_int_equal(ctx->reads[i].at, NOW);
        assert_string_equal(ctx->reads[i].user_id, "u1");
    }
    for (int i = 0; i < n; i++) {
        assert_string_equal(ctx->reads[1 + i].object_id, "board");
        assert_string_equal(ctx->reads[1 + i].person_id, persons[i]);
    }
}

static void the_board_by_urgency_at_the_request_instant(void **state)
{
    fixture *f = *state;
    svc_alerts_filter filter = whole_board();
    svc_alerts_page page;
    assert_int_equal(svc_alerts_board(&f->ctx, &filter, &page).status, SVC_OK);
    assert_ids(&page, board_order, 6);
    assert_int_equal(page.total, 6);
    assert_int_equal(page.at, NOW);
    assert_false(page.more);
    const svc_alert *it = page.items;
    const alert_kind kinds[] = {ALERT_SAFETY_CONFIRMATION, ALERT_EPDS_SELF_HARM,
                                ALERT_NEWBORN_VISIT,       ALERT_CHECKUP_MISSED,
                                ALERT_SCREENING_FOLLOWUP,  ALERT_NEWBORN_VISIT};
    const int64_t due[] = {SAFETY_DUE, NOV_20, OCT_1, NOV_15, NOV_26, DEC_1};
    const bool overdue[] = {false, true, true, true, false, false};
    for (int i = 0; i < 6; i++) {
        assert_int_equal(it[i].kind, kinds[i]);
        assert_int_equal(it[i].due_at, due[i]);
        assert_int_equal(it[i].overdue, overdue[i]);
    }
    /* The report names only the child not yet seen. */
    assert_int_equal(it[0].unconfirmed, 1);
    assert_string_equal(it[0].children[0].id, "c1");
    assert_string_equal(it[3].person.id, "c0");
    /* One read row per person named, however many items name them. */
    assert_reads(&f->ctx, "-", (const char *const[]){"c1", "m", "c0"}, 3);
}

static void overdue_follows_the_board_instant(void **state)
{
    fixture *f = *state;
    svc_ctx later;
    svc_ctx_init(&later, f->db.c, f->p, "u1", ROLE_HEALTH, NOW + 10 * 60);
    svc_alerts_filter filter = whole_board();
    filter.only_kind = ALERT_SAFETY_CONFIRMATION;
    svc_alerts_page page;
    assert_int_equal(svc_alerts_board(&later, &filter, &page).status, SVC_OK);
    assert_true(page.items[0].overdue); /* ten minutes on, the 48 hours are over */
    filter.at = NOW;                    /* a later page of the board read at NOW */
    assert_int_equal(svc_alerts_board(&later, &filter, &page).status, SVC_OK);
    assert_int_equal(page.at, NOW);
    assert_false(page.items[0].overdue);
}

static void filters_by_kind_and_section(void **state)
{
    fixture *f = *state;
    svc_alerts_filter filter = whole_board();
    filter.only_kind = ALERT_CHECKUP_MISSED;
    svc_alerts_page page;
    assert_int_equal(svc_alerts_board(&f->ctx, &filter, &page).status, SVC_OK);
    assert_ids(&page, (const char *const[]){"v1"}, 1);
    assert_reads(&f->ctx, "checkup_missed", (const char *const[]){"c0"}, 1);

    f->ctx.read_count = 0;
    filter = whole_board();
    filter.only_section = ALERT_SECTION_HEALTH;
    assert_int_equal(svc_alerts_board(&f->ctx, &filter, &page).status, SVC_OK);
    assert_ids(&page, board_order + 1, 5);
    assert_reads(&f->ctx, "health", (const char *const[]){"m", "c0", "c1"}, 3);

    f->ctx.read_count = 0;
    filter.only_section = ALERT_SECTION_WELFARE;
    assert_int_equal(svc_alerts_board(&f->ctx, &filter, &page).status, SVC_OK);
    assert_ids(&page, board_order, 1);
    assert_reads(&f->ctx, "welfare", (const char *const[]){"c1"}, 1);
}

/* The page after a key continues the same board: an item acted on in between (s1 followed up)
 * does not push an unseen one (v1) onto the page already read. Only the page's persons are
 * audited. */
static void the_next_page_continues_after_the_last_item(void **state)
{
    fixture *f = *state;
    svc_alerts_filter filter = whole_board();
    filter.limit = 3;
    svc_alerts_page first;
    assert_int_equal(svc_alerts_board(&f->ctx, &filter, &first).status, SVC_OK);
    assert_ids(&first, board_order, 3);
    assert_true(first.more);
    assert_int_equal(first.total, 6);
    assert_reads(&f->ctx, "-", (const char *const[]){"c1", "m", "c0"}, 3);

    exec(f->db.c, "UPDATE screenings SET needs_followup = 0 WHERE id = 's1'");
    f->ctx.read_count = 0;
    svc_alerts_key after = svc_alerts_key_of(&first.items[first.count - 1]);
    filter.at = first.at;
    filter.after = &after;
    svc_alerts_page next;
    assert_int_equal(svc_alerts_board(&f->ctx, &filter, &next).status, SVC_OK);
    assert_ids(&next, board_order + 3, 3);
    assert_false(next.more);
    assert_int_equal(next.total, 5);
    assert_reads(&f->ctx, "-", (const char *const[]){"c0", "m", "c1"}, 3);
}

static void an_offset_is_the_older_cursor(void **state)
{
    fixture *f = *state;
    svc_alerts_filter filter = whole_board();
    filter.offset = 4;
    filter.limit = 1;
    svc_alerts_page page;
    assert_int_equal(svc_alerts_board(&f->ctx, &filter, &page).status, SVC_OK);
    assert_ids(&page, board_order + 4, 1);
    assert_true(page.more);
    f->ctx.read_count = 0;
    filter.offset = 6; /* the end (items went away since): an empty last page */
    assert_int_equal(svc_alerts_board(&f->ctx, &filter, &page).status, SVC_OK);
    assert_int_equal(page.count, 0);
    assert_false(page.more);
    assert_reads(&f->ctx, "-", NULL, 0);
}

static void assert_refused(fixture *f, const svc_alerts_filter *filter, svc_status status,
                           const char *field)
{
    int64_t audit_rows = 0;
    store_stmt *st = store_prepare(f->db.c, "SELECT count(*) FROM audit");
    assert_non_null(st);
    assert_int_equal(store_step(st), STORE_ROW);
    audit_rows = store_col_int(st, 0);
    store_done(st);

    svc_alerts_page page;
    svc_result r = svc_alerts_board(&f->ctx, filter, &page);
    assert_int_equal(r.status, status);
    if (field)
        assert_string_equal(r.field, field);
    assert_int_equal(f->ctx.read_count, 0); /* nothing shown, nothing audited */

    st = store_prepare(f->db.c, "SELECT count(*) FROM audit");
    assert_non_null(st);
    assert_int_equal(store_step(st), STORE_ROW);
    assert_int_equal(store_col_int(st, 0), audit_rows);
    store_done(st);
}

static void a_cursor_off_the_board_is_refused(void **state)
{
    fixture *f = *state;
    svc_alerts_filter filter = whole_board();
    filter.offset = 7; /* past the end */
    assert_refused(f, &filter, SVC_INVALID, "cursor");
    filter.offset = 0;
    filter.at = NOW + 1; /* a board from the future */
    assert_refused(f, &filter, SVC_INVALID, "cursor");
    filter.at = NOW - SVC_ALERTS_MAX_AGE_SECONDS - 1; /* too old: overdue would be stale */
    assert_refused(f, &filter, SVC_INVALID, "cursor");
    filter.at = NOW - SVC_ALERTS_MAX_AGE_SECONDS;
    svc_alerts_page page;
    assert_int_equal(svc_alerts_board(&f->ctx, &filter, &page).status, SVC_OK);
    f->ctx.read_count = 0;
    filter = whole_board();
    filter.limit = 501;
    assert_refused(f, &filter, SVC_INVALID, "limit");
    filter.limit = 0;
    assert_refused(f, &filter, SVC_INVALID, "limit");
}

static void only_who_reads_the_health_section(void **state)
{
    fixture *f = *state;
    svc_alerts_filter filter = whole_board();
    svc_ctx_init(&f->ctx, f->db.c, f->p, "u1", ROLE_CLERK, NOW);
    assert_refused(f, &filter, SVC_FORBIDDEN, NULL);
    svc_ctx_init(&f->ctx, f->db.c, f->p, "u1", ROLE_ADMIN, NOW);
    assert_refused(f, &filter, SVC_FORBIDDEN, NULL);
    svc_ctx_init(&f->ctx, f->db.c, f->p, "u1", ROLE_WELFARE, NOW);
    svc_alerts_page page;
    assert_int_equal(svc_alerts_board(&f->ctx, &filter, &page).status, SVC_OK);
    assert_int_equal(page.total, 6);
}

static void a_store_failure_shows_nothing(void **state)
{
    fixture *f = *state;
    exec(f->db.c, "ALTER TABLE visits RENAME TO visits_gone");
    svc_alerts_filter filter = whole_board();
    assert_refused(f, &filter, SVC_ERROR, NULL);
}

/* The joint case's items (svc_alerts_of_case_subjects): four more children with the same four
 * items due (a newborn visit, a missed check-up, an EPDS follow-up and a self-harm answer), one a
 * current subject of an open case, one of a closed case, one taken off the open case and one in
 * no case. Only the first one's are among the person-keyed items, as the board has them; the
 * safety confirmation comes whole (its children are in no case). */
static const char cases[] =
    "INSERT INTO users (id, version, login, name, role, password_hash, status, created_at,"
    " updated_at) VALUES ('lead', 1, 'lead', '保健 一子', 'health', 'x', 'active', 1, 1);"
    "INSERT INTO persons (id, family_name, family_name_kana, birth_date, created_at, updated_at)"
    " VALUES ('in', '子', 'コ', '2026-06-01', 0, 0), ('closed', '子', 'コ', '2026-06-01', 0, 0),"
    " ('removed', '子', 'コ', '2026-06-01', 0, 0), ('none', '子', 'コ', '2026-06-01', 0, 0);"
    "INSERT INTO households (id, created_at, updated_at) VALUES ('h1', 1, 1), ('h2', 1, 1);"
    "INSERT INTO cases (id, household_id, status, lead_id, opened_on, created_by, created_at,"
    " updated_at) VALUES ('open', 'h1', 'open', 'lead', '2026-07-01', 'lead', 1, 1),"
    " ('shut', 'h2', 'closed', 'lead', '2026-07-01', 'lead', 1, 1);"
    "INSERT INTO case_subjects (case_id, person_id, added_on, removed_on) VALUES"
    " ('open', 'in', '2026-07-01', NULL), ('shut', 'closed', '2026-07-01', NULL),"
    " ('open', 'removed', '2026-07-01', '2026-09-01');";

static void add_items_of(store_conn *c, const char *child)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO visits (id, person_id, kind, subtype, on_date, status, created_at,"
             " updated_at) VALUES ('v_%s', '%s', 'checkup', '4m', '2026-11-01', 'missed', 0, 0);"
             "INSERT INTO screenings (id, person_id, instrument, administered_on, answers, score,"
             " item_scores, flags, needs_followup, self_harm, created_at, updated_at) VALUES"
             " ('f_%s', '%s', 'epds', '2026-11-19', '[]', 12, '[]', '[]', 1, 0, 0, 0),"
             " ('h_%s', '%s', 'epds', '2026-11-18', '[]', 12, '[]', '[]', 1, 1, 0, 0);",
             child, child, child, child, child, child);
    exec(c, sql);
}

/* The items naming `person`, in their order. */
static int naming(const svc_alert *items, int n, const char *person, const svc_alert **out)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        if (items[i].person.id && strcmp(items[i].person.id, person) == 0)
            out[k++] = &items[i];
    return k;
}

static void the_case_subjects_items_as_the_board_has_them(void **state)
{
    fixture *f = *state;
    exec(f->db.c, cases);
    const char *children[] = {"in", "closed", "removed", "none"};
    for (int i = 0; i < 4; i++)
        add_items_of(f->db.c, children[i]);
    svc_alert *all, *ours;
    int all_count, our_count;
    assert_int_equal(svc_alerts_all(&f->ctx, NOW, &all, &all_count).status, SVC_OK);
    assert_int_equal(all_count, 6 + 16);
    assert_int_equal(svc_alerts_of_case_subjects(&f->ctx, NOW, NULL, &ours, &our_count).status,
                     SVC_OK);
    assert_int_equal(our_count, 1 + 4);
    assert_string_equal(ours[0].ref_id, "r1");
    const svc_alert *want[8], *got[8];
    assert_int_equal(naming(all, all_count, "in", want), 4);
    assert_int_equal(naming(ours, our_count, "in", got), 4);
    const alert_kind kinds[] = {ALERT_EPDS_SELF_HARM, ALERT_NEWBORN_VISIT, ALERT_CHECKUP_MISSED,
                                ALERT_SCREENING_FOLLOWUP};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(got[i]->kind, kinds[i]);
        assert_int_equal(got[i]->kind, want[i]->kind);
        assert_string_equal(got[i]->ref_id, want[i]->ref_id);
        assert_int_equal(got[i]->due_at, want[i]->due_at);
        assert_int_equal(got[i]->overdue, want[i]->overdue);
    }
}

/* A page of the board (its cases' ids) gets the person-keyed items of those cases' subjects and
 * the case kinds of those cases only: a second open case's subject and action are left out, and
 * asked with its own page, they are all there is (with the safety confirmation, whole). */
static void a_page_gets_its_own_cases_items(void **state)
{
    fixture *f = *state;
    exec(f->db.c, cases);
    exec(f->db.c,
         "INSERT INTO persons (id, family_name, family_name_kana, birth_date, created_at,"
         " updated_at) VALUES ('in2', '子', 'コ', '2026-06-01', 0, 0);"
         "INSERT INTO households (id, created_at, updated_at) VALUES ('h3', 1, 1);"
         "INSERT INTO cases (id, household_id, status, lead_id, opened_on, created_by, created_at,"
         " updated_at) VALUES ('open2', 'h3', 'open', 'lead', '2026-07-01', 'lead', 1, 1);"
         "INSERT INTO case_subjects (case_id, person_id, added_on) VALUES"
         " ('open2', 'in2', '2026-07-01');"
         "INSERT INTO conferences (id, kind, held_on, created_by, created_at, updated_at)"
         " VALUES ('k1', 'joint_case', '2026-10-01', 'lead', 1, 1);"
         "INSERT INTO conference_actions (id, conference_id, position, what, owner_id, due_on,"
         " case_id) VALUES ('a1', 'k1', 0, '訪問', 'lead', '2026-11-01', 'open'),"
         " ('a2', 'k1', 1, '連絡', 'lead', '2026-11-01', 'open2');");
    add_items_of(f->db.c, "in");
    add_items_of(f->db.c, "in2");
    store_case_ids first = {.ids = {"open"}, .count = 1}, second = {.ids = {"open2"}, .count = 1};
    svc_alert *items;
    int n;
    const svc_alert *named[8];
    assert_int_equal(svc_alerts_of_case_subjects(&f->ctx, NOW, &first, &items, &n).status, SVC_OK);
    assert_int_equal(naming(items, n, "in", named), 4 + 1); /* its four, and the action a1 */
    assert_int_equal(naming(items, n, "in2", named), 0);
    assert_int_equal(n, 1 + 4 + 1);
    assert_int_equal(svc_alerts_of_case_subjects(&f->ctx, NOW, &second, &items, &n).status, SVC_OK);
    assert_int_equal(naming(items, n, "in2", named), 4 + 1);
    int actions = 0;
    for (int i = 0; i < 5; i++)
        actions += named[i]->kind == ALERT_ACTION_DUE && strcmp(named[i]->ref_id, "a2") == 0;
    assert_int_equal(actions, 1);
    assert_int_equal(naming(items, n, "in", named), 0);
    assert_int_equal(n, 1 + 4 + 1);
    assert_string_equal(items[0].ref_id, "r1"); /* the safety confirmation, whole, first */
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(the_board_by_urgency_at_the_request_instant),
        T(overdue_follows_the_board_instant),
        T(filters_by_kind_and_section),
        T(the_next_page_continues_after_the_last_item),
        T(an_offset_is_the_older_cursor),
        T(a_cursor_off_the_board_is_refused),
        T(only_who_reads_the_health_section),
        T(a_store_failure_shows_nothing),
        T(the_case_subjects_items_as_the_board_has_them),
        T(a_page_gets_its_own_cases_items),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
