/* bench_history: adds ten years of maternal and child health and child welfare records to a
 * database made by bench_gen, through the use cases of src/service/, as the API writes them:
 * svc_pregnancies_record and _update (the 出生連絡票 links the children), svc_visits_record,
 * svc_screenings_record, svc_followups_record, svc_report_create, svc_report_add_event, and for
 * infants born after bench_gen's end date svc_persons_create + svc_households_update. So the
 * records, their timeline events and their audit rows are exactly the server's: the generator
 * keeps no copy of a write path (it is the CSV import's first caller).
 *
 * Each write has its own context: one of twelve staff users (created first with svc_users_create,
 * each with their role, so the permission table holds) acting at the instant the record is dated
 * (ctx.now), so "not after today" and the 48-hour clock hold as they did on that day. Writes run
 * inside the generator's transaction (ctx.in_transaction: each use case in a savepoint),
 * committed every --batch writes (0: each use case commits alone, about 1.5x slower). The ids the
 * services draw come from a seeded stream (randombytes_set_implementation).
 *
 * The records are what GET /api/v1/alerts reads; their shape:
 *
 *   - Births: B a year (B = pregnancies / (years + the share of a year's births still unborn
 *     today), about 1,420 for 15,000 pregnancies over 10 years), drawn from bench_gen's children
 *     whose mother lives with them and was 16-45 at the birth; after bench_gen's last birth date
 *     (2026-03-31) new infants are registered at the same rate, to mothers (and partners) of
 *     18-45 and a few daughters of 17-19. Every birth has a pregnancy notification (妊娠届),
 *     linked to the child after the birth (出生連絡票); the pregnancies of the births still to
 *     come are open.
 *   - The infants of the last 12 months already in bench_gen's table but not drawn as births
 *     (its age pyramid piles children into its last months) are taken as moved in: they are on
 *     the newborn-visit list whatever is done here, and get visits and check-ups like the
 *     others.
 *   - Pregnancies: risk judged by the service with the table in force (the default unless
 *     the database has another), every question answered, answers drawn with a 20% "vulnerable"
 * group; about 8% high.
 *   - こんにちは赤ちゃん訪問: 20-125 days after the birth (5% never); those due in the next four
 *     weeks are scheduled. At each visit the mother answers EPDS (about 10% flagged), the
 *     育児支援チェックリスト and, half the time, the bonding questionnaire; flagged ones are
 *     followed up within days (97%).
 *   - 乳幼児健診 4m / 18m / 3y: 5% missed; a missed one is attended later (55%) or followed up
 *     (40%), or neither (5%). 産後ケア for 10% of births.
 *   - Reports: R over the window (growing over time), 75% abuse reports, 1-3 children of one
 *     household with their parents as guardians, the national mix of routes and abuse types,
 *     every workflow step as a dated event: 受理会議, 調査, 現認 of every child (80% within
 *     48 h, 14% within a week, 6% weeks later: the family cannot be reached; a few partial),
 *     支援方針, 支援, 終結 (or 送致). Steps due after the cut-off are not recorded, so recent
 *     reports are open at the step they reached.
 *
 * Everything is dated up to the cut-off, 09:00 JST of --today (default: today in Japan), and
 * written in date order. Deterministic for a database, a seed and a day, ids included.
 *
 * usage: bench_history --db FILE [--seed S] [--today YYYY-MM-DD] [--years N]
 *                      [--pregnancies N] [--reports N] [--batch N] [--cache-mib N]
 */
#include "bench_util.h"
#include "domain/date.h"
#include "domain/risk.h"
#include "domain/screening.h"
#include "domain/workflow.h"
#include "service/followups.h"
#include "service/households.h"
#include "service/persons.h"
#include "service/pregnancies.h"
#include "service/reports.h"
#include "service/screenings.h"
#include "service/users.h"
#include "service/visits.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/pool.h"
#include "util/random.h"

#include <inttypes.h>
#include <math.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NO_DAY INT64_MIN

enum { ID_CAP = RANDOM_ID_LEN + 1, STAFF_COUNT = 12, REPORT_CHILDREN = 3 };

/* ---- small helpers ---- */

static void check(int rc, const char *what)
{
    if (rc != STORE_OK) {
        fprintf(stderr, "bench_history: %s failed (%d)\n", what, rc);
        exit(1);
    }
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        abort();
    return p;
}

static int64_t day_of(date_ymd d)
{
    return date_to_days(d);
}

static void day_str(int64_t day, char out[11])
{
    date_format(date_from_days(day), out);
}

static int64_t jst_midnight(int64_t day)
{
    return day * 86400 - 9 * 3600;
}

static int age_at(int64_t birth, int64_t day)
{
    return birth == NO_DAY ? -1 : date_age_on(date_from_days(birth), date_from_days(day));
}

/* An instant in office hours (09:00-17:00 JST) of a day. */
static int64_t office(bench_rng *r, int64_t day)
{
    return jst_midnight(day) + 9 * 3600 + bench_range(r, 0, 8 * 3600 - 1);
}

