/* The persons use cases (service/persons.c, search.c, timeline.c) without HTTP: a fixed clock,
 * a temporary database, each result, and nothing written when one fails. */
#include "service/persons.h"
#include "service/search.h"
#include "service/timeline.h"
#include "store/events.h"
#include "store/households.h"
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
} fixture;

/* 2026-04-01 12:00 JST */
static int64_t fixed_now(void)
{
    return date_jst_midnight((date_ymd){2026, 4, 1}) + 12 * 3600;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    if (!f || tempdb_open(&f->db, TEMPDB_LATEST) != 0)
        return -1;
    f->p = pool_create();
    svc_ctx_init(&f->ctx, f->db.c, f->p, "u1", ROLE_HEALTH, fixed_now());
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
    int64_t persons, keys, events, audit;
} counts;

static counts count_all(fixture *f)
{
    return (counts){
        count(f, "SELECT count(*) FROM persons"), count(f, "SELECT count(*) FROM person_keys"),
        count(f, "SELECT count(*) FROM events"), count(f, "SELECT count(*) FROM audit")};
}

static void assert_unchanged(fixture *f, counts before)
{
    counts now = count_all(f);
    assert_int_equal(now.persons, before.persons);
    assert_int_equal(now.keys, before.keys);
    assert_int_equal(now.events, before.events);
    assert_int_equal(now.audit, before.audit);
}

static svc_person_input hanako(void)
{
    return (svc_person_input){.family_name = "田中",
                              .given_name = "花子",
                              .family_name_kana = "たなか",
                              .given_name_kana = "ﾊﾅｺ",
                              .birth_date = "2020-05-05",
                              .sex = "female",
                              .resident_id = "A-1"};
}

static const char *create(fixture *f, svc_person_input in)
{
    svc_person_created out;
    svc_result r = svc_persons_create(&f->ctx, &in, &out);
    assert_int_equal(r.status, SVC_OK);
    return out.person.id;
}

static void assert_invalid(svc_result r, const char *field)
{
    assert_int_equal(r.status, SVC_INVALID);
    assert_string_equal(r.field, field);
}

static void create_stores_event_audit_and_katakana(void **state)
{
    fixture *f = *state;
    svc_person_input in = hanako();
    svc_person_created out;
    assert_int_equal(svc_persons_create(&f->ctx, &in, &out).status, SVC_OK);
    assert_string_equal(out.person.family_name_kana, "タナカ");
    assert_string_equal(out.person.given_name_kana, "ハナコ");
    assert_int_equal(out.person.version, 1);
    assert_int_equal(out.person.created_at, fixed_now());
    assert_int_equal(out.duplicate_count, 0);
    assert_int_equal(count(f, "SELECT count(*) FROM events WHERE kind = 'person_created'"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'create' AND"
                              " object_type = 'person' AND user_id = 'u1'"),
                     1);
    assert_int_equal(f->ctx.read_count, 0);
    /* A second 田中花子 born the same day is shown the first, audited as a search hit. */
    in.resident_id = NULL;
    assert_int_equal(svc_persons_create(&f->ctx, &in, &out).status, SVC_OK);
    assert_int_equal(out.duplicate_count, 1);
    assert_int_equal(f->ctx.read_count, 1);
    assert_string_equal(f->ctx.reads[0].action, "search");
    assert_string_equal(f->ctx.reads[0].person_id, out.duplicates[0].id);
    assert_string_not_equal(out.duplicates[0].id, out.person.id);
}

