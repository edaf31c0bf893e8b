/* bench_cases: adds ten years of joint-case work (issue 11) to a database made by bench_history,
 * through the use cases of src/service/, as the API writes them: svc_case_create, _update and
 * _close (service/cases.h), svc_conference_create and svc_conference_action_done
 * (service/conferences.h), svc_plans_create, _approve, _reviewed and _handed (service/plans.h).
 * The generator keeps no copy of a write path; the records, their timeline events and their
 * audit rows are the server's own.
 *
 * Each write acts as a staff user (created first with svc_users_create: a director, a
 * coordinator, health and welfare staff) at the instant it is dated (ctx.now), inside the
 * generator's transaction (ctx.in_transaction: each use case in a savepoint), committed every
 * --batch writes. Ids come from a seeded stream. Deterministic for a database, a seed and a day.
 *
 * The shape (ten years up to 09:00 JST of --today):
 *   - Cases: households of reports that reached 支援 (opened_from report, a few days after the
 *     step), of 特定妊婦 candidates (opened_from pregnancy, after the notification), a few
 *     families moving in (opened_from transfer) and a few opened directly; at most one open case
 *     per household. About 45% get a subject registered in the 要対協 ledger; a case lasts
 *     (exponential) 4.5 years on average when registered, 2.5 otherwise, and closes with a
 *     reason (goal reached most, moved with the receiving municipality, 送致 to the 児童相談所,
 *     other) after a conference deciding it.
 *   - Conferences: a 受理会議 a few days after each opening designating every subject (特定妊婦
 *     for a candidate's mother, 要保護 or 要支援 for a report's children, 一般 for the others)
 *     and registering those to be registered; a 個別ケース検討会議 (registered) or 合同ケース会議
 *     every 6-14 months per case; a 実務者会議 every 3 months listing every registered case;
 *     a リストアップ会議 five times a year listing the open cases not registered. Each per-case
 *     meeting has one or two actions (owner a staff user or an agency, due in 2-4 weeks), done
 *     within days of the due date (8% late, 4% never).
 *   - サポートプラン: the first version 2-5 weeks after the opening, approved by the director
 *     3-10 days later (12% of the newest versions stay drafts) and handed to the family; reviewed
 *     at each per-case meeting; a new version every 8-13 months.
 *
 * usage: bench_cases --db FILE [--seed S] [--today YYYY-MM-DD] [--years N] [--cases N]
 *                    [--batch N] [--cache-mib N]
 */
#include "bench_util.h"
#include "domain/date.h"
#include "service/agencies.h"
#include "service/case_settings.h"
#include "service/cases.h"
#include "service/users.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/pool.h"
#include "util/random.h"

#if __has_include("service/conferences.h")
#include "service/conferences.h"
#define HAVE_CONFERENCES 1
#else
#define HAVE_CONFERENCES 0
#endif
#if __has_include("service/plans.h")
#include "service/plans.h"
#define HAVE_PLANS 1
#else
#define HAVE_PLANS 0
#endif

#include <inttypes.h>
#include <math.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NO_DAY INT64_MIN

enum { ID_CAP = RANDOM_ID_LEN + 1, MAX_SUBJECTS = 6, AGENCY_COUNT = 8 };

static void check(int rc, const char *what)
{
    if (rc != STORE_OK) {
        fprintf(stderr, "bench_cases: %s failed (%d)\n", what, rc);
        exit(1);
    }
}

static void must(svc_result r, const char *what)
{
    if (r.status == SVC_OK)
        return;
    fprintf(stderr, "bench_cases: %s refused (status %d, field %s: %s)\n", what, r.status,
            r.field ? r.field : "-", r.message ? r.message : "-");
    exit(1);
}

static void *grow(void *v, int *cap, int need, size_t size)
{
    if (need <= *cap)
        return v;
    int c = *cap ? *cap : 1024;
    while (c < need)
        c *= 2;
    v = realloc(v, (size_t)c * size);
    if (!v)
        abort();
    memset((char *)v + (size_t)*cap * size, 0, (size_t)(c - *cap) * size);
    *cap = c;
    return v;
}

static int64_t day_of_text(const char *s)
{
    date_ymd d;
    return s && date_parse(s, strlen(s), &d) ? date_to_days(d) : NO_DAY;
}

static char *day_text(pool *p, int64_t day)
{
    char *s = pool_alloc(p, 11);
    date_format(date_from_days(day), s);
    return s;
}

static int64_t jst_midnight(int64_t day)
{
    return day * 86400 - 9 * 3600;
}

/* An instant in office hours (09:00-17:00 JST) of a day. */
static int64_t office(bench_rng *r, int64_t day)
{
    return jst_midnight(day) + 9 * 3600 + bench_range(r, 0, 8 * 3600 - 1);
}

static int64_t add_months(int64_t day, int months)
{
    return date_to_days(date_add_months(date_from_days(day), months));
}

/* ---- the staff ---- */

typedef struct staff_def {
    const char *login, *name;
    role role;
} staff_def;

static const staff_def staff_table[] = {
    {"bench.case.director", "センター長 森田", ROLE_DIRECTOR},
    {"bench.case.coord", "統括支援員 杉山", ROLE_COORDINATOR},
    {"bench.case.aoki", "保健師 青木", ROLE_HEALTH},
    {"bench.case.ishida", "保健師 石田", ROLE_HEALTH},
    {"bench.case.ueno", "保健師 上野", ROLE_HEALTH},
    {"bench.case.kato", "保健師 加藤", ROLE_HEALTH},
    {"bench.case.kudo", "児童福祉 工藤", ROLE_WELFARE},
    {"bench.case.koyama", "児童福祉 小山", ROLE_WELFARE},
    {"bench.case.saito", "児童福祉 斉藤", ROLE_WELFARE},
    {"bench.case.takada", "児童福祉 高田", ROLE_WELFARE},
};
enum { STAFF_COUNT = sizeof staff_table / sizeof staff_table[0], DIRECTOR = 0, COORD = 1 };
static const int health_staff[] = {2, 3, 4, 5}, welfare_staff[] = {6, 7, 8, 9};
static char staff_ids[STAFF_COUNT][ID_CAP];

