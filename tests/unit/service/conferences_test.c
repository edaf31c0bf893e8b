/* The conference services without HTTP, against a temporary database (cases inserted with SQL)
 * and a fixed clock: a designation only through a decision at juri / joint_case and for a
 * subject, registration, review dates with the interval, actions done once, the agenda's lines,
 * the action_due and case_review alerts, and that a refused conference writes nothing. */
#include "service/alerts.h"
#include "service/conferences.h"
#include "support/rows.h"
#include "support/tempdb.h"

#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

enum { NOW = 1795000020 }; /* 2026-11-18 (JST), on a whole minute */

typedef struct fixture {
    tempdb db;
    pool *p;
    svc_ctx ctx;
} fixture;

static void exec(store_conn *c, const char *sql)
{
    assert_int_equal(store_exec(c, sql), STORE_OK);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    if (!f || sodium_init() < 0 || tempdb_open(&f->db, TEMPDB_LATEST) != 0)
        return -1;
    f->p = pool_create();
    store_conn *c = f->db.c;
    exec(c, "BEGIN");
    exec(c, "INSERT INTO users (id, version, login, name, role, password_hash, status, created_at,"
            " updated_at) VALUES ('co', 1, 'co', '統括 一子', 'coordinator', 'x', 'active', 1, 1),"
            " ('h1', 1, 'h1', '保健 二子', 'health', 'x', 'active', 1, 1)");
    exec(c, "INSERT INTO agencies (id, name, kind, created_at, updated_at)"
            " VALUES ('ag1', '第一小学校', 'school', 1, 1)");
    exec(c, "INSERT INTO persons (id, family_name, given_name, family_name_kana, given_name_kana,"
            " birth_date, sex, created_at, updated_at) VALUES"
            " ('mom', '山田', '花子', 'ヤマダ', 'ハナコ', '1995-01-01', 'female', 1, 1),"
            " ('kid', '山田', '太郎', 'ヤマダ', 'タロウ', '2020-05-05', 'male', 1, 1),"
            " ('other', '佐藤', '一', 'サトウ', 'ハジメ', '2019-01-01', 'male', 1, 1),"
            " ('cand', '鈴木', '恵', 'スズキ', 'メグミ', '1998-03-03', 'female', 1, 1),"
            " ('cand2', '青木', '愛', 'アオキ', 'アイ', '1999-03-03', 'female', 1, 1)");
    exec(c, "INSERT INTO households (id, created_at, updated_at) VALUES ('hh1', 1, 1),"
            " ('hh2', 1, 1)");
    exec(c, "INSERT INTO cases (id, household_id, lead_id, opened_on, created_by, created_at,"
            " updated_at) VALUES ('c1', 'hh1', 'h1', '2026-10-01', 'co', 1, 1),"
            " ('c2', 'hh2', 'h1', '2026-10-01', 'co', 1, 1)");
    exec(c, "INSERT INTO case_subjects (case_id, person_id, added_on) VALUES"
            " ('c1', 'mom', '2026-10-01'), ('c1', 'kid', '2026-10-01'),"
            " ('c2', 'other', '2026-10-01')");
    exec(c, "INSERT INTO pregnancies (id, mother_id, notified_on, due_date, answers, risk_score,"
            " risk_level, flags, candidate, band, risk_table_version, created_at, updated_at)"
            " VALUES ('p_cand', 'cand', '2026-06-01', '2027-01-10', '{}', 5, 'high', '[]', 1,"
            " 'w12_19', 1, 1, 1),"
            " ('p_cand2', 'cand2', '2026-07-01', '2027-02-10', '{}', 5, 'high', '[]', 1,"
            " 'w12_19', 1, 1, 1),"
            " ('p_old', 'cand', '2023-01-01', '2023-09-01', '{}', 5, 'high', '[]', 1,"
            " 'w12_19', 1, 1, 1)");
    exec(c, "COMMIT");
    svc_ctx_init(&f->ctx, c, f->p, "co", ROLE_COORDINATOR, NOW);
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    pool_destroy(f->p);
    tempdb_close(&f->db);
    free(f);
    return 0;
}

