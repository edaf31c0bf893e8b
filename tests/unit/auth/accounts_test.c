/* Accounts: validation, argon2id hashing, unique logins. */
#include "auth/accounts.h"
#include "auth/password.h"
#include "store/store.h"
#include "store/users.h"

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

static void create_and_refuse_duplicates(void **state)
{
    (void)state;
    char dir[] = "/tmp/tsunagu-acc-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/t.db", dir);
    store *s;
    assert_int_equal(store_open_sqlite(&s, path), STORE_OK);
    store_conn *c = store_conn_open(s);
    assert_int_equal(store_migrate(c), STORE_OK);
    char id[32];
    assert_int_equal(store_begin(c), STORE_OK);
    assert_int_equal(accounts_create(c, "kato", "加藤", "welfare", "long-enough-pw", NULL, 1, id),
                     ACCOUNT_OK);
    assert_int_equal(store_commit(c), STORE_OK);
    assert_int_equal(store_begin(c), STORE_OK);
    assert_int_equal(accounts_create(c, "kato", "加藤2", "health", "long-enough-pw", NULL, 2, id),
                     ACCOUNT_LOGIN_TAKEN);
    assert_int_equal(accounts_create(c, "new", "新", "root", "long-enough-pw", NULL, 2, id),
                     ACCOUNT_BAD_ROLE);
    assert_int_equal(accounts_create(c, "new", "新", "clerk", "short", NULL, 2, id),
                     ACCOUNT_WEAK_PASSWORD);
    assert_int_equal(accounts_create(c, "new", "", "clerk", "long-enough-pw", NULL, 2, id),
                     ACCOUNT_BAD_NAME);
    store_rollback(c);
    pool *p = pool_create();
    store_user u;
    assert_int_equal(store_user_by_login(c, p, "kato", &u), STORE_OK);
    assert_string_equal(u.name, "加藤");
    assert_string_equal(u.role, "welfare");
    assert_true(password_verify(u.password_hash, "long-enough-pw"));
    assert_int_equal(store_user_by_login(c, p, "new", &u), STORE_NOT_FOUND);
    pool_destroy(p);
    store_conn_close(c);
    store_close(s);
    char cmd[100];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(login_rules),
        cmocka_unit_test(password_rules),
        cmocka_unit_test(hash_and_verify),
        cmocka_unit_test(create_and_refuse_duplicates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