static const struct {
    const char *name, *kind;
} agency_table[AGENCY_COUNT] = {
    {"市立第一小学校", "school"},
    {"市立中央保育所", "nursery"},
    {"県警察 中央警察署", "police"},
    {"市民病院 小児科", "medical"},
    {"県中央児童相談所", "jisou"},
    {"主任児童委員 北地区", "child_commissioner"},
    {"福祉事務所 生活保護課", "welfare_office"},
    {"あおば幼稚園", "kindergarten"},
};
static char agency_ids[AGENCY_COUNT][ID_CAP];

static const char *const municipalities[] = {"横浜市", "川崎市", "相模原市", "さいたま市",
                                             "千葉市", "静岡市", "仙台市",   "札幌市"};

/* ---- what the history holds: where cases come from ---- */

typedef struct source {
    int64_t day;      /* the case opens on this day or a few days later */
    const char *type; /* report | pregnancy | transfer | NULL (directly) */
    char id[ID_CAP];  /* the report or the pregnancy */
    char household[ID_CAP];
    char subjects[MAX_SUBJECTS][ID_CAP];
    char subject_kind[MAX_SUBJECTS]; /* M the pregnant mother, C a child, O another member */
    int subject_count;
} source;

typedef struct sources {
    source *v;
    int n, cap;
} sources;

static store_stmt *prep(store_conn *c, const char *sql)
{
    store_stmt *st = store_prepare(c, sql);
    if (!st) {
        fprintf(stderr, "bench_cases: cannot prepare %s\n", sql);
        exit(1);
    }
    return st;
}

/* Reports that reached 支援: the household of their first child still in one, the report's
 * children of that household born by the day. */
static void load_report_sources(store_conn *c, sources *s)
{
    store_stmt *st =
        prep(c, "SELECT r.id, min(e.at), hm.household_id, rc.child_id, p.birth_date"
                " FROM reports r JOIN report_events e ON e.report_id = r.id AND e.step = 'support'"
                " JOIN report_children rc ON rc.report_id = r.id"
                " JOIN household_members hm ON hm.person_id = rc.child_id AND hm.to_date IS NULL"
                " JOIN persons p ON p.id = rc.child_id"
                " GROUP BY r.id, rc.child_id ORDER BY r.id, rc.position");
    int rc;
    source *cur = NULL;
    while ((rc = store_step(st)) == STORE_ROW) {
        const char *rid = store_col_text(st, 0);
        if (!cur || strcmp(cur->id, rid) != 0) {
            s->v = grow(s->v, &s->cap, s->n + 1, sizeof(source));
            cur = &s->v[s->n++];
            snprintf(cur->id, sizeof cur->id, "%s", rid);
            cur->type = "report";
            cur->day = (store_col_int(st, 1) + 9 * 3600) / 86400 + 1;
            snprintf(cur->household, sizeof cur->household, "%s", store_col_text(st, 2));
        }
        int64_t born = day_of_text(store_col_text(st, 4));
        if (strcmp(cur->household, store_col_text(st, 2)) != 0 || born == NO_DAY ||
            born > cur->day || cur->subject_count >= MAX_SUBJECTS)
            continue;
        snprintf(cur->subjects[cur->subject_count], ID_CAP, "%s", store_col_text(st, 3));
        cur->subject_kind[cur->subject_count++] = 'C';
    }
    store_done(st);
    check(rc, "reading reports");
}

/* 特定妊婦 candidates: the mother (a current member of a household). */
static void load_pregnancy_sources(store_conn *c, sources *s)
{
    store_stmt *st =
        prep(c, "SELECT g.id, g.notified_on, hm.household_id, g.mother_id FROM pregnancies g"
                " JOIN household_members hm ON hm.person_id = g.mother_id AND hm.to_date IS NULL"
                " WHERE g.candidate = 1 ORDER BY g.id");
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        s->v = grow(s->v, &s->cap, s->n + 1, sizeof(source));
        source *cur = &s->v[s->n++];
        snprintf(cur->id, sizeof cur->id, "%s", store_col_text(st, 0));
        cur->type = "pregnancy";
        cur->day = day_of_text(store_col_text(st, 1)) + 3;
        snprintf(cur->household, sizeof cur->household, "%s", store_col_text(st, 2));
        snprintf(cur->subjects[0], ID_CAP, "%s", store_col_text(st, 3));
        cur->subject_kind[0] = 'M';
        cur->subject_count = 1;
    }
    store_done(st);
    check(rc, "reading pregnancies");
}

/* Families moving in and cases opened directly: households with a child under 15 on the day. */
static void load_other_sources(store_conn *c, bench_rng *r, sources *s, int n, int64_t from,
                               int64_t to)
{
    store_stmt *st =
        prep(c, "SELECT hm.household_id, hm.person_id, p.birth_date FROM household_members hm"
                " JOIN persons p ON p.id = hm.person_id WHERE hm.to_date IS NULL"
                " AND hm.relation = 'child' AND p.birth_date >= ? ORDER BY hm.household_id, p.id"
                " LIMIT 200000");
    char oldest[11];
    date_format(date_from_days(from - 15 * 365), oldest);
    store_bind_text(st, 1, oldest);
    typedef struct kid {
        char hh[ID_CAP], id[ID_CAP];
        int64_t born;
    } kid;
    kid *kids = NULL;
    int nk = 0, ck = 0, rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        kids = grow(kids, &ck, nk + 1, sizeof(kid));
        snprintf(kids[nk].hh, ID_CAP, "%s", store_col_text(st, 0));
        snprintf(kids[nk].id, ID_CAP, "%s", store_col_text(st, 1));
        kids[nk++].born = day_of_text(store_col_text(st, 2));
    }
    store_done(st);
    check(rc, "reading children");
    for (int i = 0; i < n && nk > 0; i++) {
        for (int tries = 0; tries < 100; tries++) {
            const kid *k = &kids[bench_range(r, 0, nk - 1)];
            int64_t day = bench_range(r, (int)from, (int)to);
            if (k->born == NO_DAY || k->born > day - 30 || day - k->born > 15 * 365)
                continue;
            s->v = grow(s->v, &s->cap, s->n + 1, sizeof(source));
            source *cur = &s->v[s->n++];
            cur->type = i % 3 == 0 ? NULL : "transfer";
            cur->day = day;
            snprintf(cur->household, ID_CAP, "%s", k->hh);
            snprintf(cur->subjects[0], ID_CAP, "%s", k->id);
            cur->subject_kind[0] = 'C';
            cur->subject_count = 1;
            break;
        }
    }
    free(kids);
}

