#include "service/partners.h"

#include "store/cases.h"
#include "util/random.h"

#include <string.h>

typedef struct gathering {
    pool *pool;
    svc_partner_case *items;
    int count, cap;
} gathering;

static int add_case(void *arg, const store_partner_case *c)
{
    gathering *g = arg;
    if (g->count == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 16;
        svc_partner_case *grown = pool_zalloc(g->pool, sizeof *grown * (size_t)g->cap);
        if (g->count)
            memcpy(grown, g->items, sizeof *grown * (size_t)g->count);
        g->items = grown;
    }
    g->items[g->count++] = (svc_partner_case){.c = *c, .next_meeting_on = c->next_review_on};
    return 0;
}

static svc_partner_case *case_of(gathering *g, const char *id)
{
    for (int i = 0; i < g->count; i++) /* one agency's shared cases: a short list */
        if (strcmp(g->items[i].c.id, id) == 0)
            return &g->items[i];
    return NULL;
}

#define APPEND(pool, list, count, item)                                                            \
    do {                                                                                           \
        __typeof__(list) grown = pool_alloc(pool, sizeof *grown * (size_t)((count) + 1));          \
        if (count)                                                                                 \
            memcpy(grown, list, sizeof *grown *(size_t)(count));                                   \
        grown[(count)++] = (item);                                                                 \
        (list) = grown;                                                                            \
    } while (0)

static int add_subject(void *arg, const store_partner_subject *s)
{
    gathering *g = arg;
    svc_partner_case *c = case_of(g, s->case_id);
    if (c)
        APPEND(g->pool, c->subjects, c->subject_count, *s);
    return 0;
}

static int add_action(void *arg, const store_partner_action *a)
{
    gathering *g = arg;
    svc_partner_case *c = case_of(g, a->case_id);
    if (c)
        APPEND(g->pool, c->actions, c->action_count, *a);
    return 0;
}

typedef struct report_list {
    pool *pool;
    store_partner_report *items;
    int count;
} report_list;

static int add_report(void *arg, const store_partner_report *r)
{
    report_list *l = arg;
    APPEND(l->pool, l->items, l->count, *r);
    return 0;
}

/* The partner's agency; NULL (and OK) for an account that has none: it sees nothing. */
static svc_result agency_of(svc_ctx *ctx, char **agency_id)
{
    *agency_id = NULL;
    if (!svc_may(ctx, PERM_CASE_PARTNER_VIEW) || !ctx->user_id)
        return svc_forbidden(NULL);
    int rc = store_partner_agency_of(ctx->db, ctx->pool, ctx->user_id, agency_id);
    return rc == STORE_NOT_FOUND ? svc_forbidden(NULL) : svc_from_store(rc);
}

static svc_result gather(svc_ctx *ctx, const char *agency_id, const char *case_id, gathering *g)
{
    int rc = store_begin_read(ctx->db);
    if (rc == STORE_OK)
        rc = store_partner_cases(ctx->db, ctx->pool, agency_id, case_id, add_case, g);
    if (rc == STORE_OK && g->count)
        rc = store_partner_subjects(ctx->db, ctx->pool, agency_id, case_id, add_subject, g);
    if (rc == STORE_OK && g->count)
        rc = store_partner_actions(ctx->db, ctx->pool, agency_id, case_id, add_action, g);
    for (int i = 0; rc == STORE_OK && i < g->count && case_id; i++) {
        report_list l = {.pool = ctx->pool};
        rc = store_partner_reports(ctx->db, ctx->pool, g->items[i].c.id, agency_id, add_report, &l);
        g->items[i].reports = l.items;
        g->items[i].report_count = l.count;
    }
    store_end_read(ctx->db);
    return svc_from_store(rc);
}

/* Every partner read: the case, about each subject it shows. */
static bool audit_shown(svc_ctx *ctx, const svc_partner_case *c)
{
    for (int i = 0; i < c->subject_count; i++)
        if (!svc_audit_read(ctx, "case", c->c.id, c->subjects[i].person.id))
            return false;
    return true;
}

svc_result svc_partner_cases_list(svc_ctx *ctx, svc_partner_cases *out)
{
    *out = (svc_partner_cases){0};
    char *agency_id;
    svc_result r = agency_of(ctx, &agency_id);
    if (r.status != SVC_OK || !agency_id)
        return r;
    gathering g = {.pool = ctx->pool};
    r = gather(ctx, agency_id, NULL, &g);
    for (int i = 0; r.status == SVC_OK && i < g.count; i++)
        if (!audit_shown(ctx, &g.items[i]))
            r = svc_error();
    if (r.status == SVC_OK)
        *out = (svc_partner_cases){.items = g.items, .count = g.count};
    return r;
}

