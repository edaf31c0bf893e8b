/* The audit chain: appending, verifying, detecting an altered or missing row, group commit; the
 * keyed chain (HMAC-SHA-256) after plain rows. */
#include "auth/audit.h"
#include "auth/audit_key.h"
#include "store/audit.h"
#include "store/store.h"
#include "support/tempdb.h"

#include <pthread.h>
#include <sodium.h>
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
    audit_key_forget();
    tempdb_close(*state);
    free(*state);
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
    audit_report r;
    assert_int_equal(audit_verify(f->c, &r), 0);
    assert_int_equal(r.rows, 25);
    assert_int_equal(r.tip.seq, 25);
    assert_int_equal(r.keyed_from, 0);
}

static void empty_chain_verifies(void **state)
{
    fixture *f = *state;
    audit_report r;
    assert_int_equal(audit_verify(f->c, &r), 0);
    assert_int_equal(r.rows, 0);
    assert_int_equal(r.tip.seq, 0);
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
    audit_report r;
    assert_int_equal(audit_verify(f->c, &r), 1);
    assert_int_equal(r.bad_seq, 7);
}

static void deleted_row_is_named(void **state)
{
    fixture *f = *state;
    append_rows(f->c, 10);
    assert_int_equal(store_exec(f->c, "DROP TRIGGER audit_no_delete"), STORE_OK);
    assert_int_equal(store_exec(f->c, "DELETE FROM audit WHERE seq = 4"), STORE_OK);
    audit_report r;
    assert_int_equal(audit_verify(f->c, &r), 1);
    assert_int_equal(r.bad_seq, 5); /* the row after the gap no longer follows its predecessor */
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
    audit_report r;
    assert_int_equal(audit_verify(f->c, &r), 0);
    assert_int_equal(r.rows, THREADS * EACH + 3);
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

/* Fixed values, computed independently (Python hashlib/hmac over the same length-prefixed
 * fields): changing the format would orphan every chain already written. */
static void hashes_have_known_values(void **state)
{
    (void)state;
    char zero[65], out[65], id[AUDIT_KEY_ID_LEN + 1];
    memset(zero, '0', 64);
    zero[64] = '\0';
    audit_entry e = {.at = 1700000000,
                     .user_id = "u1",
                     .action = "read",
                     .object_type = "person",
                     .object_id = "p1",
                     .person_id = "p1"};
    audit_hash(zero, 1, &e, out);
    assert_string_equal(out, "b120241ae716f326221944c03495fd31ce408c3281d76d6ecbb37bf84c00bf4f");
    unsigned char key[AUDIT_KEY_BYTES];
    for (int i = 0; i < AUDIT_KEY_BYTES; i++)
        key[i] = (unsigned char)i;
    audit_hmac(key, zero, 1, &e, out);
    assert_string_equal(out, "69dccf9929f6b4178fe6c0147d4a1815141d32d994642748eae8a52642cd82ff");
    audit_key_id(key, id);
    assert_string_equal(id, "488d085c87426ee2");
    key[31] ^= 1; /* another key, another hash */
    char other[65];
    audit_hmac(key, zero, 1, &e, other);
    assert_string_not_equal(out, other);
}

static void use_key(unsigned char fill)
{
    unsigned char k[AUDIT_KEY_BYTES];
    memset(k, fill, sizeof k);
    audit_key_use(k);
}

typedef struct row_copy {
    int64_t seq, at;
    char action[32], alg[16], object_id[32], hash[65];
} row_copy;

typedef struct rows {
    row_copy r[64];
    int n;
} rows;

static int copy_row(void *arg, const store_audit_row *row, const char *login)
{
    (void)login;
    rows *rs = arg;
    row_copy *c = &rs->r[rs->n++];
    c->seq = row->seq;
    c->at = row->at;
    snprintf(c->action, sizeof c->action, "%s", row->action);
    snprintf(c->alg, sizeof c->alg, "%s", row->alg);
    snprintf(c->object_id, sizeof c->object_id, "%s", row->object_id);
    snprintf(c->hash, sizeof c->hash, "%s", row->hash);
    return rs->n == 64;
}

static void read_rows(store_conn *c, rows *rs)
{
    rs->n = 0;
    assert_int_equal(store_audit_scan(c, 0, NULL, NULL, 0, false, copy_row, rs), STORE_OK);
}

static void keyed_rows_follow_the_plain_ones_after_a_switch_row(void **state)
{
    fixture *f = *state;
    append_rows(f->c, 3); /* written before there was a key */
    use_key(7);
    append_rows(f->c, 2);
    rows rs;
    read_rows(f->c, &rs);
    assert_int_equal(rs.n, 6);
    for (int i = 0; i < 3; i++)
        assert_string_equal(rs.r[i].alg, "sha256");
    char id[AUDIT_KEY_ID_LEN + 1];
    audit_key_id(audit_key(), id);
    assert_string_equal(rs.r[3].action, "audit_keyed");
    assert_string_equal(rs.r[3].object_id, id);
    for (int i = 3; i < 6; i++)
        assert_string_equal(rs.r[i].alg, "hmac-sha256");
    /* The first appended row's time dates the switch. */
    assert_int_equal(rs.r[3].at, rs.r[4].at);

    audit_report r;
    assert_int_equal(audit_verify(f->c, &r), 0);
    assert_int_equal(r.rows, 6);
    assert_int_equal(r.keyed_from, 4);
    assert_int_equal(r.tip.seq, 6);
    assert_string_equal(r.tip.hash, rs.r[5].hash);
    assert_true(r.tip.keyed);

    /* Without the key: the plain rows verify, the keyed ones cannot be. */
    audit_key_forget();
    assert_int_equal(audit_verify(f->c, &r), 1);
    assert_true(r.key_needed);
    assert_int_equal(r.keyed_from, 4);
    assert_int_equal(r.bad_seq, 0);
    assert_int_equal(r.tip.seq, 3);
    /* ... and nothing can be appended to a keyed chain without it. */
    assert_int_equal(store_begin(f->c), STORE_OK);
    audit_entry e = {.at = 1, .action = "read", .object_type = "person", .object_id = "p"};
    assert_int_not_equal(audit_append(f->c, &e), STORE_OK);
    store_rollback(f->c);
    /* Another key is not this chain's key. */
    use_key(8);
    assert_int_equal(audit_verify(f->c, &r), 1);
    assert_int_equal(r.bad_seq, 4);
    assert_true(r.wrong_key);
}

/* What someone with write access to the database but not the key would do: change a row, then
 * recompute every later hash with plain SHA-256 (as the chain was before the key). */
static void rows_rewritten_without_the_key_do_not_verify(void **state)
{
    fixture *f = *state;
    use_key(9);
    append_rows(f->c, 10); /* row 1 is the switch, rows 2-11 the entries */
    rows rs;
    read_rows(f->c, &rs);
    assert_int_equal(rs.n, 11);
    assert_int_equal(store_exec(f->c, "DROP TRIGGER audit_no_update"), STORE_OK);
    for (int alg = 0; alg < 2; alg++) {
        /* alg 0: the rows say sha256 (plain after the switch); 1: they still claim hmac. */
        char prev[65];
        snprintf(prev, sizeof prev, "%s", rs.r[5].hash);
        for (int i = 6; i < 11; i++) {
            audit_entry e = {.at = rs.r[i].at,
                             .user_id = "u1",
                             .action = i == 6 ? "update" : rs.r[i].action,
                             .object_type = "person",
                             .object_id = rs.r[i].object_id,
                             .person_id = rs.r[i].object_id};
            char hash[65];
            audit_hash(prev, rs.r[i].seq, &e, hash);
            store_stmt *st = store_prepare(
                f->c,
                "UPDATE audit SET action = ?, prev_hash = ?, hash = ?, alg = ? WHERE seq = ?");
            assert_non_null(st);
            store_bind_text(st, 1, e.action);
            store_bind_text(st, 2, prev);
            store_bind_text(st, 3, hash);
            store_bind_text(st, 4, alg ? "hmac-sha256" : "sha256");
            store_bind_int(st, 5, rs.r[i].seq);
            assert_int_equal(store_run(st), STORE_OK);
            memcpy(prev, hash, 65);
        }
        audit_report r;
        assert_int_equal(audit_verify(f->c, &r), 1);
        assert_int_equal(r.bad_seq, 7);
    }
    /* Without a key, the same rewrite of a plain chain would have verified: the test's rewrite
     * is a real one. */
    audit_key_forget();
    assert_int_equal(store_exec(f->c, "DROP TRIGGER audit_no_delete; DELETE FROM audit"), STORE_OK);
    append_rows(f->c, 3);
    read_rows(f->c, &rs);
    audit_entry e = {.at = rs.r[2].at,
                     .user_id = "u1",
                     .action = "update",
                     .object_type = "person",
                     .object_id = rs.r[2].object_id,
                     .person_id = rs.r[2].object_id};
    char hash[65];
    audit_hash(rs.r[1].hash, 3, &e, hash);
    store_stmt *st = store_prepare(f->c, "UPDATE audit SET action = ?, hash = ? WHERE seq = ?");
    store_bind_text(st, 1, "update");
    store_bind_text(st, 2, hash);
    store_bind_int(st, 3, 3);
    assert_int_equal(store_run(st), STORE_OK);
    audit_report r;
    assert_int_equal(audit_verify(f->c, &r), 0);
}

static void the_key_must_fit_the_chain(void **state)
{
    fixture *f = *state;
    bool fits = false;
    use_key(1);
    assert_int_equal(audit_key_fits(f->c, &fits), STORE_OK);
    assert_true(fits); /* a chain not keyed yet takes any key */
    assert_int_equal(audit_switch_to_key(f->c, 1700000000), STORE_OK);
    assert_int_equal(audit_switch_to_key(f->c, 1700000001), STORE_OK); /* once only */
    audit_tip tip;
    assert_int_equal(audit_tip_read(f->c, &tip), STORE_OK);
    assert_int_equal(tip.seq, 1);
    assert_true(tip.keyed);
    assert_int_equal(audit_key_fits(f->c, &fits), STORE_OK);
    assert_true(fits);
    use_key(2);
    assert_int_equal(audit_key_fits(f->c, &fits), STORE_OK);
    assert_false(fits);
    audit_key_forget();
    assert_int_equal(audit_key_fits(f->c, &fits), STORE_OK);
    assert_false(fits);
}

static void the_writer_keys_its_batches(void **state)
{
    fixture *f = *state;
    append_rows(f->c, 2);
    use_key(3);
    audit_writer *w = audit_writer_start(f->s);
    assert_non_null(w);
    audit_entry e[2] = {
        {.at = 5, .action = "read", .object_type = "person", .object_id = "a", .person_id = "a"},
        {.at = 5, .action = "read", .object_type = "person", .object_id = "b", .person_id = "b"},
    };
    assert_int_equal(audit_writer_log_many(w, e, 2), STORE_OK);
    assert_int_equal(audit_writer_log(w, e), STORE_OK);
    audit_writer_destroy(w);
    audit_report r;
    assert_int_equal(audit_verify(f->c, &r), 0);
    assert_int_equal(r.rows, 6); /* 2 plain, the switch, 3 keyed */
    assert_int_equal(r.keyed_from, 3);
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
    audit_report r;
    assert_int_equal(audit_verify(f->c, &r), 0);
    assert_int_equal(r.rows, 10);
}

int main(void)
{
    if (sodium_init() < 0) /* the key lives in sodium_malloc'd memory */
        return 1;
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
        cmocka_unit_test(hashes_have_known_values),
        cmocka_unit_test_setup_teardown(keyed_rows_follow_the_plain_ones_after_a_switch_row, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(rows_rewritten_without_the_key_do_not_verify, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_key_must_fit_the_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(the_writer_keys_its_batches, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
