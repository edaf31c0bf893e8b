/* The audit writer inserts a batch's rows a power of two at a time: 50 rows are three
 * statements (32 + 16 + 2), not fifty. On PostgreSQL each statement is a round trip made while
 * the chain's lock is held (docs/performance.md, "Issue 10"). The statements are counted by
 * wrapping the store's backend (as tests/unit/store/upkeep_test.c does); the chain they write must
 * verify, keyed and plain, whole and in seq order. */
#include "auth/audit.h"
#include "auth/audit_key.h"
#include "store/backend.h"
#include "store/store.h"
#include "support/tempdb.h"

#include <sodium.h>
#include <stdatomic.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

enum { TRACKED = 16 };

/* The backend as it is, but counting the executions of INSERTs into audit. */
static store_ops counting_ops;
static const store_ops *real_ops;
static store_stmt *_Atomic audit_inserts[TRACKED];
static atomic_int audit_insert_steps;

static store_stmt *counting_prepare(store_conn *c, const char *sql)
{
    store_stmt *st = real_ops->prepare(c, sql);
    if (st && strncmp(sql, "INSERT INTO audit (", 19) == 0)
        for (int i = 0; i < TRACKED; i++) {
            store_stmt *expected = NULL;
            if (audit_inserts[i] == st ||
                atomic_compare_exchange_strong(&audit_inserts[i], &expected, st))
                break;
        }
    return st;
}

static int counting_step(store_stmt *st)
{
    for (int i = 0; i < TRACKED; i++)
        if (audit_inserts[i] == st)
            atomic_fetch_add(&audit_insert_steps, 1);
    return real_ops->step(st);
}

typedef tempdb fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    if (!f || tempdb_open(f, TEMPDB_LATEST) != 0)
        return -1;
    real_ops = f->s->ops;
    counting_ops = *real_ops;
    counting_ops.prepare = counting_prepare;
    counting_ops.step = counting_step;
    f->s->ops = &counting_ops;
    for (int i = 0; i < TRACKED; i++)
        audit_inserts[i] = NULL;
    audit_insert_steps = 0;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    f->s->ops = real_ops;
    audit_key_forget();
    tempdb_close(f);
    free(f);
    return 0;
}

/* n reads queued at once: one submission, one batch of the writer. */
static void log_reads(fixture *f, int n)
{
    audit_entry *e = calloc((size_t)n, sizeof *e);
    char(*ids)[16] = calloc((size_t)n, sizeof *ids);
    assert_non_null(e);
    assert_non_null(ids);
    for (int i = 0; i < n; i++) {
        snprintf(ids[i], sizeof ids[i], "p%d", i);
        e[i] = (audit_entry){.at = 1700000000 + i,
                             .user_id = "u1",
                             .action = "read",
                             .object_type = "person",
                             .object_id = ids[i],
                             .person_id = ids[i]};
    }
    audit_writer *w = audit_writer_start(f->s);
    assert_non_null(w);
    assert_int_equal(audit_writer_log_many(w, e, n), STORE_OK);
    audit_writer_destroy(w);
    free(ids);
    free(e);
}

static void chain_verifies(fixture *f, int64_t rows)
{
    audit_report r;
    assert_int_equal(audit_verify(f->c, &r), 0);
    assert_int_equal(r.rows, rows);
    assert_int_equal(r.tip.seq, rows);
}

static void fifty_rows_are_three_statements(void **state)
{
    fixture *f = *state;
    log_reads(f, 50);
    assert_int_equal(audit_insert_steps, 3); /* 32 + 16 + 2 */
    chain_verifies(f, 50);
}

static void one_row_is_one_statement(void **state)
{
    fixture *f = *state;
    log_reads(f, 1);
    assert_int_equal(audit_insert_steps, 1);
    chain_verifies(f, 1);
}

/* The switch row is written before the batch's keyed rows, in seq order. */
static void keyed_batch_after_plain_rows_verifies(void **state)
{
    fixture *f = *state;
    log_reads(f, 5);
    unsigned char key[AUDIT_KEY_BYTES];
    memset(key, 7, sizeof key);
    audit_key_use(key);
    log_reads(f, 40);
    audit_report r;
    assert_int_equal(audit_verify(f->c, &r), 0);
    assert_int_equal(r.rows, 46);
    assert_int_equal(r.keyed_from, 6);
    assert_int_equal(audit_insert_steps, 2 + 1 + 2); /* 4 + 1; the switch; 32 + 8 */
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(fifty_rows_are_three_statements, setup, teardown),
        cmocka_unit_test_setup_teardown(one_row_is_one_statement, setup, teardown),
        cmocka_unit_test_setup_teardown(keyed_batch_after_plain_rows_verifies, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
