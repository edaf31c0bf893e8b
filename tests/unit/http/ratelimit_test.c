/* The per-address token bucket, on an explicit clock in milliseconds. */
#include "http/ratelimit.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static void burst_then_refuse_then_refill(void **state)
{
    (void)state;
    rate_limiter *rl = rate_limiter_create(2, 4);
    int64_t t = 1000000;
    for (int i = 0; i < 4; i++)
        assert_true(rate_limiter_take(rl, "127.0.0.1", t));
    assert_false(rate_limiter_take(rl, "127.0.0.1", t));
    /* Another address has its own bucket. */
    assert_true(rate_limiter_take(rl, "127.0.0.2", t));
    /* One second refills two tokens. */
    assert_true(rate_limiter_take(rl, "127.0.0.1", t + 1000));
    assert_true(rate_limiter_take(rl, "127.0.0.1", t + 1000));
    assert_false(rate_limiter_take(rl, "127.0.0.1", t + 1000));
    /* Never more than the burst, however long the pause. */
    int allowed = 0;
    for (int i = 0; i < 10; i++)
        allowed += rate_limiter_take(rl, "127.0.0.1", t + 1000000);
    assert_int_equal(allowed, 4);
    rate_limiter_destroy(rl);
}

/* 2 a second is one token every 500 ms: the refill counts milliseconds, not whole seconds. */
static void refills_within_a_second(void **state)
{
    (void)state;
    rate_limiter *rl = rate_limiter_create(2, 1);
    int64_t t = 5999; /* just before a whole second: a seconds clock would refill at 6000 */
    assert_true(rate_limiter_take(rl, "a", t));
    assert_false(rate_limiter_take(rl, "a", t + 1));
    assert_false(rate_limiter_take(rl, "a", t + 499));
    assert_true(rate_limiter_take(rl, "a", t + 500));
    /* Refused attempts do not delay the refill: 250 ms + 250 ms is a token. */
    assert_false(rate_limiter_take(rl, "a", t + 750));
    assert_true(rate_limiter_take(rl, "a", t + 1000));
    rate_limiter_destroy(rl);
}

/* Slow rates (failed logins: 5 a minute) accumulate fractions of a token. */
static void slow_rate_accumulates(void **state)
{
    (void)state;
    rate_limiter *rl = rate_limiter_create(5.0 / 60, 20);
    int64_t t = 42;
    for (int i = 0; i < 20; i++)
        assert_true(rate_limiter_take(rl, "10.0.0.1", t));
    assert_false(rate_limiter_take(rl, "10.0.0.1", t));
    assert_false(rate_limiter_take(rl, "10.0.0.1", t + 11999));
    assert_true(rate_limiter_take(rl, "10.0.0.1", t + 12000));
    /* A minute gives five. */
    int allowed = 0;
    for (int i = 0; i < 10; i++)
        allowed += rate_limiter_take(rl, "10.0.0.1", t + 72000);
    assert_int_equal(allowed, 5);
    rate_limiter_destroy(rl);
}

static void peek_takes_nothing(void **state)
{
    (void)state;
    rate_limiter *rl = rate_limiter_create(1, 2);
    for (int i = 0; i < 10; i++)
        assert_true(rate_limiter_peek(rl, "a", 0));
    assert_true(rate_limiter_take(rl, "a", 0));
    assert_true(rate_limiter_peek(rl, "a", 0));
    assert_true(rate_limiter_take(rl, "a", 0));
    assert_false(rate_limiter_peek(rl, "a", 0));
    assert_true(rate_limiter_peek(rl, "a", 1000));
    rate_limiter_destroy(rl);
}

/* A time before the bucket's last one (two threads with their own arrival times) adds nothing
 * and takes nothing away. */
static void earlier_time_adds_nothing(void **state)
{
    (void)state;
    rate_limiter *rl = rate_limiter_create(1, 1);
    assert_true(rate_limiter_take(rl, "a", 10000));
    assert_false(rate_limiter_take(rl, "a", 9000));
    assert_false(rate_limiter_take(rl, "a", 10999));
    assert_true(rate_limiter_take(rl, "a", 11000));
    rate_limiter_destroy(rl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(burst_then_refuse_then_refill), cmocka_unit_test(refills_within_a_second),
        cmocka_unit_test(slow_rate_accumulates),         cmocka_unit_test(peek_takes_nothing),
        cmocka_unit_test(earlier_time_adds_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
