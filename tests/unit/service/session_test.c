/* Signing in and out without HTTP, at a fixed instant: each outcome of a login, what each one
 * records (sessions, failures, audit), and that a login that fails to commit starts no session. */
#include "service/session.h"
#include "service/users.h"
#include "store/sessions.h"
#include "support/rows.h"
#include "support/tempdb.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

enum { NOW = 1760000000 };

typedef struct fixture {
    tempdb db;
    pool *p;
    char user[32]; /* hoken, active, password "long-enough-pw" */
} fixture;

static int64_t count(fixture *f, const char *sql, const char *param)
{
    return rows_count(f->db.c, sql, param);
}

static int setup(void **state)
{
    fixture *f = test_calloc(1, sizeof *f);
    if (tempdb_open(&f->db, TEMPDB_LATEST) != 0)
        return -1;
    f->p = pool_create();
    svc_ctx ctx;
    svc_ctx_init_system(&ctx, f->db.c, f->p, NOW - 100);
    store_user u;
    svc_user_new in = {"hoken", "保健 みどり", "health", "long-enough-pw", NULL};
    if (svc_users_create(&ctx, &in, &u).status != SVC_OK)
        return -1;
    strcpy(f->user, u.id);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    pool_destroy(f->p);
    tempdb_close(&f->db);
    test_free(f);
    return 0;
}

/* A context before sign-in, at `now`. */
static svc_result login(fixture *f, const char *name, const char *password, int64_t now,
                        svc_login *out)
{
    svc_ctx ctx;
    svc_ctx_init(&ctx, f->db.c, f->p, NULL, ROLE_NONE, now);
    return svc_session_login(&ctx, &(svc_login_input){name, password, NULL}, out);
}

static void the_right_password_starts_a_session(void **state)
{
    fixture *f = *state;
    svc_login l;
    assert_int_equal(login(f, "hoken", "wrong-password", NOW, &l).status, SVC_OK);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM login_failures", NULL), 1);
    assert_int_equal(login(f, "hoken", "long-enough-pw", NOW, &l).status, SVC_OK);
    assert_int_equal(l.outcome, SVC_LOGIN_OK);
    assert_string_equal(l.user.id, f->user);
    assert_int_equal(strlen(l.token), RANDOM_TOKEN_LEN);
    assert_int_equal(strlen(l.csrf_token), RANDOM_TOKEN_LEN);
    /* Only the token's hash is stored, and it finds the session. */
    char hash[65];
    random_token_hash(l.token, hash);
    store_session s;
    assert_int_equal(store_session_find(f->db.c, hash, &s), STORE_OK);
    assert_string_equal(s.user_id, f->user);
    assert_string_equal(s.csrf_token, l.csrf_token);
    assert_int_equal(s.created_at, NOW);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM sessions WHERE token_hash = ?", l.token), 0);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM login_failures", NULL), 0); /* cleared */
    assert_int_equal(count(f,
                           "SELECT COUNT(*) FROM audit WHERE action = 'login' AND user_id = ?"
                           " AND object_id = user_id",
                           f->user),
                     1);
}

static void a_wrong_password_or_login_is_refused_and_counted(void **state)
{
    fixture *f = *state;
    svc_login l;
    assert_int_equal(login(f, "hoken", "wrong-password", NOW, &l).status, SVC_OK);
    assert_int_equal(l.outcome, SVC_LOGIN_REFUSED);
    assert_int_equal(login(f, "nobody", "long-enough-pw", NOW, &l).status, SVC_OK);
    assert_int_equal(l.outcome, SVC_LOGIN_REFUSED);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM sessions", NULL), 0);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM login_failures", NULL), 2);
    assert_int_equal(count(f,
                           "SELECT COUNT(*) FROM audit WHERE action = 'login_failed' AND"
                           " user_id = ? AND object_id = user_id",
                           f->user),
                     1);
    /* An unknown login is audited against no one. */
    assert_int_equal(count(f,
                           "SELECT COUNT(*) FROM audit WHERE action = 'login_failed' AND"
                           " user_id IS NULL AND object_id = '-'",
                           NULL),
                     1);
}

static void a_disabled_account_is_refused(void **state)
{
    fixture *f = *state;
    assert_int_equal(store_exec(f->db.c, "UPDATE users SET disabled = 1 WHERE login = 'hoken'"),
                     STORE_OK);
    svc_login l;
    assert_int_equal(login(f, "hoken", "long-enough-pw", NOW, &l).status, SVC_OK);
    assert_int_equal(l.outcome, SVC_LOGIN_REFUSED);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM sessions", NULL), 0);
}

