/* The household use cases (service/households.c) without HTTP: a fixed clock, a temporary
 * database, each result, and nothing written when one fails. */
#include "service/households.h"
#include "service/persons.h"
#include "support/tempdb.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

typedef struct fixture {
    tempdb db;
    pool *p;
    svc_ctx ctx;
    const char *mother, *child;
} fixture;

static int64_t fixed_now(void)
{
    return date_jst_midnight((date_ymd){2026, 4, 1}) + 12 * 3600;
}

static const char *person(fixture *f, const char *given_kana)
{
    svc_person_input in = {
        .family_name = "田中", .family_name_kana = "タナカ", .given_name_kana = given_kana};
    svc_person_created out;
    assert_int_equal(svc_persons_create(&f->ctx, &in, &out).status, SVC_OK);
    return out.person.id;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    if (!f || tempdb_open(&f->db, TEMPDB_LATEST) != 0)
        return -1;
    f->p = pool_create();
    svc_ctx_init(&f->ctx, f->db.c, f->p, "u1", ROLE_WELFARE, fixed_now());
    f->mother = person(f, "ハハ");
    f->child = person(f, "コ");
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

static int64_t count(fixture *f, const char *sql)
{
    store_stmt *st = store_prepare(f->db.c, sql);
    assert_non_null(st);
    assert_int_equal(store_step(st), STORE_ROW);
    int64_t n = store_col_int(st, 0);
    store_done(st);
    return n;
}

typedef struct counts {
    int64_t households, members, events, audit;
} counts;

static counts count_all(fixture *f)
{
    return (counts){count(f, "SELECT count(*) FROM households"),
                    count(f, "SELECT count(*) FROM household_members"),
                    count(f, "SELECT count(*) FROM events"),
                    count(f, "SELECT count(*) FROM audit")};
}

static void assert_unchanged(fixture *f, counts before)
{
    counts now = count_all(f);
    assert_int_equal(now.households, before.households);
    assert_int_equal(now.members, before.members);
    assert_int_equal(now.events, before.events);
    assert_int_equal(now.audit, before.audit);
}

static void assert_invalid(svc_result r, const char *field)
{
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, field);
}

static const char *create_family(fixture *f, store_member *m)
{
    m[0] = (store_member){.person_id = (char *)f->mother, .relation = "mother"};
    m[1] = (store_member){
        .person_id = (char *)f->child, .relation = "child", .from_date = "2026-03-01"};
    svc_household_input in = {.name = "田中家", .members = m, .member_count = 2};
    store_household h;
    assert_int_equal(svc_households_create(&f->ctx, &in, &h).status, SVC_OK);
    return h.id;
}

static void create_records_members_events_and_audit(void **state)
{
    fixture *f = *state;
    counts before = count_all(f);
    store_member m[2];
    const char *id = create_family(f, m);
    store_household h;
    assert_int_equal(svc_households_get(&f->ctx, id, &h).status, SVC_OK);
    assert_int_equal(h.version, 1);
    assert_int_equal(h.member_count, 2);
    assert_string_equal(h.members[1].person.given_name_kana, "コ"); /* joined from persons */
    counts after = count_all(f);
    assert_int_equal(after.households, before.households + 1);
    assert_int_equal(after.members, before.members + 2);
    assert_int_equal(after.events, before.events + 3); /* created, and each member joined */
    assert_int_equal(after.audit, before.audit + 2);   /* one create per member */
    assert_int_equal(count(f, "SELECT count(*) FROM events WHERE kind = 'household_joined' AND"
                              " summary = '世帯に加わりました（子）'"),
                     1);
    /* The child joined on 2026-03-01: the event is dated then, not now. */
    assert_int_equal(count(f,
                           "SELECT count(*) FROM events WHERE kind = 'household_joined' AND"
                           " at < (SELECT min(at) FROM events WHERE kind = 'household_created')"),
                     1);
    /* The read is audited about each member. */
    assert_int_equal(f->ctx.read_count, 2);
    assert_string_equal(f->ctx.reads[0].object_type, "household");
    assert_int_equal(svc_households_get(&f->ctx, "none", &h).status, SVC_NOT_FOUND);
    f->ctx.role = ROLE_PARTNER;
    assert_int_equal(svc_households_get(&f->ctx, id, &h).status, SVC_FORBIDDEN);
}