/* ---- the plan: each case's life ---- */

typedef struct gcase {
    const source *src;
    char id[ID_CAP];
    int64_t version;
    int lead, deputy;
    int lead_agency;             /* -1: the center */
    int64_t open_day, close_day; /* close_day NO_DAY: open at the end */
    const char *close_reason;
    bool registers;
    const char *categories[MAX_SUBJECTS];
    bool registered[MAX_SUBJECTS];
    bool open_now, registered_now;
    /* the plan */
    char plan_id[ID_CAP];
    int64_t plan_row_version;
    int plan_versions;
    bool plan_approved, plan_handed;
    int64_t plan_approved_day;
} gcase;

enum act_type {
    A_OPEN,
    A_JURI,
    A_REVIEW, /* 個別ケース検討会議 or 合同ケース会議 about one case */
    A_CLOSE,  /* the closing meeting and the closing */
    A_PLAN_WRITE,
    A_PLAN_APPROVE,
    A_ACTION_DONE,
    A_JITSUMUSHA,
    A_LISTUP,
};

typedef struct act {
    int64_t at;
    int order;
    int type, index; /* the case (A_ACTION_DONE: into the open actions) */
} act;

typedef struct open_action {
    char conference[ID_CAP], id[ID_CAP];
    int staff;
    int64_t case_close_day;
    int case_index;
} open_action;

/* The completions of actions, known only once their conference is written: a min-heap by
 * instant, drained into the sequence of writes as their time comes. */
typedef struct pending {
    int64_t at;
    int action;
} pending;

typedef struct gen {
    store_conn *c;
    bench_rng r;
    gcase *cases;
    int n_cases;
    act *acts;
    int n_acts, cap_acts;
    open_action *actions;
    int n_actions, cap_actions;
    pending *heap;
    int n_heap, cap_heap;
    int64_t cutoff, today;
    bool in_transaction;
    svc_case_intervals iv;
    /* figures */
    int64_t conferences[8], decisions, action_count, actions_done, plan_versions, plan_approvals,
        plan_reviews, case_writes;
} gen;

static void add_act(gen *g, int64_t at, int type, int index)
{
    if (at > g->cutoff)
        return;
    g->acts = grow(g->acts, &g->cap_acts, g->n_acts + 1, sizeof(act));
    g->acts[g->n_acts] = (act){.at = at, .order = g->n_acts, .type = type, .index = index};
    g->n_acts++;
}

__attribute__((unused)) static void heap_push(gen *g, int64_t at, int action)
{
    g->heap = grow(g->heap, &g->cap_heap, g->n_heap + 1, sizeof(pending));
    int i = g->n_heap++;
    while (i > 0 && g->heap[(i - 1) / 2].at > at) {
        g->heap[i] = g->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    g->heap[i] = (pending){.at = at, .action = action};
}

static pending heap_pop(gen *g)
{
    pending top = g->heap[0], last = g->heap[--g->n_heap];
    int i = 0;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= g->n_heap)
            break;
        if (c + 1 < g->n_heap && g->heap[c + 1].at < g->heap[c].at)
            c++;
        if (g->heap[c].at >= last.at)
            break;
        g->heap[i] = g->heap[c];
        i = c;
    }
    if (g->n_heap > 0)
        g->heap[i] = last;
    return top;
}

static int by_time(const void *x, const void *y)
{
    const act *a = x, *b = y;
    if (a->at != b->at)
        return a->at < b->at ? -1 : 1;
    return (a->order > b->order) - (a->order < b->order);
}

static int by_day(const void *x, const void *y)
{
    const source *a = x, *b = y;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    return strcmp(a->id, b->id);
}

static double expo(bench_rng *r, double mean)
{
    double u = bench_uniform(r);
    return -mean * log(u > 1e-12 ? u : 1e-12);
}

static const char *draw_close_reason(bench_rng *r)
{
    double u = bench_uniform(r);
    return u < 0.62   ? "goal_reached"
           : u < 0.84 ? "moved"
           : u < 0.94 ? "transferred_jisou"
                      : "other";
}

/* Chooses which sources become cases (at most one open case per household at a time), and
 * plans each case's life. */
