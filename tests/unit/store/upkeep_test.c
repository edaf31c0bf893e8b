/* Checkpoints happen in the background, not in the commits of requests. */
#include "store/store.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(commits_leave_the_wal_to_the_upkeep_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