static int64_t count(fixture *f, const char *sql, const char *param)
{
    return rows_count(f->db.c, sql, param);
}

static const char *text(fixture *f, const char *sql, const char *param)
{
    store_stmt *st = store_prepare(f->db.c, sql);
    assert_non_null(st);
    if (param)
        store_bind_text(st, 1, param);
    const char *out = NULL;
    if (store_step(st) == STORE_ROW)
        out = store_col_dup(st, 0, f->p);
    store_done(st);
    return out;
}

static const char *const ONE_CASE[] = {"c1"};

static svc_conference_in meeting(const char *kind, const char *held_on,
                                 const svc_conference_decision_in *d, int nd)
{
    return (svc_conference_in){.kind = kind,
                               .held_on = held_on,
                               .case_ids = ONE_CASE,
                               .case_count = 1,
                               .decisions = d,
                               .decision_count = nd};
}

static void designation_only_at_juri_and_joint_case(void **state)
{
    fixture *f = *state;
    svc_conference_decision_in d = {.case_id = "c1", .person_id = "kid", .category = "youhogo"};
    svc_conference_in in = meeting("listup", "2026-11-10", &d, 1);
    svc_conference_view v;
    int64_t audit = count(f, "SELECT COUNT(*) FROM audit", NULL);
    svc_result r = svc_conference_create(&f->ctx, &in, &v);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "decisions[0].category");
    assert_int_equal(count(f, "SELECT COUNT(*) FROM conferences", NULL), 0);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit", NULL), audit);
    assert_string_equal(text(f, "SELECT category FROM case_subjects WHERE person_id = ?", "kid"),
                        "general");

    in.kind = "joint_case";
    assert_int_equal(svc_conference_create(&f->ctx, &in, &v).status, SVC_OK);
    assert_string_equal(text(f, "SELECT category FROM case_subjects WHERE person_id = ?", "kid"),
                        "youhogo");
    assert_string_equal(
        text(f, "SELECT designated_by FROM case_subjects WHERE person_id = ?", "kid"),
        v.conference.id);
    assert_string_equal(
        text(f, "SELECT designated_on FROM case_subjects WHERE person_id = ?", "kid"),
        "2026-11-10");
    /* The mother, not decided about, keeps hers. */
    assert_string_equal(text(f, "SELECT category FROM case_subjects WHERE person_id = ?", "mom"),
                        "general");
    assert_int_equal(count(f,
                           "SELECT COUNT(*) FROM events WHERE kind = 'case_decision'"
                           " AND person_id = ?",
                           "kid"),
                     1);
    assert_int_equal(count(f,
                           "SELECT COUNT(*) FROM events WHERE kind = 'conference_held'"
                           " AND person_id IS NULL",
                           NULL),
                     1); /* on the family's timeline, once */
    assert_int_equal(count(f,
                           "SELECT COUNT(*) FROM audit WHERE object_type = 'case'"
                           " AND action = 'update' AND person_id = ?",
                           "kid"),
                     1);
}

static void a_designation_names_a_subject_of_a_listed_case(void **state)
{
    fixture *f = *state;
    svc_conference_view v;
    svc_conference_decision_in d = {.case_id = "c1", .person_id = "other", .category = "youshien"};
    svc_conference_in in = meeting("juri", "2026-11-10", &d, 1);
    svc_result r = svc_conference_create(&f->ctx, &in, &v);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "decisions[0].person_id");
    d = (svc_conference_decision_in){.case_id = "c1", .category = "youshien"};
    r = svc_conference_create(&f->ctx, &in, &v);
    assert_string_equal(r.field, "decisions[0].person_id");
    d = (svc_conference_decision_in){.case_id = "c2", .person_id = "other", .category = "youshien"};
    r = svc_conference_create(&f->ctx, &in, &v);
    assert_string_equal(r.field, "decisions[0].case_id");
    in.held_on = "2026-11-19"; /* tomorrow */
    r = svc_conference_create(&f->ctx, &in, &v);
    assert_string_equal(r.field, "held_on");
    assert_int_equal(count(f, "SELECT COUNT(*) FROM conferences", NULL), 0);
}

