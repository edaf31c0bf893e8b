/* bench_alerts: GET /api/v1/alerts inside the process, as api_alerts_list does it per request
 * (src/api/alerts.c), on a connection opened as the server opens it (store_open_sqlite +
 * store_thread_conn + store_migrate: WAL, 2 MiB page cache, no mmap):
 *
 *   1. the five store queries, for a user who may read reports (保健師: every kind):
 *      store_alerts_newborn_visits (born since today - 12 months), store_alerts_missed_checkups,
 *      store_alerts_screening_followups and store_alerts_epds_self_harm (timed together as
 *      "screenings"), store_alerts_safety;
 *   2. the due date of each item (domain rules, Japan time) and the overdue flag, collected into
 *      the request's pool; the sort by urgency;
 *   3. the JSON of the first page (50 items, the default limit): labels, instants, the persons'
 *      brief JSON (with their age today), the cursor, and json_dumps as http_reply_json does.
 *
 * Not included: the session lookup, the audit rows of the board (api_audit_read_hourly: the
 * read of this hour's audit_shown keys, and the rows not yet written this hour, written by the
 * group-commit writer before the answer leaves) and HTTP; bench/alerts_http.sh measures those end
 * to end. The collect/due/sort/JSON code below is a copy of src/api/alerts.c (static
 * there); keep it in step.
 *
 * Before the runs it prints EXPLAIN QUERY PLAN of each alert query (the SQL text is copied from
 * src/store/alerts.c and src/store/reports.c; the run checks that the copies return as many rows
 * as the store functions) and flags full scans and correlated subqueries that are not keyed on
 * the outer row.
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
#include "api/common.h"
#include "api/input.h"
#include "bench_util.h"
#include "domain/date.h"
#include "domain/due.h"
#include "store/alerts.h"
#include "store/reports.h"
#include "store/store.h"
#include "util/pool.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { PAGE = 50, TARGET_MS = 10, MAX_WHAT_IF = 8 };

static void check(int rc, const char *what)
{
    if (rc != STORE_OK) {
        fprintf(stderr, "bench_alerts: %s failed (%d)\n", what, rc);
        exit(1);
    }
}

/* ---- a copy of src/api/alerts.c (its functions are static) ---- */

typedef struct alert {
    const due_kind *kind;
    int64_t due_at;
    bool overdue;
    const char *ref_type, *ref_id;
    store_person person;
    const store_person *children;
    int unconfirmed;
} alert;

typedef struct alert_list {
    alert *items;
    int count, cap;
    pool *pool;
    int64_t now;
} alert_list;

/* The due rules, the kinds, their labels and ranks are the server's own (domain/due.c). */
static int64_t due_of(const store_alert_row *a, date_ymd base)
{
    if (strcmp(a->kind, "newborn_visit") == 0)
        return due_newborn_visit(base);
    if (strcmp(a->kind, "checkup_missed") == 0)
        return due_checkup_followup(base);
    if (strcmp(a->kind, "epds_self_harm") == 0)
        return due_epds_self_harm(base);
    return due_screening_followup(base);
}

static alert *next_slot(alert_list *l)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        alert *grown = pool_alloc(l->pool, sizeof *grown * (size_t)l->cap);
        if (l->count)
            memcpy(grown, l->items, sizeof *grown * (size_t)l->count);
        l->items = grown;
    }
    return &l->items[l->count++];
}

static int collect(void *arg, const store_alert_row *a)
{
    alert_list *l = arg;
    date_ymd base;
    if (!a->base_date || !date_parse(a->base_date, strlen(a->base_date), &base))
        return 0;
    int64_t due = due_of(a, base);
    *next_slot(l) = (alert){.kind = due_kind_of(a->kind),
                            .due_at = due,
                            .overdue = due <= l->now,
                            .ref_type = a->ref_type,
                            .ref_id = a->ref_id,
                            .person = a->person};
    return 0;
}

static int collect_safety(void *arg, const store_safety_alert *a)
{
    alert_list *l = arg;
    *next_slot(l) = (alert){.kind = due_kind_of("safety_confirmation"),
                            .due_at = a->due_at,
                            .overdue = a->due_at <= l->now,
                            .ref_type = "report",
                            .ref_id = a->report_id,
                            .person = a->children[0],
                            .children = a->children,
                            .unconfirmed = a->unconfirmed};
    return 0;
}

