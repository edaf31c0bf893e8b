/* The audit chain tip under writers that do not wait for each other (store.h: callers must not
 * rely on SQLite serialising writers). A writer that appends after a tip another writer has
 * already continued must be refused without writing anything, so that no row ever gets two
 * successors; with the tip read again it continues the one chain. */
#include "auth/audit.h"
#include "store/store.h"
#include "support/tempdb.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

typedef struct fixture {
    tempdb db;
    store_conn *other; /* a second writer on the same database */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    if (!f || tempdb_open(&f->db, TEMPDB_LATEST) != 0)
        return -1;
    f->other = store_conn_open(f->db.s);
    return f->other ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    store_conn_close(f->other);
    tempdb_close(&f->db);
    free(f);
    return 0;
}

static audit_entry entry(const char *object_id)
{
    return (audit_entry){.at = 1700000000,
                         .user_id = "u1",
                         .action = "update",
                         .object_type = "person",
                         .object_id = object_id,
                         .person_id = object_id};
}

static void append_committed(store_conn *c, const char *object_id)
{
    audit_entry e = entry(object_id);
    assert_int_equal(store_begin(c), STORE_OK);
    assert_int_equal(audit_append(c, &e), STORE_OK);
    assert_int_equal(store_commit(c), STORE_OK);
}

static int64_t audit_rows(store_conn *c)
{
    store_stmt *st = store_prepare(c, "SELECT COUNT(*) FROM audit");
    assert_non_null(st);
    assert_int_equal(store_step(st), STORE_ROW);
    int64_t n = store_col_int(st, 0);
    store_done(st);
    return n;
}

static void assert_one_chain(store_conn *c, int64_t rows)
{
    audit_report r;
    assert_int_equal(audit_verify(c, &r), 0);
    assert_int_equal(r.rows, rows);
    assert_int_equal(r.tip.seq, rows);
    assert_int_equal(audit_rows(c), rows);
}

/* Writer A read the tip; writer B continued the chain and committed; A's append after the old
 * tip is refused and leaves the table as B left it. */
static void an_append_after_a_stale_tip_is_refused_and_writes_nothing(void **state)
{
    fixture *f = *state;
    append_committed(f->db.c, "p1");
    audit_tip stale;
    assert_int_equal(audit_tip_read(f->other, &stale), STORE_OK);
    assert_int_equal(stale.seq, 1);
    append_committed(f->db.c, "p2");

    audit_entry e = entry("p3");
    assert_int_equal(store_begin(f->other), STORE_OK);
    assert_int_equal(audit_append_after(f->other, &e, &stale), STORE_CONSTRAINT);
    store_rollback(f->other);

    assert_int_equal(stale.seq, 1); /* not advanced by the refused append */
    assert_one_chain(f->db.c, 2);
}

/* After the refusal the writer reads the tip again and its row follows the other writer's. */
static void the_refused_writer_continues_from_the_new_tip(void **state)
{
    fixture *f = *state;
    append_committed(f->db.c, "p1");
    audit_tip tip;
    assert_int_equal(audit_tip_read(f->other, &tip), STORE_OK);
    append_committed(f->db.c, "p2");
    audit_entry e = entry("p3");
    assert_int_equal(store_begin(f->other), STORE_OK);
    assert_int_equal(audit_append_after(f->other, &e, &tip), STORE_CONSTRAINT);
    store_rollback(f->other);

    assert_int_equal(store_begin(f->other), STORE_OK);
    assert_int_equal(audit_tip_read(f->other, &tip), STORE_OK);
    assert_int_equal(tip.seq, 2);
    assert_int_equal(audit_append_after(f->other, &e, &tip), STORE_OK);
    assert_int_equal(store_commit(f->other), STORE_OK);

    assert_int_equal(tip.seq, 3);
    assert_one_chain(f->db.c, 3); /* verify checks row 3's prev_hash is row 2's hash */
    audit_tip last;
    assert_int_equal(audit_tip_read(f->db.c, &last), STORE_OK);
    assert_string_equal(last.hash, tip.hash);
}

/* Two servers' group-commit writers and a third connection appending inside its own
 * transactions, all at once on one database: every row lands, on one unbroken chain. */
enum { ROUNDS = 40, PER_ROUND = 5 };

typedef struct racer {
    store *s;
    audit_writer *writer; /* NULL: append in transactions of its own connection */
    const char *name;
    int failures;
} racer;

static int race_as_writer(racer *r)
{
    audit_entry e[PER_ROUND];
    for (int i = 0; i < PER_ROUND; i++)
        e[i] = entry(r->name);
    int failures = 0;
    for (int round = 0; round < ROUNDS; round++)
        failures += audit_writer_log_many(r->writer, e, PER_ROUND) != STORE_OK;
    return failures;
}

static int race_in_transactions(racer *r)
{
    store_conn *c = store_conn_open(r->s);
    audit_entry e = entry(r->name);
    int failures = c == NULL;
    for (int round = 0; c && round < ROUNDS * PER_ROUND; round++) {
        int rc = store_begin(c);
        if (rc == STORE_OK)
            rc = audit_append(c, &e);
        if (rc == STORE_OK)
            rc = store_commit(c);
        if (rc != STORE_OK) {
            store_rollback(c);
            failures++;
        }
    }
    store_conn_close(c);
    return failures;
}

static void *race(void *arg)
{
    racer *r = arg;
    r->failures = r->writer ? race_as_writer(r) : race_in_transactions(r);
    return NULL;
}

static void concurrent_writers_keep_one_chain(void **state)
{
    fixture *f = *state;
    racer racers[3] = {
        {.s = f->db.s, .writer = audit_writer_start(f->db.s), .name = "server-a"},
        {.s = f->db.s, .writer = audit_writer_start(f->db.s), .name = "server-b"},
        {.s = f->db.s, .name = "service"},
    };
    assert_non_null(racers[0].writer);
    assert_non_null(racers[1].writer);
    pthread_t threads[3];
    for (int i = 0; i < 3; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, race, &racers[i]), 0);
    for (int i = 0; i < 3; i++)
        assert_int_equal(pthread_join(threads[i], NULL), 0);
    audit_writer_destroy(racers[0].writer);
    audit_writer_destroy(racers[1].writer);
    for (int i = 0; i < 3; i++)
        assert_int_equal(racers[i].failures, 0);
    assert_one_chain(f->db.c, 3 * ROUNDS * PER_ROUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(an_append_after_a_stale_tip_is_refused_and_writes_nothing,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(the_refused_writer_continues_from_the_new_tip, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(concurrent_writers_keep_one_chain, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
