/* The request pool: allocations, alignment, cleanups in reverse order. */
#include "util/pool.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static int order[4];
static int order_n;

static void note(void *arg)
{
    order[order_n++] = (int)(intptr_t)arg;
}

static void allocations(void **state)
{
    (void)state;
    pool *p = pool_create();
    for (int i = 1; i < 2000; i += 37) {
        unsigned char *m = pool_alloc(p, (size_t)i);
        assert_int_equal((uintptr_t)m % 16, 0);
        memset(m, 0xab, (size_t)i);
    }
    char *big = pool_zalloc(p, 100000); /* larger than a block */
    assert_int_equal(big[99999], 0);
    assert_string_equal(pool_strndup(p, "abcdef", 3), "abc");
    assert_string_equal(pool_printf(p, "%s-%d", "令和", 6), "令和-6");
    char *adopted = malloc(10);
    assert_ptr_equal(pool_adopt(p, adopted), adopted);
    pool_destroy(p); /* valgrind / ASan: nothing leaks */
}

static void cleanups_run_in_reverse(void **state)
{
    (void)state;
    order_n = 0;
    pool *p = pool_create();
    pool_on_destroy(p, note, (void *)1);
    pool_on_destroy(p, note, (void *)2);
    pool_on_destroy(p, note, (void *)3);
    assert_int_equal(order_n, 0);
    pool_destroy(p);
    assert_int_equal(order_n, 3);
    assert_int_equal(order[0], 3);
    assert_int_equal(order[2], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(allocations),
        cmocka_unit_test(cleanups_run_in_reverse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
