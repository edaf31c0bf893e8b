#include "service/case_records.h"
#include "domain/case_codes.h"
#include "domain/risk.h"
#include "domain/screening.h"
#include "domain/visit_kinds.h"
#include "domain/workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_codes[CASE_RECORD_TYPE_COUNT] = {
    "pregnancy", "screening", "visit", "report", "conference", "plan", "partner_report"};

static const char *or_blank(const char *s)
{
    return s ? s : "";
}

static const char *pregnancy_label(pool *p, const store_case_record *r, bool *attention)
{
    *attention = r->n || (r->a && strcmp(r->a, "high") == 0);
    return pool_printf(p, "妊娠届（リスク%s）%s", or_blank(vocab_label(&risk_levels, r->a)),
                       r->n ? "・特定妊婦候補" : "");
}

static const char *visit_label(pool *p, const store_case_record *r, bool *attention)
{
    visit_kind k = visit_kind_from_code(r->a);
    visit_status s = visit_status_from_code(r->b);
    const char *sub = r->c ? visit_subtype_label(k, r->c) : "";
    *attention = s == VISIT_MISSED;
    return pool_printf(p, "%s%s%s%s %s", visit_kind_label(k), *sub ? "（" : "", sub,
                       *sub ? "）" : "", visit_status_label(k, s));
}

static const char *label_of(pool *p, const store_case_record *r, bool *attention)
{
    *attention = false;
    switch (r->type) {
    case CASE_RECORD_PREGNANCY:
        return pregnancy_label(p, r, attention);
    case CASE_RECORD_SCREENING:
        *attention = r->c != NULL;
        return pool_printf(p, "%s %lld点%s", or_blank(vocab_label(&screening_instruments, r->a)),
                           (long long)r->n, r->c ? "（要フォロー）" : "");
    case CASE_RECORD_VISIT:
        return visit_label(p, r, attention);
    case CASE_RECORD_REPORT:
        return pool_printf(p, "%s（%s）", workflow_kind_label(workflow_kind_from_code(r->a)),
                           or_blank(workflow_step_label(workflow_step_from_code(r->b))));
    case CASE_RECORD_CONFERENCE:
        return or_blank(vocab_label(&conference_kinds, r->a));
    case CASE_RECORD_PLAN:
        return pool_printf(p, "サポートプラン 第%lld版（%s）", (long long)r->n,
                           or_blank(vocab_label(&plan_statuses, r->a)));
    case CASE_RECORD_PARTNER_REPORT:
    case CASE_RECORD_TYPE_COUNT:
        break;
    }
    return pool_printf(p, "状況報告（%s）", or_blank(r->a));
}

typedef struct gathering {
    svc_ctx *ctx;
    svc_case_records *out;
    int cap;
    bool health, reports;
} gathering;

static bool shown_to(const gathering *g, store_case_record_type t)
{
    if (t == CASE_RECORD_PREGNANCY || t == CASE_RECORD_SCREENING || t == CASE_RECORD_VISIT)
        return g->health;
    return t != CASE_RECORD_REPORT || g->reports;
}

static int gather(void *arg, const store_case_record *r)
{
    gathering *g = arg;
    if (!shown_to(g, r->type))
        return 0;
    svc_case_records *out = g->out;
    if (out->count == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 32;
        svc_case_record *grown = pool_alloc(g->ctx->pool, sizeof *grown * (size_t)g->cap);
        if (out->count)
            memcpy(grown, out->items, sizeof *grown * (size_t)out->count);
        out->items = grown;
    }
    svc_case_record *item = &out->items[out->count++];
    *item = (svc_case_record){
        .type = type_codes[r->type], .id = r->id, .person_id = r->person_id, .kind = r->a};
    if (r->type == CASE_RECORD_PARTNER_REPORT)
        item->kind = NULL; /* a[] holds the agency's name */
    if (r->on)
        snprintf(item->on, sizeof item->on, "%s", r->on);
    else
        date_format(date_jst_of_instant(r->at), item->on);
    item->label = label_of(g->ctx->pool, r, &item->attention);
    return 0;
}

static int newest_first(const void *a, const void *b)
{
    const svc_case_record *x = a, *y = b;
    int c = strcmp(y->on, x->on);
    if (c == 0)
        c = strcmp(x->type, y->type);
    return c ? c : strcmp(x->id, y->id);
}

static svc_result gather_in_snapshot(svc_ctx *ctx, const char *case_id, svc_case_records *out)
{
    int rc = store_case_get(ctx->db, ctx->pool, case_id, &out->kase);
    gathering g = {.ctx = ctx,
                   .out = out,
                   .health = svc_may(ctx, PERM_HEALTH_READ),
                   .reports = svc_may(ctx, PERM_REPORT_READ)};
    if (rc == STORE_OK)
        rc = store_case_records(ctx->db, ctx->pool, case_id, gather, &g);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    if (out->count > 1)
        qsort(out->items, (size_t)out->count, sizeof *out->items, newest_first);
    bool ok = true;
    for (int i = 0; i < out->kase.subject_count; i++)
        ok &= svc_audit_read(ctx, "case", out->kase.id, out->kase.subjects[i].person_id);
    return ok ? svc_ok() : svc_error();
}

svc_result svc_case_records_get(svc_ctx *ctx, const char *case_id, svc_case_records *out)
{
    *out = (svc_case_records){0};
    if (!svc_may(ctx, PERM_CASE_READ))
        return svc_forbidden(NULL);
    if (ctx->in_transaction)
        return gather_in_snapshot(ctx, case_id, out);
    int rc = store_begin_read(ctx->db);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    svc_result r = gather_in_snapshot(ctx, case_id, out);
    store_end_read(ctx->db);
    return r;
}
