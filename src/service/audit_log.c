#include "service/audit_log.h"

#include "domain/date.h"

#include <string.h>

typedef struct collected {
    svc_audit_page *page;
    pool *pool;
    int limit;
    bool names; /* the persons' names are shown (PERM_PERSON_READ) */
} collected;

static const char *keep(pool *p, const char *s)
{
    return s ? pool_strdup(p, s) : NULL;
}

/* Row strings are borrowed for the call: copied into the pool. */
static int collect_row(void *arg, const store_audit_row *row, const store_audit_names *names)
{
    collected *c = arg;
    if (c->page->count == c->limit) {
        c->page->more = true;
        return 1;
    }
    svc_audit_entry *e = &c->page->items[c->page->count++];
    e->row = (store_audit_row){.seq = row->seq,
                               .at = row->at,
                               .user_id = keep(c->pool, row->user_id),
                               .action = keep(c->pool, row->action),
                               .object_type = keep(c->pool, row->object_type),
                               .object_id = keep(c->pool, row->object_id),
                               .person_id = keep(c->pool, row->person_id)};
    e->user_login = keep(c->pool, names->user_login);
    e->user_name = keep(c->pool, names->user_name);
    if (c->names && row->person_id) {
        e->person_family_name = keep(c->pool, names->person_family_name);
        e->person_given_name = keep(c->pool, names->person_given_name);
    }
    return 0;
}

/* A period's day as an instant: 00:00 in Japan of the day (next_day: of the day after). */
static svc_result day_instant(const char *field, const char *iso, bool next_day, int64_t *out)
{
    *out = 0;
    if (!iso)
        return svc_ok();
    date_ymd d;
    if (!date_parse(iso, strlen(iso), &d))
        return svc_invalid(field, "日付は YYYY-MM-DD で指定してください。");
    if (next_day)
        d = date_from_days(date_to_days(d) + 1);
    *out = date_jst_midnight(d);
    return svc_ok();
}

/* The reading, against the person filtered by and each person whose name the page shows (once
 * each). */
static bool audit_reading(svc_ctx *ctx, const svc_audit_query *q, const svc_audit_page *page)
{
    if (!svc_audit_read(ctx, "audit", "-", keep(ctx->pool, q->person_id)))
        return false;
    for (int i = 0; i < page->count; i++) {
        const svc_audit_entry *e = &page->items[i];
        if (!e->person_family_name || (q->person_id && strcmp(e->row.person_id, q->person_id) == 0))
            continue;
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = page->items[j].person_family_name &&
                   strcmp(page->items[j].row.person_id, e->row.person_id) == 0;
        if (!seen && !svc_audit_read(ctx, "audit", "-", e->row.person_id))
            return false;
    }
    return true;
}

svc_result svc_audit_log_list(svc_ctx *ctx, const svc_audit_query *q, svc_audit_page *out)
{
    *out = (svc_audit_page){0};
    if (!svc_may(ctx, PERM_AUDIT_READ))
        return svc_forbidden(NULL);
    store_audit_filter f = {.before = q->before,
                            .person_id = q->person_id,
                            .user_id = q->user_id,
                            .limit = q->limit + 1};
    svc_result r = day_instant("from", q->from, false, &f.from_at);
    if (r.status == SVC_OK)
        r = day_instant("to", q->to, true, &f.to_at);
    if (r.status == SVC_OK && f.from_at && f.to_at && f.from_at >= f.to_at)
        r = svc_invalid("to", "期間の終わりは始まりより後の日付にしてください。");
    if (r.status != SVC_OK)
        return r;
    collected c = {
        .page = out, .pool = ctx->pool, .limit = q->limit, .names = svc_may(ctx, PERM_PERSON_READ)};
    out->items = pool_zalloc(ctx->pool, sizeof *out->items * (size_t)(q->limit + 1));
    r = svc_from_store(store_audit_page(ctx->db, &f, collect_row, &c));
    if (r.status == SVC_OK && !audit_reading(ctx, q, out))
        r = svc_error();
    return r;
}