static int by_urgency(const void *x, const void *y)
{
    const alert *a = x, *b = y;
    if (a->kind->rank != b->kind->rank)
        return a->kind->rank < b->kind->rank ? -1 : 1;
    if (a->overdue != b->overdue)
        return a->overdue ? -1 : 1;
    if (a->due_at != b->due_at)
        return a->due_at < b->due_at ? -1 : 1;
    int k = strcmp(a->kind->code, b->kind->code);
    return k ? k : strcmp(a->ref_id, b->ref_id);
}

static json_t *alert_json(const alert *a)
{
    json_t *item = json_pack("{s:s, s:s, s:o, s:b, s:{s:s, s:s}, s:o}", "kind", a->kind->code,
                             "label", a->kind->label, "due_at", api_json_instant(a->due_at),
                             "overdue", a->overdue, "ref", "type", a->ref_type, "id", a->ref_id,
                             "person", api_person_brief_json(&a->person));
    if (a->children) {
        json_t *children = json_array();
        for (int i = 0; i < a->unconfirmed; i++)
            json_array_append_new(children, api_person_brief_json(&a->children[i]));
        json_object_set_new(item, "children", children);
        json_object_set_new(item, "children_unconfirmed", json_integer(a->unconfirmed));
    }
    return item;
}

/* ---- one request ---- */

enum phase { P_NEWBORN, P_MISSED, P_SCREENING, P_SAFETY, P_SORT_JSON, P_TOTAL, P_COUNT };
static const char *const phase_names[P_COUNT] = {"newborn_visits", "missed_checkups", "screenings",
                                                 "safety",         "sort+json",       "total"};

enum kind { K_SAFETY, K_NEWBORN, K_MISSED, K_SCREENING, K_SELF_HARM, K_COUNT };
static const char *const kind_names[K_COUNT] = {"safety_confirmation", "newborn_visit",
                                                "checkup_missed", "screening_followup",
                                                "epds_self_harm"};

typedef struct outcome {
    int64_t ns[P_COUNT];
    int count[K_COUNT];
    int safety_children; /* the rows of the safety query: one per child not yet seen */
    int total, overdue;
    size_t bytes;
} outcome;

static void one_request(store_conn *c, outcome *o)
{
    int64_t t0 = bench_now_ns();
    pool *p = pool_create();
    alert_list l = {.pool = p, .now = (int64_t)time(NULL)};
    /* gather() */
    date_ymd today = date_today_jst();
    char since[11];
    date_format(date_add_months(today, -12), since);
    check(store_alerts_newborn_visits(c, p, since, collect, &l), "store_alerts_newborn_visits");
    int64_t t1 = bench_now_ns();
    check(store_alerts_missed_checkups(c, p, collect, &l), "store_alerts_missed_checkups");
    int64_t t2 = bench_now_ns();
    check(store_alerts_screening_followups(c, p, collect, &l), "store_alerts_screening_followups");
    check(store_alerts_epds_self_harm(c, p, collect, &l), "store_alerts_epds_self_harm");
    int64_t t3 = bench_now_ns();
    check(store_alerts_safety(c, p, collect_safety, &l), "store_alerts_safety");
    int64_t t4 = bench_now_ns();
    /* the rest of api_alerts_list: sort, the first page, the cursor, the body */
    if (l.count > 1) /* no items: l.items is NULL, which qsort may not be given */
        qsort(l.items, (size_t)l.count, sizeof *l.items, by_urgency);
    json_t *items = json_array();
    int end = PAGE < l.count ? PAGE : l.count;
    for (int i = 0; i < end; i++)
        json_array_append_new(items, alert_json(&l.items[i]));
    json_t *next = json_null();
    if (end < l.count) {
        const char *parts[1] = {pool_printf(p, "%d", end)};
        next = json_string(api_cursor_encode(p, parts, 1));
    }
    json_t *body =
        json_pack("{s:o, s:o, s:i}", "items", items, "next_cursor", next, "total", l.count);
    char *out = json_dumps(body, JSON_COMPACT);
    o->bytes = out ? strlen(out) : 0;
    free(out);
    json_decref(body);
    memset(o->count, 0, sizeof o->count);
    o->overdue = o->safety_children = 0;
    for (int i = 0; i < l.count; i++) {
        for (int k = 0; k < K_COUNT; k++)
            if (strcmp(l.items[i].kind->code, kind_names[k]) == 0)
                o->count[k]++;
        o->overdue += l.items[i].overdue;
        o->safety_children += l.items[i].children ? l.items[i].unconfirmed : 0;
    }
    o->total = l.count;
    pool_destroy(p);
    int64_t t5 = bench_now_ns();
    o->ns[P_NEWBORN] = t1 - t0;
    o->ns[P_MISSED] = t2 - t1;
    o->ns[P_SCREENING] = t3 - t2;
    o->ns[P_SAFETY] = t4 - t3;
    o->ns[P_SORT_JSON] = t5 - t4;
    o->ns[P_TOTAL] = t5 - t0;
}