static void plan_cases(gen *g, sources *s, int want, int64_t from)
{
    qsort(s->v, (size_t)s->n, sizeof *s->v, by_day);
    /* thin the sources evenly to about `want` */
    double keep = s->n > want ? (double)want / s->n : 1.0;
    g->cases = calloc((size_t)s->n + 1, sizeof(gcase));
    typedef struct busy {
        char hh[ID_CAP];
        int64_t until;
    } busy;
    busy *b = calloc((size_t)s->n + 1, sizeof(busy));
    int nb = 0;
    for (int i = 0; i < s->n; i++) {
        source *src = &s->v[i];
        if (src->subject_count == 0 || src->day < from || src->day >= g->today ||
            !bench_chance(&g->r, keep))
            continue;
        bool taken = false;
        for (int k = 0; k < nb && !taken; k++) /* few thousand: a scan is fine */
            taken = strcmp(b[k].hh, src->household) == 0 && b[k].until >= src->day;
        if (taken)
            continue;
        gcase *k = &g->cases[g->n_cases];
        k->src = src;
        bool health = src->type && strcmp(src->type, "pregnancy") == 0;
        k->lead = health                     ? health_staff[bench_range(&g->r, 0, 3)]
                  : bench_chance(&g->r, 0.1) ? COORD
                                             : welfare_staff[bench_range(&g->r, 0, 3)];
        k->deputy = health ? welfare_staff[bench_range(&g->r, 0, 3)]
                           : health_staff[bench_range(&g->r, 0, 3)];
        k->lead_agency = bench_chance(&g->r, 0.08) ? 4 : -1;
        k->open_day = src->day + bench_range(&g->r, 0, 4);
        k->registers = bench_chance(&g->r, 0.45);
        double years = expo(&g->r, k->registers ? 4.5 : 2.5);
        if (years < 0.25)
            years = 0.25 + bench_uniform(&g->r) * 0.25;
        int64_t close = k->open_day + (int64_t)(years * 365.25);
        k->close_day = close < g->today ? close : NO_DAY;
        k->close_reason = draw_close_reason(&g->r);
        for (int j = 0; j < src->subject_count; j++) {
            char kind = src->subject_kind[j];
            k->categories[j] = kind == 'M'                                ? "tokutei_ninpu"
                               : k->registers && bench_chance(&g->r, 0.4) ? "youhogo"
                               : bench_chance(&g->r, 0.8)                 ? "youshien"
                                                                          : "general";
            k->registered[j] = k->registers && strcmp(k->categories[j], "general") != 0;
        }
        k->registers = false;
        for (int j = 0; j < src->subject_count; j++)
            k->registers |= k->registered[j];
        snprintf(b[nb].hh, ID_CAP, "%s", src->household);
        b[nb++].until = k->close_day == NO_DAY ? INT64_MAX : k->close_day;

        int idx = g->n_cases++;
        add_act(g, office(&g->r, k->open_day), A_OPEN, idx);
        int64_t juri = k->open_day + bench_range(&g->r, 1, 7);
        int64_t end = k->close_day == NO_DAY ? g->today : k->close_day;
        if (juri >= end)
            juri = k->open_day;
        add_act(g, office(&g->r, juri) + 3600, A_JURI, idx);
        for (int64_t d = juri + bench_range(&g->r, 180, 420); d < end - 14;
             d += bench_range(&g->r, 180, 420))
            add_act(g, office(&g->r, d) + 3600, A_REVIEW, idx);
        if (k->close_day != NO_DAY)
            add_act(g, office(&g->r, k->close_day) + 3600, A_CLOSE, idx);
        /* plan versions: the first after 2-5 weeks, then every 8-13 months */
        for (int64_t d = k->open_day + bench_range(&g->r, 14, 35); d < end - 7;
             d += bench_range(&g->r, 245, 395)) {
            add_act(g, office(&g->r, d) + 7200, A_PLAN_WRITE, idx);
            int64_t a = d + bench_range(&g->r, 3, 10);
            if (a < end && bench_chance(&g->r, 0.88))
                add_act(g, office(&g->r, a) + 7200, A_PLAN_APPROVE, idx);
        }
    }
    free(b);
}

/* The periodic meetings: 実務者会議 every 3 months, リストアップ会議 five times a year. */
static void plan_meetings(gen *g, int64_t from)
{
    for (int64_t d = from + 20; d < g->today; d = add_months(d, 3))
        add_act(g, office(&g->r, d) + 5 * 3600, A_JITSUMUSHA, -1);
    for (int64_t d = from + 40; d < g->today; d += 73)
        add_act(g, office(&g->r, d) + 5 * 3600, A_LISTUP, -1);
}

/* ---- writing ---- */

static void ctx_for(const gen *g, svc_ctx *ctx, pool *p, int staff, int64_t at)
{
    svc_ctx_init(ctx, g->c, p, staff_ids[staff], staff_table[staff].role, at);
    ctx->in_transaction = g->in_transaction;
}

static int64_t day_of_instant(int64_t at)
{
    return (at + 9 * 3600) / 86400;
}

static void write_open(gen *g, pool *p, gcase *k, int64_t at)
{
    const char *subjects[MAX_SUBJECTS];
    for (int j = 0; j < k->src->subject_count; j++)
        subjects[j] = k->src->subjects[j];
    const char *agencies[2] = {agency_ids[bench_range(&g->r, 0, 1)], agency_ids[5]};
    svc_case_new in = {.household_id = k->src->household,
                       .subject_ids = subjects,
                       .subject_count = k->src->subject_count,
                       .lead_id = staff_ids[k->lead],
                       .deputy_id = staff_ids[k->deputy],
                       .lead_agency_id = k->lead_agency >= 0 ? agency_ids[k->lead_agency] : NULL,
                       .agency_ids = k->registers ? agencies : NULL,
                       .agency_count = k->registers ? 2 : 0};
    if (k->src->type) {
        in.has_opened_from = true;
        in.opened_from_type = k->src->type;
        if (strcmp(k->src->type, "transfer") == 0)
            in.opened_from_from = municipalities[bench_range(&g->r, 0, 7)];
        else
            in.opened_from_id = k->src->id;
    }
    svc_ctx ctx;
    ctx_for(g, &ctx, p, k->lead, at);
    store_case out;
    must(svc_case_create(&ctx, &in, &out), "svc_case_create");
    snprintf(k->id, sizeof k->id, "%s", out.id);
    k->version = out.version;
    k->open_now = true;
    g->case_writes++;
}

static void write_close(gen *g, pool *p, gcase *k, int64_t at)
{
    svc_case_close_in in = {.reason = k->close_reason,
                            .on = day_text(p, day_of_instant(at)),
                            .note = "会議で終結を決定。"};
    if (strcmp(k->close_reason, "moved") == 0)
        in.moved_to = municipalities[bench_range(&g->r, 0, 7)];
    svc_ctx ctx;
    ctx_for(g, &ctx, p, k->lead, at + 600);
    store_case out;
    must(svc_case_close(&ctx, k->id, &in, &out), "svc_case_close");
    k->open_now = false;
    k->registered_now = false;
    g->case_writes++;
}

#if HAVE_CONFERENCES
static const char *const kind_names[] = {"juri", "joint_case", "listup", "youtaikyo_jitsumusha",
                                         "youtaikyo_kobetsu"};

