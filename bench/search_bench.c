/* bench_search: person search inside the process, as the server does it: kana_search_key of the
 * query text, then store_person_search, on a connection opened by the store API (so the same
 * pragmas as the server: WAL, 2 MiB page cache per connection, no mmap). The row limit is the
 * server's: 2 * 50 + 2 = 102 key rows for the default page of 50 since commit 590cdaa (a person
 * has up to four keys); it was 51 before, and --rows 51 measures that.
 *
 * The queries are made from persons drawn at random from the database (so they follow the
 * population: common surnames are searched more often), in classes: 1- and 2-character surname
 * prefixes in kana and kanji, full names in kana and kanji, hiragana input, given-name prefixes,
 * and misses. Run twice: the store alone, then the use case the server runs (svc_search_persons:
 * the search key, the store, first_match, the audit rows collected but not written) and its JSON
 * (api_person_search_json, json_dumps; HTTP excluded). Then GET /persons/{id} in-process
 * (svc_persons_get and its JSON), and a spin loop that shows how much the machine
 * itself stalls the process (the floor under any tail latency measured here).
 *
 * With --pg CONNINFO the queries and persons are still drawn from the SQLite file (--db), and
 * run on the PostgreSQL database holding the same town (bench/pg.sh loads it): the same
 * measurement on the other store, as the server's connection has it (store_open_pg).
 *
 * usage: bench_search --db FILE [--pg CONNINFO] [--queries N] [--warmup N] [--seed S] [--rows N]
 *                     [--cache-mib N] [--mmap-mib N]
 * --cache-mib and --mmap-mib set the page cache and mmap size of the benchmark's connection: a
 * what-if for tuning, not what the server does (the figures without them are the server's).
 */
#include "api/persons.h"
#include "bench_util.h"
#include "domain/kana.h"
#include "service/persons.h"
#include "service/search.h"
#include "store/persons.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/pool.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { LIMIT = 50, SERVER_ROWS = 2 * LIMIT + 2, TARGET_P99_US = 2000 };

enum qclass {
    Q_KANA1,
    Q_KANJI1,
    Q_KANA2,
    Q_KANJI2,
    Q_FULL_KANA,
    Q_FULL_KANJI,
    Q_HIRAGANA,
    Q_GIVEN,
    Q_MISS,
    Q_COUNT
};

/* Labels in ASCII so the table lines up; examples in the legend printed above it. */
static const char *const class_names[Q_COUNT] = {
    "surname_kana_1", "surname_kanji_1", "surname_kana_2", "kanji_2", "full_kana",
    "full_kanji",     "hiragana",        "given_prefix",   "miss",
};
static const char *const class_examples[Q_COUNT] = {
    "サ",
    "林",
    "タナ",
    "田中",
    "タナカ ハナコ",
    "田中　花子",
    "たなか, たなかはなこ",
    "ハナ, 花子",
    "ンヂサ, タナカヴ",
};

typedef struct query {
    enum qclass cls;
    char text[640];
} query;

typedef struct sample {
    char id[64];
    char family[128], given[128], family_kana[256], given_kana[256];
} sample;

/* ---- UTF-8 helpers ---- */

/* The first n characters of s (whole code points) into out. */
static void first_chars(const char *s, int n, char *out, size_t cap)
{
    size_t i = 0;
    while (s[i] && n > 0) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        n--;
    }
    if (i >= cap)
        i = cap - 1;
    memcpy(out, s, i);
    out[i] = '\0';
}

/* Katakana (U+30A1..U+30F6) to hiragana (U+3041..U+3096); everything else is copied. */
static void to_hiragana(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; s[i] && o + 4 < cap;) {
        unsigned char c0 = (unsigned char)s[i];
        if (c0 == 0xE3 && s[i + 1] && s[i + 2]) {
            unsigned cp = ((c0 & 0x0Fu) << 12) | (((unsigned char)s[i + 1] & 0x3Fu) << 6) |
                          ((unsigned char)s[i + 2] & 0x3Fu);
            if (cp >= 0x30A1 && cp <= 0x30F6)
                cp -= 0x60;
            out[o++] = (char)(0xE0 | (cp >> 12));
            out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (cp & 0x3F));
            i += 3;
        } else {
            out[o++] = s[i++];
        }
    }
    out[o] = '\0';
}

