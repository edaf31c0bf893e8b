/* The audit chain: appending, verifying, detecting an altered or missing row, group commit. */
#include "auth/audit.h"
#include "store/store.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

typedef struct fixture {
    char dir[64];
    char path[128];
    store *s;
    store_conn *c;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/tsunagu-audit-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    if (store_open_sqlite(&f->s, f->path) != STORE_OK)
        return -1;
    f->c = store_conn_open(f->s);
    if (store_migrate(f->c) != STORE_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    store_conn_close(f->c);
    store_close(f->s);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static void append_rows(store_conn *c, int n)
{
    assert_int_equal(store_begin(c), STORE_OK);
    for (int i = 0; i < n; i++) {
        char id[16];
        snprintf(id, sizeof id, "p%d", i);
        audit_entry e = {.at = 1700000000 + i,
                         .user_id = "u1",
                         .action = i % 2 ? "read" : "update",
                         .object_type = "person",
                         .object_id = id,
                         .person_id = id};
        assert_int_equal(audit_append(c, &e), STORE_OK);
    }
    assert_int_equal(store_commit(c), STORE_OK);
}

static void hash_depends_on_every_field(void **state)
{
    (void)state;
    char zero[65], a[65], b[65];
    memset(zero, '0', 64);
    zero[64] = '\0';
    audit_entry e = {.at = 1,
                     .user_id = "u",
                     .action = "read",
                     .object_type = "person",
                     .object_id = "x",
                     .person_id = "x"};
    audit_hash(zero, 1, &e, a);
    assert_int_equal(strlen(a), 64);
    audit_hash(zero, 1, &e, b);
    assert_string_equal(a, b);
    e.action = "update";
    audit_hash(zero, 1, &e, b);
    assert_string_not_equal(a, b);
    e.action = "read";
    e.person_id = NULL; /* NULL differs from any string */
    audit_hash(zero, 1, &e, b);
    assert_string_not_equal(a, b);
    e.person_id = "x";
    audit_hash(zero, 2, &e, b);
    assert_string_not_equal(a, b);
    /* Field boundaries count: ("ab","c") is not ("a","bc"). */
    audit_entry e1 = {
        .at = 1, .user_id = "ab", .action = "c", .object_type = "t", .object_id = "i"};
    audit_entry e2 = {
        .at = 1, .user_id = "a", .action = "bc", .object_type = "t", .object_id = "i"};
    audit_hash(zero, 1, &e1, a);
    audit_hash(zero, 1, &e2, b);
    assert_string_not_equal(a, b);
}

static void intact_chain_verifies(void **state)
{
    fixture *f = *state;
    append_rows(f->c, 25);
    int64_t bad = -1, rows = 0;
    assert_int_equal(audit_verify(f->c, &bad, &rows), 0);
    assert_int_equal(rows, 25);
}

static void empty_chain_verifies(void **state)
{
    fixture *f = *state;
    int64_t bad = -1, rows = -1;
    assert_int_equal(audit_verify(f->c, &bad, &rows), 0);
    assert_int_equal(rows, 0);
}

static void rows_cannot_be_updated_or_deleted(void **state)
{
    fixture *f = *state;
    append_rows(f->c, 3);
    assert_int_not_equal(store_exec(f->c, "UPDATE audit SET action = 'x' WHERE seq = 2"), STORE_OK);
    assert_int_not_equal(store_exec(f->c, "DELETE FROM audit WHERE seq = 2"), STORE_OK);
}

static void altered_row_is_named(void **state)
{
    fixture *f = *state;
    append_rows(f->c, 10);
    assert_int_equal(store_exec(f->c, "DROP TRIGGER audit_no_update"), STORE_OK);
    assert_int_equal(store_exec(f->c, "UPDATE audit SET action = 'read' WHERE seq = 7"), STORE_OK);
    int64_t bad = 0, rows = 0;
    assert_int_equal(audit_verify(f->c, &bad, &rows), 1);
    assert_int_equal(bad, 7);
}

static void deleted_row_is_named(void **state)
{
    fixture *f = *state;
    append_rows(f->c, 10);
    assert_int_equal(store_exec(f->c, "DROP TRIGGER audit_no_delete"), STORE_OK);
    assert_int_equal(store_exec(f->c, "DELETE FROM audit WHERE seq = 4"), STORE_OK);
    int64_t bad = 0, rows = 0;
    assert_int_equal(audit_verify(f->c, &bad, &rows), 1);
    assert_int_equal(bad, 5); /* the row after the gap no longer follows its predecessor */
}

typedef struct writer_args {
    audit_writer *w;
    int n;
    int failures;
} writer_args;

static void *log_reads(void *arg)
{
    writer_args *a = arg;
    for (int i = 0; i < a->n; i++) {
        audit_entry e = {.at = 1700000000,
                         .user_id = "u2",
                         .action = "read",
                         .object_type = "person",
                         .object_id = "p",
                         .person_id = "p"};
        if (audit_writer_log(a->w, &e) != STORE_OK)
            a->failures++;
    }
    return NULL;
}

static void group_commit_from_many_threads(void **state)
{
    fixture *f = *state;
    audit_writer *w = audit_writer_start(f->s);
    assert_non_null(w);
    enum { THREADS = 6, EACH = 40 };
    pthread_t t[THREADS];
    writer_args args[THREADS];
    for (int i = 0; i < THREADS; i++) {
        args[i] = (writer_args){.w = w, .n = EACH};
        assert_int_equal(pthread_create(&t[i], NULL, log_reads, &args[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(args[i].failures, 0);
    }
    audit_entry many[3] = {
        {.at = 1, .action = "read", .object_type = "household", .object_id = "h", .person_id = "a"},
        {.at = 1, .action = "read", .object_type = "household", .object_id = "h", .person_id = "b"},
        {.at = 1, .action = "read", .object_type = "household", .object_id = "h", .person_id = "c"},
    };
    assert_int_equal(audit_writer_log_many(w, many, 3), STORE_OK);
    audit_writer_destroy(w);
    int64_t bad = 0, rows = 0;
    assert_int_equal(audit_verify(f->c, &bad, &rows), 0);
    assert_int_equal(rows, THREADS * EACH + 3);
}

static void a_failed_batch_is_reported_to_every_caller(void **state)
{
    fixture *f = *state;
    audit_writer *w = audit_writer_start(f->s);
    assert_non_null(w);
    audit_entry e = {.at = 1, .action = "read", .object_type = "person", .object_id = "p"};
    assert_int_equal(audit_writer_log(w, &e), STORE_OK);
    assert_int_equal(store_exec(f->c, "DROP TABLE audit"), STORE_OK);
    assert_int_not_equal(audit_writer_log(w, &e), STORE_OK);
    audit_writer_destroy(w);
}

static int64_t count_of(store_conn *c, const char *sql)
{
    store_stmt *st = store_prepare(c, sql);
    assert_non_null(st);
    assert_int_equal(store_step(st), STORE_ROW);
    int64_t n = store_col_int(st, 0);
    store_done(st);
    return n;
}

/* The alert board's rows: at most once per user, clock hour, person and object. */
static void once_per_hour_entries_are_written_once(void **state)
{
    fixture *f = *state;
    audit_writer *w = audit_writer_start(f->s);
    assert_non_null(w);
    const int64_t hour = 1700000000 / 3600 * 3600; /* the start of a clock hour */
    audit_entry board[3] = {
        {.at = hour + 5,
         .user_id = "u1",
         .action = "read",
         .object_type = "alerts",
         .object_id = "-",
         .once_per_hour = true},
        {.at = hour + 5,
         .user_id = "u1",
         .action = "read",
         .object_type = "alerts",
         .object_id = "board",
         .person_id = "p1",
         .once_per_hour = true},
        {.at = hour + 5,
         .user_id = "u1",
         .action = "read",
         .object_type = "alerts",
         .object_id = "board",
         .person_id = "p2",
         .once_per_hour = true},
    };
    assert_int_equal(audit_writer_log_many(w, board, 3), STORE_OK);
    assert_int_equal(count_of(f->c, "SELECT COUNT(*) FROM audit"), 3);
    /* The same hour again (its last second), twice in one batch: nothing more. */
    for (int i = 0; i < 3; i++)
        board[i].at = hour + 3599;
    assert_int_equal(audit_writer_log_many(w, board, 3), STORE_OK);
    audit_entry twice[2] = {board[1], board[1]};
    assert_int_equal(audit_writer_log_many(w, twice, 2), STORE_OK);
    assert_int_equal(count_of(f->c, "SELECT COUNT(*) FROM audit"), 3);
    /* Another user writes their own; an ordinary read is always written. */
    audit_entry other = board[1];
    other.user_id = "u2";
    assert_int_equal(audit_writer_log(w, &other), STORE_OK);
    audit_entry plain = board[1];
    plain.once_per_hour = false;
    assert_int_equal(audit_writer_log(w, &plain), STORE_OK);
    assert_int_equal(audit_writer_log(w, &plain), STORE_OK);
    assert_int_equal(count_of(f->c, "SELECT COUNT(*) FROM audit"), 6);
    assert_int_equal(count_of(f->c, "SELECT COUNT(*) FROM audit WHERE user_id = 'u2'"), 1);
    /* The next hour: written again, and the keys of the hour before last are purged. */
    for (int i = 0; i < 3; i++)
        board[i].at = hour + 3600;
    assert_int_equal(audit_writer_log_many(w, board, 3), STORE_OK);
    assert_int_equal(count_of(f->c, "SELECT COUNT(*) FROM audit"), 9);
    assert_int_equal(count_of(f->c, "SELECT COUNT(*) FROM audit_shown"), 7);
    board[0].at = hour + 2 * 3600;
    assert_int_equal(audit_writer_log(w, &board[0]), STORE_OK);
    assert_int_equal(count_of(f->c, "SELECT COUNT(*) FROM audit_shown"), 4); /* the last 2 hours */
    audit_writer_destroy(w);
    int64_t bad = 0, rows = 0;
    assert_int_equal(audit_verify(f->c, &bad, &rows), 0);
    assert_int_equal(rows, 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hash_depends_on_every_field),
        cmocka_unit_test_setup_teardown(intact_chain_verifies, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_chain_verifies, setup, teardown),
        cmocka_unit_test_setup_teardown(rows_cannot_be_updated_or_deleted, setup, teardown),
        cmocka_unit_test_setup_teardown(altered_row_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(deleted_row_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(group_commit_from_many_threads, setup, teardown),
        cmocka_unit_test_setup_teardown(once_per_hour_entries_are_written_once, setup, teardown),
        cmocka_unit_test_setup_teardown(a_failed_batch_is_reported_to_every_caller, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