static int kind_index(const char *kind)
{
    for (int i = 0; i < 5; i++)
        if (strcmp(kind_names[i], kind) == 0)
            return i;
    return 7;
}

/* One or two actions about case k, owned by its lead or an agency, due in 2-4 weeks. */
static int draw_actions(gen *g, pool *p, const gcase *k, int64_t day, svc_conference_action_in *out)
{
    static const char *const whats[] = {"家庭訪問で養育状況を確認する", "学校に登校状況を確認する",
                                        "保育所と情報共有する", "母の通院状況を確認する",
                                        "サポートプランの見直し案を作成する"};
    int n = bench_range(&g->r, 1, 2);
    for (int i = 0; i < n; i++) {
        bool agency = bench_chance(&g->r, 0.25);
        out[i] = (svc_conference_action_in){
            .what = whats[bench_range(&g->r, 0, 4)],
            .owner_id = agency ? NULL : staff_ids[i == 0 ? k->lead : k->deputy],
            .owner_agency_id = agency ? agency_ids[bench_range(&g->r, 0, 3)] : NULL,
            .due_on = day_text(p, day + bench_range(&g->r, 14, 28)),
            .case_id = k->id};
    }
    return n;
}

static void remember_actions(gen *g, const svc_conference_view *v, int case_index)
{
    const store_conference *cf = &v->conference;
    const gcase *k = case_index >= 0 ? &g->cases[case_index] : NULL;
    for (int i = 0; i < cf->action_count; i++) {
        const store_conference_action *a = &cf->actions[i];
        g->action_count++;
        double u = bench_uniform(&g->r);
        if (u < 0.04)
            continue; /* never done: an overdue action_due */
        int64_t due = day_of_text(a->due_on);
        int64_t done = u < 0.12 ? due + bench_range(&g->r, 1, 30) : due - bench_range(&g->r, 0, 10);
        int64_t held = day_of_text(cf->held_on);
        if (done <= held)
            done = held + 1;
        if (k && k->close_day != NO_DAY && done >= k->close_day)
            done = k->close_day - 1;
        if (done <= held)
            continue;
        g->actions = grow(g->actions, &g->cap_actions, g->n_actions + 1, sizeof(open_action));
        open_action *o = &g->actions[g->n_actions];
        snprintf(o->conference, ID_CAP, "%s", cf->id);
        snprintf(o->id, ID_CAP, "%s", a->id);
        o->staff = a->owner_id && k ? k->lead : COORD;
        o->case_index = case_index;
        int64_t at = office(&g->r, done);
        if (at <= g->cutoff)
            heap_push(g, at, g->n_actions);
        g->n_actions++;
    }
}

static void post_conference(gen *g, pool *p, svc_conference_in *in, int64_t at, int case_index)
{
    static const svc_conference_attendee_in attendees[] = {
        {.name = "統括支援員 杉山"},
        {.name = "保健師 青木"},
        {.name = "児童福祉 工藤"},
        {.name = "担任 佐藤", .agency = "市立第一小学校"},
    };
    in->held_on = day_text(p, day_of_instant(at));
    in->place = "こども家庭センター 会議室";
    in->chair_id = staff_ids[COORD];
    in->attendees = attendees;
    in->attendee_count = 4;
    svc_ctx ctx;
    ctx_for(g, &ctx, p, COORD, at);
    svc_conference_view out;
    must(svc_conference_create(&ctx, in, &out), in->kind);
    g->conferences[kind_index(in->kind)]++;
    g->decisions += in->decision_count;
    remember_actions(g, &out, case_index);
}

/* 受理会議: designates every subject and registers those to be registered. */
static void write_juri(gen *g, pool *p, gcase *k, int ci, int64_t at)
{
    svc_conference_decision_in dec[MAX_SUBJECTS + 1];
    int nd = 0;
    for (int j = 0; j < k->src->subject_count; j++)
        dec[nd++] = (svc_conference_decision_in){.case_id = k->id,
                                                 .person_id = k->src->subjects[j],
                                                 .category = k->categories[j],
                                                 .has_register = k->registered[j],
                                                 .reg = k->registered[j]};
    dec[nd++] = (svc_conference_decision_in){
        .case_id = k->id, .policy = "在宅支援。定期的な家庭訪問と関係機関の見守りを行う。"};
    svc_conference_action_in acts[2];
    svc_conference_discussion_in disc = {.case_id = k->id, .text = "受理時の状況を共有した。"};
    const char *ids[1] = {k->id};
    svc_conference_in in = {.kind = "juri",
                            .minutes = "受理会議。支援方針と区分を決定。",
                            .case_ids = ids,
                            .case_count = 1,
                            .discussions = &disc,
                            .discussion_count = 1,
                            .decisions = dec,
                            .decision_count = nd,
                            .actions = acts,
                            .action_count = draw_actions(g, p, k, day_of_instant(at), acts)};
    post_conference(g, p, &in, at, ci);
    k->registered_now = k->registers;
}

#if HAVE_PLANS
static void write_plan_review(gen *g, pool *p, gcase *k, int64_t day);
#endif

/* A per-case meeting; at the closing one, the decision to close (and the registration ended). */
static void write_case_meeting(gen *g, pool *p, gcase *k, int ci, int64_t at, bool closing)
{
    svc_conference_decision_in dec[MAX_SUBJECTS + 1];
    int nd = 0;
    if (closing) {
        for (int j = 0; j < k->src->subject_count; j++)
            if (k->registered[j])
                dec[nd++] = (svc_conference_decision_in){.case_id = k->id,
                                                         .person_id = k->src->subjects[j],
                                                         .has_register = true,
                                                         .reg = false};
        dec[nd++] = (svc_conference_decision_in){.case_id = k->id, .close_reason = k->close_reason};
    } else if (bench_chance(&g->r, 0.3)) {
        dec[nd++] = (svc_conference_decision_in){.case_id = k->id,
                                                 .policy = "支援を継続。見守りの頻度を見直す。"};
    }
    svc_conference_action_in acts[2];
    svc_conference_discussion_in disc = {.case_id = k->id,
                                         .text = "前回からの経過と家庭の状況を確認した。"};
    const char *ids[1] = {k->id};
    svc_conference_in in = {.kind = k->registered_now ? "youtaikyo_kobetsu" : "joint_case",
                            .minutes = closing ? "終結を決定。" : "経過確認。",
                            .case_ids = ids,
                            .case_count = 1,
                            .discussions = &disc,
                            .discussion_count = 1,
                            .decisions = dec,
                            .decision_count = nd,
                            .actions = acts,
                            .action_count =
                                closing ? 0 : draw_actions(g, p, k, day_of_instant(at), acts)};
    post_conference(g, p, &in, at, ci);
#if HAVE_PLANS
    if (!closing)
        write_plan_review(g, p, k, day_of_instant(at));
#endif
}