/* ---- the database ---- */

static void check(int rc, const char *what)
{
    if (rc != STORE_OK) {
        fprintf(stderr, "bench_search: %s failed (%d)\n", what, rc);
        exit(1);
    }
}

static int64_t query_int(store_conn *c, const char *sql)
{
    store_stmt *st = store_prepare(c, sql);
    if (!st)
        exit(1);
    int64_t v = store_step(st) == STORE_ROW ? store_col_int(st, 0) : -1;
    store_done(st);
    return v;
}

static void copy_col(store_stmt *st, int i, char *out, size_t cap)
{
    const char *v = store_col_text(st, i);
    snprintf(out, cap, "%s", v ? v : "");
}

/* A person drawn uniformly: rowids run 1..max (persons are never deleted by the generator). */
static void draw_person(store_conn *c, bench_rng *r, int64_t max_rowid, sample *out)
{
    for (;;) {
        store_stmt *st = store_prepare(c, "SELECT id, family_name, given_name, family_name_kana,"
                                          " given_name_kana FROM persons WHERE rowid = ?");
        if (!st)
            exit(1);
        store_bind_int(st, 1, 1 + (int64_t)(bench_next(r) % (uint64_t)max_rowid));
        int rc = store_step(st);
        if (rc == STORE_ROW) {
            copy_col(st, 0, out->id, sizeof out->id);
            copy_col(st, 1, out->family, sizeof out->family);
            copy_col(st, 2, out->given, sizeof out->given);
            copy_col(st, 3, out->family_kana, sizeof out->family_kana);
            copy_col(st, 4, out->given_kana, sizeof out->given_kana);
        }
        store_done(st);
        if (rc == STORE_ROW)
            return;
        if (rc != STORE_OK)
            exit(1);
    }
}

static void make_query(bench_rng *r, const sample *s, enum qclass cls, query *q)
{
    static const char *const miss_heads[] = {"ン", "ヲ", "ヂ", "ヅ", "ヰ", "ヱ", "ッ"};
    static const char *const kana[] = {"ア", "カ", "サ", "タ", "ナ", "ハ", "マ", "ヤ", "ラ", "ワ",
                                       "キ", "シ", "チ", "ニ", "ヒ", "ミ", "リ", "ク", "ス", "ツ"};
    char buf[64], buf2[512];
    bool has_given = s->given[0] != '\0';
    q->cls = cls;
    switch (cls) {
    case Q_KANA1:
        first_chars(s->family_kana, 1, q->text, sizeof q->text);
        break;
    case Q_KANJI1:
        first_chars(s->family, 1, q->text, sizeof q->text);
        break;
    case Q_KANA2:
        first_chars(s->family_kana, 2, q->text, sizeof q->text);
        break;
    case Q_KANJI2:
        snprintf(buf2, sizeof buf2, "%s%s", s->family, s->given);
        first_chars(buf2, 2, q->text, sizeof q->text);
        break;
    case Q_FULL_KANA:
        snprintf(q->text, sizeof q->text, "%s%s%s", s->family_kana, bench_chance(r, 0.5) ? " " : "",
                 s->given_kana);
        break;
    case Q_FULL_KANJI:
        /* with an ideographic space (U+3000) half of the time, as typed with a Japanese IME */
        snprintf(q->text, sizeof q->text, "%s%s%s", s->family,
                 has_given && bench_chance(r, 0.5) ? "\xe3\x80\x80" : "", s->given);
        break;
    case Q_HIRAGANA:
        if (bench_chance(r, 0.5))
            snprintf(buf2, sizeof buf2, "%s", s->family_kana);
        else
            snprintf(buf2, sizeof buf2, "%s%s", s->family_kana, s->given_kana);
        to_hiragana(buf2, q->text, sizeof q->text);
        break;
    case Q_GIVEN:
        if (!has_given) /* an expected child: search the mother's name instead */
            snprintf(q->text, sizeof q->text, "%s", s->family_kana);
        else if (bench_chance(r, 0.5))
            first_chars(s->given_kana, 2, q->text, sizeof q->text);
        else
            snprintf(q->text, sizeof q->text, "%s", s->given);
        break;
    case Q_MISS:
        if (bench_chance(r, 0.5)) {
            snprintf(q->text, sizeof q->text, "%s%s%s", miss_heads[bench_range(r, 0, 6)],
                     kana[bench_range(r, 0, 19)], kana[bench_range(r, 0, 19)]);
        } else {
            /* a known surname followed by a letter no given name starts with */
            first_chars(s->family_kana, 8, buf, sizeof buf);
            snprintf(q->text, sizeof q->text, "%sヴ", buf);
        }
        break;
    case Q_COUNT:
        break;
    }
}