/* The two-person rule: the right password, but a director has not approved the account yet. */
static void a_pending_account_is_told_so_and_gets_no_session(void **state)
{
    fixture *f = *state;
    svc_ctx ctx;
    svc_ctx_init(&ctx, f->db.c, f->p, f->user, ROLE_ADMIN, NOW);
    store_user u;
    svc_user_new in = {"fukushi", "福祉 太郎", "welfare", "welfare-pass-1", NULL};
    assert_int_equal(svc_users_create(&ctx, &in, &u).status, SVC_OK);
    svc_login l;
    assert_int_equal(login(f, "fukushi", "welfare-pass-1", NOW, &l).status, SVC_OK);
    assert_int_equal(l.outcome, SVC_LOGIN_PENDING);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM sessions", NULL), 0);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM login_failures", NULL), 1);
    assert_int_equal(
        count(f, "SELECT COUNT(*) FROM audit WHERE action = 'login_pending' AND user_id = ?", u.id),
        1);
}

/* Five failures in 15 minutes lock the login, even for the right password, until they age. */
static void five_failures_throttle_the_login(void **state)
{
    fixture *f = *state;
    svc_login l;
    for (int i = 0; i < 5; i++) {
        assert_int_equal(login(f, "hoken", "wrong-password", NOW + i, &l).status, SVC_OK);
        assert_int_equal(l.outcome, SVC_LOGIN_REFUSED);
    }
    int64_t audit = count(f, "SELECT COUNT(*) FROM audit", NULL);
    assert_int_equal(login(f, "hoken", "long-enough-pw", NOW + 10, &l).status, SVC_OK);
    assert_int_equal(l.outcome, SVC_LOGIN_THROTTLED);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM sessions", NULL), 0);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM login_failures", NULL), 5);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit", NULL), audit);
    assert_int_equal(login(f, "hoken", "long-enough-pw", NOW + 15 * 60 + 5, &l).status, SVC_OK);
    assert_int_equal(l.outcome, SVC_LOGIN_OK);
}

/* The login's write fails at its last statement (the audit row): no session was started, the
 * failures are not cleared, and no token is left behind. */
static void a_login_that_cannot_be_audited_starts_no_session(void **state)
{
    fixture *f = *state;
    assert_int_equal(store_exec(f->db.c, "CREATE TEMP TRIGGER refuse_login BEFORE INSERT ON audit"
                                         " WHEN NEW.action = 'login'"
                                         " BEGIN SELECT RAISE(ABORT, 'refused'); END"),
                     STORE_OK);
    svc_login l;
    assert_int_equal(login(f, "hoken", "long-enough-pw", NOW, &l).status, SVC_ERROR);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM sessions", NULL), 0);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM login_failures", NULL), 1);
    assert_int_equal(l.token[0], '\0');
}

static void logout_ends_the_session(void **state)
{
    fixture *f = *state;
    svc_login l;
    assert_int_equal(login(f, "hoken", "long-enough-pw", NOW, &l).status, SVC_OK);
    char hash[65];
    random_token_hash(l.token, hash);
    svc_ctx ctx;
    svc_ctx_init(&ctx, f->db.c, f->p, f->user, ROLE_HEALTH, NOW + 60);
    assert_int_equal(svc_session_logout(&ctx, hash).status, SVC_OK);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM sessions", NULL), 0);
    assert_int_equal(
        count(f, "SELECT COUNT(*) FROM audit WHERE action = 'logout' AND user_id = ?", f->user), 1);
}

static void a_failed_logout_keeps_the_session(void **state)
{
    fixture *f = *state;
    svc_login l;
    assert_int_equal(login(f, "hoken", "long-enough-pw", NOW, &l).status, SVC_OK);
    char hash[65];
    random_token_hash(l.token, hash);
    assert_int_equal(store_exec(f->db.c, "CREATE TEMP TRIGGER refuse_audit BEFORE INSERT ON audit"
                                         " BEGIN SELECT RAISE(ABORT, 'refused'); END"),
                     STORE_OK);
    svc_ctx ctx;
    svc_ctx_init(&ctx, f->db.c, f->p, f->user, ROLE_HEALTH, NOW + 60);
    assert_int_equal(svc_session_logout(&ctx, hash).status, SVC_ERROR);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM sessions", NULL), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(the_right_password_starts_a_session, setup, teardown),
        cmocka_unit_test_setup_teardown(a_wrong_password_or_login_is_refused_and_counted, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_disabled_account_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(a_pending_account_is_told_so_and_gets_no_session, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(five_failures_throttle_the_login, setup, teardown),
        cmocka_unit_test_setup_teardown(a_login_that_cannot_be_audited_starts_no_session, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(logout_ends_the_session, setup, teardown),
        cmocka_unit_test_setup_teardown(a_failed_logout_keeps_the_session, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
