/* The account use cases without HTTP, at a fixed instant: the two-person rule, each result kind,
 * and that a use case that fails leaves the accounts, the sessions and the audit as they were. */
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
    char admin[32];    /* an active admin, made by the system */
    char director[32]; /* an active director, made by the system */
} fixture;

static int64_t audit_rows(fixture *f)
{
    return rows_count(f->db.c, "SELECT COUNT(*) FROM audit", NULL);
}

static int64_t user_rows(fixture *f)
{
    return rows_count(f->db.c, "SELECT COUNT(*) FROM users", NULL);
}

static void as_user(fixture *f, svc_ctx *ctx, const char *user_id, role r)
{
    svc_ctx_init(ctx, f->db.c, f->p, user_id, r, NOW);
}

static void system_creates(fixture *f, const char *login, const char *role_code, char id[32])
{
    svc_ctx ctx;
    svc_ctx_init_system(&ctx, f->db.c, f->p, NOW - 100);
    store_user u;
    svc_user_new in = {login, "職員 太郎", role_code, "long-enough-pw", NULL};
    assert_int_equal(svc_users_create(&ctx, &in, &u).status, SVC_OK);
    assert_string_equal(u.status, "active"); /* the operator is trusted */
    strcpy(id, u.id);
}

static int setup(void **state)
{
    fixture *f = test_calloc(1, sizeof *f);
    if (tempdb_open(&f->db, TEMPDB_LATEST) != 0)
        return -1;
    f->p = pool_create();
    system_creates(f, "kanri", "admin", f->admin);
    system_creates(f, "chou", "director", f->director);
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

/* A failure after some statements of the use case had run: every audit row is refused. */
static void refuse_audit_rows(fixture *f)
{
    assert_int_equal(store_exec(f->db.c, "CREATE TEMP TRIGGER refuse_audit BEFORE INSERT ON audit"
                                         " BEGIN SELECT RAISE(ABORT, 'refused'); END"),
                     STORE_OK);
}

static void created_by_a_user_waits_for_a_director(void **state)
{
    fixture *f = *state;
    svc_ctx ctx;
    as_user(f, &ctx, f->admin, ROLE_ADMIN);
    int64_t audit = audit_rows(f);
    store_user u;
    svc_user_new clerk = {"uketsuke", "受付 花子", "clerk", "long-enough-pw", NULL};
    assert_int_equal(svc_users_create(&ctx, &clerk, &u).status, SVC_OK);
    assert_string_equal(u.status, "pending");
    assert_string_equal(u.pending_reason, "created");
    assert_int_equal(u.version, 1);
    assert_int_equal(u.created_at, NOW);
    assert_int_equal(audit_rows(f), audit + 1);
    assert_int_equal(rows_count(f->db.c,
                                "SELECT COUNT(*) FROM audit WHERE action = 'create' AND"
                                " object_type = 'user' AND object_id = ? AND user_id IS NOT NULL",
                                u.id),
                     1);
    /* An admin account never waits: admin reads no case content. */
    svc_user_new admin = {"kanri2", "管理 次郎", "admin", "long-enough-pw", NULL};
    assert_int_equal(svc_users_create(&ctx, &admin, &u).status, SVC_OK);
    assert_string_equal(u.status, "active");
}

static void create_refuses_bad_input_and_writes_nothing(void **state)
{
    fixture *f = *state;
    svc_ctx ctx;
    as_user(f, &ctx, f->admin, ROLE_ADMIN);
    int64_t users = user_rows(f), audit = audit_rows(f);
    store_user u;
    const struct {
        svc_user_new in;
        const char *field;
    } cases[] = {
        {{"a b", "名前", "clerk", "long-enough-pw", NULL}, "login"},
        {{"kanri", "名前", "clerk", "long-enough-pw", NULL}, "login"}, /* taken: the insert fails */
        {{"new", "", "clerk", "long-enough-pw", NULL}, "name"},
        {{"new", "名前", "root", "long-enough-pw", NULL}, "role"},
        {{"new", "名前", "clerk", "short", NULL}, "password"},
        {{NULL, "名前", "clerk", "long-enough-pw", NULL}, "login"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        svc_result r = svc_users_create(&ctx, &cases[i].in, &u);
        assert_int_equal(r.status, SVC_INVALID);
        assert_string_equal(r.field, cases[i].field);
    }
    assert_int_equal(user_rows(f), users);
    assert_int_equal(audit_rows(f), audit);
}

static void only_whoever_manages_accounts_creates_them(void **state)
{
    fixture *f = *state;
    svc_ctx ctx;
    as_user(f, &ctx, f->director, ROLE_DIRECTOR);
    int64_t users = user_rows(f);
    store_user u;
    svc_user_new in = {"new", "名前", "director", "long-enough-pw", NULL};
    assert_int_equal(svc_users_create(&ctx, &in, &u).status, SVC_FORBIDDEN);
    assert_int_equal(user_rows(f), users);
}

/* Inside the caller's transaction (the import): a failure undoes only its own savepoint. */
static void inside_a_caller_transaction_a_failure_undoes_only_itself(void **state)
{
    fixture *f = *state;
    svc_ctx ctx;
    svc_ctx_init_system(&ctx, f->db.c, f->p, NOW);
    ctx.in_transaction = true;
    int64_t users = user_rows(f);
    store_user u;
    assert_int_equal(store_begin(f->db.c), STORE_OK);
    svc_user_new first = {"first", "一番", "health", "long-enough-pw", NULL};
    assert_int_equal(svc_users_create(&ctx, &first, &u).status, SVC_OK);
    svc_user_new again = {"first", "二番", "health", "long-enough-pw", NULL};
    assert_int_equal(svc_users_create(&ctx, &again, &u).status, SVC_INVALID);
    assert_int_equal(store_commit(f->db.c), STORE_OK);
    assert_int_equal(user_rows(f), users + 1);
}

static void update_results(void **state)
{
    fixture *f = *state;
    svc_ctx ctx;
    as_user(f, &ctx, f->admin, ROLE_ADMIN);
    int64_t audit = audit_rows(f);
    store_user u;
    svc_user_changes rename = {.name = "所長 次郎"};
    assert_int_equal(svc_users_update(&ctx, "nobody", 1, &rename, &u).status, SVC_NOT_FOUND);
    assert_int_equal(svc_users_update(&ctx, f->director, 7, &rename, &u).status, SVC_CONFLICT);
    /* The admin cannot take away their own management of accounts. */
    svc_user_changes demote = {.role = "health"};
    svc_result r = svc_users_update(&ctx, f->admin, 1, &demote, &u);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "role");
    svc_user_changes disable = {.set_disabled = true, .disabled = true};
    r = svc_users_update(&ctx, f->admin, 1, &disable, &u);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "disabled");
    svc_user_changes weak = {.password = "short"};
    r = svc_users_update(&ctx, f->director, 1, &weak, &u);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "password");
    as_user(f, &ctx, f->director, ROLE_DIRECTOR);
    assert_int_equal(svc_users_update(&ctx, f->director, 1, &rename, &u).status, SVC_FORBIDDEN);
    assert_int_equal(audit_rows(f), audit);
    /* Nothing to change: the account as it is, nothing written. */
    as_user(f, &ctx, f->admin, ROLE_ADMIN);
    svc_user_changes none = {0};
    assert_int_equal(svc_users_update(&ctx, f->director, 1, &none, &u).status, SVC_OK);
    assert_int_equal(u.version, 1);
    assert_int_equal(audit_rows(f), audit);
}