static void registration_enters_and_leaves_the_ledger(void **state)
{
    fixture *f = *state;
    svc_conference_view v;
    svc_conference_decision_in d = {
        .case_id = "c1", .person_id = "kid", .has_register = true, .reg = true};
    svc_conference_in in = meeting("youtaikyo_kobetsu", "2026-11-01", &d, 1);
    assert_int_equal(svc_conference_create(&f->ctx, &in, &v).status, SVC_OK);
    assert_int_equal(count(f, "SELECT youtaikyo FROM case_subjects WHERE person_id = ?", "kid"), 1);
    assert_string_equal(
        text(f, "SELECT registered_on FROM case_subjects WHERE person_id = ?", "kid"),
        "2026-11-01");
    d.reg = false;
    in.held_on = "2026-11-15";
    assert_int_equal(svc_conference_create(&f->ctx, &in, &v).status, SVC_OK);
    assert_int_equal(count(f, "SELECT youtaikyo FROM case_subjects WHERE person_id = ?", "kid"), 0);
    assert_string_equal(
        text(f, "SELECT unregistered_on FROM case_subjects WHERE person_id = ?", "kid"),
        "2026-11-15");
    /* Registration without a person is refused. */
    d = (svc_conference_decision_in){.case_id = "c1", .has_register = true, .reg = true};
    svc_result r = svc_conference_create(&f->ctx, &in, &v);
    assert_string_equal(r.field, "decisions[0].person_id");
}

static void review_dates_follow_the_interval_or_a_date_set_by_hand(void **state)
{
    fixture *f = *state;
    svc_conference_view v;
    svc_conference_decision_in d = {.case_id = "c1", .policy = "見守りを継続"};
    svc_conference_in in = meeting("joint_case", "2026-08-31", &d, 1);
    assert_int_equal(svc_conference_create(&f->ctx, &in, &v).status, SVC_OK);
    assert_string_equal(text(f, "SELECT next_review_on FROM cases WHERE id = ?", "c1"),
                        "2026-11-30"); /* 3 months, the default interval */
    assert_string_equal(text(f, "SELECT last_reviewed_on FROM cases WHERE id = ?", "c1"),
                        "2026-08-31");
    assert_string_equal(text(f, "SELECT policy FROM cases WHERE id = ?", "c1"), "見守りを継続");
    /* A PATCH set an earlier date: the next meeting keeps it when it is still ahead. */
    exec(f->db.c, "UPDATE cases SET next_review_on = '2026-10-15' WHERE id = 'c1'");
    in.held_on = "2026-09-10";
    in.decision_count = 0;
    assert_int_equal(svc_conference_create(&f->ctx, &in, &v).status, SVC_OK);
    assert_string_equal(text(f, "SELECT next_review_on FROM cases WHERE id = ?", "c1"),
                        "2026-10-15");
    assert_string_equal(text(f, "SELECT policy FROM cases WHERE id = ?", "c1"), "見守りを継続");
    /* The meeting after that counts the interval again. */
    in.held_on = "2026-10-01";
    assert_int_equal(svc_conference_create(&f->ctx, &in, &v).status, SVC_OK);
    assert_string_equal(text(f, "SELECT next_review_on FROM cases WHERE id = ?", "c1"),
                        "2027-01-01");
}

/* Before any meeting, the date the case was opened with (opened_on + the interval) is the
 * system's: the first meeting counts from its own date; a date changed by hand is kept. */
