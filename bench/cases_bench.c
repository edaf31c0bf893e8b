/* bench_cases_board: the coordinator's board (GET /api/v1/board) and the generated agendas
 * (GET /api/v1/conferences/agenda) inside the process, as their handlers do them per request, on
 * a connection opened as the server opens it (store_open_sqlite + store_thread_conn +
 * store_migrate: WAL, 64 MiB page cache, no mmap). Four scenarios:
 *
 *   board, coordinator   svc_board_get for the 統括支援員 (the first page of 50, the API's
 *                        default, of every open case, no filter) + the handler's JSON
 *                        (api_board_json) + json_dumps;
 *   board, caseworker    the same for a 児童福祉 caseworker (her own cases first);
 *   agenda, jitsumusha   svc_conference_agenda(youtaikyo_jitsumusha, today): every registered case
 *                        + the handler's JSON (api_agenda_json) + json_dumps;
 *   agenda, joint_case   the same for a 合同ケース会議.
 *
 * Targets (issue 11): the board ≤ 10 ms, an agenda of ~300 registered cases ≤ 50 ms, inside the
 * server. Not included: the session lookup, writing the audit rows the reads collect (the
 * group-commit writer) and HTTP. Nothing of the server is copied: the services, their SQL and
 * the JSON builders are the server's own.
 *
 * The users are the generator's (bench/gen_cases.c): bench.case.coord and bench.case.kudo. The
 * day is --today (default: today in Japan) at 10:00 JST; use the day the database is dated to.
 *
 * Runs: --warmup N (10) then --runs N (200) per scenario, each bounded by --max-seconds (60).
 *
 * usage: bench_cases_board --db FILE [--today YYYY-MM-DD] [--runs N] [--warmup N]
 *                          [--max-seconds S] [--only board|agenda] [--cache-mib N] [--mmap-mib N]
 */
#include "bench_util.h"
#include "domain/date.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/pool.h"

#if __has_include("service/board.h")
#include "service/board.h"
#define HAVE_BOARD 1
#else
#define HAVE_BOARD 0
#endif
#if __has_include("service/conferences.h")
#include "service/conferences.h"
#define HAVE_AGENDA 1
#else
#define HAVE_AGENDA 0
#endif
#if __has_include("api/board.h")
#include "api/board.h"
#define HAVE_BOARD_JSON 1
#else
#define HAVE_BOARD_JSON 0
#endif
#if __has_include("api/conferences.h")
#include "api/conferences.h"
#define HAVE_AGENDA_JSON 1
#else
#define HAVE_AGENDA_JSON 0
#endif

#include <inttypes.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { SCENARIOS = 4 };

typedef struct scenario {
    const char *name;
    double target_ms;
    bool board; /* else an agenda */
    const char *login;
    const char *kind; /* agenda */
} scenario;

static const scenario scenarios[SCENARIOS] = {
    {"board, coordinator", 10, true, "bench.case.coord", NULL},
    {"board, caseworker", 10, true, "bench.case.kudo", NULL},
    {"agenda, 実務者会議", 50, false, "bench.case.coord", "youtaikyo_jitsumusha"},
    {"agenda, 合同ケース会議", 50, false, "bench.case.coord", "joint_case"},
};

typedef struct outcome {
    int64_t service_ns, json_ns, total_ns, cpu_ns;
    int items, total; /* board: the page's rows, the whole board's */
    size_t bytes;
    int detail[4]; /* board: mine, overdue, registered, with open alerts; agenda: reasons */
} outcome;

/* CPU time of this thread: what the request cost, apart from waiting for a core on a shared
 * machine. */
