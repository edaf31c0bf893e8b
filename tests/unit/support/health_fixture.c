#include "support/health_fixture.h"

#include "store/persons.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

int health_fixture_setup(void **state)
{
    health_fixture *f = calloc(1, sizeof *f);
    *state = f;
    if (!f || tempdb_open(&f->db, TEMPDB_LATEST) != 0)
        return -1;
    f->p = pool_create();
    svc_ctx_init(&f->ctx, f->db.c, f->p, "u1", ROLE_HEALTH, HEALTH_FIXED_NOW);
    return 0;
}

int health_fixture_teardown(void **state)
{
    health_fixture *f = *state;
    pool_destroy(f->p);
    tempdb_close(&f->db);
    free(f);
    return 0;
}

void health_person(health_fixture *f, const char *id, const char *sex, const char *birth_date)
{
    store_person p = {.id = (char *)id,
                      .family_name = "山田",
                      .given_name = "花子",
                      .family_name_kana = "ヤマダ",
                      .given_name_kana = "ハナコ",
                      .birth_date = (char *)birth_date,
                      .sex = (char *)sex,
                      .created_at = HEALTH_FIXED_NOW,
                      .updated_at = HEALTH_FIXED_NOW};
    store_person_keys keys = {0};
    assert_int_equal(store_begin(f->db.c), STORE_OK);
    assert_int_equal(store_person_insert(f->db.c, &p, &keys), STORE_OK);
    assert_int_equal(store_commit(f->db.c), STORE_OK);
}

static int64_t count(store_conn *c, const char *sql)
{
    store_stmt *st = store_prepare(c, sql);
    assert_non_null(st);
    assert_int_equal(store_step(st), STORE_ROW);
    int64_t n = store_col_int(st, 0);
    store_done(st);
    return n;
}

health_counts health_count(health_fixture *f)
{
    store_conn *c = f->db.c;
    return (health_counts){
        .pregnancies = count(c, "SELECT COUNT(*) FROM pregnancies"),
        .children = count(c, "SELECT COUNT(*) FROM pregnancy_children"),
        .screenings = count(c, "SELECT COUNT(*) FROM screenings"),
        .visits = count(c, "SELECT COUNT(*) FROM visits"),
        .events = count(c, "SELECT COUNT(*) FROM events"),
        .audit = count(c, "SELECT COUNT(*) FROM audit"),
        .settings = count(c, "SELECT COUNT(*) FROM settings"),
    };
}

const char *health_text(health_fixture *f, const char *sql)
{
    store_stmt *st = store_prepare(f->db.c, sql);
    assert_non_null(st);
    const char *out = NULL;
    if (store_step(st) == STORE_ROW)
        out = store_col_dup(st, 0, f->p);
    store_done(st);
    return out;
}