static void the_first_meeting_after_opening(void **state)
{
    fixture *f = *state;
    svc_conference_view v;
    exec(f->db.c, "UPDATE cases SET next_review_on = '2027-01-01' WHERE id = 'c1'");
    svc_conference_in in = meeting("joint_case", "2026-11-10", NULL, 0);
    assert_int_equal(svc_conference_create(&f->ctx, &in, &v).status, SVC_OK);
    assert_string_equal(text(f, "SELECT next_review_on FROM cases WHERE id = ?", "c1"),
                        "2027-02-10");
    const char *const c2_only[] = {"c2"};
    exec(f->db.c, "UPDATE cases SET next_review_on = '2026-12-01' WHERE id = 'c2'");
    in.case_ids = c2_only;
    assert_int_equal(svc_conference_create(&f->ctx, &in, &v).status, SVC_OK);
    assert_string_equal(text(f, "SELECT next_review_on FROM cases WHERE id = ?", "c2"),
                        "2026-12-01");
}

static void an_action_is_done_once(void **state)
{
    fixture *f = *state;
    svc_conference_view v;
    svc_conference_action_in a = {
        .what = "家庭訪問", .owner_id = "h1", .due_on = "2026-11-20", .case_id = "c1"};
    svc_conference_in in = meeting("joint_case", "2026-11-10", NULL, 0);
    in.actions = &a;
    in.action_count = 1;
    assert_int_equal(svc_conference_create(&f->ctx, &in, &v).status, SVC_OK);
    assert_int_equal(v.conference.action_count, 1);
    const char *id = v.conference.id, *aid = v.conference.actions[0].id;
    assert_null(v.conference.actions[0].done_on);
    assert_int_equal(svc_conference_action_done(&f->ctx, id, aid, "2026-11-19", &v).status,
                     SVC_INVALID); /* in the future */
    assert_int_equal(svc_conference_action_done(&f->ctx, id, aid, NULL, &v).status, SVC_OK);
    assert_string_equal(v.conference.actions[0].done_on, "2026-11-18");
    assert_int_equal(svc_conference_action_done(&f->ctx, id, aid, NULL, &v).status,
                     SVC_INVALID_TRANSITION);
    assert_int_equal(svc_conference_action_done(&f->ctx, id, "nope", NULL, &v).status,
                     SVC_NOT_FOUND);
    /* An action with both or no owner is refused. */
    a.owner_agency_id = "ag1";
    svc_result r = svc_conference_create(&f->ctx, &in, &v);
    assert_string_equal(r.field, "actions[0].owner_id");
}

static int line_of(const svc_agenda *a, const char *id)
{
    for (int i = 0; i < a->count; i++) {
        const agenda_item *it = &a->lines[i].item;
        if (strcmp(it->case_id ? it->case_id : it->pregnancy_id, id) == 0)
            return i;
    }
    return -1;
}

static void the_agenda_lists_each_reason(void **state)
{
    fixture *f = *state;
    exec(f->db.c, "UPDATE case_subjects SET youtaikyo = 1 WHERE person_id = 'kid'");
    exec(f->db.c, "UPDATE cases SET next_review_on = '2026-11-01' WHERE id = 'c2'");
    /* An action of c2 overdue since the 1st (recorded with SQL: no meeting reviewed c2). */
    exec(f->db.c, "INSERT INTO conferences (id, kind, held_on, created_by, created_at,"
                  " updated_at) VALUES ('k0', 'youtaikyo_kobetsu', '2026-10-20', 'co', 1, 1)");
    exec(f->db.c, "INSERT INTO conference_actions (id, conference_id, position, what, owner_id,"
                  " due_on, case_id) VALUES ('a0', 'k0', 0, '確認', 'h1', '2026-11-01', 'c2')");
    svc_agenda a;
    assert_int_equal(svc_conference_agenda(&f->ctx, "youtaikyo_jitsumusha", NULL, &a).status,
                     SVC_OK);
    int c1 = line_of(&a, "c1"), c2 = line_of(&a, "c2"), p = line_of(&a, "p_cand");
    assert_true(c1 >= 0 && c2 >= 0 && p >= 0);
    assert_int_equal(a.lines[c1].item.reasons, 1u << AGENDA_REGISTERED);
    assert_int_equal(a.lines[c1].subject_count, 2);
    assert_int_equal(a.lines[c2].item.reasons,
                     (1u << AGENDA_REVIEW_OVERDUE) | (1u << AGENDA_ALERT));
    assert_int_equal(a.lines[c2].alert_count, 1);
    assert_int_equal(a.lines[c2].alerts[0]->kind, ALERT_ACTION_DUE);
    assert_int_equal(a.lines[p].item.reasons, 1u << AGENDA_CANDIDATE);
    assert_int_equal(line_of(&a, "p_old"), -1); /* due more than a year ago */
    /* Registered, then candidates (by kana: アオキ before スズキ), then the overdue review. */
    assert_int_equal(a.count, 4);
    assert_int_equal(c1, 0);
    assert_int_equal(line_of(&a, "p_cand2"), 1);
    assert_int_equal(p, 2);
    assert_int_equal(c2, 3);
    /* A listup has no registered line. */
    assert_int_equal(svc_conference_agenda(&f->ctx, "listup", "2026-11-18", &a).status, SVC_OK);
    assert_int_equal(line_of(&a, "c1"), -1);
    svc_result r = svc_conference_agenda(&f->ctx, "juri", NULL, &a);
    assert_string_equal(r.field, "kind");
}