static void create_refuses_and_writes_nothing(void **state)
{
    fixture *f = *state;
    counts before = count_all(f);
    store_household h;
    svc_household_input in = {.name = "田中家"};
    svc_result r = svc_households_create(&f->ctx, &in, &h);
    assert_invalid(r, "members");
    assert_string_equal(r.code, "missing_field");
    store_member m[2] = {{.person_id = (char *)f->mother, .relation = "aunt"}};
    in = (svc_household_input){.members = m, .member_count = 1};
    assert_invalid(svc_households_create(&f->ctx, &in, &h), "members[0].relation");
    m[0] = (store_member){.person_id = (char *)f->mother,
                          .relation = "mother",
                          .from_date = "2026-03-02",
                          .to_date = "2026-03-01"};
    assert_invalid(svc_households_create(&f->ctx, &in, &h), "members[0].to");
    m[0].to_date = NULL;
    m[1] = (store_member){.person_id = (char *)f->mother, .relation = "other"};
    in.member_count = 2;
    assert_invalid(svc_households_create(&f->ctx, &in, &h), "members[1].person_id");
    /* A member who is not a person is found inside the write: nothing is kept. */
    m[1] = (store_member){.person_id = "nobody", .relation = "child"};
    assert_invalid(svc_households_create(&f->ctx, &in, &h), "members[1].person_id");
    f->ctx.role = ROLE_ADMIN;
    m[1].person_id = (char *)f->child;
    assert_int_equal(svc_households_create(&f->ctx, &in, &h).status, SVC_FORBIDDEN);
    assert_unchanged(f, before);
}

static void update_records_who_left(void **state)
{
    fixture *f = *state;
    store_member m[2];
    const char *id = create_family(f, m);
    m[0].to_date = "2026-03-31";
    svc_household_input in = {.present = SVC_HOUSEHOLD_MEMBERS, .members = m, .member_count = 2};
    store_household h;
    assert_int_equal(svc_households_update(&f->ctx, id, 1, &in, &h).status, SVC_OK);
    assert_int_equal(h.version, 2);
    assert_string_equal(h.name, "田中家"); /* not given: kept */
    assert_string_equal(h.members[0].to_date, "2026-03-31");
    assert_int_equal(count(f, "SELECT count(*) FROM events WHERE kind = 'household_left'"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM events WHERE kind = 'household_updated'"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'update'"), 2);
    /* The same again: nothing written, the answer is a read about each member. */
    counts before = count_all(f);
    f->ctx.read_count = 0;
    assert_int_equal(svc_households_update(&f->ctx, id, 2, &in, &h).status, SVC_OK);
    assert_int_equal(h.version, 2);
    assert_unchanged(f, before);
    assert_int_equal(f->ctx.read_count, 2);
}

static void update_failures_write_nothing(void **state)
{
    fixture *f = *state;
    store_member m[2];
    const char *id = create_family(f, m);
    counts before = count_all(f);
    svc_household_input in = {.present = SVC_HOUSEHOLD_NAME, .name = "新しい名前"};
    store_household h;
    assert_int_equal(svc_households_update(&f->ctx, id, 2, &in, &h).status, SVC_CONFLICT);
    assert_int_equal(svc_households_update(&f->ctx, "none", 1, &in, &h).status, SVC_NOT_FOUND);
    store_member bad[1] = {{.person_id = "nobody", .relation = "child"}};
    in = (svc_household_input){.present = SVC_HOUSEHOLD_NAME | SVC_HOUSEHOLD_MEMBERS,
                               .name = "新しい名前",
                               .members = bad,
                               .member_count = 1};
    assert_invalid(svc_households_update(&f->ctx, id, 1, &in, &h), "members[0].person_id");
    f->ctx.role = ROLE_PARTNER;
    assert_int_equal(svc_households_update(&f->ctx, id, 1, &in, &h).status, SVC_FORBIDDEN);
    assert_unchanged(f, before);
    assert_int_equal(count(f, "SELECT count(*) FROM households WHERE name = '田中家'"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(create_records_members_events_and_audit, setup, teardown),
        cmocka_unit_test_setup_teardown(create_refuses_and_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(update_records_who_left, setup, teardown),
        cmocka_unit_test_setup_teardown(update_failures_write_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