static double gauss(bench_rng *r)
{
    double u = bench_uniform(r), v = bench_uniform(r);
    return sqrt(-2.0 * log(u > 0 ? u : 1e-12)) * cos(2 * M_PI * v);
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

/* ---- what is in the database (bench_gen's persons and households) ---- */

typedef struct person {
    char id[ID_CAP];
    int64_t birth; /* day number, NO_DAY when unknown */
    char sex;      /* f m u */
    char rel;      /* M mother, F father, C child, P partner, G grandparent, S sibling, O other */
    int household;
    bool is_new; /* an infant this program registers */
    bool used;   /* already a birth (or an unborn already linked) */
    int64_t last_birth;
    int given;      /* new infants: index into infant_names */
    int64_t serial; /* new infants: resident number sequence */
} person;

typedef struct household {
    char id[ID_CAP];
    int first, count; /* into members[] (bench_gen's current members) */
} household;

typedef struct world {
    person *persons;
    int n_persons, cap_persons;
    household *households;
    int n_households;
    int *members;
    int n_members;
    int64_t last_birth_day; /* bench_gen's last birth date */
} world;

static char rel_code(const char *r)
{
    if (!r)
        return 'O';
    if (strcmp(r, "mother") == 0)
        return 'M';
    if (strcmp(r, "father") == 0)
        return 'F';
    if (strcmp(r, "child") == 0)
        return 'C';
    if (strcmp(r, "partner") == 0)
        return 'P';
    if (strcmp(r, "grandparent") == 0)
        return 'G';
    if (strcmp(r, "sibling") == 0)
        return 'S';
    return 'O';
}

static void load_world(store_conn *c, world *w)
{
    store_stmt *st =
        store_prepare(c, "SELECT hm.household_id, hm.relation, p.id, p.birth_date, p.sex"
                         " FROM household_members hm JOIN persons p ON p.id = hm.person_id"
                         " WHERE hm.to_date IS NULL ORDER BY hm.household_id, hm.position");
    if (!st)
        exit(1);
    int cap_h = 0, cap_m = 0, rc;
    char last[ID_CAP] = "";
    w->last_birth_day = NO_DAY;
    while ((rc = store_step(st)) == STORE_ROW) {
        const char *hid = store_col_text(st, 0);
        if (strcmp(hid, last) != 0) {
            w->households = grow(w->households, &cap_h, w->n_households + 1, sizeof(household));
            household *h = &w->households[w->n_households++];
            snprintf(h->id, sizeof h->id, "%s", hid);
            h->first = w->n_members;
            snprintf(last, sizeof last, "%s", hid);
        }
        w->persons = grow(w->persons, &w->cap_persons, w->n_persons + 1, sizeof(person));
        person *p = &w->persons[w->n_persons];
        snprintf(p->id, sizeof p->id, "%s", store_col_text(st, 2));
        const char *b = store_col_text(st, 3);
        date_ymd d;
        p->birth = b && date_parse(b, strlen(b), &d) ? day_of(d) : NO_DAY;
        const char *sex = store_col_text(st, 4);
        p->sex = sex && sex[0] == 'f' ? 'f' : sex && sex[0] == 'm' ? 'm' : 'u';
        p->rel = rel_code(store_col_text(st, 1));
        p->household = w->n_households - 1;
        p->last_birth = NO_DAY;
        if (p->birth != NO_DAY && (w->last_birth_day == NO_DAY || p->birth > w->last_birth_day))
            w->last_birth_day = p->birth;
        w->members = grow(w->members, &cap_m, w->n_members + 1, sizeof(int));
        w->members[w->n_members++] = w->n_persons++;
        w->households[w->n_households - 1].count++;
    }
    store_done(st);
    check(rc, "reading households");
}

/* The household's mother (relation mother, a woman with a birth date), or -1. */
static int mother_in(const world *w, int hh)
{
    const household *h = &w->households[hh];
    for (int i = 0; i < h->count; i++) {
        const person *p = &w->persons[w->members[h->first + i]];
        if (p->rel == 'M' && p->sex == 'f' && p->birth != NO_DAY)
            return w->members[h->first + i];
    }
    return -1;
}

static bool has_male_adult(const world *w, int hh)
{
    const household *h = &w->households[hh];
    for (int i = 0; i < h->count; i++) {
        const person *p = &w->persons[w->members[h->first + i]];
        if ((p->rel == 'F' || p->rel == 'P') && p->sex == 'm')
            return true;
    }
    return false;
}

/* ---- the plan: everything to write, each with its instant ---- */

typedef struct pregnancy {
    char id[ID_CAP];
    int mother;
    int64_t notified, due; /* days; due NO_DAY when unknown */
    int weeks;             /* -1 unknown */
    bool after_birth, multiple;
    bool answers[RISK_CODE_COUNT];
    int children[2], child_count; /* person indexes */
    int64_t created;
    int64_t version; /* as recorded */
    int64_t link_at; /* the 出生連絡票: children linked; 0 when never (or at creation) */
} pregnancy;

typedef struct visit {
    char id[ID_CAP];
    int person;
    const char *kind, *subtype, *status;
    int64_t day, created;
    int64_t followup_day; /* NO_DAY: none */
    int staff;
} visit;

typedef struct screening {
    char id[ID_CAP];
    int person;
    screening_instrument instrument;
    int answers[SCREENING_MAX_ITEMS], count;
    int64_t day, created;
    int visit; /* index into visits */
    int64_t followup_day;
    int staff;
} screening;

typedef struct report {
    char id[ID_CAP];
    bool abuse;
    int64_t received;
    int children[REPORT_CHILDREN], child_count;
    int guardians[2], guardian_count;
    const char *route, *perpetrator;
    const char *abuse_types[2];
    int abuse_type_count;
    bool urgent, anonymous, has_reporter;
    const char *reporter_relation;
    int staff;
    unsigned confirmed; /* while writing: the children seen so far */
} report;

typedef struct rstep {
    int report;
    report_step step;
    int64_t at;
    unsigned children; /* safety_confirmed: the children seen now (bits over the report's) */
    const char *urgency;
    int staff;
} rstep;

enum action_type {
    A_PREGNANCY,
    A_BIRTH,
    A_VISIT,
    A_VISIT_FOLLOWUP,
    A_SCREENING,
    A_SCREENING_FOLLOWUP,
    A_REPORT,
    A_REPORT_STEP
};

typedef struct action {
    int64_t at;
    int order; /* ties: the order planned */
    int type, index;
} action;

typedef struct plan {
    pregnancy *pregnancies;
    int n_pregnancies, cap_pregnancies;
    visit *visits;
    int n_visits, cap_visits;
    screening *screenings;
    int n_screenings, cap_screenings;
    report *reports;
    int n_reports;
    rstep *steps;
    int n_steps, cap_steps;
    action *actions;
    int n_actions, cap_actions;
    int64_t cutoff; /* nothing after this instant is written */
    /* figures */
    int births_here, births_new, moved_in, pre_window, twins;
} plan;

static void add_action(plan *pl, int64_t at, int type, int index)
{
    if (at > pl->cutoff)
        return;
    pl->actions = grow(pl->actions, &pl->cap_actions, pl->n_actions + 1, sizeof(action));
    pl->actions[pl->n_actions] =
        (action){.at = at, .order = pl->n_actions, .type = type, .index = index};
    pl->n_actions++;
}

static int by_time(const void *x, const void *y)
{
    const action *a = x, *b = y;
    if (a->at != b->at)
        return a->at < b->at ? -1 : 1;
    return (a->order > b->order) - (a->order < b->order);
}

/* ---- health: pregnancies, births, visits, screenings, check-ups ---- */

typedef struct infant_name {
    char sex;
    const char *kanji, *kana;
} infant_name;

static const infant_name infant_names[] = {
    {'f', "陽葵", "ヒマリ"}, {'f', "凛", "リン"},     {'f', "芽依", "メイ"},
    {'f', "葵", "アオイ"},   {'f', "紬", "ツムギ"},   {'f', "結菜", "ユイナ"},
    {'f', "澪", "ミオ"},     {'f', "杏", "アン"},     {'f', "結月", "ユヅキ"},
    {'f', "花", "ハナ"},     {'f', "翠", "スイ"},     {'f', "咲良", "サクラ"},
    {'f', "心春", "コハル"}, {'f', "琴音", "コトネ"}, {'m', "蓮", "レン"},
    {'m', "陽翔", "ハルト"}, {'m', "碧", "アオイ"},   {'m', "湊", "ミナト"},
    {'m', "蒼", "アオイ"},   {'m', "樹", "イツキ"},   {'m', "律", "リツ"},
    {'m', "暖", "ダン"},     {'m', "朝陽", "アサヒ"}, {'m', "颯真", "ソウマ"},
    {'m', "悠真", "ユウマ"}, {'m', "大和", "ヤマト"}, {'m', "伊織", "イオリ"},
    {'m', "陽向", "ヒナタ"},
};
enum { INFANT_NAME_COUNT = sizeof infant_names / sizeof infant_names[0] };

/* The staff, made users (svc_users_create) before the first record: each record is written by
 * one of them with their role, so the permission table holds as it does for the API. */
static const struct {
    const char *login, *name;
    role role;
} staff_table[STAFF_COUNT] = {
    {"bench.aoki", "保健師 青木", ROLE_HEALTH},
    {"bench.ishida", "保健師 石田", ROLE_HEALTH},
    {"bench.ueno", "保健師 上野", ROLE_HEALTH},
    {"bench.ono", "助産師 大野", ROLE_HEALTH},
    {"bench.kato", "保健師 加藤", ROLE_HEALTH},
    {"bench.kimura", "保健師 木村", ROLE_HEALTH},
    {"bench.kudo", "児童福祉 工藤", ROLE_WELFARE},
    {"bench.koyama", "児童福祉 小山", ROLE_WELFARE},
    {"bench.saito", "児童福祉 斉藤", ROLE_WELFARE},
    {"bench.sugiyama", "統括 杉山", ROLE_COORDINATOR},
    {"bench.takada", "児童福祉 高田", ROLE_WELFARE},
    {"bench.chiba", "保健師 千葉", ROLE_HEALTH},
};
static const int health_staff[] = {0, 1, 2, 3, 4, 5, 11}, welfare_staff[] = {6, 7, 8, 9, 10};
enum {
    HEALTH_STAFF_COUNT = sizeof health_staff / sizeof health_staff[0],
    WELFARE_STAFF_COUNT = sizeof welfare_staff / sizeof welfare_staff[0],
};
static char staff_ids[STAFF_COUNT][ID_CAP]; /* their user ids */

/* A woman to give birth on `day`: a mother or a partner of 18-45, or (teen) a daughter of 17-19,
 * with no birth here in the previous 400 days. -1 when none is found. */
static int pick_mother(world *w, bench_rng *r, const int *women, int n_women, const int *teens,
                       int n_teens, int64_t day)
{
    bool teen = n_teens > 0 && bench_chance(r, 0.015);
    const int *from = teen ? teens : women;
    int n = teen ? n_teens : n_women, lo = teen ? 17 : 18, hi = teen ? 19 : 45;
    for (int tries = 0; tries < 20000 && n > 0; tries++) {
        person *m = &w->persons[from[bench_range(r, 0, n - 1)]];
        int age = age_at(m->birth, day);
        if (age < lo || age > hi)
            continue;
        if (m->last_birth != NO_DAY && llabs(day - m->last_birth) < 400)
            continue;
        return (int)(m - w->persons);
    }
    return -1;
}

/* Answers of the notification's questionnaire; `vulnerable` raises every probability. */
static void draw_answers(bench_rng *r, bool vulnerable, bool single, bool answers[RISK_CODE_COUNT])
{
    static const struct {
        const char *code;
        double p, pv;
    } probs[] = {
        {"no_prenatal_checkup", 0.003, 0.08},
        {"unwanted_pregnancy", 0.01, 0.15},
        {"mental_illness", 0.04, 0.30},
        {"no_support_person", 0.02, 0.30},
        {"dv", 0.002, 0.10},
        {"prior_child_protection", 0.001, 0.08},
        {"economic_hardship", 0.05, 0.45},
        {"smoking", 0.02, 0.18},
    };
    memset(answers, 0, sizeof(bool) * RISK_CODE_COUNT);
    for (size_t i = 0; i < sizeof probs / sizeof probs[0]; i++) {
        int k = risk_code_index(probs[i].code);
        if (k < 0)
            abort();
        answers[k] = bench_chance(r, vulnerable ? probs[i].pv : probs[i].p);
    }
    answers[risk_code_index("single_parent")] = single || bench_chance(r, 0.01);
}

/* Weeks at notification: most within 11 weeks, later ones more often for vulnerable mothers. */
static int draw_weeks(bench_rng *r, bool vulnerable)
{
    double u = bench_uniform(r);
    if (u < 0.003)
        return -1;
    double a = vulnerable ? 0.80 : 0.93, b = vulnerable ? 0.92 : 0.98,
           c = vulnerable ? 0.97 : 0.995;
    if (u < a)
        return bench_range(r, 5, 11);
    if (u < b)
        return bench_range(r, 12, 19);
    if (u < c)
        return bench_range(r, 20, 27);
    return bench_range(r, 28, 34);
}

/* A pregnancy ending in a birth on `birth` (or, for an ongoing one, expected then). */
static pregnancy *plan_pregnancy(plan *pl, world *w, bench_rng *r, int mother, int64_t birth,
                                 bool born)
{
    pl->pregnancies =
        grow(pl->pregnancies, &pl->cap_pregnancies, pl->n_pregnancies + 1, sizeof(pregnancy));
    pregnancy *g = &pl->pregnancies[pl->n_pregnancies++];
    memset(g, 0, sizeof *g);
    g->mother = mother;
    person *m = &w->persons[mother];
    bool vulnerable = bench_chance(r, 0.20) || age_at(m->birth, birth) < 20;
    int gest = bench_chance(r, 0.05) ? bench_range(r, 168, 258)
                                     : (int)fmin(294, fmax(259, 276 + 9 * gauss(r)));
    int64_t lmp = birth - gest;
    g->due = lmp + 280;
    g->weeks = draw_weeks(r, vulnerable);
    if (born && bench_chance(r, 0.003)) { /* notified only after the birth */
        g->after_birth = true;
        g->weeks = -1;
        g->notified = birth + bench_range(r, 5, 60);
    } else if (g->weeks < 0) {
        g->notified = lmp + bench_range(r, 35, 84);
    } else {
        if (g->weeks * 7 >= gest - 7)
            g->weeks = gest / 7 - 2;
        g->notified = lmp + g->weeks * 7 + bench_range(r, 0, 6);
    }
    if (bench_chance(r, 0.02))
        g->due = NO_DAY; /* not given */
    draw_answers(r, vulnerable, !has_male_adult(w, m->household), g->answers);
    g->created = office(r, g->notified);
    return g;
}

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

static visit *plan_visit(plan *pl, bench_rng *r, int who, const char *kind, const char *subtype,
                         const char *status, int64_t day)
{
    pl->visits = grow(pl->visits, &pl->cap_visits, pl->n_visits + 1, sizeof(visit));
    visit *v = &pl->visits[pl->n_visits++];
    memset(v, 0, sizeof *v);
    v->person = who;
    v->kind = kind;
    v->subtype = subtype;
    v->status = status;
    v->day = day;
    v->created = office(r, day);
    v->followup_day = NO_DAY;
    v->staff = health_staff[bench_range(r, 0, HEALTH_STAFF_COUNT - 1)];
    return v;
}

/* EPDS answers: item scores from a depressed (9%) or a not depressed profile, turned into option
 * indexes (items 1, 2 and 4 score the index, the others 3 - index). */
static void draw_epds(bench_rng *r, int answers[SCREENING_MAX_ITEMS])
{
    bool low = bench_chance(r, 0.09);
    for (int i = 0; i < 10; i++) {
        double u = bench_uniform(r);
        int s;
        if (i == 9) /* self-harm */
            s = u < (low ? 0.80 : 0.993) ? 0 : u < (low ? 0.95 : 0.999) ? 1 : 2;
        else if (low)
            s = u < 0.15 ? 0 : u < 0.50 ? 1 : u < 0.85 ? 2 : 3;
        else
            s = u < 0.70 ? 0 : u < 0.96 ? 1 : u < 0.995 ? 2 : 3;
        answers[i] = (i == 0 || i == 1 || i == 3) ? s : 3 - s;
    }
}

static void draw_bonding(bench_rng *r, int answers[SCREENING_MAX_ITEMS])
{
    for (int i = 0; i < 10; i++) {
        double u = bench_uniform(r);
        int s = u < 0.80 ? 0 : u < 0.97 ? 1 : 2;
        answers[i] = (i == 0 || i == 5 || i == 7 || i == 9) ? s : 3 - s;
    }
}

static void draw_ikuji(bench_rng *r, int answers[SCREENING_MAX_ITEMS])
{
    for (int i = 0; i < 9; i++)
        answers[i] = bench_chance(r, 0.011) ? 0 : 1; /* 0 = はい (a need), 1 = いいえ */
}

static bool screening_flagged(const screening *s)
{
    screening_result res;
    int bad;
    if (screening_score(s->instrument, s->answers, s->count, -1, &res, &bad) != 0)
        abort();
    return res.flag_count > 0;
}

static void plan_screening(plan *pl, bench_rng *r, int who, screening_instrument instr,
                           int visit_index)
{
    pl->screenings =
        grow(pl->screenings, &pl->cap_screenings, pl->n_screenings + 1, sizeof(screening));
    int si = pl->n_screenings++;
    screening *s = &pl->screenings[si];
    memset(s, 0, sizeof *s);
    const visit *v = &pl->visits[visit_index];
    s->person = who;
    s->instrument = instr;
    s->count = screening_item_count(instr);
    if (instr == SCREEN_EPDS)
        draw_epds(r, s->answers);
    else if (instr == SCREEN_BONDING)
        draw_bonding(r, s->answers);
    else
        draw_ikuji(r, s->answers);
    s->day = v->day;
    s->created = v->created + 60 * (1 + instr);
    s->visit = visit_index;
    s->staff = v->staff;
    s->followup_day = NO_DAY;
    if (screening_flagged(s) && bench_chance(r, instr == SCREEN_EPDS ? 0.97 : 0.95))
        s->followup_day = s->day + bench_range(r, 1, instr == SCREEN_EPDS ? 10 : 21);
    add_action(pl, s->created, A_SCREENING, si);
    if (s->followup_day != NO_DAY) /* after the record (a late registration delays it) */
        add_action(pl, max64(office(r, s->followup_day), s->created + 3600), A_SCREENING_FOLLOWUP,
                   si);
}

/* こんにちは赤ちゃん訪問 of a child, and the mother's screenings at it. `ready`: the earliest
 * instant a record of the child may be written (after its registration). */
static void plan_newborn_visit(plan *pl, bench_rng *r, int child, int mother, int64_t birth,
                               int64_t ready, int64_t today)
{
    if (bench_chance(r, 0.05))
        return; /* never visited (refused, not reached, left) */
    int64_t day = birth + (int64_t)fmin(125, 20 + fabs(32 * gauss(r)));
    if (day <= today) {
        visit *v = plan_visit(pl, r, child, "newborn_visit", NULL, "done", day);
        v->created = max64(v->created, ready + 3600);
        int vi = (int)(v - pl->visits);
        add_action(pl, v->created, A_VISIT, vi);
        if (mother >= 0) {
            plan_screening(pl, r, mother, SCREEN_EPDS, vi);
            plan_screening(pl, r, mother, SCREEN_IKUJI_SUPPORT, vi);
            if (bench_chance(r, 0.5))
                plan_screening(pl, r, mother, SCREEN_BONDING, vi);
        }
    } else if (day <= today + 28) { /* booked: scheduled, not yet done */
        visit *v = plan_visit(pl, r, child, "newborn_visit", NULL, "scheduled", day);
        v->created = max64(office(r, day - bench_range(r, 7, 21)), ready + 86400);
        add_action(pl, v->created, A_VISIT, (int)(v - pl->visits));
    }
}

/* 4m, 18m and 3y check-ups dated inside [from, today]. */
static void plan_checkups(plan *pl, bench_rng *r, const int *children, int n, int64_t birth,
                          int64_t ready, int64_t from, int64_t today)
{
    static const struct {
        const char *subtype;
        int lo, hi;
    } ages[] = {{"4m", 95, 150}, {"18m", 548, 640}, {"3y", 1096, 1340}};
    for (int a = 0; a < 3; a++) {
        int64_t day = birth + bench_range(r, ages[a].lo, ages[a].hi);
        if (day < from || day > today)
            continue;
        for (int k = 0; k < n; k++) {
            bool missed = bench_chance(r, 0.05);
            visit *v = plan_visit(pl, r, children[k], "checkup", ages[a].subtype,
                                  missed ? "missed" : "done", day);
            v->created = max64(v->created, ready + 3600);
            int vi = (int)(v - pl->visits);
            add_action(pl, v->created, A_VISIT, vi);
            if (!missed)
                continue;
            double u = bench_uniform(r);
            if (u < 0.55) { /* came to a later session */
                int64_t later = day + bench_range(r, 14, 60);
                if (later <= today) {
                    visit *l =
                        plan_visit(pl, r, children[k], "checkup", ages[a].subtype, "done", later);
                    l->created = max64(l->created, ready + 3600);
                    add_action(pl, l->created, A_VISIT, (int)(l - pl->visits));
                }
            } else if (u < 0.95) { /* a call or a home visit */
                visit *m = &pl->visits[vi];
                m->followup_day = day + bench_range(r, 3, 21);
                if (m->followup_day <= today)
                    add_action(pl, max64(office(r, m->followup_day), m->created + 3600),
                               A_VISIT_FOLLOWUP, vi);
            }
        }
    }
}

static void plan_postpartum(plan *pl, bench_rng *r, int mother, int64_t birth, int64_t today)
{
    static const char *const subtypes[] = {"day", "day", "home", "home", "stay"};
    int n = bench_range(r, 1, 4);
    for (int i = 0; i < n; i++) {
        int64_t day = birth + bench_range(r, 7, 120);
        if (day > today)
            continue;
        visit *v = plan_visit(pl, r, mother, "postpartum_care", subtypes[bench_range(r, 0, 4)],
                              "done", day);
        add_action(pl, v->created, A_VISIT, (int)(v - pl->visits));
    }
}

/* A new infant (after bench_gen's last birth date), in the mother's household. */
static int new_infant(world *w, bench_rng *r, int mother, int64_t birth, int64_t *serial)
{
    w->persons = grow(w->persons, &w->cap_persons, w->n_persons + 1, sizeof(person));
    person *p = &w->persons[w->n_persons];
    memset(p, 0, sizeof *p);
    p->birth = birth;
    p->given = bench_range(r, 0, INFANT_NAME_COUNT - 1);
    p->sex = infant_names[p->given].sex;
    p->rel = 'C';
    p->household = w->persons[mother].household;
    p->is_new = true;
    p->used = true;
    p->last_birth = NO_DAY;
    p->serial = ++*serial;
    return w->n_persons++;
}

/* One birth: the pregnancy, its link to the children, the visits, screenings and check-ups. */
static void plan_birth(plan *pl, world *w, bench_rng *r, int child, int twin, int mother,
                       bool born_here, int64_t from, int64_t today)
{
    int64_t birth = w->persons[child].birth;
    int64_t ready = 0; /* records of a new infant wait for its registration */
    int kids[2] = {child, twin};
    int n = twin >= 0 ? 2 : 1;
    if (born_here) {
        pregnancy *g = plan_pregnancy(pl, w, r, mother, birth, true);
        g->children[0] = child;
        g->child_count = 1;
        if (twin >= 0) {
            g->children[1] = twin;
            g->child_count = 2;
            g->multiple = true;
        }
        w->persons[mother].last_birth = birth;
        int gi = (int)(g - pl->pregnancies);
        add_action(pl, g->created, A_PREGNANCY, gi);
        if (g->after_birth) { /* the children come with the notification */
            ready = g->created;
        } else {
            g->link_at = office(r, birth + bench_range(r, 3, 14));
            ready = g->link_at;
            add_action(pl, g->link_at, A_BIRTH, gi);
        }
        if (bench_chance(r, 0.10))
            plan_postpartum(pl, r, mother, birth, today);
    }
    if (birth >= from) {
        for (int k = 0; k < n; k++) /* the mother's screenings once */
            plan_newborn_visit(pl, r, kids[k], k == 0 ? mother : -1, birth, ready, today);
    }
    plan_checkups(pl, r, kids, n, birth, ready, from, today);
}

static void shuffle(bench_rng *r, int *v, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int)(bench_next(r) % (uint64_t)(i + 1));
        int t = v[i];
        v[i] = v[j];
        v[j] = t;
    }
}