static void create_refuses_and_writes_nothing(void **state)
{
    fixture *f = *state;
    create(f, hanako());
    counts before = count_all(f);
    svc_person_input in = hanako();
    svc_person_created out;
    in.resident_id = "B-2";
    in.family_name_kana = NULL;
    assert_invalid(svc_persons_create(&f->ctx, &in, &out), "family_name_kana");
    in.family_name_kana = "Tanaka";
    assert_invalid(svc_persons_create(&f->ctx, &in, &out), "family_name_kana");
    in = hanako();
    in.birth_date = "2026-04-02"; /* tomorrow for the request's clock */
    in.resident_id = "B-2";
    assert_invalid(svc_persons_create(&f->ctx, &in, &out), "birth_date");
    in.birth_date = "2026-04-01";
    in.sex = "female ";
    assert_invalid(svc_persons_create(&f->ctx, &in, &out), "sex");
    in.sex = NULL;
    in.phone = "03-1234-abcd";
    assert_invalid(svc_persons_create(&f->ctx, &in, &out), "phone");
    in.phone = NULL;
    in.resident_id = "Ａ１";
    assert_invalid(svc_persons_create(&f->ctx, &in, &out), "resident_id");
    /* The resident id taken is found by the insert: the whole write is undone. */
    in.resident_id = "A-1";
    svc_result r = svc_persons_create(&f->ctx, &in, &out);
    assert_invalid(r, "resident_id");
    assert_string_equal(r.message, "この住民番号は既に登録されています。");
    assert_unchanged(f, before);
    /* A health nurse may write persons; a partner may not. */
    f->ctx.role = ROLE_PARTNER;
    in.resident_id = "C-3";
    assert_int_equal(svc_persons_create(&f->ctx, &in, &out).status, SVC_FORBIDDEN);
    assert_unchanged(f, before);
}

static void create_inside_a_callers_transaction_undoes_only_itself(void **state)
{
    fixture *f = *state;
    counts before = count_all(f);
    assert_int_equal(store_begin(f->db.c), STORE_OK);
    f->ctx.in_transaction = true;
    create(f, hanako());
    svc_person_input dup = hanako(); /* the same resident id: refused, its savepoint undone */
    svc_person_created out;
    assert_invalid(svc_persons_create(&f->ctx, &dup, &out), "resident_id");
    assert_int_equal(store_commit(f->db.c), STORE_OK);
    counts after = count_all(f);
    assert_int_equal(after.persons, before.persons + 1);
    assert_int_equal(after.events, before.events + 1);
    assert_int_equal(after.audit, before.audit + 1);
}

static void get_returns_households_and_audits_the_read(void **state)
{
    fixture *f = *state;
    const char *id = create(f, hanako());
    store_member m = {.person_id = (char *)id, .relation = "child", .from_date = "2020-05-05"};
    store_household h = {
        .id = "h1", .version = 1, .name = "田中家", .members = &m, .member_count = 1};
    assert_int_equal(store_household_insert(f->db.c, &h), STORE_OK);
    svc_person_record r;
    assert_int_equal(svc_persons_get(&f->ctx, id, &r).status, SVC_OK);
    assert_string_equal(r.person.id, id);
    assert_int_equal(r.household_count, 1);
    assert_string_equal(r.households[0].household_id, "h1");
    assert_string_equal(r.households[0].relation, "child");
    assert_int_equal(f->ctx.read_count, 1);
    assert_string_equal(f->ctx.reads[0].object_type, "person");
    assert_string_equal(f->ctx.reads[0].person_id, id);
    assert_int_equal(svc_persons_get(&f->ctx, "nobody", &r).status, SVC_NOT_FOUND);
    assert_int_equal(f->ctx.read_count, 1);
    f->ctx.role = ROLE_ADMIN;
    assert_int_equal(svc_persons_get(&f->ctx, id, &r).status, SVC_FORBIDDEN);
    assert_int_equal(f->ctx.read_count, 1);
}