static void a_decided_candidate_leaves_the_agenda(void **state)
{
    fixture *f = *state;
    svc_conference_view v;
    svc_conference_decision_in d = {.pregnancy_id = "p_cand", .note = "見送り"};
    svc_conference_in in = {
        .kind = "listup", .held_on = "2026-11-10", .decisions = &d, .decision_count = 1};
    assert_int_equal(svc_conference_create(&f->ctx, &in, &v).status, SVC_OK);
    svc_agenda a;
    assert_int_equal(svc_conference_agenda(&f->ctx, "listup", NULL, &a).status, SVC_OK);
    assert_int_equal(line_of(&a, "p_cand"), -1);
    assert_true(line_of(&a, "p_cand2") >= 0);
    assert_string_equal(a.since, "2026-11-10");
    /* The mother of p_cand2 joins case c2: the candidate is listed as the case. */
    exec(f->db.c, "INSERT INTO case_subjects (case_id, person_id, added_on)"
                  " VALUES ('c2', 'cand2', '2026-11-11')");
    assert_int_equal(svc_conference_agenda(&f->ctx, "listup", NULL, &a).status, SVC_OK);
    assert_int_equal(line_of(&a, "p_cand2"), -1);
    int c2 = line_of(&a, "c2");
    assert_true(c2 >= 0);
    assert_int_equal(a.lines[c2].item.reasons, 1u << AGENDA_CANDIDATE);
    /* Designated at a joint case meeting: decided. */
    svc_conference_decision_in des = {
        .case_id = "c2", .person_id = "cand2", .category = "tokutei_ninpu"};
    const char *const c2_only[] = {"c2"};
    svc_conference_in j = {.kind = "joint_case",
                           .held_on = "2026-11-12",
                           .case_ids = c2_only,
                           .case_count = 1,
                           .decisions = &des,
                           .decision_count = 1};
    assert_int_equal(svc_conference_create(&f->ctx, &j, &v).status, SVC_OK);
    assert_int_equal(svc_conference_agenda(&f->ctx, "listup", NULL, &a).status, SVC_OK);
    assert_int_equal(line_of(&a, "c2"), -1);
    assert_true(count(f, "SELECT COUNT(*) FROM audit WHERE object_type = 'agenda'", NULL) == 0);
    assert_true(f->ctx.read_count > 0); /* the reads wait in ctx for the writer */
}

/* A candidate's line lists its mother's overdue alerts though she is in no case (her EPDS
 * self-harm answer), without the alert reason; a case's line its subjects' (mom's follow-up). */
