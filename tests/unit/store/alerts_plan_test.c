/* The alert board's query plans: each "is there a later visit for this child?" lookup must be
 * keyed on the person. The wrong plan (found by the benchmark) read every visit ever recorded for
 * each infant: 15-20 s a board with ten years of records. It shows on an empty database too. */
#include "store/alerts.h"
#include "store/reports.h"
#include "store/store.h"
#include "support/tempdb.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

typedef tempdb fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    return f && tempdb_open(f, TEMPDB_LATEST) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    tempdb_close(*state);
    free(*state);
    return 0;
}

/* The plan's lines joined by newlines. */
static void plan_of(store_conn *c, const char *sql, char *out, size_t cap)
{
    static char query[4096];
    snprintf(query, sizeof query, "EXPLAIN QUERY PLAN %s", sql);
    /* Prepared through the cache, keyed on the buffer: reset it between calls. */
    store_stmt *st = store_prepare(c, query);
    assert_non_null(st);
    for (int i = 1; i <= 3; i++)
        store_bind_text(st, i, "2026-01-01");
    out[0] = '\0';
    while (store_step(st) == STORE_ROW) {
        strncat(out, store_col_text(st, 3), cap - strlen(out) - 2);
        strcat(out, "\n");
    }
    store_done(st);
}

static void newborn_lookup_is_keyed_on_the_child(void **state)
{
    fixture *f = *state;
    char plan[4096];
    plan_of(f->c, store_alerts_newborn_sql, plan, sizeof plan);
    assert_non_null(strstr(plan, "visits_person_status (person_id=? AND kind=? AND status=?)"));
    assert_null(strstr(plan, "SCAN v"));
}

/* The same kinds of the case subjects: the newborn visits start from the current subjects of the
 * open cases (a few hundred, where the children born within a year are thousands); the missed
 * check-ups and EPDS screenings from their few open rows, each person looked up by its key. */
static void case_subjects_newborns_start_from_the_open_cases(void **state)
{
    fixture *f = *state;
    char plan[4096];
    plan_of(f->c, store_alerts_newborn_of_cases_sql, plan, sizeof plan);
    assert_true(strncmp(plan, "SEARCH p USING INDEX sqlite_autoindex_persons_1 (id=?)\n", 55) == 0);
    assert_non_null(strstr(plan, "SEARCH cc USING INDEX cases_status_review (status=?)"));
    assert_null(strstr(plan, "SCAN"));
}

static void assert_subject_looked_up_by_person(store_conn *c, const char *sql)
{
    char plan[4096];
    plan_of(c, sql, plan, sizeof plan);
    assert_non_null(strstr(plan, "SEARCH cs USING INDEX case_subjects_person (person_id=?)"));
    assert_null(strstr(plan, "SCAN"));
}

static void case_subjects_missed_checkups_look_the_person_up(void **state)
{
    assert_subject_looked_up_by_person(((fixture *)*state)->c, store_alerts_missed_of_cases_sql);
}

static void case_subjects_epds_look_the_person_up(void **state)
{
    assert_subject_looked_up_by_person(((fixture *)*state)->c, store_alerts_epds_of_cases_sql);
}

/* The safety confirmations start from the open abuse reports, not from every child never seen
 * (the children of every consultation and closed report): 50 times slower with ten years. */
static void safety_starts_from_the_open_reports(void **state)
{
    fixture *f = *state;
    char plan[4096];
    plan_of(f->c, store_alerts_safety_sql, plan, sizeof plan);
    assert_true(strncmp(plan, "SEARCH r USING INDEX reports_open", 33) == 0);
    assert_non_null(strstr(plan, "SEARCH rc USING INDEX report_children_open (confirmed_at=? AND"
                                 " report_id=?)"));
    assert_null(strstr(plan, "SCAN"));
}

/* The joint case's items start from what is open and due: the actions not done by their due
 * date, the open cases by their next review; the person is found by case_subjects' key. */
