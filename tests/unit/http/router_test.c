/* Routing: patterns, parameters, 404 against 405. */
#include "http/router.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static void h_list(http_req *r)
{
    (void)r;
}
static void h_get(http_req *r)
{
    (void)r;
}
static void h_timeline(http_req *r)
{
    (void)r;
}

static const http_route routes[] = {
    {"GET", "/api/v1/persons", h_list, PERM_PERSON_READ, 0},
    {"GET", "/api/v1/persons/{id}", h_get, PERM_PERSON_READ, 0},
    {"GET", "/api/v1/persons/{id}/timeline", h_timeline, PERM_PERSON_READ, 0},
};
enum { N = sizeof routes / sizeof routes[0] };

static void finds_plain_path(void **state)
{
    (void)state;
    pool *p = pool_create();
    const http_route *r = NULL;
    const char *params[HTTP_MAX_PARAMS] = {0};
    assert_int_equal(router_find(routes, N, p, "GET", "/api/v1/persons", &r, params), ROUTE_FOUND);
    assert_ptr_equal(r->handler, h_list);
    pool_destroy(p);
}

static void captures_parameters(void **state)
{
    (void)state;
    pool *p = pool_create();
    const http_route *r = NULL;
    const char *params[HTTP_MAX_PARAMS] = {0};
    assert_int_equal(
        router_find(routes, N, p, "GET", "/api/v1/persons/abc_DEF-1/timeline", &r, params),
        ROUTE_FOUND);
    assert_ptr_equal(r->handler, h_timeline);
    assert_string_equal(params[0], "abc_DEF-1");
    assert_int_equal(router_find(routes, N, p, "GET", "/api/v1/persons/xyz", &r, params),
                     ROUTE_FOUND);
    assert_ptr_equal(r->handler, h_get);
    assert_string_equal(params[0], "xyz");
    pool_destroy(p);
}

static void unknown_path_and_method(void **state)
{
    (void)state;
    pool *p = pool_create();
    const http_route *r = NULL;
    const char *params[HTTP_MAX_PARAMS] = {0};
    assert_int_equal(router_find(routes, N, p, "GET", "/api/v1/nothing", &r, params),
                     ROUTE_NO_PATH);
    assert_int_equal(router_find(routes, N, p, "GET", "/api/v1/persons/", &r, params),
                     ROUTE_NO_PATH);
    assert_int_equal(router_find(routes, N, p, "GET", "/api/v1/persons/a/b", &r, params),
                     ROUTE_NO_PATH);
    assert_int_equal(router_find(routes, N, p, "DELETE", "/api/v1/persons", &r, params),
                     ROUTE_NO_METHOD);
    /* HEAD is served by the GET route. */
    assert_int_equal(router_find(routes, N, p, "HEAD", "/api/v1/persons", &r, params), ROUTE_FOUND);
    pool_destroy(p);
}

static const http_route more[] = {
    {"GET", "/api/v1/persons", h_list, PERM_PERSON_READ, 0},
    {"POST", "/api/v1/persons", h_list, PERM_PERSON_WRITE, 0},
    {"GET", "/api/v1/persons/{id}", h_get, PERM_PERSON_READ, 0},
    {"PATCH", "/api/v1/persons/{id}", h_get, PERM_PERSON_WRITE, 0},
    {"GET", "/api/v1/persons/{id}/timeline", h_timeline, PERM_PERSON_READ, 0},
    {"POST", "/api/v1/persons/{pid}", h_get, PERM_PERSON_WRITE, 0},
    {"GET", "/api/v1/persons/{x}", h_get, PERM_PERSON_READ, 0},
};

/* 405 answers carry Allow: the methods the table has for that path, once each, in table order. */
static void allowed_methods(void **state)
{
    (void)state;
    pool *p = pool_create();
    enum { M = sizeof more / sizeof more[0] };
    assert_string_equal(router_allowed(more, 4, p, "/api/v1/persons/abc"), "GET, PATCH");
    assert_string_equal(router_allowed(more, M, p, "/api/v1/persons/abc"), "GET, PATCH, POST");
    assert_string_equal(router_allowed(more, M, p, "/api/v1/persons"), "GET, POST");
    assert_string_equal(router_allowed(more, M, p, "/api/v1/persons/abc/timeline"), "GET");
    assert_null(router_allowed(more, M, p, "/api/v1/nothing"));
    assert_null(router_allowed(more, M, p, "/api/v1/persons/"));
    pool_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_plain_path),
        cmocka_unit_test(captures_parameters),
        cmocka_unit_test(unknown_path_and_method),
        cmocka_unit_test(allowed_methods),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
