/* Session lifetimes: idle 30 minutes, absolute 12 hours. */
#include "http/session.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static void idle_timeout(void **state)
{
    (void)state;
    int64_t t0 = 1700000000;
    assert_true(http_session_alive(t0, t0, t0 + 30 * 60 - 1));
    assert_false(http_session_alive(t0, t0, t0 + 30 * 60));
    /* Activity keeps it alive. */
    assert_true(http_session_alive(t0, t0 + 3600, t0 + 3600 + 29 * 60));
}

static void absolute_timeout(void **state)
{
    (void)state;
    int64_t t0 = 1700000000;
    int64_t noon = t0 + 12 * 3600;
    assert_true(http_session_alive(t0, noon - 60, noon - 1));
    assert_false(http_session_alive(t0, noon - 60, noon));
}

static void clock_going_back(void **state)
{
    (void)state;
    assert_false(http_session_alive(1700000000, 1700000000, 1699999000));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(idle_timeout),
        cmocka_unit_test(absolute_timeout),
        cmocka_unit_test(clock_going_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
