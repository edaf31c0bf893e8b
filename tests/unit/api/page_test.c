/* Lists never leave a row out: an item that could not be built fails the answer (500). */
#include "api/common.h"
#include "api/page.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

static const char *error_code(const http_req *req)
{
    static char code[32];
    json_t *v = json_loads(req->resp_body, 0, NULL);
    assert_non_null(v);
    const char *c = json_string_value(json_object_get(json_object_get(v, "error"), "code"));
    snprintf(code, sizeof code, "%s", c ? c : "");
    json_decref(v);
    return code;
}

static void page_of_good_items(void **state)
{
    (void)state;
    http_req req = {.pool = pool_create(), .method = "GET", .path = "/api/v1/x"};
    api_page pg;
    api_page_start(&pg, &req, 50, 1);
    api_page_add(&pg, json_pack("{s:s}", "id", "a"), "a", NULL);
    api_page_add(&pg, json_pack("{s:s}", "id", "b"), "b", NULL);
    api_page_answer(&pg, STORE_OK);
    assert_int_equal(req.status, 200);
    assert_non_null(strstr(req.resp_body, "\"items\":[{\"id\":\"a\"},{\"id\":\"b\"}]"));
    pool_destroy(req.pool);
}

static void failed_item_fails_the_page(void **state)
{
    (void)state;
    http_req req = {.pool = pool_create(), .method = "GET", .path = "/api/v1/x"};
    api_page pg;
    api_page_start(&pg, &req, 50, 1);
    api_page_add(&pg, json_pack("{s:s}", "id", "a"), "a", NULL);
    api_page_add(&pg, json_pack("{s:s}", "id", "\xff"), "b", NULL); /* invalid UTF-8: NULL */
    api_page_add(&pg, json_pack("{s:s}", "id", "c"), "c", NULL);
    api_page_answer(&pg, STORE_OK);
    assert_int_equal(req.status, 500);
    assert_string_equal(error_code(&req), "internal");
    pool_destroy(req.pool);
}

static void set_and_append_fail_the_whole_value(void **state)
{
    (void)state;
    json_t *o = json_object();
    o = api_json_set(o, "a", json_integer(1));
    assert_non_null(o);
    o = api_json_set(o, "b", json_string("\xff"));
    assert_null(o);
    assert_null(api_json_set(o, "c", json_integer(3))); /* stays failed; the value is released */
    json_t *a = json_array();
    a = api_json_append(a, json_string("x"));
    assert_int_equal(json_array_size(a), 1);
    a = api_json_append(a, json_pack("{s:s}", "k", (const char *)NULL));
    assert_null(a);
    assert_null(api_json_append(a, json_string("y")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(page_of_good_items),
        cmocka_unit_test(failed_item_fails_the_page),
        cmocka_unit_test(set_and_append_fail_the_whole_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