static void a_candidates_line_lists_its_mothers_alerts(void **state)
{
    fixture *f = *state;
    exec(f->db.c, "INSERT INTO screenings (id, person_id, instrument, administered_on, answers,"
                  " score, item_scores, flags, needs_followup, self_harm, created_at, updated_at)"
                  " VALUES ('s_cand', 'cand', 'epds', '2026-11-01', '[]', 12, '[]', '[]', 1, 1,"
                  " 1, 1), ('s_mom', 'mom', 'epds', '2026-11-01', '[]', 12, '[]', '[]', 1, 0, 1,"
                  " 1)");
    svc_agenda a;
    assert_int_equal(svc_conference_agenda(&f->ctx, "listup", NULL, &a).status, SVC_OK);
    int p = line_of(&a, "p_cand"), c1 = line_of(&a, "c1");
    assert_true(p >= 0 && c1 >= 0);
    assert_int_equal(a.lines[p].item.reasons, 1u << AGENDA_CANDIDATE);
    assert_int_equal(a.lines[p].alert_count, 1);
    assert_string_equal(a.lines[p].alerts[0]->ref_id, "s_cand");
    assert_int_equal(a.lines[c1].item.reasons, 1u << AGENDA_ALERT);
    assert_int_equal(a.lines[c1].alert_count, 1);
    assert_string_equal(a.lines[c1].alerts[0]->ref_id, "s_mom");
}

static void add_event(fixture *f, const char *person, const char *kind, int64_t at, const char *ref)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO events (at, kind, section, summary, ref_type, ref_id, person_id)"
             " VALUES (%lld, '%s', 'welfare', '-', 'report', '%s', '%s')",
             (long long)at, kind, ref, person);
    exec(f->db.c, sql);
}

/* What changed since the review interval before the meeting: each line its own persons', each
 * person's oldest first and at most SVC_AGENDA_CHANGES_PER_PERSON (read for every person at
 * once); a candidate's line its mother's. */
static void each_line_lists_its_persons_changes(void **state)
{
    fixture *f = *state;
    exec(f->db.c, "UPDATE case_subjects SET youtaikyo = 1 WHERE person_id = 'kid'");
    char ref[8];
    for (int i = 0; i < SVC_AGENDA_CHANGES_PER_PERSON + 5; i++) {
        snprintf(ref, sizeof ref, "m%02d", i);
        add_event(f, "mom", "report_step", NOW - 100 + i, ref);
    }
    add_event(f, "kid", "report_step", 1700000000, "k_old"); /* before the interval */
    add_event(f, "kid", "checkup_missed", NOW - 200, "k1");
    add_event(f, "kid", "login", NOW - 150, "k_other_kind");
    add_event(f, "cand", "pregnancy_registered", NOW - 10, "c1");
    svc_agenda a;
    assert_int_equal(svc_conference_agenda(&f->ctx, "youtaikyo_jitsumusha", NULL, &a).status,
                     SVC_OK);
    const svc_agenda_line *c1 = &a.lines[line_of(&a, "c1")];
    assert_int_equal(c1->change_count, SVC_AGENDA_CHANGES_PER_PERSON + 1);
    for (int i = 0; i < SVC_AGENDA_CHANGES_PER_PERSON; i++) {
        assert_string_equal(c1->changes[i].person_id, "mom");
        snprintf(ref, sizeof ref, "m%02d", i);
        assert_string_equal(c1->changes[i].change.ref_id, ref);
    }
    assert_string_equal(c1->changes[SVC_AGENDA_CHANGES_PER_PERSON].person_id, "kid");
    assert_string_equal(c1->changes[SVC_AGENDA_CHANGES_PER_PERSON].change.ref_id, "k1");
    const svc_agenda_line *p = &a.lines[line_of(&a, "p_cand")];
    assert_int_equal(p->change_count, 1);
    assert_string_equal(p->changes[0].person_id, "cand");
    assert_string_equal(p->changes[0].change.kind, "pregnancy_registered");
    assert_int_equal(a.lines[line_of(&a, "p_cand2")].change_count, 0);
}

