/* The report codes of domain.md. */
#include "domain/report_codes.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static int count(const report_code t[])
{
    int n = 0;
    while (t[n].code)
        n++;
    return n;
}

static void tables_match_the_spec(void **state)
{
    (void)state;
    assert_int_equal(count(report_abuse_types), 4);
    assert_int_equal(count(report_perpetrators), 5);
    assert_int_equal(count(report_routes), 17);
    assert_string_equal(report_code_label(report_abuse_types, "neglect"),
                        "保護の怠慢・拒否（ネグレクト）");
    assert_string_equal(report_code_label(report_perpetrators, "other_mother"), "実母以外の母");
    assert_string_equal(report_code_label(report_routes, "school"), "学校");
    assert_string_equal(report_code_label(report_routes, "health_center"), "保健センター・保健所");
    assert_string_equal(report_code_label(report_routes, "jisou"), "児童相談所");
}

static void unknown_codes(void **state)
{
    (void)state;
    assert_null(report_code_label(report_routes, "internet"));
    assert_null(report_code_label(report_abuse_types, ""));
    assert_null(report_code_label(report_abuse_types, NULL));
    /* Codes of one table are not codes of another. */
    assert_null(report_code_label(report_abuse_types, "school"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tables_match_the_spec),
        cmocka_unit_test(unknown_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