static void update_changes_given_fields_only(void **state)
{
    fixture *f = *state;
    const char *id = create(f, hanako());
    svc_person_input in = {.present = SVC_PERSON_PHONE | SVC_PERSON_GIVEN_NAME_KANA,
                           .phone = "090-1111-2222",
                           .given_name_kana = "はなこ"};
    store_person p;
    f->ctx.now += 60;
    assert_int_equal(svc_persons_update(&f->ctx, id, 1, &in, &p).status, SVC_OK);
    assert_int_equal(p.version, 2);
    assert_string_equal(p.phone, "090-1111-2222");
    assert_string_equal(p.family_name, "田中"); /* not given: kept */
    assert_int_equal(p.updated_at, fixed_now() + 60);
    assert_int_equal(count(f, "SELECT count(*) FROM events WHERE kind = 'person_updated'"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'update'"), 1);
    /* The same again changes nothing: no version, no event, and the answer is a read. */
    counts before = count_all(f);
    in.given_name_kana = "ハナコ";
    assert_int_equal(svc_persons_update(&f->ctx, id, 2, &in, &p).status, SVC_OK);
    assert_int_equal(p.version, 2);
    assert_unchanged(f, before);
    assert_int_equal(f->ctx.read_count, 1);
    assert_string_equal(f->ctx.reads[0].action, "read");
}

static void update_failures_write_nothing(void **state)
{
    fixture *f = *state;
    const char *id = create(f, hanako());
    svc_person_input other = hanako();
    other.resident_id = "B-2";
    create(f, other);
    counts before = count_all(f);
    svc_person_input in = {.present = SVC_PERSON_ADDRESS, .address = "市内"};
    store_person p;
    assert_int_equal(svc_persons_update(&f->ctx, id, 2, &in, &p).status, SVC_CONFLICT);
    assert_int_equal(svc_persons_update(&f->ctx, "nobody", 1, &in, &p).status, SVC_NOT_FOUND);
    in = (svc_person_input){.present = SVC_PERSON_FAMILY_NAME, .family_name = NULL};
    svc_result r = svc_persons_update(&f->ctx, id, 1, &in, &p);
    assert_invalid(r, "family_name");
    assert_string_equal(r.code, "missing_field");
    in = (svc_person_input){.present = SVC_PERSON_ADDRESS | SVC_PERSON_RESIDENT_ID,
                            .address = "市内",
                            .resident_id = "B-2"};
    assert_invalid(svc_persons_update(&f->ctx, id, 1, &in, &p), "resident_id");
    f->ctx.role = ROLE_PARTNER;
    assert_int_equal(svc_persons_update(&f->ctx, id, 1, &in, &p).status, SVC_FORBIDDEN);
    assert_unchanged(f, before);
    assert_int_equal(count(f, "SELECT count(*) FROM persons WHERE address IS NOT NULL"), 0);
}

static void search_lists_each_person_once_and_audits_each(void **state)
{
    fixture *f = *state;
    const char *a = create(f, hanako());
    svc_person_input taro = {.family_name = "田中",
                             .given_name = "太郎",
                             .family_name_kana = "タナカ",
                             .given_name_kana = "タロウ"};
    const char *b = create(f, taro);
    svc_search_input in = {.q = "ﾀﾅｶ", .limit = 1};
    svc_search_page page;
    assert_int_equal(svc_search_persons(&f->ctx, &in, &page).status, SVC_OK);
    assert_int_equal(page.count, 1);
    assert_true(page.more);
    const char *first = page.items[0].id;
    assert_int_equal(f->ctx.read_count, 1);
    assert_string_equal(f->ctx.reads[0].action, "search");
    assert_string_equal(f->ctx.reads[0].person_id, first);
    in = (svc_search_input){
        .q = "たなか", .limit = 1, .after_key = page.next_key, .after_id = page.next_id};
    assert_int_equal(svc_search_persons(&f->ctx, &in, &page).status, SVC_OK);
    assert_int_equal(page.count, 1);
    assert_string_not_equal(page.items[0].id, first);
    assert_true(strcmp(page.items[0].id, a) == 0 || strcmp(page.items[0].id, b) == 0);
    /* タ matches タナカハナコ and タロウ: 太郎 is still listed once. */
    in = (svc_search_input){.q = "タ", .limit = 50};
    assert_int_equal(svc_search_persons(&f->ctx, &in, &page).status, SVC_OK);
    assert_int_equal(page.count, 2);
    assert_false(page.more);
    /* A miss is on record too, against no one. */
    int reads = f->ctx.read_count;
    in.q = "ンン";
    assert_int_equal(svc_search_persons(&f->ctx, &in, &page).status, SVC_OK);
    assert_int_equal(page.count, 0);
    assert_int_equal(f->ctx.read_count, reads + 1);
    assert_string_equal(f->ctx.reads[reads].object_id, "-");
    assert_null(f->ctx.reads[reads].person_id);
}

static void search_refuses_bad_queries(void **state)
{
    fixture *f = *state;
    svc_search_page page;
    svc_search_input in = {.q = NULL, .limit = 50};
    svc_result r = svc_search_persons(&f->ctx, &in, &page);
    assert_invalid(r, "q");
    assert_string_equal(r.code, "missing_field");
    in.q = "　 "; /* only spaces: nothing to search by */
    assert_invalid(svc_search_persons(&f->ctx, &in, &page), "q");
    char *long_q = calloc(1, 203);
    memset(long_q, 'a', 202);
    in.q = long_q;
    assert_invalid(svc_search_persons(&f->ctx, &in, &page), "q");
    free(long_q);
    in.q = "タ";
    f->ctx.role = ROLE_PARTNER;
    assert_int_equal(svc_search_persons(&f->ctx, &in, &page).status, SVC_FORBIDDEN);
    assert_int_equal(f->ctx.read_count, 0);
}

static void add_event(fixture *f, int64_t at, const char *event_section, const char *person,
                      const char *household)
{
    store_event e = {.at = at,
                     .kind = "k",
                     .section = event_section,
                     .summary = event_section,
                     .ref_type = "x",
                     .ref_id = "x1",
                     .person_id = person,
                     .household_id = household};
    assert_int_equal(store_event_add(f->db.c, &e), STORE_OK);
}

static void timeline_shows_sections_by_permission_and_audits_others(void **state)
{
    fixture *f = *state;
    const char *child = create(f, hanako());
    svc_person_input mother_in = {
        .family_name = "田中", .family_name_kana = "タナカ", .given_name_kana = "ハハ"};
    const char *mother = create(f, mother_in);
    store_member m[2] = {{.person_id = (char *)child, .relation = "child"},
                         {.person_id = (char *)mother, .relation = "mother"}};
    store_household h = {.id = "h1", .version = 1, .members = m, .member_count = 2};
    assert_int_equal(store_household_insert(f->db.c, &h), STORE_OK);
    add_event(f, fixed_now() + 1, "health", mother, "h1"); /* the mother's screening */
    add_event(f, fixed_now() + 2, "welfare", child, NULL);
    svc_timeline_input in = {.person_id = child, .limit = 50};
    svc_timeline_page page;
    assert_int_equal(svc_timeline_person(&f->ctx, &in, &page).status, SVC_OK);
    assert_int_equal(page.count, 3); /* welfare, health, person_created */
    assert_string_equal(page.items[0].section, "welfare");
    assert_string_equal(page.items[1].section, "health");
    assert_false(page.more);
    assert_int_equal(f->ctx.read_count, 2); /* the child, and the mother whose event it shows */
    assert_string_equal(f->ctx.reads[0].person_id, child);
    assert_string_equal(f->ctx.reads[1].person_id, mother);
    assert_string_equal(f->ctx.reads[1].object_id, child);
    /* A clerk does not read health records. */
    f->ctx.role = ROLE_CLERK;
    f->ctx.read_count = 0;
    assert_int_equal(svc_timeline_person(&f->ctx, &in, &page).status, SVC_OK);
    assert_int_equal(page.count, 2);
    assert_int_equal(f->ctx.read_count, 1);
    /* Pages: the first event, then the older ones. */
    in.limit = 1;
    assert_int_equal(svc_timeline_person(&f->ctx, &in, &page).status, SVC_OK);
    assert_true(page.more);
    in.before_at = page.next_at;
    in.before_seq = page.next_seq;
    assert_int_equal(svc_timeline_person(&f->ctx, &in, &page).status, SVC_OK);
    assert_int_equal(page.count, 1);
    assert_string_equal(page.items[0].kind, "person_created");
    in.person_id = "nobody";
    assert_int_equal(svc_timeline_person(&f->ctx, &in, &page).status, SVC_NOT_FOUND);
    f->ctx.role = ROLE_ADMIN;
    in.person_id = child;
    assert_int_equal(svc_timeline_person(&f->ctx, &in, &page).status, SVC_FORBIDDEN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(create_stores_event_audit_and_katakana, setup, teardown),
        cmocka_unit_test_setup_teardown(create_refuses_and_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(create_inside_a_callers_transaction_undoes_only_itself,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(get_returns_households_and_audits_the_read, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(update_changes_given_fields_only, setup, teardown),
        cmocka_unit_test_setup_teardown(update_failures_write_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(search_lists_each_person_once_and_audits_each, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(search_refuses_bad_queries, setup, teardown),
        cmocka_unit_test_setup_teardown(timeline_shows_sections_by_permission_and_audits_others,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
