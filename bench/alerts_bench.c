/* bench_alerts: GET /api/v1/alerts inside the process, as api_alerts_list does it per request,
 * on a connection opened as the server opens it (store_open_sqlite + store_thread_conn +
 * store_migrate: WAL, 2 MiB page cache, no mmap). A run is
 *
 *   1. the board: svc_alerts_board (service/alerts.c) for a user who may read reports (保健師:
 *      every kind): the five store queries, the due date of each item (domain rules, Japan
 *      time), the sort by urgency, the first page (50 items, the default limit) and its audit
 *      rows (collected, not written);
 *   2. the JSON of that page as the handler answers it (api_alerts_page_json: labels, instants,
 *      the persons' brief JSON with their age today, the cursor) and json_dumps as
 *      http_reply_json does.
 * "total" is these two. Apart from them, each store query is timed alone (the same functions,
 * rows counted and dropped), to show where the time goes.
 *
 * Not included: the session lookup, writing the audit rows (the read of this hour's audit_shown
 * keys, and the rows not yet written this hour, written by the group-commit writer before the
 * answer leaves) and HTTP; bench/alerts_http.sh measures those end to end. Nothing of the server
 * is copied here: the board, the JSON and the SQL are the server's own.
 *
 * Before the runs it prints EXPLAIN QUERY PLAN of each alert query (the store's SQL text) and
 * flags full scans and correlated subqueries that are not keyed on the outer row.
 *
 * --what-if SQL (repeatable) measures a schema change: the database is copied (store_backup) to
 * FILE.whatif.db, the SQL is run there, the copy is measured and removed. Such figures are
 * labelled WHAT-IF: they are not what the server does today.
 *
 * Runs: --warmup N (20) then --runs N (2000), each phase bounded by --max-seconds (120): a slow
 * plan ends the phase early and says how many runs were made.
 *
 * --cache-mib and --mmap-mib set the page cache and mmap size of the benchmark's connection: a
 * what-if for tuning, labelled as such (the server's are 2 MiB and 0).
 *
 * usage: bench_alerts --db FILE [--runs N] [--warmup N] [--max-seconds S] [--what-if SQL]...
 *                     [--cache-mib N] [--mmap-mib N] [--label TEXT]
 */
#include "api/alerts.h"
#include "bench_util.h"
#include "domain/date.h"
#include "domain/due.h"
#include "service/alerts.h"
#include "store/alerts.h"
#include "store/reports.h"
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
#include <unistd.h>

enum { PAGE = 50, TARGET_MS = 10, MAX_WHAT_IF = 8 };

static void check(int rc, const char *what)
{
    if (rc != STORE_OK) {
        fprintf(stderr, "bench_alerts: %s failed (%d)\n", what, rc);
        exit(1);
    }
}

/* Rows counted and dropped: a store query timed alone. */
static int count_alert(void *arg, const store_alert_row *a)
{
    (void)a;
    (*(int *)arg)++;
    return 0;
}

static int count_safety(void *arg, const store_safety_alert *a)
{
    *(int *)arg += a->unconfirmed;
    return 0;
}

/* ---- one request ---- */

enum phase { P_NEWBORN, P_MISSED, P_SCREENING, P_SAFETY, P_BOARD, P_JSON, P_TOTAL, P_COUNT };
static const char *const phase_names[P_COUNT] = {
    "newborn_visits", "missed_checkups",   "screenings", "safety", "board (service)",
    "json",           "total (board+json)"};

typedef struct outcome {
    int64_t ns[P_COUNT];
    int total;
    size_t bytes;
} outcome;

/* The board as a user of the health section who may read reports sees it, at `now`. */
static void board_ctx(svc_ctx *ctx, store_conn *c, pool *p, int64_t now)
{
    svc_ctx_init(ctx, c, p, "bench", ROLE_HEALTH, now);
}

static void check_svc(svc_result r, const char *what)
{
    if (r.status != SVC_OK) {
        fprintf(stderr, "bench_alerts: %s failed (svc status %d)\n", what, r.status);
        exit(1);
    }
}

