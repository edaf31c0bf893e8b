#include "service/board.h"

#include "auth/roles.h"
#include "domain/case_codes.h"
#include "service/alerts.h"

#include <stdlib.h>
#include <string.h>

/* The open cases as gathered, sorted by id so that every later set query finds its case. */
typedef struct gathering {
    svc_ctx *ctx;
    svc_board_row *rows;
    int count, cap;
    store_board_subject *subjects; /* every subject, in the store's order (by case) */
    int subject_count, subject_cap;
} gathering;

static void *grow(pool *p, void *items, int count, int *cap, size_t size)
{
    if (count < *cap)
        return items;
    *cap = *cap ? *cap * 2 : 64;
    void *grown = pool_alloc(p, size * (size_t)*cap);
    if (count)
        memcpy(grown, items, size * (size_t)count);
    return grown;
}

static int add_case(void *arg, const store_board_case *c)
{
    gathering *g = arg;
    g->rows = grow(g->ctx->pool, g->rows, g->count, &g->cap, sizeof *g->rows);
    g->rows[g->count++] = (svc_board_row){.c = *c, .urgent_alert = ALERT_KIND_NONE};
    return 0;
}

static int add_subject(void *arg, const store_board_subject *s)
{
    gathering *g = arg;
    g->subjects =
        grow(g->ctx->pool, g->subjects, g->subject_count, &g->subject_cap, sizeof *g->subjects);
    g->subjects[g->subject_count++] = *s;
    return 0;
}

static int by_case_id(const void *x, const void *y)
{
    return strcmp(((const svc_board_row *)x)->c.id, ((const svc_board_row *)y)->c.id);
}

