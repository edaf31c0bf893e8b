/* The audit log and the served vocabulary as use cases: who may read the log, its filters and
 * paging, the read of the log itself collected; the caller's permissions in the meta answer. */
#include "service/audit_log.h"
#include "service/meta.h"
#include "support/tempdb.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

enum { NOW = 1760000000 };

typedef struct fixture {
    tempdb db;
    pool *p;
} fixture;

/* Five changes about p1 and p2, written as a use case writes them. */
static void write_changes(fixture *f)
{
    svc_ctx ctx;
    svc_ctx_init(&ctx, f->db.c, f->p, "u1", ROLE_HEALTH, NOW);
    assert_int_equal(svc_begin(&ctx).status, SVC_OK);
    const char *persons[] = {"p1", "p2", "p1", "p2", "p1"};
    for (int i = 0; i < 5; i++)
        assert_int_equal(svc_audit_change(&ctx, "update", "person", persons[i], persons[i]),
                         STORE_OK);
    assert_int_equal(svc_end(&ctx, svc_ok()).status, SVC_OK);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f || tempdb_open(&f->db, TEMPDB_LATEST) != 0)
        return -1;
    f->p = pool_create();
    write_changes(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    pool_destroy(f->p);
    tempdb_close(&f->db);
    free(f);
    return 0;
}

static void only_the_audit_readers_read_it(void **state)
{
    fixture *f = *state;
    svc_ctx ctx;
    svc_audit_page page;
    svc_audit_query q = {.limit = 10};
    svc_ctx_init(&ctx, f->db.c, f->p, "u1", ROLE_HEALTH, NOW);
    assert_int_equal(svc_audit_log_list(&ctx, &q, &page).status, SVC_FORBIDDEN);
    assert_int_equal(page.count, 0);
    assert_int_equal(ctx.read_count, 0);
    svc_ctx_init(&ctx, f->db.c, f->p, "d1", ROLE_DIRECTOR, NOW);
    assert_int_equal(svc_audit_log_list(&ctx, &q, &page).status, SVC_OK);
    svc_ctx_init(&ctx, f->db.c, f->p, "a1", ROLE_ADMIN, NOW);
    assert_int_equal(svc_audit_log_list(&ctx, &q, &page).status, SVC_OK);
}

static void pages_newest_first_and_audits_its_own_read(void **state)
{
    fixture *f = *state;
    svc_ctx ctx;
    svc_ctx_init(&ctx, f->db.c, f->p, "d1", ROLE_DIRECTOR, NOW);
    svc_audit_page page;
    svc_audit_query q = {.limit = 3};
    assert_int_equal(svc_audit_log_list(&ctx, &q, &page).status, SVC_OK);
    assert_int_equal(page.count, 3);
    assert_true(page.more);
    assert_true(page.items[0].row.seq > page.items[1].row.seq);
    assert_int_equal(ctx.read_count, 1);
    assert_string_equal(ctx.reads[0].object_type, "audit");
    assert_null(ctx.reads[0].person_id);
    assert_string_equal(ctx.reads[0].user_id, "d1");

    q.before = page.items[2].row.seq;
    q.limit = 10;
    assert_int_equal(svc_audit_log_list(&ctx, &q, &page).status, SVC_OK);
    assert_int_equal(page.count, 2); /* the five rows, three already shown */
    assert_false(page.more);
}

static void filters_by_person_and_says_so_in_its_read(void **state)
{
    fixture *f = *state;
    svc_ctx ctx;
    svc_ctx_init(&ctx, f->db.c, f->p, "d1", ROLE_DIRECTOR, NOW);
    svc_audit_page page;
    svc_audit_query q = {.limit = 10, .person_id = "p2"};
    assert_int_equal(svc_audit_log_list(&ctx, &q, &page).status, SVC_OK);
    assert_int_equal(page.count, 2);
    for (int i = 0; i < page.count; i++)
        assert_string_equal(page.items[i].row.person_id, "p2");
    assert_string_equal(ctx.reads[0].person_id, "p2");
}

/* NOW is 2025-10-09 17:53:20 in Japan: the period is of Japan days, both ends included. */
static void filters_by_period_in_japan_days(void **state)
{
    fixture *f = *state;
    svc_ctx ctx;
    svc_ctx_init(&ctx, f->db.c, f->p, "d1", ROLE_DIRECTOR, NOW);
    svc_audit_page page;
    svc_audit_query q = {.limit = 10, .from = "2025-10-09", .to = "2025-10-09"};
    assert_int_equal(svc_audit_log_list(&ctx, &q, &page).status, SVC_OK);
    assert_int_equal(page.count, 5);
    q = (svc_audit_query){.limit = 10, .to = "2025-10-08"};
    assert_int_equal(svc_audit_log_list(&ctx, &q, &page).status, SVC_OK);
    assert_int_equal(page.count, 0);
    q = (svc_audit_query){.limit = 10, .from = "2025-10-10"};
    assert_int_equal(svc_audit_log_list(&ctx, &q, &page).status, SVC_OK);
    assert_int_equal(page.count, 0);
    q = (svc_audit_query){.limit = 10, .from = "2025-10-10", .to = "2025-10-09"};
    svc_result r = svc_audit_log_list(&ctx, &q, &page);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "to");
    q = (svc_audit_query){.limit = 10, .from = "2025-02-30"};
    r = svc_audit_log_list(&ctx, &q, &page);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "from");
}

static bool holds(const svc_meta *m, const char *code)
{
    for (int i = 0; i < m->permission_count; i++)
        if (strcmp(m->permissions[i], code) == 0)
            return true;
    return false;
}

static void meta_names_the_caller_s_permissions(void **state)
{
    fixture *f = *state;
    svc_ctx ctx;
    svc_meta m;
    svc_ctx_init(&ctx, f->db.c, f->p, "c1", ROLE_CLERK, NOW);
    assert_int_equal(svc_meta_get(&ctx, &m).status, SVC_OK);
    assert_true(holds(&m, "report_create"));
    assert_false(holds(&m, "health_read"));
    assert_false(holds(&m, "report_notes_read"));
    assert_false(holds(&m, "none")); /* everyone's: not listed */
    svc_ctx_init(&ctx, f->db.c, f->p, "n1", ROLE_HEALTH, NOW);
    assert_int_equal(svc_meta_get(&ctx, &m).status, SVC_OK);
    assert_true(holds(&m, "health_write"));
    assert_false(holds(&m, "reporter_read"));
    assert_int_equal(m.role, ROLE_HEALTH);
    svc_ctx_init(&ctx, f->db.c, f->p, "x1", ROLE_PARTNER, NOW);
    assert_int_equal(svc_meta_get(&ctx, &m).status, SVC_OK);
    assert_int_equal(m.permission_count, 2); /* the summary of shared cases, 状況報告 */
    assert_true(holds(&m, "case_partner_view") && holds(&m, "partner_report_write"));
    assert_false(holds(&m, "person_read"));
    assert_non_null(m.codes[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(only_the_audit_readers_read_it, setup, teardown),
        cmocka_unit_test_setup_teardown(pages_newest_first_and_audits_its_own_read, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(filters_by_person_and_says_so_in_its_read, setup, teardown),
        cmocka_unit_test_setup_teardown(filters_by_period_in_japan_days, setup, teardown),
        cmocka_unit_test_setup_teardown(meta_names_the_caller_s_permissions, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
