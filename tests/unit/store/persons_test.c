/* Person storage and name search against a real SQLite database. */
#include "domain/kana.h"
#include "domain/person_keys.h"
#include "store/persons.h"
#include "store/store.h"
#include "support/tempdb.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

typedef struct fixture {
    tempdb db;
    store_conn *c;
    pool *p;
} fixture;

static void add(fixture *f, const char *id, const char *fam, const char *giv, const char *fk,
                const char *gk, const char *birth)
{
    store_person p = {.id = (char *)id,
                      .family_name = (char *)fam,
                      .given_name = (char *)giv,
                      .family_name_kana = (char *)fk,
                      .given_name_kana = (char *)gk,
                      .birth_date = (char *)birth,
                      .sex = "unknown",
                      .created_at = 1,
                      .updated_at = 1};
    person_names n = {fam, giv, fk, gk, birth};
    person_keys k;
    assert_int_equal(person_keys_make(&n, &k), 0);
    store_person_keys sk = {.count = PERSON_KEY_COUNT, .duplicate_key = k.duplicate_key};
    for (int i = 0; i < PERSON_KEY_COUNT; i++)
        sk.keys[i] = k.keys[i];
    assert_int_equal(store_person_insert(f->c, &p, &sk), STORE_OK);
    person_keys_free(&k);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    if (!f || tempdb_open(&f->db, TEMPDB_LATEST) != 0)
        return -1;
    f->c = f->db.c;
    if (store_begin(f->c) != STORE_OK)
        return -1;
    f->p = pool_create();
    add(f, "p1", "田中", "花子", "タナカ", "ハナコ", "2020-05-05");
    add(f, "p2", "田中", "太郎", "タナカ", "タロウ", NULL);
    add(f, "p3", "林", "一郎", "ハヤシ", "イチロウ", "2015-01-01");
    add(f, "p4", "髙橋", "はな", "タカハシ", "ハナ", "2019-04-30");
    add(f, "p5", "田村", "花", "タムラ", "ハナ", "2001-12-31");
    add(f, "p6", "Smith", "Anna", "スミス", "アンナ", NULL);
    return store_commit(f->c) == STORE_OK ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    pool_destroy(f->p);
    tempdb_close(&f->db);
    free(f);
    return 0;
}

typedef struct hits {
    char ids[64];
    char last_key[64], last_id[16]; /* copied: row strings are borrowed for the callback only */
} hits;

static int collect(void *arg, const store_person *p, const char *key)
{
    hits *h = arg;
    if (strstr(h->ids, p->id)) /* a person matched by two keys counts once */
        return 0;
    strcat(h->ids, p->id);
    strcat(h->ids, " ");
    snprintf(h->last_key, sizeof h->last_key, "%s", key);
    snprintf(h->last_id, sizeof h->last_id, "%s", p->id);
    return 0;
}

/* The ids found for query, space-separated, in key order. */
static const char *search(fixture *f, const char *query)
{
    static hits h;
    memset(&h, 0, sizeof h);
    char *key = kana_search_key(query, strlen(query));
    assert_non_null(key);
    assert_int_equal(store_person_search(f->c, f->p, key, NULL, NULL, 50, collect, &h), STORE_OK);
    free(key);
    return h.ids;
}

static void one_and_two_character_surnames(void **state)
{
    fixture *f = *state;
    assert_string_equal(search(f, "林"), "p3 ");
    assert_string_equal(search(f, "田中"), "p2 p1 ");  /* 太 U+592A before 花 U+82B1 */
    assert_string_equal(search(f, "田"), "p2 p1 p5 "); /* 田中太郎 < 田中花子 < 田村 */
}

static void kana_in_any_form(void **state)
{
    fixture *f = *state;
    assert_string_equal(search(f, "たなか"), "p2 p1 "); /* タロウ before ハナコ */
    assert_string_equal(search(f, "ﾀﾅｶ"), "p2 p1 ");
    assert_string_equal(search(f, "タナカ　ハナコ"), "p1 ");
    assert_string_equal(search(f, "たなかはな"), "p1 ");
}