static int board_has(fixture *f, alert_kind kind, const char *ref)
{
    svc_alerts_filter filter = {
        .only_kind = kind, .only_section = ALERT_SECTION_NONE, .limit = 500};
    svc_alerts_page page;
    assert_int_equal(svc_alerts_board(&f->ctx, &filter, &page).status, SVC_OK);
    for (int i = 0; i < page.count; i++)
        if (strcmp(page.items[i].ref_id, ref) == 0)
            return page.items[i].overdue ? 2 : 1;
    return 0;
}

static void action_due_and_case_review_alerts_come_and_go(void **state)
{
    fixture *f = *state;
    svc_conference_view v;
    svc_conference_action_in acts[] = {
        {.what = "学校に確認", .owner_agency_id = "ag1", .due_on = "2026-11-17", .case_id = "c1"},
        {.what = "次回訪問", .owner_id = "h1", .due_on = "2026-11-25"}, /* in 7 days */
        {.what = "先の予定", .owner_id = "h1", .due_on = "2026-11-26"}, /* not yet listed */
    };
    svc_conference_in in = meeting("joint_case", "2026-11-10", NULL, 0);
    in.actions = acts;
    in.action_count = 3;
    assert_int_equal(svc_conference_create(&f->ctx, &in, &v).status, SVC_OK);
    const store_conference k = v.conference;
    assert_int_equal(board_has(f, ALERT_ACTION_DUE, k.actions[0].id), 2);
    assert_int_equal(board_has(f, ALERT_ACTION_DUE, k.actions[1].id), 1);
    assert_int_equal(board_has(f, ALERT_ACTION_DUE, k.actions[2].id), 0);
    assert_int_equal(svc_conference_action_done(&f->ctx, k.id, k.actions[0].id, NULL, &v).status,
                     SVC_OK);
    assert_int_equal(board_has(f, ALERT_ACTION_DUE, k.actions[0].id), 0);

    /* A registered case past its review: listed until a meeting reviews it. */
    exec(f->db.c, "UPDATE case_subjects SET youtaikyo = 1 WHERE person_id = 'other'");
    exec(f->db.c, "UPDATE cases SET next_review_on = '2026-11-10' WHERE id = 'c2'");
    assert_int_equal(board_has(f, ALERT_CASE_REVIEW, "c2"), 2);
    assert_int_equal(board_has(f, ALERT_CASE_REVIEW, "c1"), 0); /* reviewed to 2027-02-10 */
    const char *const c2_only[] = {"c2"};
    svc_conference_in review = {.kind = "youtaikyo_jitsumusha",
                                .held_on = "2026-11-18",
                                .case_ids = c2_only,
                                .case_count = 1};
    assert_int_equal(svc_conference_create(&f->ctx, &review, &v).status, SVC_OK);
    assert_int_equal(board_has(f, ALERT_CASE_REVIEW, "c2"), 0);
    /* A clerk's board has no case kinds. */
    f->ctx.role = ROLE_CLERK;
    assert_int_equal(svc_conference_agenda(&f->ctx, "listup", NULL, &(svc_agenda){0}).status,
                     SVC_FORBIDDEN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(designation_only_at_juri_and_joint_case, setup, teardown),
        cmocka_unit_test_setup_teardown(a_designation_names_a_subject_of_a_listed_case, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(registration_enters_and_leaves_the_ledger, setup, teardown),
        cmocka_unit_test_setup_teardown(review_dates_follow_the_interval_or_a_date_set_by_hand,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(the_first_meeting_after_opening, setup, teardown),
        cmocka_unit_test_setup_teardown(an_action_is_done_once, setup, teardown),
        cmocka_unit_test_setup_teardown(the_agenda_lists_each_reason, setup, teardown),
        cmocka_unit_test_setup_teardown(a_decided_candidate_leaves_the_agenda, setup, teardown),
        cmocka_unit_test_setup_teardown(a_candidates_line_lists_its_mothers_alerts, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(each_line_lists_its_persons_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(action_due_and_case_review_alerts_come_and_go, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
