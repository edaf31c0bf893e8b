/* The report codes of domain.md. */
#include "domain/report_codes.h"
#include "service/meta.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static int count(const vocab *v)
{
    int n = 0;
    while (v->codes[n].code)
        n++;
    return n;
}

static void tables_match_the_spec(void **state)
{
    (void)state;
    assert_int_equal(count(&report_abuse_types), 4);
    assert_int_equal(count(&report_perpetrators), 5);
    assert_int_equal(count(&report_routes), 17);
    assert_string_equal(report_abuse_type_label("neglect"), "保護の怠慢・拒否（ネグレクト）");
    assert_string_equal(report_perpetrator_label("other_mother"), "実母以外の母");
    assert_string_equal(report_route_label("school"), "学校");
    assert_string_equal(report_route_label("health_center"), "保健センター・保健所");
    assert_string_equal(report_route_label("jisou"), "児童相談所");
}

static void unknown_codes(void **state)
{
    (void)state;
    assert_null(report_route_label("internet"));
    assert_null(report_abuse_type_label(""));
    assert_null(report_abuse_type_label(NULL));
    /* Codes of one table are not codes of another. */
    assert_null(report_abuse_type_label("school"));
}

static void registered_for_the_ui(void **state)
{
    (void)state;
    int found = 0;
    for (const vocab *const *v = svc_meta_tables(); *v; v++)
        found += *v == &report_abuse_types || *v == &report_perpetrators || *v == &report_routes;
    assert_int_equal(found, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tables_match_the_spec),
        cmocka_unit_test(unknown_codes),
        cmocka_unit_test(registered_for_the_ui),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