svc_result svc_partner_case_get(svc_ctx *ctx, const char *case_id, svc_partner_case *out)
{
    *out = (svc_partner_case){0};
    char *agency_id;
    svc_result r = agency_of(ctx, &agency_id);
    if (r.status != SVC_OK)
        return r;
    if (!agency_id)
        return svc_not_found();
    gathering g = {.pool = ctx->pool};
    r = gather(ctx, agency_id, case_id, &g);
    if (r.status != SVC_OK)
        return r;
    if (g.count != 1)
        return svc_not_found();
    *out = g.items[0];
    return audit_shown(ctx, out) ? svc_ok() : svc_error();
}

static svc_result check_report(svc_ctx *ctx, const svc_partner_report_input *in, const char **on)
{
    if (!in->text || !*in->text)
        return svc_missing("text");
    svc_result r = svc_check_length(ctx, "text", in->text, SVC_PARTNER_REPORT_TEXT_MAX);
    if (r.status != SVC_OK)
        return r;
    date_ymd d = ctx->today;
    if (in->on && !date_parse(in->on, strlen(in->on), &d))
        return svc_invalid("on", "日付は YYYY-MM-DD の形式で、実在する日付を入力してください。");
    if (date_compare(d, ctx->today) > 0)
        return svc_invalid("on", "未来の日付は入力できません。");
    char *text = pool_alloc(ctx->pool, 11);
    date_format(d, text);
    *on = text;
    return svc_ok();
}

static svc_result write_report(svc_ctx *ctx, const svc_partner_case *c, store_partner_report *r)
{
    int rc = store_partner_report_insert(ctx->db, r);
    for (int i = 0; rc == STORE_OK && i < c->subject_count; i++) {
        const char *person = c->subjects[i].person.id;
        rc = svc_add_event(ctx, ctx->now, EVENT_PARTNER_REPORT, "関係機関から状況報告がありました",
                           "case", c->c.id, person);
        if (rc == STORE_OK)
            rc = svc_audit_change(ctx, "create", "partner_report", r->id, person);
    }
    return svc_from_store(rc);
}

svc_result svc_partner_report_create(svc_ctx *ctx, const svc_partner_report_input *in,
                                     store_partner_report *out)
{
    *out = (store_partner_report){0};
    if (!svc_may(ctx, PERM_PARTNER_REPORT_WRITE) || !ctx->user_id)
        return svc_forbidden(NULL);
    char *agency_id = NULL;
    int rc = store_partner_agency_of(ctx->db, ctx->pool, ctx->user_id, &agency_id);
    if (rc != STORE_OK || !agency_id)
        return rc == STORE_OK || rc == STORE_NOT_FOUND ? svc_not_found() : svc_from_store(rc);
    gathering g = {.pool = ctx->pool};
    svc_result r = gather(ctx, agency_id, in->case_id, &g);
    if (r.status != SVC_OK)
        return r;
    if (g.count != 1)
        return svc_not_found();
    const char *on = NULL;
    r = check_report(ctx, in, &on);
    if (r.status != SVC_OK)
        return r;
    char *id = pool_alloc(ctx->pool, RANDOM_ID_LEN + 1);
    random_id(id);
    *out = (store_partner_report){.id = id,
                                  .case_id = g.items[0].c.id,
                                  .agency_id = agency_id,
                                  .on_date = (char *)on,
                                  .text = (char *)in->text,
                                  .created_by = (char *)ctx->user_id,
                                  .created_at = ctx->now};
    r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = write_report(ctx, &g.items[0], out);
    return svc_end(ctx, r);
}

svc_result svc_partner_reports_list(svc_ctx *ctx, const char *case_id, svc_partner_reports *out)
{
    *out = (svc_partner_reports){0};
    if (!svc_may(ctx, PERM_CASE_READ))
        return svc_forbidden(NULL);
    store_case k;
    int rc = store_case_get(ctx->db, ctx->pool, case_id, &k);
    report_list l = {.pool = ctx->pool};
    if (rc == STORE_OK)
        rc = store_partner_reports(ctx->db, ctx->pool, case_id, NULL, add_report, &l);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    for (int i = 0; i < k.subject_count; i++)
        if (!k.subjects[i].removed_on &&
            !svc_audit_read(ctx, "partner_report", case_id, k.subjects[i].person_id))
            return svc_error();
    *out = (svc_partner_reports){.items = l.items, .count = l.count};
    return svc_ok();
}