/* Each store query alone, rows counted and dropped. */
static void time_queries(store_conn *c, const char *since, outcome *o)
{
    pool *p = pool_create();
    int rows = 0;
    int64_t t0 = bench_now_ns();
    check(store_alerts_newborn_visits(c, p, since, count_alert, &rows), "newborn_visits");
    int64_t t1 = bench_now_ns();
    check(store_alerts_missed_checkups(c, p, count_alert, &rows), "missed_checkups");
    int64_t t2 = bench_now_ns();
    check(store_alerts_screening_followups(c, p, count_alert, &rows), "screening_followups");
    check(store_alerts_epds_self_harm(c, p, count_alert, &rows), "epds_self_harm");
    int64_t t3 = bench_now_ns();
    check(store_alerts_safety(c, p, count_safety, &rows), "safety");
    int64_t t4 = bench_now_ns();
    pool_destroy(p);
    o->ns[P_NEWBORN] = t1 - t0;
    o->ns[P_MISSED] = t2 - t1;
    o->ns[P_SCREENING] = t3 - t2;
    o->ns[P_SAFETY] = t4 - t3;
}

/* What api_alerts_list does but HTTP: the first page of the board and its answer. */
static void one_request(store_conn *c, const char *since, outcome *o)
{
    time_queries(c, since, o);
    int64_t t0 = bench_now_ns();
    pool *p = pool_create();
    svc_ctx ctx;
    board_ctx(&ctx, c, p, clock_now());
    svc_alerts_filter f = {
        .only_kind = ALERT_KIND_NONE, .only_section = ALERT_SECTION_NONE, .limit = PAGE};
    svc_alerts_page board;
    check_svc(svc_alerts_board(&ctx, &f, &board), "svc_alerts_board");
    int64_t t1 = bench_now_ns();
    json_t *body = api_alerts_page_json(p, &board);
    char *out = body ? json_dumps(body, JSON_COMPACT) : NULL;
    if (!out) {
        fprintf(stderr, "bench_alerts: the answer could not be built\n");
        exit(1);
    }
    o->bytes = strlen(out);
    free(out);
    json_decref(body);
    o->total = board.total;
    pool_destroy(p);
    int64_t t2 = bench_now_ns();
    o->ns[P_BOARD] = t1 - t0;
    o->ns[P_JSON] = t2 - t1;
    o->ns[P_TOTAL] = t2 - t0;
}

/* The whole board, page after page of 500 as the UI asks for it: what it holds. */
typedef struct board_counts {
    int total, overdue, pages, safety_children;
    int count[ALERT_KIND_COUNT];
} board_counts;

static board_counts count_board(store_conn *c)
{
    board_counts n = {0};
    pool *p = pool_create();
    svc_ctx ctx;
    board_ctx(&ctx, c, p, clock_now());
    svc_alerts_filter f = {.only_kind = ALERT_KIND_NONE,
                           .only_section = ALERT_SECTION_NONE,
                           .limit = 500,
                           .at = ctx.now};
    svc_alerts_key after;
    svc_alerts_page board;
    do {
        check_svc(svc_alerts_board(&ctx, &f, &board), "svc_alerts_board (every page)");
        for (int i = 0; i < board.count; i++) {
            n.count[board.items[i].kind]++;
            n.overdue += board.items[i].overdue;
            n.safety_children += board.items[i].children ? board.items[i].unconfirmed : 0;
        }
        n.total += board.count;
        n.pages++;
        if (board.more) {
            after = svc_alerts_key_of(&board.items[board.count - 1]);
            f.after = &after;
        }
    } while (board.more);
    if (n.total != board.total)
        printf("  NOTE: the pages held %d items, the board %d\n", n.total, board.total);
    pool_destroy(p);
    return n;
}

/* ---- the plans (the store's own SQL) ---- */

enum { QUERIES = 5 };

typedef struct query_info {
    const char *name;
    const char *key; /* the column a correlated subquery should be looked up by */
    const char *sql;
    const char *param; /* bound to ?1; SINCE: the newborn window */
} query_info;

static const char SINCE[] = "since";