/* ---- one search: the store alone, or the use case and its JSON as the server runs them ---- */

static int count_row(void *arg, const store_person *p, const char *key)
{
    (void)p;
    (void)key;
    (*(int *)arg)++;
    return 0;
}

/* The system's context: the audit rows the use case collects are left unwritten. */
static svc_ctx bench_ctx(store_conn *c, pool *p)
{
    svc_ctx ctx;
    svc_ctx_init_system(&ctx, c, p, clock_now());
    return ctx;
}

/* One query: the store alone (rows read), or svc_search_persons and api_person_search_json
 * (persons listed), as api_persons_search runs them without HTTP and without writing the audit.
 * *ns: the time taken. */
static int run_search(store_conn *c, const char *text, int rows_max, bool handler, int64_t *ns)
{
    int64_t t0 = bench_now_ns();
    pool *p = pool_create();
    int n = 0;
    if (!handler) {
        char *key = pool_adopt(p, kana_search_key(text, strlen(text)));
        if (!key) {
            fprintf(stderr, "bench_search: invalid query %s\n", text);
            exit(1);
        }
        check(store_person_search(c, p, key, NULL, NULL, rows_max, count_row, &n), "search");
    } else {
        svc_ctx ctx = bench_ctx(c, p);
        svc_search_input in = {.q = text, .limit = LIMIT};
        svc_search_page page;
        if (svc_search_persons(&ctx, &in, &page).status != SVC_OK) {
            fprintf(stderr, "bench_search: search failed for %s\n", text);
            exit(1);
        }
        json_t *body = api_person_search_json(p, &page, ctx.today);
        char *out = body ? json_dumps(body, JSON_COMPACT) : NULL;
        if (!out)
            exit(1);
        free(out);
        json_decref(body);
        n = page.count;
    }
    pool_destroy(p);
    *ns = bench_now_ns() - t0;
    return n;
}

/* ---- GET /persons/{id} without HTTP and without writing the audit: svc_persons_get + JSON ---- */

static size_t run_get(store_conn *c, const char *id, int64_t *ns)
{
    int64_t t0 = bench_now_ns();
    pool *p = pool_create();
    svc_ctx ctx = bench_ctx(c, p);
    svc_person_record r;
    if (svc_persons_get(&ctx, id, &r).status != SVC_OK)
        exit(1);
    json_t *out = api_person_record_json(&r, ctx.today);
    char *body = out ? json_dumps(out, JSON_COMPACT) : NULL;
    if (!body)
        exit(1);
    size_t len = strlen(body);
    free(body);
    json_decref(out);
    pool_destroy(p);
    *ns = bench_now_ns() - t0;
    return len;
}

/* ---- report ---- */

typedef struct series {
    int64_t *ns;
    size_t n;
    int64_t hits;
} series;

static void print_row(const char *label, series *s)
{
    if (s->n == 0)
        return;
    double mean_hits = (double)s->hits / (double)s->n;
    int64_t p50 = bench_percentile(s->ns, s->n, 50), p90 = bench_percentile(s->ns, s->n, 90);
    int64_t p99 = bench_percentile(s->ns, s->n, 99), max = s->ns[s->n - 1];
    printf("  %-18s %6zu %7.1f %9.1f %9.1f %9.1f %9.1f\n", label, s->n, mean_hits, p50 / 1e3,
           p90 / 1e3, p99 / 1e3, max / 1e3);
}