/* 実務者会議 (every registered open case) or リストアップ会議 (the open cases not registered). */
static void write_batch_meeting(gen *g, pool *p, bool jitsumusha, int64_t at)
{
    const char **ids = pool_zalloc(p, sizeof *ids * SVC_CONFERENCE_CASES_MAX);
    int n = 0;
    for (int i = 0; i < g->n_cases && n < SVC_CONFERENCE_CASES_MAX; i++) {
        const gcase *k = &g->cases[i];
        if (k->open_now && k->registered_now == jitsumusha)
            ids[n++] = k->id;
    }
    if (n == 0)
        return;
    svc_conference_in in = {.kind = jitsumusha ? "youtaikyo_jitsumusha" : "listup",
                            .minutes = jitsumusha ? "登録ケース全件の進行管理。"
                                                  : "両部門の支援対象の突合。",
                            .case_ids = ids,
                            .case_count = n};
    post_conference(g, p, &in, at, -1);
}

static void write_action_done(gen *g, pool *p, const open_action *o, int64_t at)
{
    if (o->case_index >= 0 && !g->cases[o->case_index].open_now)
        return;
    svc_ctx ctx;
    ctx_for(g, &ctx, p, o->staff, at);
    svc_conference_view out;
    must(svc_conference_action_done(&ctx, o->conference, o->id, day_text(p, day_of_instant(at)),
                                    &out),
         "svc_conference_action_done");
    g->actions_done++;
}
#endif

#if HAVE_PLANS
static void write_plan(gen *g, pool *p, gcase *k, int64_t at)
{
    static const plan_service services[] = {
        {.what = "家庭訪問", .who = "こども家庭センター", .how_often = "月1回"},
        {.what = "養育支援訪問", .who = "子育て支援課", .how_often = "週1回"},
        {.what = "保育所での見守り", .who = "市立中央保育所", .how_often = "毎日"},
    };
    static const plan_contact contacts[] = {
        {.name = "こども家庭センター", .relation = "担当", .phone = "0000-00-0000"},
    };
    const char *subjects[MAX_SUBJECTS];
    for (int j = 0; j < k->src->subject_count; j++)
        subjects[j] = k->src->subjects[j];
    plan_content in = {.subject_ids = subjects,
                       .subject_count = k->src->subject_count,
                       .guardian_wishes = "子どもと落ち着いて暮らしたい。",
                       .child_views = "お母さんと一緒にいたい。",
                       .situation =
                           k->plan_versions == 0 ? "支援開始時の状況。" : "前回の計画からの経過。",
                       .long_term_goal = "家庭で安心して過ごせる。",
                       .short_term_goals = "生活リズムを整える。相談先を持つ。",
                       .services = services,
                       .service_count = bench_range(&g->r, 1, 3),
                       .contacts = contacts,
                       .contact_count = 1};
    svc_ctx ctx;
    ctx_for(g, &ctx, p, k->lead, at);
    svc_plan out;
    must(svc_plans_create(&ctx, k->id, &in, &out), "svc_plans_create");
    snprintf(k->plan_id, ID_CAP, "%s", out.plan.id);
    k->plan_row_version = out.plan.version;
    k->plan_versions++;
    k->plan_approved = false;
    k->plan_handed = false;
    g->plan_versions++;
}

static void write_plan_approve(gen *g, pool *p, gcase *k, int64_t at)
{
    if (!k->plan_id[0] || k->plan_approved)
        return;
    svc_ctx ctx;
    ctx_for(g, &ctx, p, DIRECTOR, at);
    svc_plan out;
    must(svc_plans_approve(&ctx, k->id, k->plan_id, &out), "svc_plans_approve");
    k->plan_row_version = out.plan.version;
    k->plan_approved = true;
    k->plan_approved_day = day_of_instant(at);
    g->plan_approvals++;
    if (bench_chance(&g->r, 0.9)) { /* handed to the family the same day */
        ctx_for(g, &ctx, p, k->lead, at + 60);
        must(svc_plans_handed(&ctx, k->id, k->plan_id, day_text(p, day_of_instant(at)), &out),
             "svc_plans_handed");
        k->plan_row_version = out.plan.version;
        k->plan_handed = true;
    }
}

__attribute__((unused)) static void write_plan_review(gen *g, pool *p, gcase *k, int64_t day)
{
    if (!k->plan_approved || day <= k->plan_approved_day)
        return;
    svc_ctx ctx;
    ctx_for(g, &ctx, p, k->lead, office(&g->r, day) + 5400);
    svc_plan out;
    must(svc_plans_reviewed(&ctx, k->id, k->plan_id, k->plan_row_version, day_text(p, day),
                            day_text(p, add_months(day, g->iv.plan_review_months)), &out),
         "svc_plans_reviewed");
    k->plan_row_version = out.plan.version;
    g->plan_reviews++;
}
#endif