static const query_info queries[QUERIES] = {
    {"store_alerts_newborn_visits", "person_id=", store_alerts_newborn_sql, SINCE},
    {"store_alerts_missed_checkups", "person_id=", store_alerts_missed_sql, NULL},
    {"store_alerts_screening_followups", NULL, store_alerts_epds_sql, "0"},
    {"store_alerts_epds_self_harm", NULL, store_alerts_epds_sql, "1"},
    {"store_alerts_safety", "report_id=", store_alerts_safety_sql, NULL},
};

/* The value bound to ?1 of query i (text: SQLite gives it the column's integer affinity). */
static const char *query_param(int i, const char *since)
{
    return queries[i].param == SINCE ? since : queries[i].param;
}

/* Prints the plan, indented as sqlite3's shell does, and flags what does not scale: a full scan,
 * and a lookup under a correlated subquery (run once per outer row) that is not keyed on the
 * outer row. Returns the number of findings. */
static int print_plan(store_conn *c, const char *explain_sql, const char *since, const char *key)
{
    store_stmt *st = store_prepare(c, explain_sql);
    if (!st)
        exit(1);
    if (since)
        store_bind_text(st, 1, since);
    enum { MAX_ROWS = 64 };
    int ids[MAX_ROWS], depth[MAX_ROWS], n = 0, findings = 0;
    bool correlated[MAX_ROWS];
    int rc;
    while ((rc = store_step(st)) == STORE_ROW && n < MAX_ROWS) {
        ids[n] = (int)store_col_int(st, 0);
        int parent = (int)store_col_int(st, 1);
        const char *detail = store_col_text(st, 3);
        if (!detail)
            detail = "";
        depth[n] = 0;
        bool under = false; /* below a CORRELATED node */
        for (int k = 0; k < n; k++)
            if (ids[k] == parent) {
                depth[n] = depth[k] + 1;
                under = correlated[k];
            }
        correlated[n] = under || strstr(detail, "CORRELATED") != NULL;
        printf("    %*s%s", depth[n] * 2, "", detail);
        bool lookup = strncmp(detail, "SEARCH ", 7) == 0 || strncmp(detail, "SCAN ", 5) == 0;
        if (strncmp(detail, "SCAN ", 5) == 0) {
            printf("   <-- full scan%s", under ? ", once per outer row" : "");
            findings++;
        } else if (under && lookup && key && !strstr(detail, key)) {
            printf("   <-- not keyed on the outer row (%s?): reads every matching row once per"
                   " outer row",
                   key);
            findings++;
        }
        printf("\n");
        n++;
    }
    store_done(st);
    check(rc < 0 ? rc : STORE_OK, "EXPLAIN QUERY PLAN");
    return findings;
}

static int explain(store_conn *c, int qi, const char *since)
{
    static char *texts[QUERIES]; /* built once: the statement cache is keyed on the text */
    if (!texts[qi]) {
        size_t n = strlen(queries[qi].sql) + 32;
        texts[qi] = malloc(n);
        if (!texts[qi])
            abort();
        snprintf(texts[qi], n, "EXPLAIN QUERY PLAN %s", queries[qi].sql);
    }
    printf("  %s\n", queries[qi].name);
    return print_plan(c, texts[qi], query_param(qi, since), queries[qi].key);
}

/* The store's newborn query with `+v.status`: the unary plus keeps the planner from looking the
 * subquery up by (status, kind), so it can only go by the person. A what-if of the SQL (run
 * directly, not through the store function); `prefix` comes before it (EXPLAIN QUERY PLAN). */
static char *newborn_plus(const char *prefix)
{
    static const char status[] = "v.status = 'done'";
    const char *at = strstr(store_alerts_newborn_sql, status);
    if (!at) {
        fprintf(stderr, "bench_alerts: the newborn query has no `%s`\n", status);
        exit(1);
    }
    size_t n = strlen(prefix) + strlen(store_alerts_newborn_sql) + 2;
    char *sql = malloc(n);
    if (!sql)
        abort();
    snprintf(sql, n, "%s%.*s+%s", prefix, (int)(at - store_alerts_newborn_sql),
             store_alerts_newborn_sql, at);
    return sql;
}

