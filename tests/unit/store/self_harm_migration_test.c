/* Migration 006 on a database that already holds screenings: an EPDS recorded before it, whose
 * item 10 was answered with self-harm, must raise epds_self_harm (not the 7-day follow-up) as
 * soon as the server runs the new schema; the others keep theirs. */
#include "store/alerts.h"
#include "store/migrations.h"
#include "store/store.h"
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

typedef struct fixture {
    char dir[64];
    store *s;
    store_conn *c;
} fixture;

/* The schema as it was before migration 006, applied the way store_migrate applies it. */
static void migrate_before_self_harm(store_conn *c)
{
    assert_int_equal(store_exec(c, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,"
                                   " name TEXT NOT NULL, applied_at INTEGER NOT NULL)"),
                     STORE_OK);
    for (int i = 0; i < store_migration_count; i++) {
        const store_migration *m = &store_migrations[i];
        if (m->version >= SELF_HARM_MIGRATION)
            break;
        assert_int_equal(store_begin(c), STORE_OK);
        assert_int_equal(store_exec(c, m->sql), STORE_OK);
        store_stmt *st = store_prepare(
            c, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)");
        store_bind_int(st, 1, m->version);
        store_bind_text(st, 2, m->name);
        assert_int_equal(store_run(st), STORE_OK);
        assert_int_equal(store_commit(c), STORE_OK);
    }
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/tsunagu-mig-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    char path[100];
    snprintf(path, sizeof path, "%s/t.db", f->dir);
    if (store_open_sqlite(&f->s, path) != STORE_OK)
        return -1;
    f->c = store_conn_open(f->s);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    store_conn_close(f->c);
    store_close(f->s);
    char cmd[100];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
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
    char kinds[8][64]; /* "kind id" */
    int n;
} seen;

static int note(void *arg, const store_alert_row *a)
{
    seen *s = arg;
    assert_true(s->n < 8);
    snprintf(s->kinds[s->n++], sizeof s->kinds[0], "%s %s", a->kind, a->ref_id);
    return 0;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(a, b);
}

static void existing_screenings_get_the_right_alert(void **state)
{
    fixture *f = *state;
    migrate_before_self_harm(f->c);
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
    assert_string_equal(harm.kinds[0], "epds_self_harm both");
    assert_string_equal(harm.kinds[1], "epds_self_harm harm");
    assert_int_equal(followup.n, 1);
    assert_string_equal(followup.kinds[0], "screening_followup high");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(existing_screenings_get_the_right_alert, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