/* A new password makes the account wait again and ends its sessions; a rename does not. */
static void a_new_password_waits_and_ends_the_sessions(void **state)
{
    fixture *f = *state;
    assert_int_equal(store_begin(f->db.c), STORE_OK);
    assert_int_equal(store_session_create(f->db.c, "hash-1", f->director, "csrf", NOW), STORE_OK);
    assert_int_equal(store_commit(f->db.c), STORE_OK);
    svc_ctx ctx;
    as_user(f, &ctx, f->admin, ROLE_ADMIN);
    int64_t audit = audit_rows(f);
    store_user u;
    svc_user_changes rename = {.name = "所長 次郎"};
    assert_int_equal(svc_users_update(&ctx, f->director, 1, &rename, &u).status, SVC_OK);
    assert_string_equal(u.status, "active");
    assert_int_equal(u.version, 2);
    assert_int_equal(rows_count(f->db.c, "SELECT COUNT(*) FROM sessions", NULL), 1);
    svc_user_changes reset = {.password = "another-long-pw"};
    assert_int_equal(svc_users_update(&ctx, f->director, 2, &reset, &u).status, SVC_OK);
    assert_string_equal(u.status, "pending");
    assert_string_equal(u.pending_reason, "password_reset");
    assert_int_equal(u.version, 3);
    assert_int_equal(u.updated_at, NOW);
    assert_int_equal(rows_count(f->db.c, "SELECT COUNT(*) FROM sessions", NULL), 0);
    assert_int_equal(audit_rows(f), audit + 2);
    assert_int_equal(rows_count(f->db.c, "SELECT version FROM users WHERE id = ?", f->director), 3);
}

/* The audit row is the last statement: when it fails, the account and its sessions are as they
 * were. */
static void a_failed_update_is_rolled_back(void **state)
{
    fixture *f = *state;
    assert_int_equal(store_begin(f->db.c), STORE_OK);
    assert_int_equal(store_session_create(f->db.c, "hash-1", f->director, "csrf", NOW), STORE_OK);
    assert_int_equal(store_commit(f->db.c), STORE_OK);
    refuse_audit_rows(f);
    svc_ctx ctx;
    as_user(f, &ctx, f->admin, ROLE_ADMIN);
    store_user u;
    svc_user_changes change = {.role = "health"};
    assert_int_equal(svc_users_update(&ctx, f->director, 1, &change, &u).status, SVC_ERROR);
    assert_int_equal(rows_count(f->db.c,
                                "SELECT COUNT(*) FROM users WHERE id = ? AND version = 1 AND"
                                " role = 'director' AND status = 'active'",
                                f->director),
                     1);
    assert_int_equal(rows_count(f->db.c, "SELECT COUNT(*) FROM sessions", NULL), 1);
}

