/* Accounts: validation, argon2id hashing, the two-person rule's reasons (creating and approving
 * accounts: tests/unit/service/users_test.c). */
#include "auth/accounts.h"
#include "auth/password.h"

#include <sodium.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

static void login_rules(void **state)
{
    (void)state;
    assert_true(accounts_login_valid("sato.h"));
    assert_true(accounts_login_valid("a"));
    assert_true(accounts_login_valid("user@city-01"));
    assert_false(accounts_login_valid(""));
    assert_false(accounts_login_valid("佐藤"));
    assert_false(accounts_login_valid("a b"));
    assert_false(accounts_login_valid("a;DROP"));
    char longest[102];
    memset(longest, 'a', 101);
    longest[101] = '\0';
    assert_false(accounts_login_valid(longest));
    longest[100] = '\0';
    assert_true(accounts_login_valid(longest));
}

static void password_rules(void **state)
{
    (void)state;
    assert_false(accounts_password_acceptable("123456789"));
    assert_true(accounts_password_acceptable("1234567890"));
    /* Characters, not bytes: ten kana are ten characters. */
    assert_true(accounts_password_acceptable("あいうえおかきくけこ"));
    assert_false(accounts_password_acceptable("あいうえおかきくけ"));
    assert_false(accounts_password_acceptable(NULL));
}

static void hash_and_verify(void **state)
{
    (void)state;
    char hash[PASSWORD_HASH_MAX];
    assert_int_equal(password_hash("correct horse battery", hash), 0);
    assert_memory_equal(hash, "$argon2id$", 10);
    assert_true(password_verify(hash, "correct horse battery"));
    assert_false(password_verify(hash, "correct horse batterx"));
    assert_false(password_verify(hash, ""));
    assert_false(password_needs_rehash(hash));
    /* A hash made with other parameters (libsodium's interactive limits) is due an upgrade. */
    char old[PASSWORD_HASH_MAX];
    assert_int_equal(crypto_pwhash_str(old, "pw-of-old", 9, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                       crypto_pwhash_MEMLIMIT_INTERACTIVE),
                     0);
    assert_true(password_verify(old, "pw-of-old"));
    assert_true(password_needs_rehash(old));
}

/* The two-person rule as a table: role after the change, flags, reason before -> reason after. */
static void pending_reasons(void **state)
{
    (void)state;
    /* Created through the API: waits, unless it is an admin account. */
    assert_string_equal(accounts_pending_reason("director", ACCOUNT_CREATED, NULL), "created");
    assert_string_equal(accounts_pending_reason("clerk", ACCOUNT_CREATED, NULL), "created");
    assert_null(accounts_pending_reason("admin", ACCOUNT_CREATED, NULL));
    /* A new role or a new password on an active account. */
    assert_string_equal(accounts_pending_reason("director", ACCOUNT_ROLE_CHANGED, NULL),
                        "role_changed");
    assert_string_equal(accounts_pending_reason("health", ACCOUNT_PASSWORD_RESET, NULL),
                        "password_reset");
    assert_string_equal(
        accounts_pending_reason("health", ACCOUNT_PASSWORD_RESET | ACCOUNT_ROLE_CHANGED, NULL),
        "role_changed");
    /* Becoming admin (director -> admin) needs nobody; admin -> director does. */
    assert_null(accounts_pending_reason("admin", ACCOUNT_ROLE_CHANGED, NULL));
    assert_null(accounts_pending_reason("admin", ACCOUNT_PASSWORD_RESET, "role_changed"));
    /* No flag (a new name, disabling): as it was, pending or active. */
    assert_null(accounts_pending_reason("director", 0, NULL));
    assert_string_equal(accounts_pending_reason("director", 0, "password_reset"), "password_reset");
    /* A pending account keeps its weightiest reason: one never approved stays "created". */
    assert_string_equal(accounts_pending_reason("director", ACCOUNT_ROLE_CHANGED, "created"),
                        "created");
    assert_string_equal(accounts_pending_reason("director", ACCOUNT_PASSWORD_RESET, "created"),
                        "created");
    assert_string_equal(accounts_pending_reason("director", ACCOUNT_PASSWORD_RESET, "role_changed"),
                        "role_changed");
    assert_string_equal(accounts_pending_reason("director", ACCOUNT_ROLE_CHANGED, "password_reset"),
                        "role_changed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(login_rules),
        cmocka_unit_test(password_rules),
        cmocka_unit_test(hash_and_verify),
        cmocka_unit_test(pending_reasons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
