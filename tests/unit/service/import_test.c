/* The CSV import without HTTP: all or nothing with every bad row named, skipped by external id,
 * references resolved through the earlier imports, the history before alerts_from marked quiet,
 * PERM_IMPORT required. The fixture's day is 2026-04-01 (Japan). */
#include "service/import.h"
#include "support/health_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static const char PERSONS[] = "external_id,family_name,family_name_kana,birth_date,sex\n"
                              "p1,山田,ヤマダ,R7.10.1,女\n"
                              "p2,佐藤,サトウ,H2.4.1,male\n";

static svc_result run(health_fixture *f, import_kind kind, const char *text, svc_import_result *out)
{
    svc_import_input in = {.kind = kind, .file_name = "t.csv", .data = text, .len = strlen(text)};
    f->ctx.role = ROLE_DIRECTOR;
    return svc_import_run(&f->ctx, &in, out);
}

static long count(health_fixture *f, const char *sql)
{
    return strtol(health_text(f, sql), NULL, 10);
}

static void a_file_is_imported_once(void **state)
{
    health_fixture *f = *state;
    long before = count(f, "SELECT COUNT(*) FROM persons");
    svc_import_result r;
    assert_int_equal(run(f, IMPORT_PERSONS, PERSONS, &r).status, SVC_OK);
    assert_int_equal(r.imported, 2);
    assert_int_equal(r.skipped, 0);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM persons"), before + 2);
    assert_string_equal(health_text(f, "SELECT line FROM import_records WHERE external_id = 'p2'"),
                        "3");
    /* The same file again: nothing new, every row skipped. */
    assert_int_equal(run(f, IMPORT_PERSONS, PERSONS, &r).status, SVC_OK);
    assert_int_equal(r.imported, 0);
    assert_int_equal(r.skipped, 2);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM persons"), before + 2);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE action = 'import'"), 2);
}

static void one_bad_row_imports_nothing_and_every_bad_row_is_named(void **state)
{
    health_fixture *f = *state;
    long before = count(f, "SELECT COUNT(*) FROM persons");
    long audit = count(f, "SELECT COUNT(*) FROM audit");
    svc_import_result r;
    svc_result res = run(f, IMPORT_PERSONS,
                         "external_id,family_name,family_name_kana,birth_date\n"
                         "b1,良い,ヨイ,2020-01-01\n"
                         "b2,未来,ミライ,2026-04-02\n" /* the service's refusal */
                         "b3,,カラ,平成32年1月1日\n",
                         &r);
    assert_int_equal(res.status, SVC_INVALID);
    assert_string_equal(res.code, "invalid_csv");
    assert_int_equal(r.error_count, 3);
    assert_int_equal(r.errors[0].line, 3);
    assert_string_equal(r.errors[0].column, "birth_date");
    assert_int_equal(r.errors[1].line, 4);
    assert_string_equal(r.errors[1].column, "family_name");
    assert_int_equal(r.errors[2].line, 4);
    assert_string_equal(r.errors[2].column, "birth_date");
    assert_int_equal(count(f, "SELECT COUNT(*) FROM persons"), before);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit"), audit);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM imports"), 0);
}

/* A good file is taken in one pass with no savepoint per row; a bad one is rolled back and taken
 * again with them. What the first pass wrote before its bad row (persons of a household) is
 * gone, the second pass names every bad row, and the good rows import afterwards. */