static int64_t count_rows(store_conn *c, const char *sql, const char *since);
static int print_plan(store_conn *c, const char *explain_sql, const char *since, const char *key);

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void query_what_if(store_conn *c, const char *since, double max_seconds)
{
    printf("\nwhat-if query (NOT the server's SQL): store_alerts_newborn_visits with"
           " `+v.status = 'done'`\n");
    char *sql = newborn_plus(""), *plan = newborn_plus("EXPLAIN QUERY PLAN ");
    print_plan(c, plan, since, "person_id=");
    enum { N = 500 };
    int64_t ns[N], rows = 0, start = bench_now_ns();
    int n = 0;
    while (n < N && (n == 0 || bench_now_ns() - start < (int64_t)(max_seconds * 1e9))) {
        int64_t t = bench_now_ns();
        rows = count_rows(c, sql, since);
        ns[n++] = bench_now_ns() - t;
    }
    qsort(ns, (size_t)n, sizeof ns[0], cmp_i64);
    printf("  %" PRId64 " rows; %d runs: p50 %.3f ms, p99 %.3f ms (the rows are read, not"
           " collected)\n",
           rows, n, (double)ns[n / 2] / 1e6, (double)ns[(n * 99) / 100] / 1e6);
    free(sql);
    free(plan);
}

/* ---- report ---- */

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

static const char *loadavg(void)
{
    static char buf[64];
    FILE *f = fopen("/proc/loadavg", "r");
    if (!f || !fgets(buf, sizeof buf, f))
        snprintf(buf, sizeof buf, "?\n");
    if (f)
        fclose(f);
    return buf;
}

typedef struct series {
    int64_t *ns;
    size_t n;
} series;

static double pct_ms(series *s, double q)
{
    return (double)bench_percentile(s->ns, s->n, q) / 1e6;
}

