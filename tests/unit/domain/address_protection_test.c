/* tests/unit/domain/address_protection_test.c: src/domain/address_protection.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/address_protection.h"

static void test_unprotected(void **state)
{
    (void)state;
    assert_true(address_visible(false, ADDRESS_VIEW_RECORD, false));
    assert_true(address_visible(false, ADDRESS_VIEW_RECORD, true));
    assert_true(address_visible(false, ADDRESS_VIEW_PAPER, false));
    /* A partner never sees an address, protected or not. */
    assert_false(address_visible(false, ADDRESS_VIEW_PARTNER, false));
    assert_false(address_visible(false, ADDRESS_VIEW_PARTNER, true));
}

static void test_protected(void **state)
{
    (void)state;
    assert_true(address_visible(true, ADDRESS_VIEW_RECORD, true));
    assert_false(address_visible(true, ADDRESS_VIEW_RECORD, false));
    /* Never on papers, lists, the ledger or exports, whoever prints them. */
    assert_false(address_visible(true, ADDRESS_VIEW_PAPER, true));
    assert_false(address_visible(true, ADDRESS_VIEW_PAPER, false));
    assert_false(address_visible(true, ADDRESS_VIEW_PARTNER, true));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unprotected),
        cmocka_unit_test(test_protected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
