/* Migration 007 upgrading a database made before it (issue 8): the search keys stored without
 * the 斉 -> 斎 fold are rewritten, so an old 斉藤 is found by 斎藤, 齋藤 and 斉藤 alike; an old
 * interview (every code stored, unticked ones false) stays answered (unasked_count 0). */
#include "domain/kana.h"
#include "store/migrations.h"
#include "store/persons.h"
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

enum { UPGRADED = 7 };

typedef struct fixture {
    tempdb db;
    store_conn *c;
    pool *p;
} fixture;

static void exec_ok(store_conn *c, const char *sql)
{
    assert_int_equal(store_exec(c, sql), STORE_OK);
}

/* A person with the keys an older build stored (given as they were, not recomputed). */
static void add_old_person(fixture *f, const char *id, const char *fam, const char *giv,
                           const char *fk, const char *gk, const char *const keys[4])
{
    /* Written with the columns of that schema (store_person_insert writes today's). */
    store_stmt *st = store_prepare(
        f->c,
        "INSERT INTO persons (id, version, family_name, given_name, family_name_kana,"
        " given_name_kana, sex, created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, 'female', 1, 1)");
    assert_non_null(st);
    store_bind_text(st, 1, id);
    store_bind_text(st, 2, fam);
    store_bind_text(st, 3, giv);
    store_bind_text(st, 4, fk);
    store_bind_text(st, 5, gk);
    assert_int_equal(store_run(st), STORE_OK);
    for (int i = 0; i < 4; i++) {
        st = store_prepare(f->c, "INSERT INTO person_keys (key, person_id) VALUES (?, ?)"
                                 " ON CONFLICT DO NOTHING");
        assert_non_null(st);
        store_bind_text(st, 1, keys[i]);
        store_bind_text(st, 2, id);
        assert_int_equal(store_run(st), STORE_OK);
    }
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    /* The schema as it was before migration 007. */
    if (!f || tempdb_open(&f->db, UPGRADED - 1) != 0)
        return -1;
    f->c = f->db.c;
    f->p = pool_create();
    /* 斉藤 花子 as an older build keyed her: 斉 kept apart. */
    add_old_person(f, "hanako", "斉藤", "花子", "サイトウ", "ハナコ",
                   (const char *const[]){"サイトウハナコ", "ハナコ", "斉藤花子", "花子"});
    /* 齋藤 美和: 齋 was already folded to 斎. */
    add_old_person(f, "miwa", "齋藤", "美和", "サイトウ", "ミワ",
                   (const char *const[]){"サイトウミワ", "ミワ", "斎藤美和", "美和"});
    /* Two old keys that the fold makes one (contrived: the rewrite meets an existing key). */
    add_old_person(f, "both", "斉", "斎", "サイ", "ヒトシ",
                   (const char *const[]){"サイヒトシ", "ヒトシ", "斉斎", "斎斎"});
    /* An interview of an older build: every code stored, unticked boxes as false. */
    exec_ok(f->c, "INSERT INTO pregnancies (id, mother_id, notified_on, answers, risk_score,"
                  " risk_level, flags, candidate, band, risk_table_version, created_at,"
                  " updated_at) VALUES ('old', 'hanako', '2024-04-01',"
                  " '{\"no_prenatal_checkup\":false,\"unwanted_pregnancy\":false,"
                  "\"mental_illness\":false,\"no_support_person\":false,\"dv\":false,"
                  "\"prior_child_protection\":false,\"economic_hardship\":false,"
                  "\"single_parent\":false,\"smoking\":false}',"
                  " 0, 'low', '[]', 0, 'unknown', 0, 1, 1)");
    return store_migrate(f->c) == STORE_OK ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    pool_destroy(f->p);
    tempdb_close(&f->db);
    free(f);
    return 0;
}

static int64_t count(store_conn *c, const char *sql)
{
    store_stmt *st = store_prepare(c, sql);
    assert_non_null(st);
    assert_int_equal(store_step(st), STORE_ROW);
    int64_t n = store_col_int(st, 0);
    store_done(st);
    return n;
}

static int collect(void *arg, const store_person *p, const char *key)
{
    (void)key;
    char *ids = arg;
    if (!strstr(ids, p->id)) {
        strcat(ids, p->id);
        strcat(ids, " ");
    }
    return 0;
}

/* The ids found for query, space-separated, in key order. */
static const char *search(fixture *f, const char *query)
{
    static char ids[128];
    ids[0] = '\0';
    char *key = kana_search_key(query, strlen(query));
    assert_non_null(key);
    assert_int_equal(store_person_search(f->c, f->p, key, NULL, NULL, 50, collect, ids), STORE_OK);
    free(key);
    return ids;
}

static void keys_are_refolded(void **state)
{
    fixture *f = *state;
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM person_keys WHERE key LIKE '%斉%'"), 0);
    assert_int_equal(count(f->c,
                           "SELECT COUNT(*) FROM person_keys WHERE person_id = 'hanako' AND key = "
                           "'斎藤花子'"),
                     1);
    /* Every key of every person is still there; the two that became one are kept once. */
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM person_keys WHERE person_id = 'hanako'"), 4);
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM person_keys WHERE person_id = 'both'"), 3);
    assert_int_equal(
        count(f->c, "SELECT COUNT(*) FROM person_keys WHERE person_id = 'both' AND key = '斎斎'"),
        1);
}

/* The mix-up: 斉藤 and 斎藤, 齋藤, 齊藤, さいとう all find both (美和 before 花子: key
 * order, 美 U+7F8E < 花 U+82B1; in kana ハナコ before ミワ). */
static void saito_in_every_form(void **state)
{
    fixture *f = *state;
    const char *forms[] = {"斉藤", "斎藤", "齋藤", "齊藤"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        const char *found = search(f, forms[i]);
        if (strcmp(found, "miwa hanako ") != 0)
            fail_msg("%s found %s", forms[i], found);
    }
    assert_string_equal(search(f, "さいとう"), "hanako miwa ");
    assert_string_equal(search(f, "斉藤 花"), "hanako ");
}

static int latest_version(void)
{
    const store_migration_set *set = store_migrations_for("sqlite");
    return set->migrations[set->count - 1].version;
}

static void old_interview_stays_answered(void **state)
{
    fixture *f = *state;
    assert_int_equal(count(f->c, "SELECT unasked_count FROM pregnancies WHERE id = 'old'"), 0);
    assert_int_equal(count(f->c, "SELECT MAX(version) FROM schema_migrations"), latest_version());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(keys_are_refolded, setup, teardown),
        cmocka_unit_test_setup_teardown(saito_in_every_form, setup, teardown),
        cmocka_unit_test_setup_teardown(old_interview_stays_answered, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