static int row_index(const gathering *g, const char *case_id)
{
    int lo = 0, hi = g->count - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(g->rows[mid].c.id, case_id);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/* The subjects come ordered by case: each row points at its run of them. */
static void attach_subjects(gathering *g)
{
    for (int i = 0; i < g->subject_count;) {
        int j = i;
        while (j < g->subject_count && strcmp(g->subjects[j].case_id, g->subjects[i].case_id) == 0)
            j++;
        int r = row_index(g, g->subjects[i].case_id);
        if (r >= 0) {
            g->rows[r].subjects = &g->subjects[i];
            g->rows[r].subject_count = j - i;
        }
        i = j;
    }
}

static int add_actions(void *arg, const store_board_actions *a)
{
    gathering *g = arg;
    int r = row_index(g, a->case_id);
    if (r >= 0) {
        g->rows[r].open_actions = (int)a->open_count;
        g->rows[r].earliest_action_due_on =
            a->earliest_due_on ? pool_strdup(g->ctx->pool, a->earliest_due_on) : NULL;
    }
    return 0;
}

typedef struct event_slot {
    gathering *g;
    int which; /* index into svc_board_row.last */
} event_slot;

static int add_event(void *arg, const store_board_event *e)
{
    event_slot *s = arg;
    int r = row_index(s->g, e->case_id);
    if (r < 0)
        return 0;
    svc_board_event *last = &s->g->rows[r].last[s->which];
    if (e->at > last->at) {
        pool *p = s->g->ctx->pool;
        *last = (svc_board_event){
            .at = e->at, .kind = pool_strdup(p, e->kind), .summary = pool_strdup(p, e->summary)};
    }
    return 0;
}

/* The sections whose events the reader may see (the timeline's rule). */
static bool may_see_section(const svc_ctx *ctx, section s)
{
    switch (s) {
    case SECTION_HEALTH:
        return svc_may(ctx, PERM_HEALTH_READ);
    case SECTION_WELFARE:
        return svc_may(ctx, PERM_REPORT_READ);
    default:
        return svc_may(ctx, PERM_CASE_READ);
    }
}

static int gather_last_events(svc_ctx *ctx, gathering *g, const store_case_ids *only)
{
    static const section order[SVC_BOARD_SECTIONS] = {SECTION_HEALTH, SECTION_WELFARE,
                                                      SECTION_CASE};
    int rc = STORE_OK;
    for (int i = 0; i < SVC_BOARD_SECTIONS && rc == STORE_OK; i++) {
        if (!may_see_section(ctx, order[i]))
            continue;
        event_slot slot = {.g = g, .which = i};
        rc = store_board_last_events(ctx->db, only, section_code(order[i]), add_event, &slot);
    }
    return rc;
}

/* A person → row index for the alerts: the subjects sorted by person id. */
typedef struct person_row {
    const char *person_id;
    int row;
} person_row;

static int by_person(const void *x, const void *y)
{
    return strcmp(((const person_row *)x)->person_id, ((const person_row *)y)->person_id);
}

static void count_alerts_of(gathering *g, const person_row *index, int n, const svc_alert *a,
                            const store_person *person)
{
    person_row key = {.person_id = person->id};
    const person_row *hit = bsearch(&key, index, (size_t)n, sizeof *index, by_person);
    if (!hit)
        return;
    while (hit > index && strcmp(hit[-1].person_id, person->id) == 0)
        hit--;
    for (; hit < index + n && strcmp(hit->person_id, person->id) == 0; hit++) {
        svc_board_row *row = &g->rows[hit->row];
        row->open_alerts++;
        if (row->urgent_alert == ALERT_KIND_NONE ||
            alert_kind_rule_of(a->kind)->rank < alert_kind_rule_of(row->urgent_alert)->rank)
            row->urgent_alert = a->kind;
    }
}

/* The alerts of one chunk of the page's cases, counted on its rows only (a report's safety
 * confirmation comes with every chunk: each chunk counts it on its own rows). */
static svc_result gather_chunk_alerts(svc_ctx *ctx, gathering *g, const store_case_ids *chunk)
{
    svc_alert *alerts;
    int n;
    svc_result r = svc_alerts_of_case_subjects(ctx, ctx->now, chunk, &alerts, &n);
    if (r.status != SVC_OK || n == 0 || g->subject_count == 0)
        return r;
    person_row *index = pool_alloc(ctx->pool, sizeof *index * (size_t)g->subject_count);
    int m = 0;
    for (int c = 0; c < chunk->count; c++) {
        int i = row_index(g, chunk->ids[c]);
        for (int s = 0; i >= 0 && s < g->rows[i].subject_count; s++)
            index[m++] = (person_row){.person_id = g->rows[i].subjects[s].person.id, .row = i};
    }
    qsort(index, (size_t)m, sizeof *index, by_person);
    for (int i = 0; i < n; i++) {
        const svc_alert *a = &alerts[i];
        if (a->children)
            for (int c = 0; c < a->unconfirmed; c++)
                count_alerts_of(g, index, m, a, &a->children[c]);
        else
            count_alerts_of(g, index, m, a, &a->person);
    }
    return svc_ok();
}

static svc_result gather_alerts(svc_ctx *ctx, gathering *g, const store_case_ids *chunks,
                                int chunk_count)
{
    if (!svc_may(ctx, PERM_HEALTH_READ)) /* the alert board's own permission */
        return svc_ok();
    svc_result r = svc_ok();
    for (int i = 0; i < chunk_count && r.status == SVC_OK; i++)
        r = gather_chunk_alerts(ctx, g, &chunks[i]);
    return r;
}

static svc_result check_filter(const svc_board_filter *f)
{
    if (f->category && !vocab_has(&case_categories, f->category))
        return svc_invalid("category", "選択肢にない値です。");
    if (f->section && (section_from_code(f->section) == SECTION_NONE ||
                       section_from_code(f->section) == SECTION_COMMON))
        return svc_invalid("section", "health、welfare、case のいずれかを指定してください。");
    if (f->youtaikyo < -1 || f->youtaikyo > 1)
        return svc_invalid("youtaikyo", "true か false を指定してください。");
    if (f->limit < 1 || f->limit > SVC_BOARD_PAGE_MAX)
        return svc_invalid("limit", "limit は 1〜500 の整数で指定してください。");
    if (f->offset < 0)
        return svc_invalid("cursor", "cursor が正しくありません。");
    return svc_ok();
}

/* Every open case the filter lets through, placed: the keys of its order. */
typedef struct placed {
    store_board_key key;
    board_order_key order;
} placed;

typedef struct placing {
    svc_ctx *ctx;
    section only_section; /* SECTION_NONE: any */
    placed *items;
    int count, cap, overdue;
} placing;

static int place(void *arg, const store_board_key *k)
{
    placing *pl = arg;
    if (pl->only_section != SECTION_NONE &&
        role_section(role_from_code(k->lead_role)) != pl->only_section)
        return 0;
    const char *me = pl->ctx->user_id;
    bool overdue = board_case_overdue(k->next_review_on, k->earliest_action_due_on,
                                      k->approved_review_on, pl->ctx->today);
    pl->items = grow(pl->ctx->pool, pl->items, pl->count, &pl->cap, sizeof *pl->items);
    pl->items[pl->count++] =
        (placed){.key = *k,
                 .order = {.mine = me && (strcmp(k->lead_id, me) == 0 ||
                                          (k->deputy_id && strcmp(k->deputy_id, me) == 0)),
                           .overdue = overdue,
                           .next_review_on = k->next_review_on,
                           .case_id = k->case_id}}; /* the kana: for ties only (order_ties) */
    pl->overdue += overdue;
    return 0;
}

static int by_placed_order(const void *x, const void *y)
{
    return board_compare(&((const placed *)x)->order, &((const placed *)y)->order);
}

/* The whole board's order: every open case the filter lets through, sorted. */
static int place_all(svc_ctx *ctx, const svc_board_filter *f, placing *pl)
{
    store_board_key_filter kf = {.lead_or_deputy_id = f->mine ? ctx->user_id : NULL,
                                 .lead_id = f->lead_id,
                                 .category = f->category,
                                 .youtaikyo = f->youtaikyo};
    *pl = (placing){.ctx = ctx,
                    .only_section = f->section ? section_from_code(f->section) : SECTION_NONE};
    int rc = store_board_keys(ctx->db, ctx->pool, &kf, place, pl);
    if (rc == STORE_OK && pl->count > 1)
        qsort(pl->items, (size_t)pl->count, sizeof *pl->items, by_placed_order);
    return rc;
}

/* What the board knows of a case's plan, from its keys: the newest version's status and the
 * newest approved version's review date (an approved version without one is never overdue, so
 * it counts as none here). */
static board_plan_facts plan_facts(const store_board_key *k)
{
    const char *newest = k->newest_plan_status;
    return (board_plan_facts){.written = newest != NULL,
                              .newest_is_draft = newest && strcmp(newest, "approved") != 0,
                              .has_approved = k->approved_review_on != NULL,
                              .approved_review_on = k->approved_review_on};
}

/* The derived facts of a row on ctx->today; its place (mine, overdue) as the order saw it. */
static void judge_row(const svc_ctx *ctx, svc_board_row *row, const placed *place)
{
    board_plan_facts plan = plan_facts(&place->key);
    row->plan_status = board_plan_status_of(&plan, ctx->today);
    row->plan_review_on = plan.approved_review_on;
    row->review_overdue = board_date_overdue(row->c.next_review_on, ctx->today);
    row->action_overdue = board_date_overdue(row->earliest_action_due_on, ctx->today);
    row->overdue = place->order.overdue;
    row->mine = place->order.mine;
    row->lead_section = role_section(role_from_code(row->c.lead_role));
}

static bool audit_board(svc_ctx *ctx, const svc_board *b)
{
    if (!svc_audit_read_hourly(ctx, "case_board", "board", NULL))
        return false;
    for (int i = 0; i < b->count; i++)
        for (int s = 0; s < b->rows[i].subject_count; s++)
            if (!svc_audit_read_hourly(ctx, "case_board", b->rows[i].c.id,
                                       b->rows[i].subjects[s].person.id))
                return false;
    return true;
}

/* The details of one chunk of the page's cases (at most STORE_CASE_IDS_MAX). */
static int gather_chunk(svc_ctx *ctx, gathering *g, const store_case_ids *only)
{
    int rc = store_board_cases(ctx->db, ctx->pool, only, add_case, g);
    if (rc == STORE_OK)
        rc = store_board_subjects(ctx->db, ctx->pool, only, false, add_subject, g);
    return rc;
}

static int gather_facts(svc_ctx *ctx, gathering *g, const store_case_ids *only)
{
    int rc = store_board_open_actions(ctx->db, only, add_actions, g);
    if (rc == STORE_OK)
        rc = gather_last_events(ctx, g, only);
    return rc;
}

/* The chunks of the page: ids[from, to) of the placed cases, STORE_CASE_IDS_MAX at a time. */
static store_case_ids *chunks_of(pool *p, const placed *page, int n, int *chunk_count)
{
    *chunk_count = (n + STORE_CASE_IDS_MAX - 1) / STORE_CASE_IDS_MAX;
    store_case_ids *chunks =
        pool_zalloc(p, sizeof *chunks * (size_t)(*chunk_count ? *chunk_count : 1));
    for (int i = 0; i < n; i++) {
        store_case_ids *c = &chunks[i / STORE_CASE_IDS_MAX];
        c->ids[c->count++] = page[i].key.case_id;
    }
    return chunks;
}

/* The page's cases (chunks) with their subjects, actions and last events, sorted by id (the
 * plan's facts come with the keys). */
static int gather_page(svc_ctx *ctx, gathering *g, const store_case_ids *chunks, int chunk_count)
{
    int rc = STORE_OK;
    for (int i = 0; i < chunk_count && rc == STORE_OK; i++)
        rc = gather_chunk(ctx, g, &chunks[i]);
    if (rc != STORE_OK)
        return rc;
    if (g->count > 1)
        qsort(g->rows, (size_t)g->count, sizeof *g->rows, by_case_id);
    attach_subjects(g);
    for (int i = 0; i < chunk_count && rc == STORE_OK; i++)
        rc = gather_facts(ctx, g, &chunks[i]);
    return rc;
}

/* Whether two rows tie before the kana (the reader's, overdue, next review). */
static bool tied(const placed *a, const placed *b)
{
    board_order_key x = a->order, y = b->order;
    x.kana = y.kana = x.case_id = y.case_id = NULL;
    return board_compare(&x, &y) == 0;
}

typedef struct kana_slot {
    pool *pool;
    placed *items; /* one chunk's */
    int count;
} kana_slot;

static int set_kana(void *arg, const store_board_kana *k)
{
    kana_slot *s = arg;
    for (int i = 0; i < s->count; i++)
        if (strcmp(s->items[i].key.case_id, k->case_id) == 0)
            s->items[i].order.kana = k->kana ? pool_strdup(s->pool, k->kana) : NULL;
    return 0;
}

/* The kana only breaks ties, so it is read for the page's rows and the rows tied with its first
 * and last, and that stretch is sorted again: a tie-break moves a row only among its ties, so
 * every row outside the stretch keeps its place. Most pages have no tie and read none. */
static int order_ties(svc_ctx *ctx, placing *pl, int from, int to)
{
    int lo = from, hi = to, any = 0;
    while (lo > 0 && lo < pl->count && tied(&pl->items[lo - 1], &pl->items[lo]))
        lo--;
    while (hi > 0 && hi < pl->count && tied(&pl->items[hi - 1], &pl->items[hi]))
        hi++;
    for (int i = lo; i + 1 < hi; i++)
        any |= tied(&pl->items[i], &pl->items[i + 1]);
    if (!any)
        return STORE_OK;
    int chunk_count, rc = STORE_OK;
    store_case_ids *chunks = chunks_of(ctx->pool, pl->items + lo, hi - lo, &chunk_count);
    for (int i = 0; i < chunk_count && rc == STORE_OK; i++) {
        kana_slot slot = {.pool = ctx->pool,
                          .items = pl->items + lo + i * STORE_CASE_IDS_MAX,
                          .count = chunks[i].count};
        rc = store_board_kanas(ctx->db, &chunks[i], set_kana, &slot);
    }
    if (rc == STORE_OK)
        qsort(pl->items + lo, (size_t)(hi - lo), sizeof *pl->items, by_placed_order);
    return rc;
}

/* The board's order, then the page's rows: one read snapshot. */
static svc_result read_board(svc_ctx *ctx, const svc_board_filter *f, placing *pl, gathering *g,
                             int *page_count)
{
    int rc = store_begin_read(ctx->db);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    rc = place_all(ctx, f, pl);
    *page_count = 0;
    store_case_ids *chunks = NULL;
    int chunk_count = 0;
    if (rc == STORE_OK && f->offset <= pl->count) {
        *page_count = pl->count - f->offset < f->limit ? pl->count - f->offset : f->limit;
        rc = order_ties(ctx, pl, f->offset, f->offset + *page_count);
        chunks = chunks_of(ctx->pool, pl->items + f->offset, *page_count, &chunk_count);
        if (rc == STORE_OK)
            rc = gather_page(ctx, g, chunks, chunk_count);
    }
    store_end_read(ctx->db);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    if (f->offset > pl->count) /* an offset points inside the board; it may end there */
        return svc_invalid("cursor", "cursor が正しくありません。");
    return gather_alerts(ctx, g, chunks, chunk_count);
}

svc_result svc_board_get(svc_ctx *ctx, const svc_board_filter *f, svc_board *out)
{
    *out = (svc_board){0};
    if (!svc_may(ctx, PERM_CASE_READ))
        return svc_forbidden(NULL);
    svc_result r = check_filter(f);
    if (r.status != SVC_OK)
        return r;
    placing pl;
    gathering g = {.ctx = ctx};
    int n = 0;
    r = read_board(ctx, f, &pl, &g, &n);
    if (r.status != SVC_OK)
        return r;
    svc_board_row *rows = pool_zalloc(ctx->pool, sizeof *rows * (size_t)(n ? n : 1));
    int kept = 0;
    for (int i = 0; i < n; i++) { /* in the board's order */
        int at = row_index(&g, pl.items[f->offset + i].key.case_id);
        if (at < 0)
            continue;
        judge_row(ctx, &g.rows[at], &pl.items[f->offset + i]);
        rows[kept++] = g.rows[at];
    }
    *out = (svc_board){.rows = rows,
                       .count = kept,
                       .total = pl.count,
                       .overdue_total = pl.overdue,
                       .more = f->offset + n < pl.count};
    return audit_board(ctx, out) ? svc_ok() : svc_error();
}