static void given_names_and_full_names(void **state)
{
    fixture *f = *state;
    assert_string_equal(search(f, "はな"), "p4 p5 p1 "); /* ハナ (p4, p5) before ハナコ */
    assert_string_equal(search(f, "田中 花子"), "p1 ");
    assert_string_equal(search(f, "花子"), "p1 ");
}

static void variant_kanji_and_case(void **state)
{
    fixture *f = *state;
    assert_string_equal(search(f, "高橋"), "p4 ");
    assert_string_equal(search(f, "髙"), "p4 ");
    assert_string_equal(search(f, "smith"), "p6 ");
    assert_string_equal(search(f, "ＳＭＩ"), "p6 ");
    assert_string_equal(search(f, "佐藤"), "");
}

static void paging_after_a_cursor(void **state)
{
    fixture *f = *state;
    char *key = kana_search_key("タ", strlen("タ"));
    hits first = {0}, rest = {0};
    assert_int_equal(store_person_search(f->c, f->p, key, NULL, NULL, 2, collect, &first),
                     STORE_OK);
    assert_string_equal(first.ids, "p4 p2 "); /* タカハシハナ, タナカタロウ */
    assert_int_equal(
        store_person_search(f->c, f->p, key, first.last_key, first.last_id, 50, collect, &rest),
        STORE_OK);
    /* The store lists a person once per matching key: タロウ (p2's given name) starts with タ too.
     * The API keeps only each person's first match (person_keys_first_match). */
    assert_string_equal(rest.ids, "p1 p5 p2 ");
    free(key);
}

static int collect_dup(void *arg, const store_person *p, const char *key)
{
    (void)key;
    strcat(arg, p->id);
    return 0;
}

static void duplicates_by_kana_and_birth_date(void **state)
{
    fixture *f = *state;
    char found[32] = "";
    assert_int_equal(
        store_person_duplicates(f->c, f->p, "タナカハナコ|2020-05-05", "new", collect_dup, found),
        STORE_OK);
    assert_string_equal(found, "p1");
    found[0] = '\0';
    assert_int_equal(
        store_person_duplicates(f->c, f->p, "タナカハナコ|2020-05-05", "p1", collect_dup, found),
        STORE_OK);
    assert_string_equal(found, "");
}

static void update_checks_the_version(void **state)
{
    fixture *f = *state;
    store_person p;
    assert_int_equal(store_person_get(f->c, f->p, "p3", &p), STORE_OK);
    assert_int_equal(p.version, 1);
    p.family_name = "小林";
    p.family_name_kana = "コバヤシ";
    person_names n = {p.family_name, p.given_name, p.family_name_kana, p.given_name_kana,
                      p.birth_date};
    person_keys k;
    assert_int_equal(person_keys_make(&n, &k), 0);
    store_person_keys sk = {.count = PERSON_KEY_COUNT, .duplicate_key = k.duplicate_key};
    for (int i = 0; i < PERSON_KEY_COUNT; i++)
        sk.keys[i] = k.keys[i];
    assert_int_equal(store_begin(f->c), STORE_OK);
    assert_int_equal(store_person_update(f->c, &p, 2, &sk), STORE_CONFLICT);
    assert_int_equal(store_person_update(f->c, &p, 1, &sk), STORE_OK);
    assert_int_equal(store_commit(f->c), STORE_OK);
    person_keys_free(&k);
    assert_string_equal(search(f, "林"), "");
    assert_string_equal(search(f, "小林"), "p3 ");
    assert_string_equal(search(f, "こばやし"), "p3 ");
    assert_int_equal(store_person_get(f->c, f->p, "p3", &p), STORE_OK);
    assert_int_equal(p.version, 2);
    assert_int_equal(store_person_get(f->c, f->p, "nobody", &p), STORE_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(one_and_two_character_surnames, setup, teardown),
        cmocka_unit_test_setup_teardown(kana_in_any_form, setup, teardown),
        cmocka_unit_test_setup_teardown(given_names_and_full_names, setup, teardown),
        cmocka_unit_test_setup_teardown(variant_kanji_and_case, setup, teardown),
        cmocka_unit_test_setup_teardown(paging_after_a_cursor, setup, teardown),
        cmocka_unit_test_setup_teardown(duplicates_by_kana_and_birth_date, setup, teardown),
        cmocka_unit_test_setup_teardown(update_checks_the_version, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