typedef struct health_figures {
    double births_per_year;
} health_figures;

static void plan_health(plan *pl, world *w, bench_rng *r, int64_t today, date_ymd today_ymd,
                        int years, int target_pregnancies, health_figures *hf)
{
    int64_t from = day_of(date_add_months(today_ymd, -12 * years));
    /* Of the births of the days after today, the share already notified: about 0.56 of a year's. */
    const double unborn_share = 0.56;
    double per_year = target_pregnancies / (years + unborn_share);
    hf->births_per_year = per_year;
    int64_t serial = 500000000000LL; /* resident numbers apart from bench_gen's */

    int n0 = w->n_persons;
    int *women = xcalloc((size_t)n0, sizeof(int)), *teens = xcalloc((size_t)n0, sizeof(int));
    int n_women = 0, n_teens = 0;
    for (int i = 0; i < n0; i++) {
        person *p = &w->persons[i];
        if (p->sex != 'f' || p->birth == NO_DAY)
            continue;
        if (p->rel == 'M' || p->rel == 'P')
            women[n_women++] = i;
        else if (p->rel == 'C')
            teens[n_teens++] = i;
    }
    int *cand = xcalloc((size_t)n0, sizeof(int));

    /* The years of the window, newest first, then the check-up-only years before it. */
    int pre_years = 4;
    for (int k = 0; k < years + pre_years; k++) {
        int64_t hi = k == 0 ? today + 1 : day_of(date_add_months(today_ymd, -12 * k));
        int64_t lo = day_of(date_add_months(today_ymd, -12 * (k + 1)));
        bool in_window = k < years;
        int64_t exist_hi = min64(hi, w->last_birth_day + 1);
        double len = (double)(hi - lo);
        int nc = 0;
        if (!in_window) { /* born before the records: only their later check-ups */
            for (int i = 0; i < n0; i++) {
                person *p = &w->persons[i];
                if (p->rel == 'C' && p->birth >= lo && p->birth < hi && !p->used)
                    cand[nc++] = i;
            }
            shuffle(r, cand, nc);
            int take = (int)fmin(nc, per_year);
            for (int i = 0; i < take; i++) {
                w->persons[cand[i]].used = true;
                plan_birth(pl, w, r, cand[i], -1, mother_in(w, w->persons[cand[i]].household),
                           false, from, today);
                pl->pre_window++;
            }
            continue;
        }
        /* bench_gen's children with their mother (16-45 at the birth) at home */
        for (int i = 0; i < n0; i++) {
            person *p = &w->persons[i];
            if (p->rel != 'C' || p->birth == NO_DAY || p->birth < lo || p->birth >= exist_hi ||
                p->used)
                continue;
            int m = mother_in(w, p->household);
            int age = m >= 0 ? age_at(w->persons[m].birth, p->birth) : -1;
            if (age >= 16 && age <= 45)
                cand[nc++] = i;
        }
        shuffle(r, cand, nc);
        int want = exist_hi > lo ? (int)lround(per_year * (double)(exist_hi - lo) / len) : 0;
        int take = nc < want ? nc : want;
        for (int i = 0; i < take; i++) {
            person *p = &w->persons[cand[i]];
            p->used = true;
            plan_birth(pl, w, r, cand[i], -1, mother_in(w, p->household), true, from, today);
            pl->births_here++;
        }
        /* new infants: after bench_gen's last birth date, and any shortfall before it */
        int64_t new_lo = max64(lo, w->last_birth_day + 1);
        int fresh =
            (want - take) + (hi > new_lo ? (int)lround(per_year * (double)(hi - new_lo) / len) : 0);
        for (int i = 0; i < fresh; i++) {
            int64_t b0 = i < want - take ? lo : new_lo;
            int64_t b1 = i < want - take ? exist_hi : hi;
            int64_t birth = b0 + (int64_t)(bench_uniform(r) * (double)(b1 - b0));
            int m = pick_mother(w, r, women, n_women, teens, n_teens, birth);
            if (m < 0)
                continue;
            int c = new_infant(w, r, m, birth, &serial);
            int twin = -1;
            if (bench_chance(r, 0.01)) {
                twin = new_infant(w, r, m, birth, &serial);
                pl->twins++;
            }
            w->persons[m].last_birth = birth;
            plan_birth(pl, w, r, c, twin, m, true, from, today);
            pl->births_new++;
        }
        /* the other infants of the last 12 months: moved in, on the list all the same */
        if (k == 0) {
            for (int i = 0; i < n0; i++) {
                person *p = &w->persons[i];
                if (p->rel == 'C' && p->birth != NO_DAY && p->birth >= lo && !p->used) {
                    p->used = true;
                    plan_birth(pl, w, r, i, -1, mother_in(w, p->household), false, from, today);
                    pl->moved_in++;
                }
            }
        }
    }
    /* Pregnancies still going on: births of the next 300 days already notified. */
    int future = (int)lround(per_year * 300 / 365.0);
    for (int i = 0; i < future; i++) {
        int64_t birth = today + 1 + bench_range(r, 0, 299);
        int m = pick_mother(w, r, women, n_women, teens, n_teens, birth);
        if (m < 0)
            continue;
        pregnancy *g = plan_pregnancy(pl, w, r, m, birth, false);
        if (g->notified > today) { /* not notified yet */
            pl->n_pregnancies--;
            continue;
        }
        w->persons[m].last_birth = birth;
        /* bench_gen's expected child of her household, when there is one */
        const household *h = &w->households[w->persons[m].household];
        for (int k = 0; k < h->count; k++) {
            person *u = &w->persons[w->members[h->first + k]];
            if (u->rel == 'C' && u->birth == NO_DAY && !u->used) {
                u->used = true;
                g->children[0] = w->members[h->first + k];
                g->child_count = 1;
                break;
            }
        }
        add_action(pl, g->created, A_PREGNANCY, (int)(g - pl->pregnancies));
    }
    free(women);
    free(teens);
    free(cand);
}