static void a_bad_file_written_in_part_is_rolled_back_and_listed_whole(void **state)
{
    health_fixture *f = *state;
    long persons = count(f, "SELECT COUNT(*) FROM persons");
    long households = count(f, "SELECT COUNT(*) FROM households");
    long audit = count(f, "SELECT COUNT(*) FROM audit");
    long events = count(f, "SELECT COUNT(*) FROM events");
    static const char head[] = "external_id,family_name,family_name_kana,birth_date,"
                               "household_external_id,relation\n"
                               "h1,山田,ヤマダ,1990-01-01,H1,mother\n"
                               "h2,山田,ヤマダ,2020-01-01,H1,child\n";
    char bad[512];
    snprintf(bad, sizeof bad, "%s%s", head,
             "h3,未来,ミライ,2026-04-02,H2,mother\n"
             "h4,,カラ,2020-01-01,H2,child\n");
    svc_import_result r;
    assert_int_equal(run(f, IMPORT_PERSONS, bad, &r).status, SVC_INVALID);
    assert_int_equal(r.error_count, 2);
    assert_int_equal(r.errors[0].line, 4);
    assert_string_equal(r.errors[0].column, "birth_date");
    assert_int_equal(r.errors[1].line, 5);
    assert_string_equal(r.errors[1].column, "family_name");
    assert_int_equal(r.imported, 0);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM persons"), persons);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM households"), households);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit"), audit);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM events"), events);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM import_records"), 0);
    assert_int_equal(run(f, IMPORT_PERSONS, head, &r).status, SVC_OK);
    assert_int_equal(r.imported, 2);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM persons"), persons + 2);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM households"), households + 1);
}

static void references_resolve_through_earlier_imports(void **state)
{
    health_fixture *f = *state;
    svc_import_result r;
    assert_int_equal(run(f, IMPORT_PERSONS, PERSONS, &r).status, SVC_OK);
    static const char visits[] = "external_id,person_external_id,kind,on,checkup,attended\n"
                                 "v1,p1,checkup,2026-03-01,4m,0\n"
                                 "v2,p9,checkup,2026-03-01,4m,1\n";
    assert_int_equal(run(f, IMPORT_VISITS, visits, &r).status, SVC_INVALID);
    assert_int_equal(r.error_count, 1);
    assert_int_equal(r.errors[0].line, 3);
    assert_string_equal(r.errors[0].column, "person_external_id");
    assert_int_equal(count(f, "SELECT COUNT(*) FROM visits"), 0);
}

/* The missed check-up of March and the child born in October raise no alert (alerts_from: the
 * day of the import); with alerts_from before them they would. */
static void history_before_alerts_from_is_quiet(void **state)
{
    health_fixture *f = *state;
    svc_import_result r;
    assert_int_equal(run(f, IMPORT_PERSONS, PERSONS, &r).status, SVC_OK);
    assert_int_equal(run(f, IMPORT_VISITS,
                         "external_id,person_external_id,kind,on,checkup,attended\n"
                         "v1,p1,checkup,2026-03-01,4m,0\n",
                         &r)
                         .status,
                     SVC_OK);
    /* p1 (born 2025-10-01, within 12 months) and the missed visit; not p2 (born 1990). */
    assert_int_equal(count(f, "SELECT COUNT(*) FROM alerts_quiet"), 2);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM alerts_quiet q JOIN visits v ON v.id ="
                              " q.record_id"),
                     1);
    svc_import_input in = {.kind = IMPORT_VISITS,
                           .file_name = "t.csv",
                           .data = "external_id,person_external_id,kind,on,checkup,attended\n"
                                   "v2,p1,checkup,2026-03-02,4m,0\n",
                           .alerts_from = "2026-01-01"};
    in.len = strlen(in.data);
    assert_int_equal(svc_import_run(&f->ctx, &in, &r).status, SVC_OK);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM alerts_quiet"), 2);
}

static void only_those_who_may_import(void **state)
{
    health_fixture *f = *state;
    svc_import_input in = {
        .kind = IMPORT_PERSONS, .file_name = "t.csv", .data = PERSONS, .len = strlen(PERSONS)};
    svc_import_result r;
    f->ctx.role = ROLE_HEALTH;
    assert_int_equal(svc_import_run(&f->ctx, &in, &r).status, SVC_FORBIDDEN);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM imports"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_file_is_imported_once, health_fixture_setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(one_bad_row_imports_nothing_and_every_bad_row_is_named,
                                        health_fixture_setup, health_fixture_teardown),
        cmocka_unit_test_setup_teardown(a_bad_file_written_in_part_is_rolled_back_and_listed_whole,
                                        health_fixture_setup, health_fixture_teardown),
        cmocka_unit_test_setup_teardown(references_resolve_through_earlier_imports,
                                        health_fixture_setup, health_fixture_teardown),
        cmocka_unit_test_setup_teardown(history_before_alerts_from_is_quiet, health_fixture_setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(only_those_who_may_import, health_fixture_setup,
                                        health_fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
