#include "service/audit_log.h"

typedef struct collected {
    svc_audit_page *page;
    pool *pool;
    int limit;
} collected;

static const char *keep(pool *p, const char *s)
{
    return s ? pool_strdup(p, s) : NULL;
}

/* Row strings are borrowed for the call: copied into the pool. */
static int collect_row(void *arg, const store_audit_row *row, const char *login)
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
                               .person_id = keep(c->pool, row->person_id),
                               .prev_hash = keep(c->pool, row->prev_hash),
                               .hash = keep(c->pool, row->hash),
                               .alg = keep(c->pool, row->alg)};
    e->user_login = keep(c->pool, login);
    return 0;
}

svc_result svc_audit_log_list(svc_ctx *ctx, const svc_audit_query *q, svc_audit_page *out)
{
    *out = (svc_audit_page){0};
    if (!svc_may(ctx, PERM_AUDIT_READ))
        return svc_forbidden(NULL);
    collected c = {.page = out, .pool = ctx->pool, .limit = q->limit};
    out->items = pool_alloc(ctx->pool, sizeof *out->items * (size_t)(q->limit + 1));
    svc_result r = svc_from_store(store_audit_scan(ctx->db, q->before, q->person_id, q->user_id,
                                                   q->limit + 1, true, collect_row, &c));
    if (r.status == SVC_OK &&
        !svc_audit_read(ctx, "audit", "-", q->person_id ? keep(ctx->pool, q->person_id) : NULL))
        r = svc_error();
    return r;
}
