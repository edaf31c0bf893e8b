/* Accounts: validation, argon2id hashing, unique logins. */
#include "auth/accounts.h"
#include "auth/password.h"
#include "store/store.h"
#include "support/tempdb.h"
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

static void create_and_refuse_duplicates(void **state)
{
    (void)state;
    tempdb db;
    assert_int_equal(tempdb_open(&db, TEMPDB_LATEST), 0);
    store_conn *c = db.c;
    char id[32];
    assert_int_equal(store_begin(c), STORE_OK);
    assert_int_equal(accounts_create(c, "kato", "加藤", "welfare", "long-enough-pw",
                                     ACCOUNT_BY_OPERATOR, NULL, 1, id),
                     ACCOUNT_OK);
    assert_int_equal(store_commit(c), STORE_OK);
    assert_int_equal(store_begin(c), STORE_OK);
    assert_int_equal(accounts_create(c, "kato", "加藤2", "health", "long-enough-pw",
                                     ACCOUNT_BY_OPERATOR, NULL, 2, id),
                     ACCOUNT_LOGIN_TAKEN);
    assert_int_equal(
        accounts_create(c, "new", "新", "root", "long-enough-pw", ACCOUNT_BY_OPERATOR, NULL, 2, id),
        ACCOUNT_BAD_ROLE);
    assert_int_equal(
        accounts_create(c, "new", "新", "clerk", "short", ACCOUNT_BY_OPERATOR, NULL, 2, id),
        ACCOUNT_WEAK_PASSWORD);
    assert_int_equal(
        accounts_create(c, "new", "", "clerk", "long-enough-pw", ACCOUNT_BY_OPERATOR, NULL, 2, id),
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
    tempdb_close(&db);
}

static void api_accounts_wait_for_a_director(void **state)
{
    (void)state;
    tempdb db;
    assert_int_equal(tempdb_open(&db, TEMPDB_LATEST), 0);
    store_conn *c = db.c;
    pool *p = pool_create();
    char boss[32], clerk[32], admin[32];
    assert_int_equal(store_begin(c), STORE_OK);
    assert_int_equal(accounts_create(c, "boss", "所長", "director", "long-enough-pw",
                                     ACCOUNT_BY_OPERATOR, NULL, 1, boss),
                     ACCOUNT_OK);
    assert_int_equal(accounts_create(c, "clerk", "受付", "clerk", "long-enough-pw", ACCOUNT_BY_API,
                                     "admin-id", 2, clerk),
                     ACCOUNT_OK);
    assert_int_equal(accounts_create(c, "admin2", "管理", "admin", "long-enough-pw", ACCOUNT_BY_API,
                                     "admin-id", 2, admin),
                     ACCOUNT_OK);
    assert_int_equal(store_commit(c), STORE_OK);
    store_user u;
    assert_int_equal(store_user_by_id(c, p, boss, &u), STORE_OK);
    assert_string_equal(u.status, "active"); /* the operator is trusted */
    assert_null(u.pending_reason);
    assert_int_equal(store_user_by_id(c, p, admin, &u), STORE_OK);
    assert_string_equal(u.status, "active"); /* admin reads no case content */
    assert_int_equal(store_user_by_id(c, p, clerk, &u), STORE_OK);
    assert_string_equal(u.status, "pending");
    assert_string_equal(u.pending_reason, "created");
    assert_null(u.approved_by);

    assert_int_equal(store_begin(c), STORE_OK);
    /* Not one's own account; not a stale version; not an active account. */
    assert_int_equal(accounts_approve(c, p, clerk, clerk, 3, -1), ACCOUNT_SELF_APPROVAL);
    assert_int_equal(accounts_approve(c, p, clerk, boss, 3, 2), STORE_CONFLICT);
    assert_int_equal(accounts_approve(c, p, boss, clerk, 3, -1), ACCOUNT_NOT_PENDING);
    assert_int_equal(accounts_approve(c, p, "nobody", boss, 3, -1), STORE_NOT_FOUND);
    assert_int_equal(accounts_approve(c, p, clerk, boss, 3, 1), ACCOUNT_OK);
    assert_int_equal(store_commit(c), STORE_OK);
    assert_int_equal(store_user_by_id(c, p, clerk, &u), STORE_OK);
    assert_string_equal(u.status, "active");
    assert_null(u.pending_reason);
    assert_string_equal(u.approved_by, boss);
    assert_int_equal(u.approved_at, 3);
    assert_int_equal(u.version, 2);
    pool_destroy(p);
    tempdb_close(&db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(login_rules),     cmocka_unit_test(password_rules),
        cmocka_unit_test(hash_and_verify), cmocka_unit_test(create_and_refuse_duplicates),
        cmocka_unit_test(pending_reasons), cmocka_unit_test(api_accounts_wait_for_a_director),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