static void actions_start_from_those_not_done(void **state)
{
    fixture *f = *state;
    char plan[4096];
    plan_of(f->c, store_alerts_actions_sql, plan, sizeof plan);
    assert_non_null(
        strstr(plan, "SEARCH a USING INDEX conference_actions_open (done_on=? AND due_on<?)"));
    assert_null(strstr(plan, "SCAN"));
}

static void case_reviews_start_from_the_open_cases(void **state)
{
    fixture *f = *state;
    char plan[4096];
    plan_of(f->c, store_alerts_case_reviews_sql, plan, sizeof plan);
    assert_non_null(
        strstr(plan, "SEARCH c USING INDEX cases_status_review (status=? AND next_review_on<?)"));
    assert_non_null(
        strstr(plan, "SEARCH s USING INDEX sqlite_autoindex_case_subjects_1 (case_id=?)"));
    assert_null(strstr(plan, "SCAN"));
}

/* Plan reviews start from the open cases (cases_status_review): a few hundred, where the approved
 * plans due by the day are thousands, most of closed cases (8 ms a board with ten years). Each
 * case's newest approved version is a lookup on its versions, UNIQUE (case_id, plan_version). */
static void plan_reviews_start_from_the_open_cases(void **state)
{
    fixture *f = *state;
    char plan[4096];
    plan_of(f->c, store_alerts_plan_review_sql, plan, sizeof plan);
    assert_true(strncmp(plan, "SEARCH c USING INDEX cases_status_review (status=?)\n", 52) == 0);
    assert_non_null(strstr(plan, "SEARCH pl USING INDEX sqlite_autoindex_plans_2"
                                 " (case_id=? AND plan_version=?)"));
    assert_non_null(strstr(plan, "SEARCH n USING INDEX sqlite_autoindex_plans_2 (case_id=?)"));
    assert_null(strstr(plan, "SCAN"));
}

/* A page's items (the board's) start from its few cases: their subjects found by case_subjects'
 * key (the page's ids), or the cases' own rows; never a scan, whatever the town holds. */
static void a_pages_items_start_from_its_cases(void **state)
{
    fixture *f = *state;
    const char *const page_sqls[] = {
        store_alerts_newborn_of_page_sql,      store_alerts_missed_of_page_sql,
        store_alerts_epds_of_page_sql,         store_alerts_actions_of_page_sql,
        store_alerts_case_reviews_of_page_sql, store_alerts_plan_review_of_page_sql};
    char plan[8192];
    for (size_t i = 0; i < sizeof page_sqls / sizeof page_sqls[0]; i++) {
        plan_of(f->c, page_sqls[i], plan, sizeof plan);
        assert_null(strstr(plan, "SCAN "));
    }
    for (int i = 0; i < 2; i++) { /* the newborns' and the check-ups' persons come from the list */
        plan_of(f->c, i ? store_alerts_missed_of_page_sql : store_alerts_newborn_of_page_sql, plan,
                sizeof plan);
        assert_non_null(strstr(plan, "SEARCH ps USING INDEX sqlite_autoindex_case_subjects_1"));
        assert_non_null(strstr(plan, "SEARCH p USING INDEX sqlite_autoindex_persons_1 (id=?)"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(newborn_lookup_is_keyed_on_the_child, setup, teardown),
        cmocka_unit_test_setup_teardown(case_subjects_newborns_start_from_the_open_cases, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(case_subjects_missed_checkups_look_the_person_up, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(case_subjects_epds_look_the_person_up, setup, teardown),
        cmocka_unit_test_setup_teardown(safety_starts_from_the_open_reports, setup, teardown),
        cmocka_unit_test_setup_teardown(actions_start_from_those_not_done, setup, teardown),
        cmocka_unit_test_setup_teardown(case_reviews_start_from_the_open_cases, setup, teardown),
        cmocka_unit_test_setup_teardown(plan_reviews_start_from_the_open_cases, setup, teardown),
        cmocka_unit_test_setup_teardown(a_pages_items_start_from_its_cases, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
