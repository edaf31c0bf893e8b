/* PostgreSQL: the name search reads the keys it lists, not the keys before them.
 *
 * store_person_search asks for key >= prefix AND (key, person_id) > (after_key, after_id);
 * PostgreSQL's B-tree starts a scan at the row bound. This test fills a fresh database of the test
 * cluster (TSUNAGU_TEST_PG_FILE, the pg fixture; exit 77 without it) with 20,000 keys that sort
 * before the searched prefix and counts the index blocks the search reads in its transaction
 * (pg_stat_get_xact_blocks_fetched: this backend's counts, not yet flushed): a first page and a
 * page after a cursor read about 8 (the planner's probes of the index's ends included), where a
 * scan from the start of the index reads every leaf before the prefix (150 here; bench/pg.sh
 * measured what it costs on 1,000,000 persons, docs/performance.md). */
#include "store/persons.h"
#include "store/store.h"
#include "util/pool.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

enum { SKIPPED = 77, FILLER = 20000, BLOCKS_MAX = 20 };

static char admin_conninfo[512];
static char database[64];
static store *admin_store, *s;
static store_conn *admin, *c;

static const char FILL_PERSONS[] =
    "INSERT INTO persons (id, family_name, family_name_kana, created_at, updated_at)"
    " SELECT 'a' || lpad(n::text, 21, '0'), '阿', 'ア', 1, 1 FROM generate_series(1, 20000) n";
static const char FILL_KEYS[] =
    "INSERT INTO person_keys (key, person_id)"
    " SELECT 'ア' || lpad(n::text, 8, '0'), 'a' || lpad(n::text, 21, '0')"
    " FROM generate_series(1, 20000) n";
static const char WATANABE_PERSONS[] =
    "INSERT INTO persons (id, family_name, family_name_kana, created_at, updated_at)"
    " SELECT 'w' || n, '渡辺', 'ワタナベ', 1, 1 FROM generate_series(1, 3) n";
static const char WATANABE_KEYS[] = "INSERT INTO person_keys (key, person_id) SELECT 'ワタナベ', "
                                    "'w' || n FROM generate_series(1, 3) n";
static const char BLOCKS_FETCHED[] =
    "SELECT pg_stat_get_xact_blocks_fetched('person_keys_pkey'::regclass)";

static bool read_admin_conninfo(void)
{
    const char *file = getenv("TSUNAGU_TEST_PG_FILE");
    FILE *f = file ? fopen(file, "r") : NULL;
    if (!f)
        return false;
    bool ok = fgets(admin_conninfo, sizeof admin_conninfo, f) != NULL;
    fclose(f);
    admin_conninfo[strcspn(admin_conninfo, "\n")] = '\0';
    return ok && admin_conninfo[0];
}

static int exec_admin(const char *verb, const char *tail)
{
    char sql[160];
    snprintf(sql, sizeof sql, "%s %s%s", verb, database, tail);
    return store_exec(admin, sql);
}

static int setup(void **state)
{
    (void)state;
    if (store_open_pg(&admin_store, admin_conninfo) != STORE_OK ||
        !(admin = store_conn_open(admin_store)))
        return -1;
    snprintf(database, sizeof database, "tsunagu_search_%ld_%ld", (long)getpid(), (long)time(NULL));
    if (exec_admin("CREATE DATABASE", " TEMPLATE template0") != STORE_OK)
        return -1;
    char conninfo[640];
    snprintf(conninfo, sizeof conninfo, "%s dbname=%s", admin_conninfo, database);
    if (store_open_pg(&s, conninfo) != STORE_OK)
        return -1;
    c = store_thread_conn(s);
    if (!c || store_migrate(c) != STORE_OK)
        return -1;
    const char *fill[] = {FILL_PERSONS, FILL_KEYS, WATANABE_PERSONS, WATANABE_KEYS, "ANALYZE"};
    for (size_t i = 0; i < sizeof fill / sizeof *fill; i++)
        if (store_exec(c, fill[i]) != STORE_OK)
            return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(s); /* and this thread's connection to it */
    int rc = exec_admin("DROP DATABASE IF EXISTS", "");
    store_conn_close(admin);
    store_close(admin_store);
    return rc == STORE_OK ? 0 : -1;
}

typedef struct listed {
    int count;
    char first_key[32];
} listed;

static int collect(void *ctx, const store_person *p, const char *matched_key)
{
    (void)p;
    listed *l = ctx;
    if (l->count++ == 0)
        snprintf(l->first_key, sizeof l->first_key, "%s", matched_key);
    return 0;
}

static int64_t blocks_fetched(void)
{
    store_stmt *st = store_prepare(c, BLOCKS_FETCHED);
    assert_non_null(st);
    assert_int_equal(store_step(st), STORE_ROW);
    int64_t n = store_col_int(st, 0);
    store_done(st);
    return n;
}

/* One page of the search in a read transaction: the rows listed and the index blocks read. */
static int64_t search_blocks(const char *prefix, const char *after_key, const char *after_id,
                             listed *out)
{
    pool *p = pool_create();
    assert_int_equal(store_begin_read(c), STORE_OK);
    int64_t before = blocks_fetched();
    assert_int_equal(store_person_search(c, p, prefix, after_key, after_id, 102, collect, out),
                     STORE_OK);
    int64_t read = blocks_fetched() - before;
    store_end_read(c);
    pool_destroy(p);
    return read;
}

static void first_page_starts_at_the_prefix(void **state)
{
    (void)state;
    listed l = {0};
    int64_t blocks = search_blocks("ワタナベ", NULL, NULL, &l);
    assert_int_equal(l.count, 3);
    assert_string_equal(l.first_key, "ワタナベ");
    if (blocks > BLOCKS_MAX)
        fail_msg("the first page read %lld index blocks for 3 keys: the scan began before the"
                 " prefix",
                 (long long)blocks);
}

static void next_page_starts_at_the_cursor(void **state)
{
    (void)state;
    listed l = {0};
    int64_t blocks = search_blocks("ア", "ア00015000", "a000000000000000015000", &l);
    assert_int_equal(l.count, 102);
    assert_string_equal(l.first_key, "ア00015001");
    if (blocks > BLOCKS_MAX)
        fail_msg("the page after a cursor read %lld index blocks for 102 keys", (long long)blocks);
}

int main(void)
{
    if (!read_admin_conninfo()) {
        fputs("person_search_test: no test cluster (TSUNAGU_TEST_PG_FILE): skipped\n", stderr);
        return SKIPPED;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_page_starts_at_the_prefix),
        cmocka_unit_test(next_page_starts_at_the_cursor),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