/* ---- the plans ---- */

/* The SQL of the store functions, copied: src/store/alerts.c, src/store/reports.c. */
#define PERSON_BRIEF                                                                               \
    "p.id, p.family_name, p.given_name, p.family_name_kana, p.given_name_kana, p.birth_date"
#define BRIEF                                                                                      \
    "p.id, p.family_name, p.given_name, p.family_name_kana, p.given_name_kana, p.birth_date, "     \
    "p.sex"
static const char *const sql_newborn =
    "SELECT p.birth_date, p.id, " PERSON_BRIEF " FROM persons p"
    " WHERE p.birth_date >= ? AND NOT EXISTS (SELECT 1 FROM visits v"
    " WHERE v.person_id = p.id AND v.kind = 'newborn_visit' AND v.status = 'done')";
static const char *const sql_missed =
    "SELECT v.on_date, v.id, " PERSON_BRIEF " FROM visits v JOIN persons p"
    " ON p.id = v.person_id WHERE v.status = 'missed' AND v.kind = 'checkup'"
    " AND v.followup_on IS NULL AND NOT EXISTS (SELECT 1 FROM visits w"
    " WHERE w.person_id = v.person_id AND w.kind = 'checkup' AND w.subtype = v.subtype"
    " AND w.status = 'done' AND w.on_date >= v.on_date)";
/* Bound to 0 (screening_followup) or 1 (epds_self_harm). */
static const char *const sql_screening =
    "SELECT s.administered_on, s.id, " PERSON_BRIEF " FROM screenings s JOIN persons p"
    " ON p.id = s.person_id WHERE s.needs_followup = 1 AND s.instrument = 'epds'"
    " AND s.self_harm = ?";
static const char *const sql_safety =
    "SELECT r.id, r.safety_due_at, (SELECT COUNT(*) FROM report_children x"
    " WHERE x.report_id = r.id AND x.confirmed_at IS NULL), " BRIEF
    " FROM reports r CROSS JOIN report_children rc JOIN persons p ON p.id = rc.child_id"
    " WHERE rc.report_id = r.id AND rc.confirmed_at IS NULL"
    " AND r.kind = 'abuse_report' AND r.status <> 'closed'"
    " ORDER BY r.id, rc.position";

enum { QUERIES = 5 };

typedef struct query_info {
    const char *name;
    const char *key; /* the column a correlated subquery should be looked up by */
    enum kind kind;
    enum phase phase;
    const char *sql;
    const char *param; /* bound to ?1; SINCE: the newborn window */
} query_info;

static const char SINCE[] = "since";

static const query_info queries[QUERIES] = {
    {"store_alerts_newborn_visits", "person_id=", K_NEWBORN, P_NEWBORN, NULL, SINCE},
    {"store_alerts_missed_checkups", "person_id=", K_MISSED, P_MISSED, NULL, NULL},
    {"store_alerts_screening_followups", NULL, K_SCREENING, P_SCREENING, NULL, "0"},
    {"store_alerts_epds_self_harm", NULL, K_SELF_HARM, P_SCREENING, NULL, "1"},
    {"store_alerts_safety", "report_id=", K_SAFETY, P_SAFETY, NULL, NULL},
};

static const char *query_sql(int i)
{
    const char *const sqls[QUERIES] = {sql_newborn, sql_missed, sql_screening, sql_screening,
                                       sql_safety};
    return sqls[i];
}

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
        size_t n = strlen(query_sql(qi)) + 32;
        texts[qi] = malloc(n);
        if (!texts[qi])
            abort();
        snprintf(texts[qi], n, "EXPLAIN QUERY PLAN %s", query_sql(qi));
    }
    printf("  %s\n", queries[qi].name);
    return print_plan(c, texts[qi], query_param(qi, since), queries[qi].key);
}

/* The newborn query with `+v.status`: the unary plus keeps the planner from looking the
 * subquery up by (status, kind), so it can only go by the person. A what-if of the SQL (run
 * directly, not through the store function). */