/* ---- welfare: reports and their workflow ---- */

typedef struct weighted {
    const char *code;
    double w;
} weighted;

static const char *pick_weighted(bench_rng *r, const weighted *t, int n)
{
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += t[i].w;
    double u = bench_uniform(r) * sum;
    for (int i = 0; i < n; i++) {
        if (u < t[i].w)
            return t[i].code;
        u -= t[i].w;
    }
    return t[n - 1].code;
}

/* The national mix (令和4年度 福祉行政報告例, rounded). */
static const weighted routes[] = {
    {"police", 51},
    {"neighbor", 11},
    {"family", 8},
    {"school", 7},
    {"welfare_office", 4},
    {"municipality_other", 4},
    {"medical", 2},
    {"child_self", 1.5},
    {"nursery", 1.5},
    {"relative", 1},
    {"jisou", 2},
    {"health_center", 1},
    {"kindergarten", 0.5},
    {"child_welfare_facility", 1},
    {"board_of_education", 0.5},
    {"child_commissioner", 0.2},
    {"other", 3.8},
};
static const weighted abuse_kinds[] = {
    {"psychological", 59}, {"physical", 23}, {"neglect", 16}, {"sexual", 1.2}};
static const weighted perpetrators[] = {{"biological_mother", 48},
                                        {"biological_father", 41},
                                        {"other_father", 5},
                                        {"other_mother", 0.5},
                                        {"other", 5.5}};
