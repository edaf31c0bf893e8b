/* The per-address token bucket. */
#include "http/ratelimit.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static void burst_then_refuse_then_refill(void **state)
{
    (void)state;
    rate_limiter *rl = rate_limiter_create(2, 4);
    int64_t t = 1000;
    for (int i = 0; i < 4; i++)
        assert_true(rate_limiter_allow(rl, "127.0.0.1", t));
    assert_false(rate_limiter_allow(rl, "127.0.0.1", t));
    /* Another address has its own bucket. */
    assert_true(rate_limiter_allow(rl, "127.0.0.2", t));
    /* One second refills two tokens. */
    assert_true(rate_limiter_allow(rl, "127.0.0.1", t + 1));
    assert_true(rate_limiter_allow(rl, "127.0.0.1", t + 1));
    assert_false(rate_limiter_allow(rl, "127.0.0.1", t + 1));
    /* Never more than the burst, however long the pause. */
    int allowed = 0;
    for (int i = 0; i < 10; i++)
        allowed += rate_limiter_allow(rl, "127.0.0.1", t + 1000);
    assert_int_equal(allowed, 4);
    rate_limiter_destroy(rl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(burst_then_refuse_then_refill)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