static const char *const sql_newborn_plus =
    "SELECT p.birth_date, p.id, " PERSON_BRIEF " FROM persons p"
    " WHERE p.birth_date >= ? AND NOT EXISTS (SELECT 1 FROM visits v"
    " WHERE v.person_id = p.id AND v.kind = 'newborn_visit' AND +v.status = 'done')";
static const char *const sql_newborn_plus_plan =
    "EXPLAIN QUERY PLAN SELECT p.birth_date, p.id, " PERSON_BRIEF " FROM persons p"
    " WHERE p.birth_date >= ? AND NOT EXISTS (SELECT 1 FROM visits v"
    " WHERE v.person_id = p.id AND v.kind = 'newborn_visit' AND +v.status = 'done')";

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
    print_plan(c, sql_newborn_plus_plan, since, "person_id=");
    enum { N = 500 };
    int64_t ns[N], rows = 0, start = bench_now_ns();
    int n = 0;
    while (n < N && (n == 0 || bench_now_ns() - start < (int64_t)(max_seconds * 1e9))) {
        int64_t t = bench_now_ns();
        rows = count_rows(c, sql_newborn_plus, since);
        ns[n++] = bench_now_ns() - t;
    }
    qsort(ns, (size_t)n, sizeof ns[0], cmp_i64);
    printf("  %" PRId64 " rows; %d runs: p50 %.3f ms, p99 %.3f ms (the rows are read, not"
           " collected)\n",
           rows, n, (double)ns[n / 2] / 1e6, (double)ns[(n * 99) / 100] / 1e6);
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
    date_ymd today = date_today_jst();
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

    printf("\nquery plans (EXPLAIN QUERY PLAN of the SQL in src/store/alerts.c, reports.c):\n");
    int findings = 0;
    for (int i = 0; i < QUERIES; i++)
        findings += explain(c, i, since);

    /* One request first: its counts, and the copies of the SQL checked against the store. */
    outcome first;
    one_request(c, &first);
    for (int i = 0; i < QUERIES; i++) {
        if (first.ns[queries[i].phase] > 2000000000LL) { /* as slow again: not worth the wait */
            printf("  (the copy of %s's SQL is not checked: the query took %.1f s)\n",
                   queries[i].name, (double)first.ns[queries[i].phase] / 1e9);
            continue;
        }
        int64_t rows = count_rows(c, query_sql(i), query_param(i, since));
        int expected =
            queries[i].kind == K_SAFETY ? first.safety_children : first.count[queries[i].kind];
        if (rows != expected)
            printf("  NOTE: the copy of %s's SQL returns %" PRId64 " rows, the store %d: the copy"
                   " above is out of date\n",
                   queries[i].name, rows, expected);
    }
    printf("\nfirst request: %.1f ms; items: total %d (overdue %d): safety_confirmation %d,"
           " newborn_visit %d, checkup_missed %d, screening_followup %d, epds_self_harm %d;"
           " answer %zu bytes\n",
           (double)first.ns[P_TOTAL] / 1e6, first.total, first.overdue, first.count[K_SAFETY],
           first.count[K_NEWBORN], first.count[K_MISSED], first.count[K_SCREENING],
           first.count[K_SELF_HARM], first.bytes);

    if (!n_what_if && !what_if_conn)
        query_what_if(c, since, max_seconds / 10);

    /* warm-up, then the measured runs, each bounded in time */
    int64_t budget = (int64_t)(max_seconds * 1e9);
    int64_t start = bench_now_ns();
    long warm = 0;
    outcome o;
    while (warm < warmup && bench_now_ns() - start < budget / 4) {
        one_request(c, &o);
        warm++;
    }
    series ph[P_COUNT];
    for (int k = 0; k < P_COUNT; k++)
        ph[k] = (series){.ns = calloc((size_t)runs, sizeof(int64_t))};
    start = bench_now_ns();
    long done = 0;
    while (done < runs && (done == 0 || bench_now_ns() - start < budget)) {
        one_request(c, &o);
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
           pct_ms(&ph[P_SORT_JSON], 50), first.total, first.overdue, first.count[K_SAFETY],
           first.count[K_NEWBORN], first.count[K_MISSED], first.count[K_SCREENING],
           first.count[K_SELF_HARM], first.bytes, p99 / TARGET_MS);
    for (int k = 0; k < P_COUNT; k++)
        free(ph[k].ns);
    store_close(s);
    if (n_what_if)
        remove_db(copy);
    return 0;
}
