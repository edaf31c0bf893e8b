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

/* A JSON build that failed (json_pack given a NULL string) answers 500 internal, never the
 * status asked for with an empty body; and what it would have shown is not audited. */
static void failed_build_answers_500(void **state)
{
    (void)state;
    http_req req = {.pool = pool_create(), .method = "GET", .path = "/api/v1/persons/x"};
    audit_entry e = {.action = "read", .object_type = "person", .object_id = "x"};
    http_hold_for_audit(&req, &e, 1);
    http_add_header(&req, "ETag", "\"1\"");
    http_reply_json(&req, 200, json_pack("{s:s}", "name", (const char *)NULL));
    assert_int_equal(req.status, 500);
    assert_non_null(req.resp_body);
    json_t *v = json_loads(req.resp_body, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(json_object_get(v, "error"), "code")),
                        "internal");
    json_decref(v);
    assert_int_equal(req.held_audit_count, 0);
    assert_int_equal(req.resp_header_count, 0);
    /* 204 has no body by definition. */
    http_reply_empty(&req, 204);
    assert_int_equal(req.status, 204);
    assert_null(req.resp_body);
    pool_destroy(req.pool);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error_with_field),
        cmocka_unit_test(error_without_field),
        cmocka_unit_test(message_is_escaped),
        cmocka_unit_test(failed_build_answers_500),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