static void write_act(gen *g, const act *a)
{
    pool *p = pool_create();
    gcase *k = a->index >= 0 && a->type != A_ACTION_DONE ? &g->cases[a->index] : NULL;
    switch (a->type) {
    case A_OPEN:
        write_open(g, p, k, a->at);
        break;
    case A_CLOSE:
        if (k->open_now) {
#if HAVE_CONFERENCES
            write_case_meeting(g, p, k, a->index, a->at, true);
#endif
            write_close(g, p, k, a->at);
        }
        break;
#if HAVE_CONFERENCES
    case A_JURI:
        if (k->open_now)
            write_juri(g, p, k, a->index, a->at);
        break;
    case A_REVIEW:
        if (k->open_now)
            write_case_meeting(g, p, k, a->index, a->at, false);
        break;
    case A_JITSUMUSHA:
        write_batch_meeting(g, p, true, a->at);
        break;
    case A_LISTUP:
        write_batch_meeting(g, p, false, a->at);
        break;
    case A_ACTION_DONE:
        write_action_done(g, p, &g->actions[a->index], a->at);
        break;
#endif
#if HAVE_PLANS
    case A_PLAN_WRITE:
        if (k->open_now)
            write_plan(g, p, k, a->at);
        break;
    case A_PLAN_APPROVE:
        if (k->open_now)
            write_plan_approve(g, p, k, a->at);
        break;
#endif
    default:
        break;
    }
    pool_destroy(p);
}

/* ---- setup and report ---- */

static int64_t query_int(store_conn *c, const char *sql)
{
    store_stmt *st = prep(c, sql);
    int64_t v = store_step(st) == STORE_ROW ? store_col_int(st, 0) : -1;
    store_done(st);
    return v;
}

/* The staff users and the agencies, the day before the first record. */
static void add_staff_and_agencies(store_conn *c, int64_t at)
{
    pool *p = pool_create();
    svc_ctx ctx;
    svc_ctx_init_system(&ctx, c, p, at);
    for (int i = 0; i < STAFF_COUNT; i++) {
        char password[RANDOM_TOKEN_LEN + 1];
        random_token(password);
        svc_user_new in = {.login = staff_table[i].login,
                           .name = staff_table[i].name,
                           .role = role_code(staff_table[i].role),
                           .password = password};
        store_user out;
        must(svc_users_create(&ctx, &in, &out), "svc_users_create");
        snprintf(staff_ids[i], ID_CAP, "%s", out.id);
    }
    svc_ctx_init(&ctx, c, p, staff_ids[DIRECTOR], ROLE_DIRECTOR, at);
    for (int i = 0; i < AGENCY_COUNT; i++) {
        svc_agency_in in = {.name = agency_table[i].name, .kind = agency_table[i].kind};
        store_agency out;
        must(svc_agency_create(&ctx, &in, &out), "svc_agency_create");
        snprintf(agency_ids[i], ID_CAP, "%s", out.id);
    }
    pool_destroy(p);
}

static double file_mib(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (double)sb.st_size / (1024.0 * 1024.0) : 0.0;
}

static int usage(void)
{
    fputs("usage: bench_cases --db FILE [--seed S] [--today YYYY-MM-DD] [--years N] [--cases N]"
          " [--batch N] [--cache-mib N]\n",
          stderr);
    return 2;
}

