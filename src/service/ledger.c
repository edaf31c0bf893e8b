/* The 要対協 ledger (進行管理台帳): a row per registered person of an open case. */
#include "service/board.h"

#include <stdlib.h>
#include <string.h>

typedef struct ledger_gathering {
    svc_ctx *ctx;
    store_board_case *cases; /* sorted by id */
    int case_count, case_cap;
    svc_ledger_row *rows;
    int count, cap;
    /* per case: the newest partner report, the newest plan's version and situation */
    const char **report_text, **report_on, **plan_situation;
    int64_t *plan_version;
} ledger_gathering;

static int add_case(void *arg, const store_board_case *c)
{
    ledger_gathering *g = arg;
    if (g->case_count == g->case_cap) {
        g->case_cap = g->case_cap ? g->case_cap * 2 : 64;
        store_board_case *grown = pool_alloc(g->ctx->pool, sizeof *grown * (size_t)g->case_cap);
        if (g->case_count)
            memcpy(grown, g->cases, sizeof *grown * (size_t)g->case_count);
        g->cases = grown;
    }
    g->cases[g->case_count++] = *c;
    return 0;
}

static int by_id(const void *x, const void *y)
{
    return strcmp(((const store_board_case *)x)->id, ((const store_board_case *)y)->id);
}

static int case_index(const ledger_gathering *g, const char *id)
{
    store_board_case key = {.id = (char *)id};
    const store_board_case *hit = bsearch(&key, g->cases, (size_t)g->case_count, sizeof key, by_id);
    return hit ? (int)(hit - g->cases) : -1;
}

static int add_subject(void *arg, const store_board_subject *s)
{
    ledger_gathering *g = arg;
    int c = case_index(g, s->case_id);
    if (c < 0)
        return 0;
    if (g->count == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 64;
        svc_ledger_row *grown = pool_alloc(g->ctx->pool, sizeof *grown * (size_t)g->cap);
        if (g->count)
            memcpy(grown, g->rows, sizeof *grown * (size_t)g->count);
        g->rows = grown;
    }
    store_board_subject *kept = pool_alloc(g->ctx->pool, sizeof *kept);
    *kept = *s;
    g->rows[g->count++] = (svc_ledger_row){.c = &g->cases[c], .subject = kept};
    return 0;
}

static int add_report(void *arg, const store_board_partner_report *r)
{
    ledger_gathering *g = arg;
    int c = case_index(g, r->case_id);
    if (c >= 0) {
        g->report_on[c] = pool_strdup(g->ctx->pool, r->on_date);
        g->report_text[c] = pool_printf(g->ctx->pool, "%s: %s", r->agency_name, r->text);
    }
    return 0;
}

static int add_plan(void *arg, const store_board_plan *p)
{
    ledger_gathering *g = arg;
    int c = case_index(g, p->case_id);
    if (c >= 0 && p->plan_version > g->plan_version[c]) {
        g->plan_version[c] = p->plan_version;
        g->plan_situation[c] = p->situation ? pool_strdup(g->ctx->pool, p->situation) : NULL;
    }
    return 0;
}

/* By household name, then the case, then the person's kana (the store's order within a case). */
static int by_household(const void *x, const void *y)
{
    const svc_ledger_row *a = x, *b = y;
    const char *ha = a->c->household_name ? a->c->household_name : "";
    const char *hb = b->c->household_name ? b->c->household_name : "";
    int c = strcmp(ha, hb);
    if (c == 0)
        c = strcmp(a->c->id, b->c->id);
    if (c == 0)
        c = strcmp(a->subject->person.family_name_kana ? a->subject->person.family_name_kana : "",
                   b->subject->person.family_name_kana ? b->subject->person.family_name_kana : "");
    return c ? c : strcmp(a->subject->person.id, b->subject->person.id);
}

static svc_result gather(svc_ctx *ctx, ledger_gathering *g)
{
    int rc = store_begin_read(ctx->db);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    rc = store_board_cases(ctx->db, ctx->pool, NULL, add_case, g);
    if (rc == STORE_OK && g->case_count > 1)
        qsort(g->cases, (size_t)g->case_count, sizeof *g->cases, by_id);
    size_t n = (size_t)(g->case_count ? g->case_count : 1);
    g->report_text = pool_zalloc(ctx->pool, sizeof *g->report_text * n);
    g->report_on = pool_zalloc(ctx->pool, sizeof *g->report_on * n);
    g->plan_situation = pool_zalloc(ctx->pool, sizeof *g->plan_situation * n);
    g->plan_version = pool_zalloc(ctx->pool, sizeof *g->plan_version * n);
    if (rc == STORE_OK)
        rc = store_board_subjects(ctx->db, ctx->pool, NULL, true, add_subject, g);
    if (rc == STORE_OK)
        rc = store_board_last_partner_reports(ctx->db, add_report, g);
    if (rc == STORE_OK)
        rc = store_board_plans(ctx->db, add_plan, g);
    store_end_read(ctx->db);
    return svc_from_store(rc);
}

svc_result svc_ledger_get(svc_ctx *ctx, bool export, svc_ledger *out)
{
    *out = (svc_ledger){0};
    if (!svc_may(ctx, PERM_CASE_READ))
        return svc_forbidden(NULL);
    ledger_gathering g = {.ctx = ctx};
    svc_result r = gather(ctx, &g);
    if (r.status != SVC_OK)
        return r;
    for (int i = 0; i < g.count; i++) {
        svc_ledger_row *row = &g.rows[i];
        int c = (int)(row->c - g.cases);
        if (g.report_text[c]) {
            row->situation = g.report_text[c];
            row->situation_on = g.report_on[c];
            row->situation_source = "partner_report";
        } else if (g.plan_situation[c]) {
            row->situation = g.plan_situation[c];
            row->situation_source = "plan";
        }
        if (!svc_audit_read_action(ctx, export ? "export" : "read", "case_ledger", row->c->id,
                                   row->subject->person.id))
            return svc_error();
    }
    if (g.count > 1)
        qsort(g.rows, (size_t)g.count, sizeof *g.rows, by_household);
    if (g.count == 0 &&
        !svc_audit_read_action(ctx, export ? "export" : "read", "case_ledger", "ledger", NULL))
        return svc_error();
    *out = (svc_ledger){.rows = g.rows, .count = g.count};
    return svc_ok();
}