static const weighted urgencies[] = {{"aa", 3}, {"a", 20}, {"b", 50}, {"c", 27}};

static void add_step(plan *pl, int ri, report_step step, int64_t at, unsigned children,
                     const char *urg, int staff)
{
    if (at > pl->cutoff)
        return;
    pl->steps = grow(pl->steps, &pl->cap_steps, pl->n_steps + 1, sizeof(rstep));
    pl->steps[pl->n_steps] = (rstep){
        .report = ri, .step = step, .at = at, .children = children, .urgency = urg, .staff = staff};
    add_action(pl, at, A_REPORT_STEP, pl->n_steps);
    pl->n_steps++;
}

static int64_t hours(bench_rng *r, double lo, double hi)
{
    return (int64_t)((lo + (hi - lo) * bench_uniform(r)) * 3600);
}

static int64_t days(bench_rng *r, int lo, int hi)
{
    return (int64_t)bench_range(r, lo, hi) * 86400 + bench_range(r, -3 * 3600, 3 * 3600);
}

/* Steps after the intake; the last one due after the cut-off is simply not written. */
static void plan_report_steps(plan *pl, bench_rng *r, int ri)
{
    report *rp = &pl->reports[ri];
    int64_t t = rp->received;
    int staff = rp->staff;
    unsigned all = (1u << rp->child_count) - 1;
    if (!rp->abuse) {
        t += hours(r, 1, 72);
        add_step(pl, ri, STEP_JURI, t, 0, bench_chance(r, 0.8) ? "c" : "b", staff);
        t += days(r, 3, 20);
        add_step(pl, ri, STEP_POLICY, t, 0, NULL, staff);
        t += days(r, 1, 10); /* a consultation goes through support to its end */
        add_step(pl, ri, STEP_SUPPORT, t, 0, NULL, staff);
        t += bench_chance(r, 0.7) ? days(r, 30, 300) : days(r, 1, 30);
        add_step(pl, ri, STEP_CLOSED, t, 0, NULL, staff);
        return;
    }
    t += hours(r, 0.5, 6);
    add_step(pl, ri, STEP_JURI, t, 0, pick_weighted(r, urgencies, 4), staff);
    if (bench_chance(r, 0.7)) {
        t += hours(r, 1, 20);
        add_step(pl, ri, STEP_INVESTIGATION, t, 0, NULL, staff);
    }
    /* 現認: every child, mostly within the 48 hours */
    double u = bench_uniform(r);
    int64_t seen;
    if (u < 0.03 && rp->child_count > 1) { /* one child first, the others days later */
        seen = max64(rp->received + hours(r, 2, 40), t + 600);
        add_step(pl, ri, STEP_SAFETY_CONFIRMED, seen, 1u, NULL, staff);
        seen = max64(rp->received + days(r, 3, 10), seen + 3600);
        add_step(pl, ri, STEP_SAFETY_CONFIRMED, seen, all & ~1u, NULL, staff);
    } else {
        if (u < 0.80)
            seen = rp->received + hours(r, 2, 46);
        else if (u < 0.94)
            seen = rp->received + hours(r, 48, 168);
        else /* the family cannot be reached for weeks */
            seen = rp->received + days(r, 7, 30);
        seen = max64(seen, t + 600);
        add_step(pl, ri, STEP_SAFETY_CONFIRMED, seen, all, NULL, staff);
    }
    t = seen;
    if (bench_chance(r, 0.05)) {
        t += days(r, 1, 14);
        add_step(pl, ri, STEP_REFERRED, t, 0, NULL, staff);
        t += days(r, 30, 180);
        add_step(pl, ri, STEP_CLOSED, t, 0, NULL, staff);
        return;
    }
    t += days(r, 3, 21);
    add_step(pl, ri, STEP_POLICY, t, 0, NULL, staff);
    if (bench_chance(r, 0.75)) {
        t += days(r, 1, 10);
        add_step(pl, ri, STEP_SUPPORT, t, 0, NULL, staff);
        t += days(r, 30, 365);
    } else {
        t += days(r, 1, 30);
    }
    add_step(pl, ri, STEP_CLOSED, t, 0, NULL, staff);
}

