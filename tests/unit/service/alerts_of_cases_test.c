/* The alerts of the joint case's persons (svc_alerts_of_case_subjects): four children with the
 * same four items due (a newborn visit, a missed check-up, an EPDS follow-up and a self-harm
 * answer), one a current subject of an open case, one of a closed case, one taken off the open
 * case and one in no case. Only the first one's items are the case subjects', and they are the
 * whole board's items of that child, as the board has them. */
#include "service/alerts.h"
#include "support/tempdb.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

enum { NOW = 1795143600 /* 2026-11-20T12:00:00+09:00 */ };

typedef struct fixture {
    tempdb db;
    pool *p;
    svc_ctx ctx;
} fixture;

static const char data[] =
    "INSERT INTO users (id, version, login, name, role, password_hash, status, created_at,"
    " updated_at) VALUES ('u1', 1, 'u1', '保健 一子', 'health', 'x', 'active', 1, 1);"
    "INSERT INTO persons (id, family_name, family_name_kana, birth_date, created_at, updated_at)"
    " VALUES ('in', '子', 'コ', '2026-06-01', 0, 0), ('closed', '子', 'コ', '2026-06-01', 0, 0),"
    " ('removed', '子', 'コ', '2026-06-01', 0, 0), ('none', '子', 'コ', '2026-06-01', 0, 0);"
    "INSERT INTO households (id, created_at, updated_at) VALUES ('h1', 1, 1), ('h2', 1, 1);"
    "INSERT INTO cases (id, household_id, status, lead_id, opened_on, created_by, created_at,"
    " updated_at) VALUES ('open', 'h1', 'open', 'u1', '2026-07-01', 'u1', 1, 1),"
    " ('shut', 'h2', 'closed', 'u1', '2026-07-01', 'u1', 1, 1);"
    "INSERT INTO case_subjects (case_id, person_id, added_on, removed_on) VALUES"
    " ('open', 'in', '2026-07-01', NULL), ('shut', 'closed', '2026-07-01', NULL),"
    " ('open', 'removed', '2026-07-01', '2026-09-01');";

/* Each child's four items: refs "<kind letter>_<child>" (the newborn visit's ref is the child). */
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
    assert_int_equal(store_exec(c, sql), STORE_OK);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    if (!f || tempdb_open(&f->db, TEMPDB_LATEST) != 0)
        return -1;
    f->p = pool_create();
    svc_ctx_init(&f->ctx, f->db.c, f->p, "u1", ROLE_HEALTH, NOW);
    if (store_exec(f->db.c, data) != STORE_OK)
        return -1;
    const char *children[] = {"in", "closed", "removed", "none"};
    for (int i = 0; i < 4; i++)
        add_items_of(f->db.c, children[i]);
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

static void only_the_open_case_subjects_items_as_the_board_has_them(void **state)
{
    fixture *f = *state;
    svc_alert *all, *ours;
    int all_count, our_count;
    assert_int_equal(svc_alerts_all(&f->ctx, NOW, &all, &all_count).status, SVC_OK);
    assert_int_equal(all_count, 16); /* every child's four items are on the board */
    assert_int_equal(svc_alerts_of_case_subjects(&f->ctx, NOW, &ours, &our_count).status, SVC_OK);
    assert_int_equal(our_count, 4);
    int j = 0;
    for (int i = 0; i < all_count; i++) {
        if (strcmp(all[i].person.id, "in") != 0)
            continue;
        assert_true(j < our_count);
        assert_int_equal(ours[j].kind, all[i].kind);
        assert_string_equal(ours[j].ref_id, all[i].ref_id);
        assert_int_equal(ours[j].due_at, all[i].due_at);
        assert_int_equal(ours[j].overdue, all[i].overdue);
        assert_string_equal(ours[j].person.id, "in");
        j++;
    }
    assert_int_equal(j, our_count);
    const alert_kind kinds[] = {ALERT_EPDS_SELF_HARM, ALERT_NEWBORN_VISIT, ALERT_CHECKUP_MISSED,
                                ALERT_SCREENING_FOLLOWUP};
    for (int i = 0; i < 4; i++)
        assert_int_equal(ours[i].kind, kinds[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(only_the_open_case_subjects_items_as_the_board_has_them,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