static double file_mib(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (double)sb.st_size / (1024.0 * 1024.0) : 0.0;
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

static int64_t count_rows(store_conn *c, const char *sql, const char *since)
{
    store_stmt *st = store_prepare(c, sql);
    if (!st)
        exit(1);
    if (since)
        store_bind_text(st, 1, since);
    int64_t n = 0;
    int rc;
    while ((rc = store_step(st)) == STORE_ROW)
        n++;
    store_done(st);
    check(rc, "counting rows");
    return n;
}

static int usage(void)
{
    fputs("usage: bench_alerts --db FILE [--runs N] [--warmup N] [--max-seconds S]"
          " [--what-if SQL]... [--cache-mib N] [--mmap-mib N] [--label TEXT]\n",
          stderr);
    return 2;
}

static void remove_db(const char *path)
{
    char side[4200];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

int main(int argc, char **argv)
{
    const char *db = NULL, *label = NULL, *what_if[MAX_WHAT_IF];
    int n_what_if = 0;
    long runs = 2000, warmup = 20;
    double max_seconds = 120;
    long cache_mib = 0, mmap_mib = -1;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *a = argv[i], *v = argv[i + 1];
        if (strcmp(a, "--db") == 0)
            db = v;
        else if (strcmp(a, "--runs") == 0)
            runs = strtol(v, NULL, 10);
        else if (strcmp(a, "--warmup") == 0)
            warmup = strtol(v, NULL, 10);
        else if (strcmp(a, "--max-seconds") == 0)
            max_seconds = strtod(v, NULL);
        else if (strcmp(a, "--what-if") == 0 && n_what_if < MAX_WHAT_IF)
            what_if[n_what_if++] = v;
        else if (strcmp(a, "--label") == 0)
            label = v;
        else if (strcmp(a, "--cache-mib") == 0)
            cache_mib = strtol(v, NULL, 10);
        else if (strcmp(a, "--mmap-mib") == 0)
            mmap_mib = strtol(v, NULL, 10);
        else
            return usage();
    }
    if (!db || argc % 2 == 0 || runs < 1 || warmup < 0 || max_seconds <= 0)
        return usage();
    struct stat sb;
    if (stat(db, &sb) != 0) {
        fprintf(stderr, "bench_alerts: no database at %s\n", db);
        return 1;
    }
    char copy[4096];
    const char *path = db;
    if (n_what_if) { /* a consistent copy, then the schema change on it */
        snprintf(copy, sizeof copy, "%s.whatif.db", db);
        remove_db(copy);
        store *orig;
        if (store_open_sqlite(&orig, db) != STORE_OK)
            return 1;
        store_conn *oc = store_thread_conn(orig);
        if (!oc)
            return 1;
        check(store_backup(oc, copy), "store_backup");
        store_close(orig);
        store *ws;
        if (store_open_sqlite(&ws, copy) != STORE_OK)
            return 1;
        store_conn *wc = store_conn_open(ws);
        if (!wc)
            return 1;
        for (int i = 0; i < n_what_if; i++) {
            int64_t t = bench_now_ns();
            check(store_exec(wc, what_if[i]), "what-if SQL");
            fprintf(stderr, "bench_alerts: what-if applied in %.1f s: %s\n",
                    (double)(bench_now_ns() - t) / 1e9, what_if[i]);
        }
        check(store_exec(wc, "PRAGMA wal_checkpoint(TRUNCATE)"), "checkpoint");
        store_conn_close(wc);
        store_close(ws);
        path = copy;
    }

    /* Opened as cmd_serve opens it (open_store in src/main.c). */
    store *s;
    if (store_open_sqlite(&s, path) != STORE_OK)
        return 1;
    store_conn *c = store_thread_conn(s);
    if (!c)
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
    bool what_if_conn = cache_mib > 0 || mmap_mib >= 0;
    date_ymd today = date_jst_of_instant(clock_now());
    char since[11], today_s[11];
    date_format(date_add_months(today, -12), since);
    date_format(today, today_s);

    printf("tsunagu alerts benchmark: GET /api/v1/alerts in-process (store API as the server opens "
           "it)%s%s\n",
           label ? " -- " : "", label ? label : "");
    if (n_what_if) {
        printf(
            "  WHAT-IF      measured on a copy with a schema change the server does NOT have:\n");
        for (int i = 0; i < n_what_if; i++)
            printf("               %s\n", what_if[i]);
    }
    printf("  database     %s: %.1f MiB\n", path, file_mib(path));
    printf("  rows         %" PRId64 " persons (%" PRId64 " born since %s), %" PRId64
           " pregnancies, %" PRId64 " visits, %" PRId64 " screenings, %" PRId64 " reports\n",
           query_int(c, "SELECT count(*) FROM persons"),
           count_rows(c, "SELECT 1 FROM persons WHERE birth_date >= ?", since), since,
           query_int(c, "SELECT count(*) FROM pregnancies"),
           query_int(c, "SELECT count(*) FROM visits"),
           query_int(c, "SELECT count(*) FROM screenings"),
           query_int(c, "SELECT count(*) FROM reports"));
    printf("  connection   cache_size %" PRId64 " KiB, mmap_size %" PRId64 "%s, statistics"
           " (sqlite_stat1) %s\n",
           -query_int(c, "PRAGMA cache_size"), query_int(c, "PRAGMA mmap_size"),
           what_if_conn ? " (WHAT-IF: NOT the server's settings)" : "",
           query_int(c, "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'") > 0
               ? "present"
               : "none (the server never runs ANALYZE)");
    printf("  today        %s (JST); newborn window: born since %s; page of %d, user may read"
           " reports\n",
           today_s, since, PAGE);

    printf(
        "\nquery plans (EXPLAIN QUERY PLAN of the store's SQL: src/store/alerts.c, reports.c):\n");
    int findings = 0;
    for (int i = 0; i < QUERIES; i++)
        findings += explain(c, i, since);

    /* One request first, then the whole board page by page: what it holds. */
    outcome first;
    one_request(c, since, &first);
    board_counts all = count_board(c);
    printf("\nfirst request: %.1f ms, answer %zu bytes; the board: total %d (overdue %d) in %d"
           " page(s) of 500: safety_confirmation %d (%d children), newborn_visit %d,"
           " checkup_missed %d, screening_followup %d, epds_self_harm %d\n",
           (double)first.ns[P_TOTAL] / 1e6, first.bytes, all.total, all.overdue, all.pages,
           all.count[ALERT_SAFETY_CONFIRMATION], all.safety_children,
           all.count[ALERT_NEWBORN_VISIT], all.count[ALERT_CHECKUP_MISSED],
           all.count[ALERT_SCREENING_FOLLOWUP], all.count[ALERT_EPDS_SELF_HARM]);

    if (!n_what_if && !what_if_conn)
        query_what_if(c, since, max_seconds / 10);

    /* warm-up, then the measured runs, each bounded in time */
    int64_t budget = (int64_t)(max_seconds * 1e9);
    int64_t start = bench_now_ns();
    long warm = 0;
    outcome o;
    while (warm < warmup && bench_now_ns() - start < budget / 4) {
        one_request(c, since, &o);
        warm++;
    }
    series ph[P_COUNT];
    for (int k = 0; k < P_COUNT; k++)
        ph[k] = (series){.ns = calloc((size_t)runs, sizeof(int64_t))};
    start = bench_now_ns();
    long done = 0;
    while (done < runs && (done == 0 || bench_now_ns() - start < budget)) {
        one_request(c, since, &o);
        for (int k = 0; k < P_COUNT; k++)
            ph[k].ns[ph[k].n++] = o.ns[k];
        done++;
    }
    double wall = (double)(bench_now_ns() - start) / 1e9;
    printf("\nruns: %ld measured after %ld warm-up (%.1f s)%s\n", done, warm, wall,
           done < runs ? "; stopped by --max-seconds" : "");
    printf("  %-20s %9s %9s %9s %9s %9s\n", "phase", "p50 ms", "p90 ms", "p99 ms", "max ms",
           "mean ms");
    double p50 = 0, p90 = 0, p99 = 0, max = 0;
    for (int k = 0; k < P_COUNT; k++) {
        double sum = 0;
        for (size_t i = 0; i < ph[k].n; i++)
            sum += (double)ph[k].ns[i];
        double a = pct_ms(&ph[k], 50), b = pct_ms(&ph[k], 90), d = pct_ms(&ph[k], 99);
        double m = (double)ph[k].ns[ph[k].n - 1] / 1e6;
        printf("  %-20s %9.3f %9.3f %9.3f %9.3f %9.3f\n", phase_names[k], a, b, d, m,
               sum / (double)ph[k].n / 1e6);
        if (k == P_TOTAL) {
            p50 = a;
            p90 = b;
            p99 = d;
            max = m;
        }
    }
    printf("\ntarget: <= %d ms inside the server; p50 %.3f ms = %.3f x the target, p99 %.3f ms ="
           " %.3f x (%s)%s\n",
           TARGET_MS, p50, p50 / TARGET_MS, p99, p99 / TARGET_MS,
           p99 <= TARGET_MS ? "met" : "NOT met", n_what_if || what_if_conn ? "  [WHAT-IF]" : "");
    if (findings)
        printf("plans: %d finding(s) flagged above\n", findings);
    noise nz = measure_noise(1000);
    printf("machine noise: a %d ms spin loop lost %.1f ms in %d stalls > 100 µs (%d > 1 ms), the"
           " longest %.1f µs; load average %s",
           nz.ms, nz.lost_us / 1e3, nz.stalls, nz.stalls_1ms, nz.max_us, loadavg());
    printf("summary: what_if=%d runs=%ld p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f"
           " newborn_p50_ms=%.3f missed_p50_ms=%.3f screening_p50_ms=%.3f safety_p50_ms=%.3f"
           " json_p50_ms=%.3f total=%d overdue=%d safety=%d newborn=%d missed=%d screening=%d"
           " self_harm=%d bytes=%zu ratio_p99=%.3f\n",
           n_what_if + what_if_conn, done, p50, p90, p99, max, pct_ms(&ph[P_NEWBORN], 50),
           pct_ms(&ph[P_MISSED], 50), pct_ms(&ph[P_SCREENING], 50), pct_ms(&ph[P_SAFETY], 50),
           pct_ms(&ph[P_JSON], 50), all.total, all.overdue, all.count[ALERT_SAFETY_CONFIRMATION],
           all.count[ALERT_NEWBORN_VISIT], all.count[ALERT_CHECKUP_MISSED],
           all.count[ALERT_SCREENING_FOLLOWUP], all.count[ALERT_EPDS_SELF_HARM], first.bytes,
           p99 / TARGET_MS);
    for (int k = 0; k < P_COUNT; k++)
        free(ph[k].ns);
    store_close(s);
    if (n_what_if)
        remove_db(copy);
    return 0;
}
