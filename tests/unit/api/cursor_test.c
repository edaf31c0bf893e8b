/* Opaque list cursors. */
#include "api/input.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

static void round_trip(void **state)
{
    (void)state;
    pool *p = pool_create();
    const char *parts[2] = {"タナカハナコ", "rCU8NvBPxcIj0ccmyx4czg"};
    char *c = pool_strdup(p, api_cursor_encode(p, parts, 2));
    for (char *s = c; *s; s++) /* URL-safe */
        assert_true(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", *s));
    char *out[2];
    assert_int_equal(api_cursor_decode(p, c, out, 2), 2);
    assert_string_equal(out[0], "タナカハナコ");
    assert_string_equal(out[1], "rCU8NvBPxcIj0ccmyx4czg");
    pool_destroy(p);
}

static void rejects_garbage(void **state)
{
    (void)state;
    pool *p = pool_create();
    char *out[2];
    assert_int_equal(api_cursor_decode(p, "", out, 2), -1);
    assert_int_equal(api_cursor_decode(p, "!!!", out, 2), -1);
    /* A cursor with one part where two are wanted is reported as one. */
    const char *one[1] = {"abc"};
    assert_int_equal(api_cursor_decode(p, api_cursor_encode(p, one, 1), out, 2), 1);
    pool_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(rejects_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
