/* Checkpoints happen in the background below 16 MiB (emptied past 4 MiB when no one reads the
 * WAL); the commit that takes the WAL past 16 MiB waits for the readers and empties it. */
#include "store/backend.h"
#include "store/store.h"
#include "util/clock.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

static off_t file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? sb.st_size : -1;
}

static void commits_leave_the_wal_to_the_upkeep_thread(void **state)
{
    (void)state;
    char dir[] = "/tmp/tsunagu-upkeep-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64], wal[64];
    snprintf(path, sizeof path, "%s/t.db", dir);
    snprintf(wal, sizeof wal, "%s/t.db-wal", dir);
    store *s;
    assert_int_equal(store_open_sqlite(&s, path), STORE_OK);
    store_conn *c = store_conn_open(s);
    assert_int_equal(store_exec(c, "CREATE TABLE t (x TEXT)"), STORE_OK);
    assert_int_equal(store_exec(c, "PRAGMA wal_checkpoint(TRUNCATE)"), STORE_OK);
    off_t before = file_size(path);
    assert_int_equal(store_begin(c), STORE_OK);
    assert_int_equal(store_exec(c, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                                   " WHERE i < 5000) INSERT INTO t SELECT hex(randomblob(100))"
                                   " FROM n"),
                     STORE_OK);
    assert_int_equal(store_commit(c), STORE_OK);
    /* The commit wrote the log only: the database file has not grown. */
    assert_true(file_size(wal) > 1000000);
    assert_int_equal(file_size(path), before);
    store_upkeep *u = store_upkeep_start(s, 10);
    assert_non_null(u);
    for (int i = 0; i < 200 && file_size(path) == before; i++)
        usleep(10000);
    store_upkeep_stop(u);
    assert_true(file_size(path) > before + 1000000);
    store_conn_close(c);
    store_close(s);
    char cmd[100];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

enum { MIB = 1024 * 1024 };

typedef struct fixture {
    char dir[32], path[64], wal[64];
    store *s;
    store_conn *writer, *reader, *upkeep;
} fixture;

static void open_fixture(fixture *f)
{
    snprintf(f->dir, sizeof f->dir, "/tmp/tsunagu-wal-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    snprintf(f->wal, sizeof f->wal, "%s/t.db-wal", f->dir);
    assert_int_equal(store_open_sqlite(&f->s, f->path), STORE_OK);
    f->writer = store_conn_open(f->s);
    f->reader = store_conn_open(f->s);
    f->upkeep = store_conn_open(f->s);
    assert_int_equal(store_exec(f->writer, "CREATE TABLE t (x BLOB)"), STORE_OK);
}

static void close_fixture(fixture *f)
{
    store_conn_close(f->writer);
    store_conn_close(f->reader);
    store_conn_close(f->upkeep);
    store_close(f->s);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
}

/* Commits about mib MiB (blobs of 256 KiB). */
static void write_mib(fixture *f, int mib)
{
    char sql[160];
    snprintf(sql, sizeof sql,
             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
             " INSERT INTO t SELECT randomblob(262144) FROM n",
             mib * 4);
    assert_int_equal(store_exec(f->writer, sql), STORE_OK);
}

/* A reader in the middle of a read transaction, as a request or an export is. */
static void start_reading(fixture *f)
{
    assert_int_equal(store_begin_read(f->reader), STORE_OK);
    store_stmt *st = store_prepare(f->reader, "SELECT count(*) FROM t");
    assert_int_equal(store_step(st), STORE_ROW);
    store_done(st);
}

static int upkeep_pass(fixture *f)
{
    return f->upkeep->owner->ops->checkpoint(f->upkeep);
}

static void wal_past_4_mib_is_emptied_when_no_one_reads(void **state)
{
    (void)state;
    fixture f;
    open_fixture(&f);
    write_mib(&f, 3);
    assert_int_equal(upkeep_pass(&f), STORE_OK);
    assert_true(file_size(f.wal) > 3 * MIB); /* under 4 MiB: left for writers to reuse */
    assert_int_equal(store_exec(f.writer, "DELETE FROM t"), STORE_OK);
    assert_int_equal(upkeep_pass(&f), STORE_OK);
    write_mib(&f, 6); /* starts the WAL over (all of it was copied), then passes 4 MiB */
    assert_true(file_size(f.wal) > 4 * MIB);
    assert_int_equal(upkeep_pass(&f), STORE_OK);
    assert_int_equal(file_size(f.wal), 0);
    close_fixture(&f);
}

static void a_reader_is_not_waited_for_below_16_mib(void **state)
{
    (void)state;
    fixture f;
    open_fixture(&f);
    write_mib(&f, 1);
    start_reading(&f);
    write_mib(&f, 5);
    int64_t started = util_monotonic_ms();
    assert_int_equal(upkeep_pass(&f), STORE_OK);
    assert_true(util_monotonic_ms() - started < 4000); /* a wait would be 5 s */
    assert_true(file_size(f.wal) > 4 * MIB);
    store_end_read(f.reader);
    assert_int_equal(upkeep_pass(&f), STORE_OK);
    assert_int_equal(file_size(f.wal), 0);
    close_fixture(&f);
}

static void *finish_reading_later(void *arg)
{
    fixture *f = arg;
    usleep(300 * 1000);
    store_end_read(f->reader);
    return NULL;
}

/* The commit that takes the WAL past 16 MiB waits for the readers of the moment and empties it:
 * no timer, however late it runs under load, lets the WAL grow past the cap. */
static void a_commit_past_16_mib_waits_for_the_readers_and_empties_the_wal(void **state)
{
    (void)state;
    fixture f;
    open_fixture(&f);
    write_mib(&f, 1);
    start_reading(&f);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, finish_reading_later, &f), 0);
    int64_t started = util_monotonic_ms();
    write_mib(&f, 17);
    int64_t waited = util_monotonic_ms() - started;
    pthread_join(t, NULL);
    assert_true(waited >= 250);
    assert_int_equal(file_size(f.wal), 0);
    close_fixture(&f);
}

/* A reader that holds on past the wait (a backup) is not waited for again at every commit. */
static void after_a_wait_in_vain_commits_leave_the_wal_for_a_while(void **state)
{
    (void)state;
    fixture f;
    open_fixture(&f);
    write_mib(&f, 1);
    start_reading(&f);
    int64_t started = util_monotonic_ms();
    write_mib(&f, 17); /* waits 5 s in vain */
    assert_true(util_monotonic_ms() - started >= 4500);
    started = util_monotonic_ms();
    write_mib(&f, 1);
    assert_true(util_monotonic_ms() - started < 4000);
    assert_true(file_size(f.wal) > 17 * MIB);
    store_end_read(f.reader);
    close_fixture(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(commits_leave_the_wal_to_the_upkeep_thread),
        cmocka_unit_test(wal_past_4_mib_is_emptied_when_no_one_reads),
        cmocka_unit_test(a_reader_is_not_waited_for_below_16_mib),
        cmocka_unit_test(a_commit_past_16_mib_waits_for_the_readers_and_empties_the_wal),
        cmocka_unit_test(after_a_wait_in_vain_commits_leave_the_wal_for_a_while),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