static void print_header(void)
{
    printf("  %-18s %6s %7s %9s %9s %9s %9s\n", "class", "count", "hits/q", "p50 µs", "p90 µs",
           "p99 µs", "max µs");
}

/* Bytes this process has read from storage (not from the page cache): /proc/self/io. */
static int64_t storage_read_bytes(void)
{
    FILE *f = fopen("/proc/self/io", "r");
    if (!f)
        return -1;
    char line[128];
    long long v = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "read_bytes: %lld", &v) == 1)
            break;
    fclose(f);
    return v;
}

static double file_mib(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (double)sb.st_size / (1024.0 * 1024.0) : 0.0;
}

/* How often the machine itself takes the CPU away: gaps in a loop that only reads the clock. */
typedef struct noise {
    int ms, stalls, stalls_1ms;
    double lost_us, max_us;
} noise;

static noise measure_noise(int ms)
{
    noise n = {.ms = ms};
    int64_t start = bench_now_ns(), last = start;
    while (last - start < (int64_t)ms * 1000000) {
        int64_t t = bench_now_ns(), gap = t - last;
        if (gap > 100000) {
            n.stalls++;
            n.lost_us += (double)gap / 1e3;
            if (gap > 1000000)
                n.stalls_1ms++;
        }
        if ((double)gap / 1e3 > n.max_us)
            n.max_us = (double)gap / 1e3;
        last = t;
    }
    return n;
}

static int usage(void)
{
    fputs("usage: bench_search --db FILE [--pg CONNINFO] [--queries N] [--warmup N] [--seed S]"
          " [--rows N] [--cache-mib N] [--mmap-mib N]\n",
          stderr);
    return 2;
}

