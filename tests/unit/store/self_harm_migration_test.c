/* Migration 006 on a database that already holds screenings: an EPDS recorded before it, whose
 * item 10 was answered with self-harm, must raise epds_self_harm (not the 7-day follow-up) as
 * soon as the server runs the new schema; the others keep theirs. */
#include "store/alerts.h"
#include "store/store.h"
#include "support/tempdb.h"
#include "util/pool.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

enum { SELF_HARM_MIGRATION = 6 };

typedef tempdb fixture;

/* The schema as it was before migration 006. */
static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    return f && tempdb_open(f, SELF_HARM_MIGRATION - 1) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    tempdb_close(*state);
    free(*state);
    return 0;
}

/* A screening row as the server wrote it before 006 (flags as compact JSON). */
static void old_screening(store_conn *c, const char *id, const char *instrument, const char *flags)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO screenings (id, person_id, instrument, administered_on, answers, score,"
           " item_scores, flags, needs_followup, created_at, updated_at)"
           " VALUES (?, 'm', ?, '2026-11-01', '[]', 0, '[]', ?, 1, 0, 0)");
    assert_non_null(st);
    store_bind_text(st, 1, id);
    store_bind_text(st, 2, instrument);
    store_bind_text(st, 3, flags);
    assert_int_equal(store_run(st), STORE_OK);
}

typedef struct seen {
    char kinds[8][64]; /* the screening ids the query found */
    int n;
} seen;

static int note(void *arg, const store_alert_row *a)
{
    seen *s = arg;
    assert_true(s->n < 8);
    snprintf(s->kinds[s->n++], sizeof s->kinds[0], "%s", a->ref_id);
    return 0;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(a, b);
}

static void existing_screenings_get_the_right_alert(void **state)
{
    fixture *f = *state;
    assert_int_equal(store_exec(f->c, "INSERT INTO persons (id, family_name, family_name_kana,"
                                      " created_at, updated_at) VALUES ('m', '母', 'ハハ', 0, 0)"),
                     STORE_OK);
    old_screening(f->c, "both", "epds",
                  "[{\"code\":\"epds_high\",\"label\":\"EPDS 9点以上\"},"
                  "{\"code\":\"epds_self_harm\",\"label\":\"自傷の考え（項目10）\"}]");
    old_screening(f->c, "harm", "epds",
                  "[{\"code\":\"epds_self_harm\",\"label\":\"自傷の考え（項目10）\"}]");
    old_screening(f->c, "high", "epds", "[{\"code\":\"epds_high\",\"label\":\"EPDS 9点以上\"}]");

    assert_int_equal(store_migrate(f->c), STORE_OK);

    pool *p = pool_create();
    seen harm = {0}, followup = {0};
    assert_int_equal(store_alerts_epds_self_harm(f->c, p, note, &harm), STORE_OK);
    assert_int_equal(store_alerts_screening_followups(f->c, p, note, &followup), STORE_OK);
    pool_destroy(p);
    qsort(harm.kinds, (size_t)harm.n, sizeof harm.kinds[0], by_text);
    assert_int_equal(harm.n, 2);
    assert_string_equal(harm.kinds[0], "both");
    assert_string_equal(harm.kinds[1], "harm");
    assert_int_equal(followup.n, 1);
    assert_string_equal(followup.kinds[0], "high");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(existing_screenings_get_the_right_alert, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
