/* The director's settings without HTTP: versioned, audited, checked, and only by the director. */
#include "service/settings.h"
#include "support/health_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

static void as_director(health_fixture *f)
{
    f->ctx.role = ROLE_DIRECTOR;
}

static void the_defaults_are_version_0(void **state)
{
    health_fixture *f = *state;
    svc_risk_setting s;
    assert_int_equal(svc_settings_risk_get(&f->ctx, &s).status, SVC_OK);
    assert_int_equal(s.meta.version, 0);
    assert_null(s.meta.updated_by);
    assert_int_equal(s.table.high_from, 5);
    svc_screening_setting b;
    assert_int_equal(svc_settings_screening_get(&f->ctx, &b).status, SVC_OK);
    assert_int_equal(b.bonding_threshold, -1);
    assert_int_equal(b.meta.version, 0);
}

static void the_director_saves_a_table_read_back_as_saved(void **state)
{
    health_fixture *f = *state;
    as_director(f);
    svc_risk_setting s, got;
    assert_int_equal(svc_settings_risk_get(&f->ctx, &s).status, SVC_OK);
    s.table.items[0].weight = 7;
    strcpy(s.table.items[0].label, "若年");
    health_counts before = health_count(f);
    assert_int_equal(svc_settings_risk_put(&f->ctx, &s.table, 0, &got).status, SVC_OK);
    assert_int_equal(got.meta.version, 1);
    assert_int_equal(got.meta.updated_at, HEALTH_FIXED_NOW);
    assert_int_equal(health_count(f).audit, before.audit + 1);
    assert_int_equal(svc_settings_risk_get(&f->ctx, &got).status, SVC_OK);
    assert_int_equal(got.meta.version, 1);
    assert_string_equal(got.meta.updated_by, "u1");
    assert_int_equal(got.table.items[0].weight, 7);
    assert_string_equal(got.table.items[0].label, "若年");
}

static void refused_saves_change_nothing(void **state)
{
    health_fixture *f = *state;
    svc_risk_setting s, out;
    assert_int_equal(svc_settings_risk_get(&f->ctx, &s).status, SVC_OK);
    health_counts before = health_count(f);

    assert_int_equal(svc_settings_risk_put(&f->ctx, &s.table, 0, &out).status, SVC_FORBIDDEN);
    as_director(f);
    risk_table bad = s.table;
    bad.medium_from = bad.high_from + 1;
    svc_result r = svc_settings_risk_put(&f->ctx, &bad, 0, &out);
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, "medium_from");
    bad = s.table;
    bad.high_from = 0;
    assert_string_equal(svc_settings_risk_put(&f->ctx, &bad, 0, &out).field, "high_from");
    bad = s.table;
    bad.items[3].weight = 11;
    assert_string_equal(svc_settings_risk_put(&f->ctx, &bad, 0, &out).field, "items");
    bad = s.table;
    strcpy(bad.items[3].label, "a\xe2\x80\xae"
                               "b"); /* a right-to-left override */
    assert_string_equal(svc_settings_risk_put(&f->ctx, &bad, 0, &out).field, "items");
    assert_int_equal(svc_settings_risk_put(&f->ctx, &s.table, 3, &out).status, SVC_CONFLICT);

    svc_screening_setting b;
    assert_int_equal(svc_settings_screening_put(&f->ctx, 31, 0, &b).status, SVC_INVALID);
    assert_int_equal(svc_settings_screening_put(&f->ctx, 0, 0, &b).status, SVC_INVALID);
    f->ctx.role = ROLE_HEALTH;
    assert_int_equal(svc_settings_screening_put(&f->ctx, 9, 0, &b).status, SVC_FORBIDDEN);

    health_counts after = health_count(f);
    assert_memory_equal(&before, &after, sizeof before);
}

static void a_threshold_is_saved_and_cleared_by_version(void **state)
{
    health_fixture *f = *state;
    as_director(f);
    svc_screening_setting b;
    assert_int_equal(svc_settings_screening_put(&f->ctx, 9, 0, &b).status, SVC_OK);
    assert_int_equal(svc_settings_screening_put(&f->ctx, 12, 0, &b).status, SVC_CONFLICT);
    assert_int_equal(svc_settings_screening_put(&f->ctx, -1, 1, &b).status, SVC_OK);
    assert_int_equal(svc_settings_screening_get(&f->ctx, &b).status, SVC_OK);
    assert_int_equal(b.bonding_threshold, -1);
    assert_int_equal(b.meta.version, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(the_defaults_are_version_0, health_fixture_setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(the_director_saves_a_table_read_back_as_saved,
                                        health_fixture_setup, health_fixture_teardown),
        cmocka_unit_test_setup_teardown(refused_saves_change_nothing, health_fixture_setup,
                                        health_fixture_teardown),
        cmocka_unit_test_setup_teardown(a_threshold_is_saved_and_cleared_by_version,
                                        health_fixture_setup, health_fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
