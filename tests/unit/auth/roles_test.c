/* The permission table: who may read and write what. */
#include "auth/roles.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

static void codes_round_trip(void **state)
{
    (void)state;
    const char *codes[] = {"director", "coordinator", "health", "welfare",
                           "clerk",    "partner",     "admin"};
    for (int i = 0; i < 7; i++) {
        role r = role_from_code(codes[i]);
        assert_int_not_equal(r, ROLE_NONE);
        assert_string_equal(role_code(r), codes[i]);
    }
    assert_int_equal(role_from_code("root"), ROLE_NONE);
    assert_int_equal(role_from_code(""), ROLE_NONE);
    assert_int_equal(role_from_code(NULL), ROLE_NONE);
    assert_string_equal(role_label(ROLE_COORDINATOR), "統括支援員");
    assert_string_equal(role_label(ROLE_DIRECTOR), "センター長");
}

static void admin_reads_no_case_content(void **state)
{
    (void)state;
    assert_false(role_may(ROLE_ADMIN, PERM_PERSON_READ));
    assert_false(role_may(ROLE_ADMIN, PERM_PERSON_WRITE));
    assert_true(role_may(ROLE_ADMIN, PERM_USER_ADMIN));
    assert_true(role_may(ROLE_ADMIN, PERM_AUDIT_READ));
}

static void audit_is_for_director_and_admin(void **state)
{
    (void)state;
    for (int r = 0; r < ROLE_COUNT; r++)
        assert_int_equal(role_may((role)r, PERM_AUDIT_READ), r == ROLE_DIRECTOR || r == ROLE_ADMIN);
}

static void only_admin_manages_accounts(void **state)
{
    (void)state;
    for (int r = 0; r < ROLE_COUNT; r++)
        assert_int_equal(role_may((role)r, PERM_USER_ADMIN), r == ROLE_ADMIN);
}

/* The CSV import of the old systems (interchange.md): the director and the admin only. */
static void only_director_and_admin_import(void **state)
{
    (void)state;
    for (int r = 0; r < ROLE_COUNT; r++)
        assert_int_equal(role_may((role)r, PERM_IMPORT), r == ROLE_DIRECTOR || r == ROLE_ADMIN);
}

/* The two-person rule: the admin changes accounts, only a director approves them; both read
 * the list, nobody else does. */
static void only_director_approves_accounts(void **state)
{
    (void)state;
    for (int r = 0; r < ROLE_COUNT; r++) {
        assert_int_equal(role_may((role)r, PERM_USER_APPROVE), r == ROLE_DIRECTOR);
        assert_int_equal(role_may((role)r, PERM_USER_READ), r == ROLE_DIRECTOR || r == ROLE_ADMIN);
    }
}

static void staff_work_with_persons_partner_does_not(void **state)
{
    (void)state;
    role staff[] = {ROLE_DIRECTOR, ROLE_COORDINATOR, ROLE_HEALTH, ROLE_WELFARE, ROLE_CLERK};
    for (int i = 0; i < 5; i++) {
        assert_true(role_may(staff[i], PERM_PERSON_READ));
        assert_true(role_may(staff[i], PERM_PERSON_WRITE));
    }
    assert_false(role_may(ROLE_PARTNER, PERM_PERSON_READ));
    assert_false(role_may(ROLE_PARTNER, PERM_PERSON_WRITE));
}

static void everyone_signed_in_has_none_nobody_else(void **state)
{
    (void)state;
    for (int r = 0; r < ROLE_COUNT; r++)
        assert_true(role_may((role)r, PERM_NONE));
    assert_false(role_may(ROLE_NONE, PERM_NONE));
    assert_false(role_may(ROLE_COUNT, PERM_NONE));
    assert_false(role_may(ROLE_DIRECTOR, PERM_COUNT));
}

static void health_records_for_both_sections(void **state)
{
    (void)state;
    role readers[] = {ROLE_DIRECTOR, ROLE_COORDINATOR, ROLE_HEALTH, ROLE_WELFARE};
    for (int i = 0; i < 4; i++)
        assert_true(role_may(readers[i], PERM_HEALTH_READ));
    assert_false(role_may(ROLE_CLERK, PERM_HEALTH_READ));
    assert_false(role_may(ROLE_PARTNER, PERM_HEALTH_READ));
    assert_false(role_may(ROLE_ADMIN, PERM_HEALTH_READ));
    assert_true(role_may(ROLE_HEALTH, PERM_HEALTH_WRITE));
    assert_true(role_may(ROLE_COORDINATOR, PERM_HEALTH_WRITE));
    assert_false(role_may(ROLE_WELFARE, PERM_HEALTH_WRITE));
    assert_false(role_may(ROLE_CLERK, PERM_HEALTH_WRITE));
    for (int r = 0; r < ROLE_COUNT; r++)
        assert_int_equal(role_may((role)r, PERM_SETTINGS_WRITE), r == ROLE_DIRECTOR);
}