static int64_t cpu_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void check(int rc, const char *what)
{
    if (rc != STORE_OK) {
        fprintf(stderr, "bench_cases_board: %s failed (%d)\n", what, rc);
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

typedef struct user {
    char id[64];
    role r;
} user;

static user find_user(store_conn *c, const char *login)
{
    user u = {.r = ROLE_NONE};
    store_stmt *st = store_prepare(c, "SELECT id, role FROM users WHERE login = ?");
    if (!st)
        exit(1);
    store_bind_text(st, 1, login);
    if (store_step(st) == STORE_ROW) {
        snprintf(u.id, sizeof u.id, "%s", store_col_text(st, 0));
        u.r = role_from_code(store_col_text(st, 1));
    }
    store_done(st);
    if (u.r == ROLE_NONE) {
        fprintf(stderr, "bench_cases_board: no user %s (run bench_cases first)\n", login);
        exit(1);
    }
    return u;
}

static size_t dump_size(json_t *body)
{
    char *out = body ? json_dumps(body, JSON_COMPACT) : NULL;
    if (!out) {
        fprintf(stderr, "bench_cases_board: the answer could not be built\n");
        exit(1);
    }
    size_t n = strlen(out);
    free(out);
    json_decref(body);
    return n;
}

static void must(svc_result r, const char *what)
{
    if (r.status != SVC_OK) {
        fprintf(stderr, "bench_cases_board: %s failed (svc status %d, field %s)\n", what, r.status,
                r.field ? r.field : "-");
        exit(1);
    }
}

/* One request's work: the service and the handler's JSON. */
static void one_request(store_conn *c, const scenario *sc, const user *u, int64_t now, outcome *o)
{
    pool *p = pool_create();
    svc_ctx ctx;
    svc_ctx_init(&ctx, c, p, u->id, u->r, now);
    memset(o, 0, sizeof *o);
    int64_t c0 = cpu_now_ns(), t0 = bench_now_ns(), t1 = t0;
    json_t *body = NULL;
    if (sc->board) {
#if HAVE_BOARD
        svc_board_filter f = {.youtaikyo = -1, .limit = 50}; /* the API's default page */
        svc_board b;
        must(svc_board_get(&ctx, &f, &b), "svc_board_get");
        t1 = bench_now_ns();
#if HAVE_BOARD_JSON
        body = api_board_json(p, &b, 0, ctx.today);
#else
        body = json_object();
#endif
        o->items = b.count;
        o->total = b.total;
        for (int i = 0; i < b.count; i++) {
            o->detail[0] += b.rows[i].mine;
            o->detail[1] += b.rows[i].overdue;
            bool registered = false;
            for (int j = 0; j < b.rows[i].subject_count; j++)
                registered |= b.rows[i].subjects[j].youtaikyo;
            o->detail[2] += registered;
            o->detail[3] += b.rows[i].open_alerts > 0;
        }
#endif
    } else {
#if HAVE_AGENDA
        char on[11];
        date_format(ctx.today, on);
        svc_agenda a;
        must(svc_conference_agenda(&ctx, sc->kind, on, &a), "svc_conference_agenda");
        t1 = bench_now_ns();
#if HAVE_AGENDA_JSON
        body = api_agenda_json(&a, ctx.today);
#else
        body = json_object();
#endif
        o->items = a.count;
        for (int i = 0; i < a.count; i++)
            for (int r = 0; r < 4; r++)
                o->detail[r] += (a.lines[i].item.reasons >> r) & 1u;
#endif
    }
    if (!body)
        body = json_object();
    o->bytes = dump_size(body);
    int64_t t2 = bench_now_ns();
    pool_destroy(p);
    o->service_ns = t1 - t0;
    o->json_ns = t2 - t1;
    o->total_ns = t2 - t0;
    o->cpu_ns = cpu_now_ns() - c0;
}

#if HAVE_BOARD
/* Where the board's time goes: each of its store queries and the alert board alone (rows
 * counted and dropped), as svc_board_get runs them, inside one read snapshot. */
enum {
    BP_KEYS,
    BP_KANAS,
    BP_CASES,
    BP_SUBJECTS,
    BP_PLANS,
    BP_ACTIONS,
    BP_EVENTS_HEALTH,
    BP_EVENTS_WELFARE,
    BP_EVENTS_CASE,
    BP_PARTNER,
    BP_ALERTS,
    BP_COUNT
};
static const char *const board_phase_names[BP_COUNT] = {"store_board_keys (every open case)",
                                                        "store_board_kanas (a page's ties)",
                                                        "store_board_cases (a page of 50)",
                                                        "store_board_subjects (page)",
                                                        "store_board_plans (the ledger's: all)",
                                                        "store_board_open_actions (page)",
                                                        "last_events health (page)",
                                                        "last_events welfare (page)",
                                                        "last_events case (page)",
                                                        "last_partner_reports (all, ledger)",
                                                        "svc_alerts_of_case_subjects (page)"};

static int count_any(void *arg, const void *row)
{
    (void)row;
    (*(int *)arg)++;
    return 0;
}

/* The first STORE_CASE_IDS_MAX keys as a page (in the store's order: the cost is the same). */
static int page_of_keys(void *arg, const store_board_key *k)
{
    store_case_ids *page = arg;
    if (page->count < STORE_CASE_IDS_MAX)
        page->ids[page->count++] = k->case_id;
    return 0;
}

static void board_phases(store_conn *c, const user *u, int64_t now, int64_t ns[BP_COUNT],
                         int rows[BP_COUNT])
{
    pool *p = pool_create();
    svc_ctx ctx;
    svc_ctx_init(&ctx, c, p, u->id, u->r, now);
    memset(rows, 0, sizeof(int) * BP_COUNT);
    check(store_begin_read(c), "begin read");
    int64_t t = bench_now_ns(), t1;
#define PHASE(i, call)                                                                             \
    do {                                                                                           \
        check(call, board_phase_names[i]);                                                         \
        t1 = bench_now_ns();                                                                       \
        ns[i] = t1 - t;                                                                            \
        t = t1;                                                                                    \
    } while (0)
    store_case_ids page = {0};
    store_board_key_filter every = {.youtaikyo = -1};
    PHASE(BP_KEYS, store_board_keys(c, p, &every, page_of_keys, &page));
    rows[BP_KEYS] = page.count;
    PHASE(BP_KANAS, store_board_kanas(c, &page, (store_board_kana_fn)count_any, &rows[BP_KANAS]));
    PHASE(BP_CASES,
          store_board_cases(c, p, &page, (store_board_case_fn)count_any, &rows[BP_CASES]));
    PHASE(BP_SUBJECTS, store_board_subjects(c, p, &page, false, (store_board_subject_fn)count_any,
                                            &rows[BP_SUBJECTS]));
    PHASE(BP_PLANS, store_board_plans(c, (store_board_plan_fn)count_any, &rows[BP_PLANS]));
    PHASE(BP_ACTIONS,
          store_board_open_actions(c, &page, (store_board_actions_fn)count_any, &rows[BP_ACTIONS]));
    PHASE(BP_EVENTS_HEALTH,
          store_board_last_events(c, &page, "health", (store_board_event_fn)count_any,
                                  &rows[BP_EVENTS_HEALTH]));
    PHASE(BP_EVENTS_WELFARE,
          store_board_last_events(c, &page, "welfare", (store_board_event_fn)count_any,
                                  &rows[BP_EVENTS_WELFARE]));
    PHASE(BP_EVENTS_CASE, store_board_last_events(c, &page, "case", (store_board_event_fn)count_any,
                                                  &rows[BP_EVENTS_CASE]));
    PHASE(BP_PARTNER, store_board_last_partner_reports(c, (store_board_partner_report_fn)count_any,
                                                       &rows[BP_PARTNER]));
#undef PHASE
    store_end_read(c);
    svc_alert *alerts;
    int n = 0;
    must(svc_alerts_of_case_subjects(&ctx, now, &page, &alerts, &n), "svc_alerts_of_case_subjects");
    ns[BP_ALERTS] = bench_now_ns() - t;
    rows[BP_ALERTS] = n;
    pool_destroy(p);
}

static void print_board_phases(store_conn *c, const user *u, int64_t now, long runs,
                               double max_seconds)
{
    int64_t *ns[BP_COUNT];
    for (int i = 0; i < BP_COUNT; i++)
        ns[i] = calloc((size_t)runs, sizeof(int64_t));
    int rows[BP_COUNT];
    size_t n = 0;
    int64_t start = bench_now_ns(), cap = (int64_t)(max_seconds * 1e9);
    while (n < (size_t)runs && bench_now_ns() - start < cap) {
        int64_t one[BP_COUNT];
        board_phases(c, u, now, one, rows);
        for (int i = 0; i < BP_COUNT; i++)
            ns[i][n] = one[i];
        n++;
    }
    printf("  where the time goes (%zu runs, each part alone, p50 / p90 ms, rows):\n", n);
    for (int i = 0; i < BP_COUNT; i++) {
        printf("    %-30s %8.2f %8.2f %7d\n", board_phase_names[i],
               (double)bench_percentile(ns[i], n, 50) / 1e6,
               (double)bench_percentile(ns[i], n, 90) / 1e6, rows[i]);
        free(ns[i]);
    }
}
#endif

#if HAVE_AGENDA
/* The part of an agenda that is the alerts of every case subject (svc_alerts_of_case_subjects at
 * the meeting), alone. */
static void print_agenda_alerts(store_conn *c, const user *u, int64_t now, long runs,
                                double max_seconds)
{
    int64_t *ns = calloc((size_t)runs, sizeof *ns), *cpu = calloc((size_t)runs, sizeof *cpu);
    size_t n = 0;
    int items = 0;
    int64_t start = bench_now_ns(), cap = (int64_t)(max_seconds * 1e9);
    while (n < (size_t)runs && bench_now_ns() - start < cap) {
        pool *p = pool_create();
        svc_ctx ctx;
        svc_ctx_init(&ctx, c, p, u->id, u->r, now);
        svc_alert *alerts;
        int64_t c0 = cpu_now_ns(), t0 = bench_now_ns();
        must(svc_alerts_of_case_subjects(&ctx, now, NULL, &alerts, &items),
             "svc_alerts_of_case_subjects");
        ns[n] = bench_now_ns() - t0;
        cpu[n++] = cpu_now_ns() - c0;
        pool_destroy(p);
    }
    printf("  of which the case subjects' alerts (svc_alerts_of_case_subjects alone, %zu runs): p50"
           " %.2f ms, CPU p50 %.2f ms, %d items\n",
           n, (double)bench_percentile(ns, n, 50) / 1e6, (double)bench_percentile(cpu, n, 50) / 1e6,
           items);
    free(ns);
    free(cpu);
}
#endif

static const char *loadavg(void)
{
    static char buf[64];
    FILE *f = fopen("/proc/loadavg", "r");
    if (!f || !fgets(buf, sizeof buf, f))
        snprintf(buf, sizeof buf, "?\n");
    if (f)
        fclose(f);
    buf[strcspn(buf, "\n")] = 0;
    return buf;
}

static double file_mib(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (double)sb.st_size / (1024.0 * 1024.0) : 0.0;
}

static int usage(void)
{
    fputs("usage: bench_cases_board --db FILE [--today YYYY-MM-DD] [--runs N] [--warmup N]"
          " [--max-seconds S] [--only board|agenda] [--cache-mib N] [--mmap-mib N]\n",
          stderr);
    return 2;
}

static void run_scenario(store_conn *c, const scenario *sc, int64_t now, long warmup, long runs,
                         double max_seconds)
{
    user u = find_user(c, sc->login);
    outcome o;
    one_request(c, sc, &u, now, &o);
    if (sc->board)
        printf("\n%s (%s, %s): the first page, %d rows of %d (%d the reader's, %d overdue, %d"
               " registered, %d with open alerts), %zu bytes\n",
               sc->name, sc->login, role_code(u.r), o.items, o.total, o.detail[0], o.detail[1],
               o.detail[2], o.detail[3], o.bytes);
    else
        printf("\n%s (%s): %d lines (reasons: registered %d, candidate %d, review_overdue %d,"
               " alert %d), %zu bytes\n",
               sc->name, sc->kind, o.items, o.detail[0], o.detail[1], o.detail[2], o.detail[3],
               o.bytes);
    int64_t start = bench_now_ns(), cap = (int64_t)(max_seconds * 1e9);
    for (long i = 0; i < warmup && bench_now_ns() - start < cap; i++)
        one_request(c, sc, &u, now, &o);
    int64_t *svc = calloc((size_t)runs, sizeof *svc), *json = calloc((size_t)runs, sizeof *json),
            *total = calloc((size_t)runs, sizeof *total), *cpu = calloc((size_t)runs, sizeof *cpu);
    size_t n = 0;
    start = bench_now_ns();
    while (n < (size_t)runs && bench_now_ns() - start < cap) {
        one_request(c, sc, &u, now, &o);
        svc[n] = o.service_ns;
        json[n] = o.json_ns;
        cpu[n] = o.cpu_ns;
        total[n++] = o.total_ns;
    }
    printf("  %zu runs%s, load average %s\n", n, n < (size_t)runs ? " (time cap)" : "", loadavg());
    printf("  %-10s %9s %9s %9s %9s\n", "ms", "p50", "p90", "p99", "max");
    int64_t *series[4] = {svc, json, total, cpu};
    const char *names[4] = {"service", "JSON", "total", "total CPU"};
    double p50 = 0, p99 = 0;
    for (int k = 0; k < 4; k++) {
        double a = (double)bench_percentile(series[k], n, 50) / 1e6,
               b = (double)bench_percentile(series[k], n, 90) / 1e6,
               d = (double)bench_percentile(series[k], n, 99) / 1e6,
               m = (double)bench_percentile(series[k], n, 100) / 1e6;
        printf("  %-10s %9.2f %9.2f %9.2f %9.2f\n", names[k], a, b, d, m);
        if (k == 2) {
            p50 = a;
            p99 = d;
        }
    }
    printf("  target %.0f ms (wall clock): p50 %.2f x, p99 %.2f x -> %s\n", sc->target_ms,
           p50 / sc->target_ms, p99 / sc->target_ms, p99 <= sc->target_ms ? "met" : "NOT met");
    free(svc);
    free(json);
    free(total);
    free(cpu);
#if HAVE_BOARD
    if (sc->board)
        print_board_phases(c, &u, now, runs / 4 + 1, max_seconds / 4);
#endif
#if HAVE_AGENDA
    if (!sc->board)
        print_agenda_alerts(c, &u, now, runs / 4 + 1, max_seconds / 4);
#endif
}

int main(int argc, char **argv)
{
    const char *db = NULL, *today_s = NULL, *only = NULL;
    long runs = 200, warmup = 10, cache_mib = 0, mmap_mib = -1;
    double max_seconds = 60;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *a = argv[i], *v = argv[i + 1];
        if (strcmp(a, "--db") == 0)
            db = v;
        else if (strcmp(a, "--today") == 0)
            today_s = v;
        else if (strcmp(a, "--runs") == 0)
            runs = strtol(v, NULL, 10);
        else if (strcmp(a, "--warmup") == 0)
            warmup = strtol(v, NULL, 10);
        else if (strcmp(a, "--max-seconds") == 0)
            max_seconds = strtod(v, NULL);
        else if (strcmp(a, "--only") == 0)
            only = v;
        else if (strcmp(a, "--cache-mib") == 0)
            cache_mib = strtol(v, NULL, 10);
        else if (strcmp(a, "--mmap-mib") == 0)
            mmap_mib = strtol(v, NULL, 10);
        else
            return usage();
    }
    date_ymd today = date_jst_of_instant(clock_now());
    if (!db || argc % 2 == 0 || runs < 1 || warmup < 0 || max_seconds <= 0 ||
        (today_s && !date_parse(today_s, strlen(today_s), &today)))
        return usage();
    struct stat sb;
    if (stat(db, &sb) != 0) {
        fprintf(stderr, "bench_cases_board: no database at %s\n", db);
        return 1;
    }
    store *s;
    if (store_open_sqlite(&s, db) != STORE_OK)
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
    int64_t now = date_to_days(today) * 86400 + 3600; /* 10:00 JST */
    char today_str[11];
    date_format(today, today_str);
    printf("tsunagu joint-case benchmark: the board and the agendas in-process (store as the"
           " server opens it)%s\n",
           cache_mib > 0 || mmap_mib >= 0 ? " -- WHAT-IF connection settings" : "");
    printf("  database   %s: %.1f MiB, today %s 10:00 JST\n", db, file_mib(db), today_str);
    printf("  rows       %" PRId64 " persons, %" PRId64 " cases (%" PRId64 " open), %" PRId64
           " subjects (%" PRId64 " registered in open cases), %" PRId64 " conferences, %" PRId64
           " actions (%" PRId64 " open), %" PRId64 " plan versions, %" PRId64 " events, %" PRId64
           " audit rows\n",
           query_int(c, "SELECT count(*) FROM persons"), query_int(c, "SELECT count(*) FROM cases"),
           query_int(c, "SELECT count(*) FROM cases WHERE status = 'open'"),
           query_int(c, "SELECT count(*) FROM case_subjects"),
           query_int(c, "SELECT count(*) FROM case_subjects s JOIN cases k ON k.id = s.case_id"
                        " WHERE k.status = 'open' AND s.youtaikyo = 1"),
           query_int(c, "SELECT count(*) FROM conferences"),
           query_int(c, "SELECT count(*) FROM conference_actions"),
           query_int(c, "SELECT count(*) FROM conference_actions WHERE done_on IS NULL"),
           query_int(c, "SELECT count(*) FROM plans"), query_int(c, "SELECT count(*) FROM events"),
           query_int(c, "SELECT count(*) FROM audit"));
    printf("  built with board %s (JSON %s), agenda %s (JSON %s)\n", HAVE_BOARD ? "yes" : "no",
           HAVE_BOARD_JSON ? "yes" : "no", HAVE_AGENDA ? "yes" : "no",
           HAVE_AGENDA_JSON ? "yes" : "no");
    for (int i = 0; i < SCENARIOS; i++) {
        const scenario *sc = &scenarios[i];
        if (only && strcmp(only, sc->board ? "board" : "agenda") != 0)
            continue;
        if ((sc->board && !HAVE_BOARD) || (!sc->board && !HAVE_AGENDA)) {
            printf("\n%s: not in this tree yet\n", sc->name);
            continue;
        }
        run_scenario(c, sc, now, warmup, runs, max_seconds);
    }
    store_close(s);
    return 0;
}