static void plan_reports(plan *pl, world *w, bench_rng *r, int64_t from, int64_t today, int count)
{
    int *with_kids = xcalloc((size_t)w->n_households, sizeof(int));
    int n = 0;
    for (int h = 0; h < w->n_households; h++) {
        const household *hh = &w->households[h];
        for (int i = 0; i < hh->count; i++) {
            const person *p = &w->persons[w->members[hh->first + i]];
            if (p->rel == 'C' && p->birth != NO_DAY && !p->is_new) {
                with_kids[n++] = h;
                break;
            }
        }
    }
    pl->reports = xcalloc((size_t)count, sizeof(report));
    double span = (double)(today + 1 - from);
    for (int k = 0; k < count; k++) {
        /* more each year: density 0.7 at the start of the window to 1.3 at its end */
        double u = bench_uniform(r), x = (-0.7 + sqrt(0.49 + 1.2 * u)) / 0.6;
        int64_t day = from + (int64_t)(x * span);
        if (day > today)
            day = today;
        report *rp = &pl->reports[pl->n_reports];
        memset(rp, 0, sizeof *rp);
        rp->abuse = bench_chance(r, 0.75);
        rp->received =
            bench_chance(r, 0.8) ? office(r, day) : jst_midnight(day) + bench_range(r, 0, 86399);
        for (int tries = 0; tries < 200 && rp->child_count == 0; tries++) {
            const household *hh = &w->households[with_kids[bench_range(r, 0, n - 1)]];
            int want = bench_chance(r, 0.6) ? 1 : bench_chance(r, 0.75) ? 2 : 3;
            for (int i = 0; i < hh->count && rp->child_count < want; i++) {
                int pi = w->members[hh->first + i];
                const person *p = &w->persons[pi];
                int age = age_at(p->birth, day);
                if (p->rel == 'C' && age >= 0 && age <= 17)
                    rp->children[rp->child_count++] = pi;
            }
            rp->guardian_count = 0;
            for (int i = 0; rp->child_count && i < hh->count && rp->guardian_count < 2; i++) {
                int pi = w->members[hh->first + i];
                const person *p = &w->persons[pi];
                if ((p->rel == 'M' || p->rel == 'F' || p->rel == 'P') &&
                    age_at(p->birth, day) >= 18)
                    rp->guardians[rp->guardian_count++] = pi;
            }
        }
        if (rp->child_count == 0)
            continue;
        rp->route = pick_weighted(r, routes, (int)(sizeof routes / sizeof routes[0]));
        if (rp->abuse) {
            const char *a = pick_weighted(r, abuse_kinds, 4), *b = NULL;
            if (bench_chance(r, 0.15))
                b = pick_weighted(r, abuse_kinds, 4);
            rp->abuse_types[rp->abuse_type_count++] = a;
            if (b && strcmp(a, b) != 0)
                rp->abuse_types[rp->abuse_type_count++] = b;
            rp->perpetrator = pick_weighted(r, perpetrators, 5);
        }
        rp->urgent = rp->abuse && bench_chance(r, 0.1);
        rp->has_reporter = bench_chance(r, 0.8);
        rp->anonymous = strcmp(rp->route, "neighbor") == 0 && bench_chance(r, 0.4);
        rp->reporter_relation = strcmp(rp->route, "police") == 0   ? "警察署"
                                : strcmp(rp->route, "school") == 0 ? "学級担任"
                                : strcmp(rp->route, "family") == 0 ? "祖母"
                                                                   : "近隣住民";
        rp->staff = welfare_staff[bench_range(r, 0, WELFARE_STAFF_COUNT - 1)];
        int ri = pl->n_reports++;
        add_action(pl, rp->received, A_REPORT, ri);
        plan_report_steps(pl, r, ri);
    }
    free(with_kids);
}

/* ---- writing: every record through its use case (src/service/), as the API writes it ---- */

typedef struct writer {
    store_conn *c;
    world *w;
    plan *pl;
    bool in_transaction; /* the writes run inside the generator's batch transaction */
    int64_t households_updated, persons_added;
} writer;

static void must(svc_result r, const char *what)
{
    if (r.status == SVC_OK)
        return;
    fprintf(stderr, "bench_history: %s refused (status %d, field %s: %s)\n", what, r.status,
            r.field ? r.field : "-", r.message ? r.message : "-");
    exit(1);
}

/* The context of one write: the staff member acting, at the instant the record is dated. */
static void ctx_for(const writer *wr, svc_ctx *ctx, pool *p, int staff, int64_t at)
{
    svc_ctx_init(ctx, wr->c, p, staff_ids[staff], staff_table[staff].role, at);
    ctx->in_transaction = wr->in_transaction;
}

static char *day_text(pool *p, int64_t day)
{
    char *s = pool_alloc(p, 11);
    day_str(day, s);
    return s;
}

/* A new infant registered (POST /persons), then added to the mother's household as PUT
 * /households/{id} does with one more member. */
static void register_infant(writer *wr, pool *p, int infant, int mother, int64_t at)
{
    person *ip = &wr->w->persons[infant];
    svc_ctx ctx;
    ctx_for(wr, &ctx, p, 0, at);
    svc_person_record m;
    must(svc_persons_get(&ctx, wr->w->persons[mother].id, &m), "svc_persons_get");
    const infant_name *nm = &infant_names[ip->given];
    char resident[16];
    uint64_t v = ((uint64_t)ip->serial * 7919ULL + 104729ULL) % 1000000000000ULL;
    snprintf(resident, sizeof resident, "%012" PRIu64, v);
    svc_person_input in = {.present = SVC_PERSON_ALL,
                           .family_name = m.person.family_name,
                           .given_name = nm->kanji,
                           .family_name_kana = m.person.family_name_kana,
                           .given_name_kana = nm->kana,
                           .birth_date = day_text(p, ip->birth),
                           .sex = ip->sex == 'f' ? "female" : "male",
                           .address = m.person.address,
                           .resident_id = resident};
    svc_person_created created;
    must(svc_persons_create(&ctx, &in, &created), "svc_persons_create");
    snprintf(ip->id, sizeof ip->id, "%s", created.person.id);
    wr->persons_added++;

    const char *hid = wr->w->households[ip->household].id;
    store_household h;
    must(svc_households_get(&ctx, hid, &h), "svc_households_get");
    store_member *members = pool_zalloc(p, sizeof *members * (size_t)(h.member_count + 1));
    for (int i = 0; i < h.member_count; i++)
        members[i] = (store_member){.person_id = h.members[i].person_id,
                                    .relation = h.members[i].relation,
                                    .from_date = h.members[i].from_date,
                                    .to_date = h.members[i].to_date};
    members[h.member_count] = (store_member){
        .person_id = ip->id, .relation = "child", .from_date = (char *)in.birth_date};
    svc_household_input hin = {
        .present = SVC_HOUSEHOLD_MEMBERS, .members = members, .member_count = h.member_count + 1};
    must(svc_households_update(&ctx, hid, h.version, &hin, &h), "svc_households_update");
    wr->households_updated++;
}

static const char **child_ids(const writer *wr, pool *p, const pregnancy *g)
{
    const char **ids = pool_zalloc(p, sizeof *ids * 2);
    for (int i = 0; i < g->child_count; i++)
        ids[i] = wr->w->persons[g->children[i]].id;
    return ids;
}

static void write_pregnancy(writer *wr, pool *p, pregnancy *g)
{
    if (g->after_birth)
        for (int i = 0; i < g->child_count; i++)
            if (wr->w->persons[g->children[i]].is_new)
                register_infant(wr, p, g->children[i], g->mother, g->created);
    /* notified after the birth, or an expected child at home: the children come with it */
    bool with_children = g->after_birth || g->link_at == 0;
    svc_pregnancy_input in = {.mother_id = wr->w->persons[g->mother].id,
                              .notified_on = day_text(p, g->notified),
                              .weeks = g->weeks,
                              .after_birth = g->after_birth,
                              .due_date = g->due == NO_DAY ? NULL : day_text(p, g->due),
                              .multiple = g->multiple,
                              .child_ids = with_children ? child_ids(wr, p, g) : NULL,
                              .child_count = with_children ? g->child_count : 0};
    for (int i = 0; i < RISK_CODE_COUNT; i++) /* every question asked */
        if (!risk_code_is_derived(i))
            in.answers[i] = g->answers[i] ? SVC_ANSWER_YES : SVC_ANSWER_NO;
    svc_ctx ctx;
    ctx_for(wr, &ctx, p, 0, g->created);
    store_pregnancy out;
    must(svc_pregnancies_record(&ctx, &in, &out), "svc_pregnancies_record");
    snprintf(g->id, sizeof g->id, "%s", out.id);
    g->version = out.version;
}

/* The 出生連絡票: the children are registered (new infants) and linked to the pregnancy. */
static void write_birth(writer *wr, pool *p, pregnancy *g, int64_t at)
{
    for (int i = 0; i < g->child_count; i++)
        if (wr->w->persons[g->children[i]].is_new)
            register_infant(wr, p, g->children[i], g->mother, at);
    svc_pregnancy_input in = {.child_ids = child_ids(wr, p, g), .child_count = g->child_count};
    svc_pregnancy_fields set = {.child_ids = true};
    svc_ctx ctx;
    ctx_for(wr, &ctx, p, 0, at);
    store_pregnancy out;
    must(svc_pregnancies_update(&ctx, g->id, g->version, &in, &set, &out),
         "svc_pregnancies_update");
    g->version = out.version;
}

static void write_visit(writer *wr, pool *p, visit *v)
{
    svc_visit_input in = {.person_id = wr->w->persons[v->person].id,
                          .kind = v->kind,
                          .subtype = v->subtype,
                          .on = day_text(p, v->day),
                          .status = v->status,
                          .staff = staff_table[v->staff].name};
    svc_ctx ctx;
    ctx_for(wr, &ctx, p, v->staff, v->created);
    store_visit out;
    must(svc_visits_record(&ctx, &in, &out), "svc_visits_record");
    snprintf(v->id, sizeof v->id, "%s", out.id);
}

static void write_followup(writer *wr, pool *p, svc_followup_of of, const char *id, int64_t on,
                           const char *note, int staff, int64_t at)
{
    svc_followup_input in = {.of = of, .id = id, .on = day_text(p, on), .note = note};
    svc_ctx ctx;
    ctx_for(wr, &ctx, p, staff, at);
    svc_followed_up out;
    must(svc_followups_record(&ctx, &in, &out), "svc_followups_record");
}

