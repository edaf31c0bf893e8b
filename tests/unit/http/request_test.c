/* The JSON error format of api.md. */
#include "http/request.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static json_t *parse(char *s)
{
    json_t *v = json_loads(s, 0, NULL);
    free(s);
    assert_non_null(v);
    return v;
}

static void error_with_field(void **state)
{
    (void)state;
    json_t *v = parse(http_error_body("invalid_field", "形式が正しくありません。", "birth_date"));
    json_t *err = json_object_get(v, "error");
    assert_string_equal(json_string_value(json_object_get(err, "code")), "invalid_field");
    assert_string_equal(json_string_value(json_object_get(err, "message")),
                        "形式が正しくありません。");
    assert_string_equal(json_string_value(json_object_get(err, "field")), "birth_date");
    assert_int_equal(json_object_size(v), 1);
    json_decref(v);
}

static void error_without_field(void **state)
{
    (void)state;
    json_t *v = parse(http_error_body("unauthenticated", "ログインしてください。", NULL));
    json_t *err = json_object_get(v, "error");
    assert_string_equal(json_string_value(json_object_get(err, "code")), "unauthenticated");
    assert_null(json_object_get(err, "field"));
    assert_int_equal(json_object_size(err), 2);
    json_decref(v);
}

static void message_is_escaped(void **state)
{
    (void)state;
    json_t *v = parse(http_error_body("invalid_field", "\"quoted\" \\ </script>", "a\"b"));
    json_t *err = json_object_get(v, "error");
    assert_string_equal(json_string_value(json_object_get(err, "message")),
                        "\"quoted\" \\ </script>");
    assert_string_equal(json_string_value(json_object_get(err, "field")), "a\"b");
    json_decref(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error_with_field),
        cmocka_unit_test(error_without_field),
        cmocka_unit_test(message_is_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