int main(int argc, char **argv)
{
    const char *db = NULL, *pg = NULL;
    long nq = 6300, warmup = 900;
    uint64_t seed = 7;
    long cache_mib = 0, mmap_mib = -1, rows = SERVER_ROWS;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--db") == 0)
            db = argv[i + 1];
        else if (strcmp(argv[i], "--pg") == 0)
            pg = argv[i + 1];
        else if (strcmp(argv[i], "--queries") == 0)
            nq = strtol(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--warmup") == 0)
            warmup = strtol(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--seed") == 0)
            seed = strtoull(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--rows") == 0)
            rows = strtol(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--cache-mib") == 0)
            cache_mib = strtol(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--mmap-mib") == 0)
            mmap_mib = strtol(argv[i + 1], NULL, 10);
        else
            return usage();
    }
    if (!db || argc % 2 == 0 || nq < Q_COUNT || warmup < 0 || rows < 1 || rows > 100000 ||
        (pg && (cache_mib > 0 || mmap_mib >= 0)))
        return usage();
    struct stat sb;
    if (stat(db, &sb) != 0) {
        fprintf(stderr, "bench_search: no database at %s\n", db);
        return 1;
    }

    /* Opened as cmd_serve opens it (open_store in src/main.c). With --pg, the SQLite file is
     * read for the draw only, on a connection of its own. */
    store *s, *draw_store = NULL;
    if (store_open_sqlite(pg ? &draw_store : &s, db) != STORE_OK)
        return 1;
    if (pg && store_open_pg(&s, pg) != STORE_OK)
        return 1;
    store_conn *c = store_thread_conn(s);
    store_conn *draw = pg ? store_conn_open(draw_store) : c;
    if (!c || !draw)
        return 1;
    check(store_migrate(c), "store_migrate");
    char pragma[96];
    if (cache_mib > 0) {
        snprintf(pragma, sizeof pragma, "PRAGMA cache_size=-%ld", cache_mib * 1024);
        check(store_exec(c, pragma), "cache_size");
    }
    if (mmap_mib >= 0) {
        snprintf(pragma, sizeof pragma, "PRAGMA mmap_size=%lld", (long long)mmap_mib << 20);
        check(store_exec(c, pragma), "mmap_size");
    }
    int64_t persons = query_int(c, "SELECT count(*) FROM persons");
    int64_t max_rowid = query_int(draw, "SELECT max(rowid) FROM persons");
    int64_t keys = query_int(c, "SELECT count(*) FROM person_keys");
    int64_t cache = pg ? 0 : query_int(c, "PRAGMA cache_size");
    int64_t mmap = pg ? 0 : query_int(c, "PRAGMA mmap_size");
    if (persons <= 0 || max_rowid <= 0) {
        fprintf(stderr, "bench_search: %s holds no persons (run bench_gen)\n", db);
        return 1;
    }
    char wal[4096];
    snprintf(wal, sizeof wal, "%s-wal", db);
    double db_mib = file_mib(db), wal_mib = file_mib(wal);
    if (pg) {
        db_mib = (double)query_int(c, "SELECT pg_database_size(current_database())") / 1048576.0;
        wal_mib = 0;
    }

    bench_rng rng;
    bench_rng_seed(&rng, seed);
    size_t total = (size_t)(nq + warmup);
    query *qs = calloc(total, sizeof *qs);
    sample *people = calloc(total, sizeof *people);
    int64_t *ns = calloc(total, sizeof *ns);
    int *hit_count = calloc(total, sizeof *hit_count);
    if (!qs || !people || !ns || !hit_count)
        return 1;
    /* Classes in equal numbers, in random order so that no class warms the next one's pages. */
    for (size_t i = 0; i < total; i++) {
        draw_person(draw, &rng, max_rowid, &people[i]);
        make_query(&rng, &people[i], (enum qclass)(i % Q_COUNT), &qs[i]);
    }
    for (size_t i = total - 1; i > 0; i--) {
        size_t j = (size_t)(bench_next(&rng) % (i + 1));
        query t = qs[i];
        qs[i] = qs[j];
        qs[j] = t;
    }

    if (pg) { /* store_close also closes this thread's connection (to s): made again */
        store_conn_close(draw);
        store_close(draw_store);
        c = store_thread_conn(s);
        if (!c)
            return 1;
    }
    printf("tsunagu search benchmark (in-process, store API as the server opens it)\n");
    if (pg)
        printf("  database     PostgreSQL, %.1f MiB (the queries drawn from %s)\n", db_mib, db);
    else
        printf("  database     %s: %.1f MiB (+ WAL %.1f MiB)\n", db, db_mib, wal_mib);
    printf("  rows         %" PRId64 " persons, %" PRId64 " search keys\n", persons, keys);
    if (!pg)
        printf("  connection   cache_size %" PRId64 " (%s), mmap_size %" PRId64 "%s\n", cache,
               cache < 0 ? "KiB" : "pages", mmap,
               cache_mib > 0 || mmap_mib >= 0 ? "  (what-if: NOT the server's settings)" : "");
    printf("  queries      %ld measured after %ld warm-up, %d classes, page of %d, store limit %ld"
           " rows%s, seed %" PRIu64 "\n",
           nq, warmup, Q_COUNT, LIMIT, rows, rows == SERVER_ROWS ? " (the server's)" : "", seed);

    double all_p50 = 0, all_p99 = 0, all_max = 0, json_p50 = 0, json_p99 = 0;
    for (int pass = 0; pass < 2; pass++) {
        bool json = pass == 1;
        int64_t read0 = storage_read_bytes();
        for (size_t i = 0; i < total; i++)
            hit_count[i] = run_search(c, qs[i].text, json ? SERVER_ROWS : (int)rows, json, &ns[i]);
        int64_t read1 = storage_read_bytes();
        series by_class[Q_COUNT] = {{0}}, all = {0};
        for (int k = 0; k < Q_COUNT; k++)
            by_class[k].ns = calloc(total, sizeof(int64_t));
        all.ns = calloc(total, sizeof(int64_t));
        for (size_t i = (size_t)warmup; i < total; i++) {
            series *sc = &by_class[qs[i].cls];
            sc->ns[sc->n++] = ns[i];
            sc->hits += hit_count[i];
            all.ns[all.n++] = ns[i];
            all.hits += hit_count[i];
        }
        if (json)
            printf(
                "\nhandler: svc_search_persons + api_person_search_json + json_dumps per query,"
                " as api_persons_search (audit not written, no HTTP); hits/q = persons listed\n");
        else
            printf("\nsearch: kana_search_key + store_person_search (limit %ld rows); hits/q ="
                   " key rows\n",
                   rows);
        if (!json) {
            printf("  classes:");
            for (int k = 0; k < Q_COUNT; k++)
                printf("%s %s = %s", k ? ";" : "", class_names[k], class_examples[k]);
            printf("\n");
        }
        print_header();
        for (int k = 0; k < Q_COUNT; k++)
            print_row(class_names[k], &by_class[k]);
        print_row("all", &all);
        if (read0 >= 0 && read1 >= 0)
            printf("  read from storage (page cache misses) during this pass: %.1f MiB\n",
                   (double)(read1 - read0) / (1024.0 * 1024.0));
        if (!json) {
            all_p50 = bench_percentile(all.ns, all.n, 50) / 1e3;
            all_p99 = bench_percentile(all.ns, all.n, 99) / 1e3;
            all_max = all.ns[all.n - 1] / 1e3;
        } else {
            json_p50 = bench_percentile(all.ns, all.n, 50) / 1e3;
            json_p99 = bench_percentile(all.ns, all.n, 99) / 1e3;
        }
        for (int k = 0; k < Q_COUNT; k++)
            free(by_class[k].ns);
        free(all.ns);
    }

    /* GET /persons/{id}: the reads and the JSON of api_persons_get, for the persons drawn. */
    size_t ng = total < 3000 ? total : 3000, warm = ng / 10;
    series get = {.ns = calloc(ng, sizeof(int64_t))};
    size_t bytes = 0;
    for (size_t i = 0; i < ng; i++) {
        int64_t t;
        bytes += run_get(c, people[i].id, &t);
        if (i >= warm)
            get.ns[get.n++] = t;
    }
    printf("\nGET /persons/{id} in-process: svc_persons_get + api_person_record_json "
           "(no session, audit not written, no HTTP); mean answer %zu bytes\n",
           bytes / ng);
    print_header();
    print_row("get person", &get);
    double get_p50 = bench_percentile(get.ns, get.n, 50) / 1e3;
    double get_p99 = bench_percentile(get.ns, get.n, 99) / 1e3;

    noise n = measure_noise(1000);
    printf("\nmachine noise: a %d ms spin loop lost %.1f ms in %d stalls > 100 µs (%d > 1 ms),"
           " the longest %.1f µs\n",
           n.ms, n.lost_us / 1e3, n.stalls, n.stalls_1ms, n.max_us);

    printf("\ntarget: search p99 <= %d µs at 1,000,000 persons; measured (store) %.1f µs = %.2f x"
           " the target (%s); with the handler's work %.1f µs = %.2f x\n",
           TARGET_P99_US, all_p99, all_p99 / TARGET_P99_US,
           all_p99 <= TARGET_P99_US ? "met" : "NOT met", json_p99, json_p99 / TARGET_P99_US);
    printf("summary: store=%s persons=%" PRId64 " db_mib=%.1f rows=%ld search_p50_us=%.1f"
           " search_p99_us=%.1f search_max_us=%.1f handler_p50_us=%.1f handler_p99_us=%.1f"
           " get_p50_us=%.1f get_p99_us=%.1f noise_lost_ms_per_s=%.1f\n",
           store_backend_name(s), persons, db_mib + wal_mib, rows, all_p50, all_p99, all_max,
           json_p50, json_p99, get_p50, get_p99, n.lost_us / 1e3 / (n.ms / 1e3));
    free(get.ns);
    free(qs);
    free(people);
    free(ns);
    free(hit_count);
    store_close(s);
    return 0;
}