static void write_screening(writer *wr, pool *p, screening *s)
{
    svc_screening_input in = {.person_id = wr->w->persons[s->person].id,
                              .instrument = screening_code(s->instrument),
                              .administered_on = day_text(p, s->day),
                              .answers = s->answers,
                              .answer_count = s->count,
                              .visit_id = wr->pl->visits[s->visit].id};
    svc_ctx ctx;
    ctx_for(wr, &ctx, p, s->staff, s->created);
    store_screening out;
    must(svc_screenings_record(&ctx, &in, &out), "svc_screenings_record");
    snprintf(s->id, sizeof s->id, "%s", out.id);
}

/* POST /reports: the report, its children and guardians, taken by rp->staff. */
static void write_report(writer *wr, pool *p, report *rp)
{
    const char *children[REPORT_CHILDREN];
    svc_report_guardian_in guardians[2];
    for (int i = 0; i < rp->child_count; i++)
        children[i] = wr->w->persons[rp->children[i]].id;
    for (int i = 0; i < rp->guardian_count; i++) {
        const person *g = &wr->w->persons[rp->guardians[i]];
        guardians[i] = (svc_report_guardian_in){.person_id = g->id,
                                                .relation = g->rel == 'M'   ? "実母"
                                                            : g->rel == 'F' ? "実父"
                                                                            : "パートナー"};
    }
    svc_report_intake in = {.kind = rp->abuse ? "abuse_report" : "consultation",
                            .has_received_at = true,
                            .received_at = rp->received,
                            .route = rp->route,
                            .abuse_types = rp->abuse_types,
                            .abuse_type_count = rp->abuse_type_count,
                            .main_perpetrator = rp->perpetrator,
                            .summary = rp->abuse ? "泣き声と怒鳴り声が続いているとの通告。"
                                                 : "子育ての不安について母から相談。",
                            .urgent = rp->urgent,
                            .child_ids = children,
                            .child_count = rp->child_count,
                            .guardians = guardians,
                            .guardian_count = rp->guardian_count,
                            .has_reporter = rp->has_reporter,
                            .reporter_relation = rp->has_reporter ? rp->reporter_relation : NULL,
                            .reporter_anonymous = rp->has_reporter && rp->anonymous};
    svc_ctx ctx;
    ctx_for(wr, &ctx, p, rp->staff, rp->received);
    svc_report_view out;
    must(svc_report_create(&ctx, &in, &out), "svc_report_create");
    snprintf(rp->id, sizeof rp->id, "%s", out.report.id);
}

/* POST /reports/{id}/events: the step, recorded ten minutes after the time it names. */
static void write_report_step(writer *wr, pool *p, const rstep *s)
{
    static const char *const attendees[] = {"統括支援員", "児童福祉担当", "保健師"};
    report *rp = &wr->pl->reports[s->report];
    svc_report_step_in in = {.report_id = rp->id,
                             .step = workflow_step_code(s->step),
                             .has_at = true,
                             .at = s->at,
                             .urgency = s->urgency};
    switch (s->step) {
    case STEP_JURI:
        in.attendees = attendees;
        in.attendee_count = 3;
        break;
    case STEP_INVESTIGATION:
        in.note = "学校と保育所に聞き取り。";
        break;
    case STEP_SUPPORT:
        in.case_id = pool_printf(p, "C-%.8s", rp->id);
        break;
    case STEP_SAFETY_CONFIRMED: {
        const char **seen = pool_zalloc(p, sizeof *seen * REPORT_CHILDREN);
        for (int i = 0; i < rp->child_count; i++) {
            unsigned bit = 1u << i;
            if ((s->children & bit) && !(rp->confirmed & bit))
                seen[in.child_count++] = wr->w->persons[rp->children[i]].id;
            rp->confirmed |= s->children & bit;
        }
        in.has_child_ids = true;
        in.child_ids = seen;
        break;
    }
    default:
        break;
    }
    svc_ctx ctx;
    ctx_for(wr, &ctx, p, s->staff, s->at + 600);
    svc_report_view out;
    must(svc_report_add_event(&ctx, &in, &out), "svc_report_add_event");
}

static void write_action(writer *wr, const action *a)
{
    pool *p = pool_create();
    plan *pl = wr->pl;
    switch (a->type) {
    case A_PREGNANCY:
        write_pregnancy(wr, p, &pl->pregnancies[a->index]);
        break;
    case A_BIRTH:
        write_birth(wr, p, &pl->pregnancies[a->index], a->at);
        break;
    case A_VISIT:
        write_visit(wr, p, &pl->visits[a->index]);
        break;
    case A_VISIT_FOLLOWUP: {
        const visit *v = &pl->visits[a->index];
        write_followup(wr, p, SVC_FOLLOWUP_MISSED_CHECKUP, v->id, v->followup_day,
                       "電話で状況を確認し、次回の健診日を案内した。", v->staff, a->at);
        break;
    }
    case A_SCREENING:
        write_screening(wr, p, &pl->screenings[a->index]);
        break;
    case A_SCREENING_FOLLOWUP: {
        const screening *s = &pl->screenings[a->index];
        write_followup(wr, p, SVC_FOLLOWUP_SCREENING, s->id, s->followup_day,
                       "家庭訪問で状況を確認し、相談先を案内した。", s->staff, a->at);
        break;
    }
    case A_REPORT:
        write_report(wr, p, &pl->reports[a->index]);
        break;
    case A_REPORT_STEP:
        write_report_step(wr, p, &pl->steps[a->index]);
        break;
    }
    pool_destroy(p);
}

/* ---- the report at the end: what the alert sources will find ---- */

static int64_t query_int(store_conn *c, const char *sql)
{
    store_stmt *st = store_prepare(c, sql);
    if (!st)
        exit(1);
    int64_t v = store_step(st) == STORE_ROW ? store_col_int(st, 0) : -1;
    store_done(st);
    return v;
}

static int64_t query_int_text(store_conn *c, const char *sql, const char *arg)
{
    store_stmt *st = store_prepare(c, sql);
    if (!st)
        exit(1);
    store_bind_text(st, 1, arg);
    int64_t v = store_step(st) == STORE_ROW ? store_col_int(st, 0) : -1;
    store_done(st);
    return v;
}

static double file_mib(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (double)sb.st_size / (1024.0 * 1024.0) : 0.0;
}

/* The staff as active users (the system creates them, as `tsunagu user add` does), the day before
 * the first record. Their password is random: the benchmark database is not for signing in as
 * them. */
static void add_staff(store_conn *c, int64_t at)
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
        snprintf(staff_ids[i], sizeof staff_ids[i], "%s", out.id);
    }
    pool_destroy(p);
}

static int usage(void)
{
    fputs("usage: bench_history --db FILE [--seed S] [--today YYYY-MM-DD] [--years N]"
          " [--pregnancies N] [--reports N] [--batch N] [--cache-mib N]\n",
          stderr);
    return 2;
}