int main(int argc, char **argv)
{
    const char *db = NULL, *today_s = NULL;
    uint64_t seed = 1;
    long years = 10, want = 1500, cache_mib = 1024, batch = 20000;
    for (int i = 1; i < argc; i += 2) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            return usage();
        if (strcmp(a, "--db") == 0)
            db = v;
        else if (strcmp(a, "--seed") == 0)
            seed = strtoull(v, NULL, 10);
        else if (strcmp(a, "--today") == 0)
            today_s = v;
        else if (strcmp(a, "--years") == 0)
            years = strtol(v, NULL, 10);
        else if (strcmp(a, "--cases") == 0)
            want = strtol(v, NULL, 10);
        else if (strcmp(a, "--cache-mib") == 0)
            cache_mib = strtol(v, NULL, 10);
        else if (strcmp(a, "--batch") == 0)
            batch = strtol(v, NULL, 10);
        else
            return usage();
    }
    date_ymd today_ymd = date_jst_of_instant(clock_now());
    if (!db || years < 1 || years > 30 || want < 1 || cache_mib < 1 || batch < 0 ||
        (today_s && !date_parse(today_s, strlen(today_s), &today_ymd)))
        return usage();
    if (!bench_seed_randombytes(seed ^ 0x6361736573ULL) || sodium_init() < 0)
        return 1;
    struct stat sb;
    if (stat(db, &sb) != 0) {
        fprintf(stderr, "bench_cases: no database at %s (run bench_history first)\n", db);
        return 1;
    }
    store *s;
    if (store_open_sqlite(&s, db) != STORE_OK)
        return 1;
    store_conn *c = store_thread_conn(s);
    if (!c)
        return 1;
    check(store_migrate(c), "store_migrate");
    if (query_int(c, "SELECT count(*) FROM reports") <= 0) {
        fprintf(stderr, "bench_cases: %s holds no reports (run bench_history first)\n", db);
        return 1;
    }
    if (query_int(c, "SELECT count(*) FROM cases") != 0) {
        fprintf(stderr, "bench_cases: %s already holds cases\n", db);
        return 1;
    }
    char pragmas[160];
    snprintf(pragmas, sizeof pragmas,
             "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA cache_size=-%ld;",
             cache_mib * 1024);
    check(store_exec(c, pragmas), "pragmas");

    int64_t t0 = bench_now_ns();
    gen g = {.c = c, .in_transaction = batch > 0};
    bench_rng_seed(&g.r, seed ^ 0x6b61736531ULL);
    g.today = date_to_days(today_ymd);
    g.cutoff = jst_midnight(g.today) + 9 * 3600;
    int64_t from = date_to_days(date_add_months(today_ymd, -12 * (int)years));
    {
        pool *p = pool_create();
        svc_ctx ctx;
        svc_ctx_init_system(&ctx, c, p, g.cutoff);
        must(svc_settings_case_intervals_get(&ctx, &g.iv), "svc_settings_case_intervals_get");
        pool_destroy(p);
    }

    sources src = {0};
    load_report_sources(c, &src);
    int from_reports = src.n;
    load_pregnancy_sources(c, &src);
    int from_pregnancies = src.n - from_reports;
    load_other_sources(c, &g.r, &src, (int)(want / 15), from, g.today - 1);
    plan_cases(&g, &src, (int)(want * 1.05), from);
    plan_meetings(&g, from);
    qsort(g.acts, (size_t)g.n_acts, sizeof *g.acts, by_time);
    fprintf(stderr,
            "bench_cases: %d sources (%d reports at 支援, %d 特定妊婦候補, %d others); %d cases,"
            " %d writes planned in %.1f s (conferences %s, plans %s)\n",
            src.n, from_reports, from_pregnancies, src.n - from_reports - from_pregnancies,
            g.n_cases, g.n_acts, (double)(bench_now_ns() - t0) / 1e9,
            HAVE_CONFERENCES ? "yes" : "not yet in this tree",
            HAVE_PLANS ? "yes" : "not yet in this tree");

    int64_t events0 = query_int(c, "SELECT count(*) FROM events"),
            audits0 = query_int(c, "SELECT count(*) FROM audit");
    add_staff_and_agencies(c, jst_midnight(from) - 86400);
    if (g.in_transaction)
        check(store_begin(c), "begin");
    int written = 0;
    for (int i = 0; i <= g.n_acts; i++) {
        int64_t until = i < g.n_acts ? g.acts[i].at : INT64_MAX;
        while (g.n_heap > 0 && g.heap[0].at <= until) {
            pending d = heap_pop(&g);
            write_act(&g, &(act){.at = d.at, .type = A_ACTION_DONE, .index = d.action});
            written++;
        }
        if (i == g.n_acts)
            break;
        write_act(&g, &g.acts[i]);
        written++;
        if ((i + 1) % 10000 == 0)
            fprintf(stderr, "  %7d writes  %6.1f s\n", i + 1, (double)(bench_now_ns() - t0) / 1e9);
        if (g.in_transaction && (i + 1) % batch == 0) {
            check(store_commit(c), "commit");
            check(store_begin(c), "begin");
        }
    }
    if (g.in_transaction)
        check(store_commit(c), "commit");
    check(store_exec(c, "PRAGMA journal_mode=WAL;"), "back to WAL");
    double sec = (double)(bench_now_ns() - t0) / 1e9;

    char today_str[11], from_str[11];
    date_format(today_ymd, today_str);
    date_format(date_from_days(from), from_str);
    printf("bench_cases: %s, %s .. %s 09:00 JST, seed %" PRIu64 ", %.1f s\n", db, from_str,
           today_str, seed, sec);
    printf("  cases       %" PRId64 ": open %" PRId64 " (with a registered subject %" PRId64
           "), closed %" PRId64 " (goal %" PRId64 ", moved %" PRId64 ", 送致 %" PRId64
           ", other %" PRId64 ")\n",
           query_int(c, "SELECT count(*) FROM cases"),
           query_int(c, "SELECT count(*) FROM cases WHERE status = 'open'"),
           query_int(c, "SELECT count(*) FROM cases k WHERE status = 'open' AND EXISTS (SELECT 1"
                        " FROM case_subjects s WHERE s.case_id = k.id AND s.youtaikyo = 1"
                        " AND s.removed_on IS NULL)"),
           query_int(c, "SELECT count(*) FROM cases WHERE status = 'closed'"),
           query_int(c, "SELECT count(*) FROM cases WHERE close_reason = 'goal_reached'"),
           query_int(c, "SELECT count(*) FROM cases WHERE close_reason = 'moved'"),
           query_int(c, "SELECT count(*) FROM cases WHERE close_reason = 'transferred_jisou'"),
           query_int(c, "SELECT count(*) FROM cases WHERE close_reason = 'other'"));
    printf("  subjects    %" PRId64 " (registered now %" PRId64 "; 特定妊婦 %" PRId64
           ", 要保護 %" PRId64 ", 要支援 %" PRId64 ")\n",
           query_int(c, "SELECT count(*) FROM case_subjects"),
           query_int(c, "SELECT count(*) FROM case_subjects s JOIN cases k ON k.id = s.case_id"
                        " WHERE k.status = 'open' AND s.youtaikyo = 1"),
           query_int(c, "SELECT count(*) FROM case_subjects WHERE category = 'tokutei_ninpu'"),
           query_int(c, "SELECT count(*) FROM case_subjects WHERE category = 'youhogo'"),
           query_int(c, "SELECT count(*) FROM case_subjects WHERE category = 'youshien'"));
    printf("  conferences %" PRId64 " (juri %" PRId64 ", joint_case %" PRId64 ", listup %" PRId64
           ", jitsumusha %" PRId64 ", kobetsu %" PRId64 "), %" PRId64 " decisions, %" PRId64
           " actions (%" PRId64 " done, %" PRId64 " open)\n",
           query_int(c, "SELECT count(*) FROM conferences"), g.conferences[0], g.conferences[1],
           g.conferences[2], g.conferences[3], g.conferences[4], g.decisions,
           query_int(c, "SELECT count(*) FROM conference_actions"),
           query_int(c, "SELECT count(*) FROM conference_actions WHERE done_on IS NOT NULL"),
           query_int(c, "SELECT count(*) FROM conference_actions WHERE done_on IS NULL"));
    printf("  plans       %" PRId64 " versions (%" PRId64 " approved, %" PRId64
           " reviews written), cases with a plan %" PRId64 "\n",
           query_int(c, "SELECT count(*) FROM plans"),
           query_int(c, "SELECT count(*) FROM plans WHERE status = 'approved'"), g.plan_reviews,
           query_int(c, "SELECT count(DISTINCT case_id) FROM plans"));
    printf("  history     %" PRId64 " events, %" PRId64 " audit rows\n",
           query_int(c, "SELECT count(*) FROM events") - events0,
           query_int(c, "SELECT count(*) FROM audit") - audits0);
    printf("  database    %.1f MiB\n", file_mib(db));
    store_close(s);
    free(src.v);
    free(g.cases);
    free(g.acts);
    free(g.actions);
    free(g.heap);
    return 0;
}
