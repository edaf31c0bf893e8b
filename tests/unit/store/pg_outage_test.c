/* The outage watch of the PostgreSQL backend (store/pg_outage.h), with a fake database: an
 * outage lasts until the watch's own attempt connects; the attempts come one pause apart, from
 * the watch alone; a stop does not wait out a pause. */
#include "store/pg_outage.h"
#include "util/clock.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>

enum { PAUSE_MS = 50 };

typedef struct fake_db {
    atomic_int attempts;
    atomic_int fail_first; /* attempts that fail before one connects */
    _Atomic int64_t first_at_ms;
} fake_db;

static bool fake_reachable(void *arg)
{
    fake_db *db = arg;
    int n = atomic_fetch_add(&db->attempts, 1);
    if (n == 0)
        atomic_store(&db->first_at_ms, util_monotonic_ms());
    return n >= atomic_load(&db->fail_first);
}

/* Waits up to 2 s for the outage to be over; true when it is. */
static bool ends_within_2s(pg_outage *o)
{
    for (int i = 0; i < 200 && pg_outage_known(o); i++)
        usleep(10000);
    return !pg_outage_known(o);
}

static void no_attempt_without_an_outage(void **state)
{
    (void)state;
    fake_db db = {0};
    pg_outage *o = pg_outage_watch(fake_reachable, &db, PAUSE_MS);
    assert_non_null(o);
    usleep(4 * PAUSE_MS * 1000);
    assert_false(pg_outage_known(o));
    assert_int_equal(atomic_load(&db.attempts), 0);
    pg_outage_stop(o);
}

static void an_outage_lasts_until_the_watch_connects(void **state)
{
    (void)state;
    fake_db db = {.fail_first = 3};
    pg_outage *o = pg_outage_watch(fake_reachable, &db, PAUSE_MS);
    int64_t began = util_monotonic_ms();
    pg_outage_begin(o, "connection refused\n\tIs the server running?\n");
    assert_true(pg_outage_known(o));
    /* Other connections failing meanwhile do not start attempts of their own. */
    pg_outage_begin(o, "connection refused");
    pg_outage_begin(o, "connection refused");
    assert_true(ends_within_2s(o));
    int64_t ended = util_monotonic_ms();
    /* Three failed attempts and the one that connected, each after a pause. */
    assert_int_equal(atomic_load(&db.attempts), 4);
    assert_true(atomic_load(&db.first_at_ms) - began >= PAUSE_MS - 1);
    assert_true(ended - began >= 4 * PAUSE_MS - 1);
    /* Over: no more attempts until the next outage. */
    usleep(3 * PAUSE_MS * 1000);
    assert_int_equal(atomic_load(&db.attempts), 4);

    atomic_store(&db.fail_first, 5);
    pg_outage_begin(o, "server closed the connection unexpectedly");
    assert_true(pg_outage_known(o));
    assert_true(ends_within_2s(o));
    assert_int_equal(atomic_load(&db.attempts), 6);
    pg_outage_stop(o);
}

static void a_stop_does_not_wait_out_the_pause(void **state)
{
    (void)state;
    fake_db db = {.fail_first = 1000};
    pg_outage *o = pg_outage_watch(fake_reachable, &db, 60000);
    pg_outage_begin(o, "timeout expired");
    usleep(20000);
    int64_t before = util_monotonic_ms();
    pg_outage_stop(o);
    assert_true(util_monotonic_ms() - before < 1000);
    assert_int_equal(atomic_load(&db.attempts), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_attempt_without_an_outage),
        cmocka_unit_test(an_outage_lasts_until_the_watch_connects),
        cmocka_unit_test(a_stop_does_not_wait_out_the_pause),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