int main(int argc, char **argv)
{
    const char *db = NULL, *today_s = NULL;
    uint64_t seed = 1;
    long years = 10, pregnancies = 15000, reports = 5000, cache_mib = 1024, batch = 20000;
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
        else if (strcmp(a, "--pregnancies") == 0)
            pregnancies = strtol(v, NULL, 10);
        else if (strcmp(a, "--reports") == 0)
            reports = strtol(v, NULL, 10);
        else if (strcmp(a, "--cache-mib") == 0)
            cache_mib = strtol(v, NULL, 10);
        else if (strcmp(a, "--batch") == 0)
            batch = strtol(v, NULL, 10);
        else
            return usage();
    }
    date_ymd today_ymd = date_jst_of_instant(clock_now());
    if (!db || years < 1 || years > 30 || pregnancies < 0 || reports < 0 || cache_mib < 1 ||
        batch < 0 || (today_s && !date_parse(today_s, strlen(today_s), &today_ymd)))
        return usage();
    if (!bench_seed_randombytes(seed ^ 0x6964733031ULL) || sodium_init() < 0)
        return 1;
    struct stat sb;
    if (stat(db, &sb) != 0) {
        fprintf(stderr, "bench_history: no database at %s (run bench_gen first)\n", db);
        return 1;
    }

    store *s;
    if (store_open_sqlite(&s, db) != STORE_OK)
        return 1;
    store_conn *c = store_thread_conn(s);
    if (!c)
        return 1;
    check(store_migrate(c), "store_migrate");
    if (query_int(c, "SELECT count(*) FROM persons") <= 0) {
        fprintf(stderr, "bench_history: %s holds no persons (run bench_gen first)\n", db);
        return 1;
    }
    if (query_int(c, "SELECT (SELECT count(*) FROM pregnancies) + (SELECT count(*) FROM visits)"
                     " + (SELECT count(*) FROM reports)") != 0) {
        fprintf(stderr, "bench_history: %s already holds health or welfare records\n", db);
        return 1;
    }
    char pragmas[160];
    snprintf(pragmas, sizeof pragmas,
             "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA cache_size=-%ld;",
             cache_mib * 1024);
    check(store_exec(c, pragmas), "pragmas");

    int64_t t0 = bench_now_ns();
    bench_rng rng;
    bench_rng_seed(&rng, seed ^ 0x6869737431ULL); /* apart from bench_gen's stream */
    world w = {0};
    load_world(c, &w);
    int64_t today = day_of(today_ymd);
    int64_t from = day_of(date_add_months(today_ymd, -12 * (int)years));
    char today_str[11], from_str[11], last_str[11];
    day_str(today, today_str);
    day_str(from, from_str);
    day_str(w.last_birth_day, last_str);
    plan pl = {.cutoff = jst_midnight(today) + 9 * 3600};
    fprintf(stderr,
            "bench_history: %d persons in %d households; bench_gen's last birth date %s;"
            " records from %s to %s 09:00 JST (seed %" PRIu64 ")\n",
            w.n_persons, w.n_households, last_str, from_str, today_str, seed);
    health_figures hf;
    plan_health(&pl, &w, &rng, today, today_ymd, (int)years, (int)pregnancies, &hf);
    plan_reports(&pl, &w, &rng, from, today, (int)reports);
    qsort(pl.actions, (size_t)pl.n_actions, sizeof *pl.actions, by_time);
    fprintf(stderr, "  planned %d writes in %.1f s\n", pl.n_actions,
            (double)(bench_now_ns() - t0) / 1e9);

    int64_t events0 = query_int(c, "SELECT count(*) FROM events"),
            audits0 = query_int(c, "SELECT count(*) FROM audit");
    add_staff(c, jst_midnight(from) - 86400);
    writer wr = {.c = c, .w = &w, .pl = &pl, .in_transaction = batch > 0};
    if (wr.in_transaction)
        check(store_begin(c), "begin");
    for (int i = 0; i < pl.n_actions; i++) {
        write_action(&wr, &pl.actions[i]);
        if ((i + 1) % 20000 == 0)
            fprintf(stderr, "  %7d writes  %6.1f s\n", i + 1, (double)(bench_now_ns() - t0) / 1e9);
        if (wr.in_transaction && (i + 1) % batch == 0) {
            check(store_commit(c), "commit");
            check(store_begin(c), "begin");
        }
    }
    if (wr.in_transaction)
        check(store_commit(c), "commit");
    check(store_exec(c, "PRAGMA journal_mode=WAL;"), "back to WAL");
    double sec = (double)(bench_now_ns() - t0) / 1e9;

    /* What was written, and what the alert sources will find. */
    char since[11];
    date_format(date_add_months(today_ymd, -12), since);
    printf("bench_history: %s, records %s .. %s 09:00 JST, seed %" PRIu64 ", %.1f s\n", db,
           from_str, today_str, seed, sec);
    printf("  births      %.0f a year: %d of bench_gen's children, %d new infants (%d twins) after"
           " %s; %d infants of the last 12 months taken as moved in; %d children born before %s"
           " (check-ups only)\n",
           hf.births_per_year, pl.births_here, pl.births_new, pl.twins, last_str, pl.moved_in,
           pl.pre_window, from_str);
    printf("  persons     %" PRId64 " (+%" PRId64 " infants), %" PRId64
           " born since %s (the newborn-visit window)\n",
           query_int(c, "SELECT count(*) FROM persons"), wr.persons_added,
           query_int_text(c, "SELECT count(*) FROM persons WHERE birth_date >= ?", since), since);
    printf("  pregnancies %" PRId64 " (high %" PRId64 ", medium %" PRId64 ", 特定妊婦候補 %" PRId64
           ", open %" PRId64 "), mothers aged %" PRId64 "-%" PRId64 " at notification\n",
           query_int(c, "SELECT count(*) FROM pregnancies"),
           query_int(c, "SELECT count(*) FROM pregnancies WHERE risk_level = 'high'"),
           query_int(c, "SELECT count(*) FROM pregnancies WHERE risk_level = 'medium'"),
           query_int(c, "SELECT count(*) FROM pregnancies WHERE candidate = 1"),
           query_int(c, "SELECT count(*) FROM pregnancies g WHERE NOT EXISTS (SELECT 1 FROM"
                        " pregnancy_children pc WHERE pc.pregnancy_id = g.id) OR EXISTS (SELECT 1"
                        " FROM pregnancy_children pc JOIN persons p ON p.id = pc.child_id"
                        " WHERE pc.pregnancy_id = g.id AND p.birth_date IS NULL)"),
           query_int(c, "SELECT min(CAST((julianday(g.notified_on) - julianday(p.birth_date))"
                        " / 365.25 AS INTEGER)) FROM pregnancies g JOIN persons p"
                        " ON p.id = g.mother_id"),
           query_int(c, "SELECT max(CAST((julianday(g.notified_on) - julianday(p.birth_date))"
                        " / 365.25 AS INTEGER)) FROM pregnancies g JOIN persons p"
                        " ON p.id = g.mother_id"));
    printf("  visits      %" PRId64 ": newborn %" PRId64 " done + %" PRId64
           " scheduled, check-ups %" PRId64 " (%" PRId64 " missed, %" PRId64
           " of them followed up), postpartum care %" PRId64 "\n",
           query_int(c, "SELECT count(*) FROM visits"),
           query_int(c, "SELECT count(*) FROM visits WHERE kind = 'newborn_visit'"
                        " AND status = 'done'"),
           query_int(c, "SELECT count(*) FROM visits WHERE kind = 'newborn_visit'"
                        " AND status = 'scheduled'"),
           query_int(c, "SELECT count(*) FROM visits WHERE kind = 'checkup'"),
           query_int(c, "SELECT count(*) FROM visits WHERE kind = 'checkup' AND status = 'missed'"),
           query_int(c, "SELECT count(*) FROM visits WHERE kind = 'checkup' AND status = 'missed'"
                        " AND followup_on IS NOT NULL"),
           query_int(c, "SELECT count(*) FROM visits WHERE kind = 'postpartum_care'"));
    printf("  screenings  %" PRId64 ": EPDS %" PRId64 " (%" PRId64 " flagged, %" PRId64
           " still open), 育児支援 %" PRId64 ", bonding %" PRId64 "\n",
           query_int(c, "SELECT count(*) FROM screenings"),
           query_int(c, "SELECT count(*) FROM screenings WHERE instrument = 'epds'"),
           query_int(c, "SELECT count(*) FROM screenings WHERE instrument = 'epds'"
                        " AND flags <> '[]'"),
           query_int(c, "SELECT count(*) FROM screenings WHERE instrument = 'epds'"
                        " AND needs_followup = 1"),
           query_int(c, "SELECT count(*) FROM screenings WHERE instrument = 'ikuji_support'"),
           query_int(c, "SELECT count(*) FROM screenings WHERE instrument = 'bonding'"));
    printf("  reports     %" PRId64 " (abuse %" PRId64 ", open %" PRId64
           ", abuse open with a child not yet seen %" PRId64 "), %" PRId64 " children, %" PRId64
           " steps\n",
           query_int(c, "SELECT count(*) FROM reports"),
           query_int(c, "SELECT count(*) FROM reports WHERE kind = 'abuse_report'"),
           query_int(c, "SELECT count(*) FROM reports WHERE status <> 'closed'"),
           query_int(c, "SELECT count(*) FROM reports r WHERE kind = 'abuse_report'"
                        " AND status <> 'closed' AND EXISTS (SELECT 1 FROM report_children rc"
                        " WHERE rc.report_id = r.id AND rc.confirmed_at IS NULL)"),
           query_int(c, "SELECT count(*) FROM report_children"),
           query_int(c, "SELECT count(*) FROM report_events"));
    printf("  history     %" PRId64 " events, %" PRId64 " audit rows; %" PRId64
           " households updated\n",
           query_int(c, "SELECT count(*) FROM events") - events0,
           query_int(c, "SELECT count(*) FROM audit") - audits0, wr.households_updated);
    printf("  database    %.1f MiB\n", file_mib(db));
    store_close(s);
    free(w.persons);
    free(w.households);
    free(w.members);
    free(pl.pregnancies);
    free(pl.visits);
    free(pl.screenings);
    free(pl.reports);
    free(pl.steps);
    free(pl.actions);
    return 0;
}