static void approve_results(void **state)
{
    fixture *f = *state;
    svc_ctx ctx;
    as_user(f, &ctx, f->admin, ROLE_ADMIN);
    store_user u;
    svc_user_new in = {"hoken", "保健 みどり", "health", "long-enough-pw", NULL};
    assert_int_equal(svc_users_create(&ctx, &in, &u).status, SVC_OK);
    const char *pending = u.id;
    int64_t audit = audit_rows(f);

    /* The admin cannot approve: the second person is a director. */
    assert_int_equal(svc_users_approve(&ctx, pending, 1, &u).status, SVC_FORBIDDEN);
    as_user(f, &ctx, f->director, ROLE_DIRECTOR);
    assert_int_equal(svc_users_approve(&ctx, "nobody", 1, &u).status, SVC_NOT_FOUND);
    assert_int_equal(svc_users_approve(&ctx, pending, 2, &u).status, SVC_CONFLICT);
    assert_int_equal(svc_users_approve(&ctx, f->admin, 1, &u).status, SVC_INVALID_TRANSITION);
    as_user(f, &ctx, pending, ROLE_DIRECTOR); /* as if it approved itself */
    assert_int_equal(svc_users_approve(&ctx, pending, 1, &u).status, SVC_FORBIDDEN);
    assert_int_equal(audit_rows(f), audit);
    assert_int_equal(rows_count(f->db.c,
                                "SELECT COUNT(*) FROM users WHERE id = ? AND status = 'pending'",
                                pending),
                     1);

    as_user(f, &ctx, f->director, ROLE_DIRECTOR);
    assert_int_equal(svc_users_approve(&ctx, pending, 1, &u).status, SVC_OK);
    assert_string_equal(u.status, "active");
    assert_null(u.pending_reason);
    assert_string_equal(u.approved_by, f->director);
    assert_int_equal(u.approved_at, NOW);
    assert_int_equal(u.version, 2);
    assert_int_equal(audit_rows(f), audit + 1);
    assert_int_equal(rows_count(f->db.c,
                                "SELECT COUNT(*) FROM users WHERE id = ? AND status = 'active'"
                                " AND approved_by IS NOT NULL AND version = 2",
                                pending),
                     1);
}

static void a_failed_approval_is_rolled_back(void **state)
{
    fixture *f = *state;
    svc_ctx ctx;
    as_user(f, &ctx, f->admin, ROLE_ADMIN);
    store_user u;
    svc_user_new in = {"hoken", "保健 みどり", "health", "long-enough-pw", NULL};
    assert_int_equal(svc_users_create(&ctx, &in, &u).status, SVC_OK);
    refuse_audit_rows(f);
    as_user(f, &ctx, f->director, ROLE_DIRECTOR);
    assert_int_equal(svc_users_approve(&ctx, u.id, 1, &u).status, SVC_ERROR);
    assert_int_equal(rows_count(f->db.c,
                                "SELECT COUNT(*) FROM users WHERE login = 'hoken' AND"
                                " status = 'pending' AND version = 1",
                                NULL),
                     1);
}

static void list_pages_by_login(void **state)
{
    fixture *f = *state;
    svc_ctx ctx;
    as_user(f, &ctx, f->director, ROLE_DIRECTOR);
    svc_users_page page;
    svc_result r = svc_users_list(&ctx, &(svc_users_query){.status = "gone", .limit = 5}, &page);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "status");
    assert_int_equal(svc_users_list(&ctx, &(svc_users_query){.limit = 1}, &page).status, SVC_OK);
    assert_int_equal(page.count, 1);
    assert_true(page.more);
    assert_string_equal(page.items[0].login, "chou");
    svc_users_query next = {.after = "chou", .limit = 1};
    assert_int_equal(svc_users_list(&ctx, &next, &page).status, SVC_OK);
    assert_int_equal(page.count, 1);
    assert_false(page.more);
    assert_string_equal(page.items[0].login, "kanri");
    svc_users_query pending = {.status = "pending", .limit = 5};
    assert_int_equal(svc_users_list(&ctx, &pending, &page).status, SVC_OK);
    assert_int_equal(page.count, 0);
    as_user(f, &ctx, f->director, ROLE_HEALTH);
    assert_int_equal(svc_users_list(&ctx, &pending, &page).status, SVC_FORBIDDEN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(created_by_a_user_waits_for_a_director, setup, teardown),
        cmocka_unit_test_setup_teardown(create_refuses_bad_input_and_writes_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(only_whoever_manages_accounts_creates_them, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(inside_a_caller_transaction_a_failure_undoes_only_itself,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(update_results, setup, teardown),
        cmocka_unit_test_setup_teardown(a_new_password_waits_and_ends_the_sessions, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_failed_update_is_rolled_back, setup, teardown),
        cmocka_unit_test_setup_teardown(approve_results, setup, teardown),
        cmocka_unit_test_setup_teardown(a_failed_approval_is_rolled_back, setup, teardown),
        cmocka_unit_test_setup_teardown(list_pages_by_login, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