static void reports_partner_never_clerk_intake_only(void **state)
{
    (void)state;
    for (int r = 0; r < ROLE_COUNT; r++) {
        bool staff = r != ROLE_PARTNER && r != ROLE_ADMIN;
        assert_int_equal(role_may((role)r, PERM_REPORT_CREATE), staff);
        assert_int_equal(role_may((role)r, PERM_REPORT_READ), staff);
    }
    assert_false(role_may(ROLE_CLERK, PERM_REPORT_WRITE));
    assert_false(role_may(ROLE_HEALTH, PERM_REPORT_WRITE));
    assert_false(role_may(ROLE_PARTNER, PERM_REPORT_READ));
    assert_true(role_may(ROLE_WELFARE, PERM_REPORT_WRITE));
    assert_true(role_may(ROLE_COORDINATOR, PERM_REPORT_WRITE));
    assert_true(role_may(ROLE_DIRECTOR, PERM_REPORT_WRITE));
}

/* 児童虐待防止法 第7条: the reporter is read by the roles that act on the report; a clerk gets it
 * back only in the answer to their own intake; health, partner and admin never. */
static void reporter_only_for_those_who_act(void **state)
{
    (void)state;
    for (int r = 0; r < ROLE_COUNT; r++) {
        bool acts = r == ROLE_DIRECTOR || r == ROLE_COORDINATOR || r == ROLE_WELFARE;
        assert_int_equal(role_may((role)r, PERM_REPORTER_READ), acts);
        assert_int_equal(role_may((role)r, PERM_REPORTER_READ_OWN_INTAKE), acts || r == ROLE_CLERK);
        /* reading it is never wider than moving the report along */
        if (role_may((role)r, PERM_REPORTER_READ))
            assert_true(role_may((role)r, PERM_REPORT_WRITE));
    }
}

/* The UI is given the caller's permissions by code (GET /api/v1/meta): a permission added without
 * one would silently be withheld from every screen. */
static void every_permission_has_its_own_code(void **state)
{
    (void)state;
    for (int p = 0; p < PERM_COUNT; p++) {
        const char *code = permission_code((permission)p);
        assert_non_null(code);
        assert_true(strlen(code) > 0);
        for (int q = 0; q < p; q++)
            assert_string_not_equal(code, permission_code((permission)q));
    }
    assert_string_equal(permission_code(PERM_PERSON_READ), "person_read");
    assert_null(permission_code(PERM_COUNT));
    /* The roles' vocab is in the enum's order. */
    for (int r = 0; r < ROLE_COUNT; r++)
        assert_string_equal(roles_vocab.codes[r].code, role_code((role)r));
    assert_null(roles_vocab.codes[ROLE_COUNT].code);
}

/* A case belongs on the board to its lead's section (service/board.c). */
static void a_role_works_in_its_section(void **state)
{
    (void)state;
    assert_int_equal(role_section(role_from_code("health")), SECTION_HEALTH);
    assert_int_equal(role_section(role_from_code("welfare")), SECTION_WELFARE);
    assert_int_equal(role_section(role_from_code("coordinator")), SECTION_CASE);
    assert_int_equal(role_section(role_from_code("director")), SECTION_CASE);
    assert_int_equal(role_section(role_from_code(NULL)), SECTION_CASE);
}

/* The council's exports of records: the director and the coordinator; a partner never. */
static void council_exports_for_director_and_coordinator(void **state)
{
    (void)state;
    for (int r = 0; r < ROLE_COUNT; r++)
        assert_int_equal(role_may((role)r, PERM_COUNCIL_EXPORT),
                         r == ROLE_DIRECTOR || r == ROLE_COORDINATOR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(codes_round_trip),
        cmocka_unit_test(a_role_works_in_its_section),
        cmocka_unit_test(every_permission_has_its_own_code),
        cmocka_unit_test(admin_reads_no_case_content),
        cmocka_unit_test(audit_is_for_director_and_admin),
        cmocka_unit_test(only_admin_manages_accounts),
        cmocka_unit_test(only_director_and_admin_import),
        cmocka_unit_test(only_director_approves_accounts),
        cmocka_unit_test(staff_work_with_persons_partner_does_not),
        cmocka_unit_test(everyone_signed_in_has_none_nobody_else),
        cmocka_unit_test(health_records_for_both_sections),
        cmocka_unit_test(reports_partner_never_clerk_intake_only),
        cmocka_unit_test(reporter_only_for_those_who_act),
        cmocka_unit_test(council_exports_for_director_and_coordinator),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
