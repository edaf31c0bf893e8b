/* Content types of the web UI's files. */
#include "http/static.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static void types_by_extension(void **state)
{
    (void)state;
    assert_string_equal(http_static_type("/index.html"), "text/html; charset=utf-8");
    assert_string_equal(http_static_type("/assets/index-3f2a.js"),
                        "text/javascript; charset=utf-8");
    assert_string_equal(http_static_type("/assets/index-3f2a.css"), "text/css; charset=utf-8");
    assert_string_equal(http_static_type("/favicon.svg"), "image/svg+xml");
    assert_string_equal(http_static_type("/a.dir/noext"), "application/octet-stream");
    assert_string_equal(http_static_type("/README"), "application/octet-stream");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(types_by_extension)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
