#include "service/agencies.h"
#include "domain/case_codes.h"
#include "util/random.h"

#include <string.h>

static svc_result check_fields(svc_ctx *ctx, const svc_agency_in *in)
{
    svc_result r = svc_check_length(ctx, "name", in->name, 100);
    if (r.status == SVC_OK && in->kind && !vocab_has(&agency_kinds, in->kind))
        r = svc_invalid("kind", "機関の種別が選択肢にありません。");
    return r;
}

static svc_result name_taken(void)
{
    return svc_invalid("name", "この名前の関係機関はすでに登録されています。");
}

svc_result svc_agency_create(svc_ctx *ctx, const svc_agency_in *in, store_agency *out)
{
    if (!svc_may(ctx, PERM_AGENCY_WRITE))
        return svc_forbidden(NULL);
    if (!in->name)
        return svc_missing("name");
    if (!in->kind)
        return svc_missing("kind");
    svc_result r = check_fields(ctx, in);
    if (r.status != SVC_OK)
        return r;
    char *id = pool_alloc(ctx->pool, RANDOM_ID_LEN + 1);
    random_id(id);
    store_agency a = {.id = id,
                      .version = 1,
                      .name = pool_strdup(ctx->pool, in->name),
                      .kind = pool_strdup(ctx->pool, in->kind),
                      .created_at = ctx->now,
                      .updated_at = ctx->now};
    r = svc_begin(ctx);
    if (r.status == SVC_OK) {
        int rc = store_agency_insert(ctx->db, &a);
        if (rc == STORE_OK)
            rc = svc_audit_change(ctx, "create", "agency", a.id, NULL);
        r = rc == STORE_CONSTRAINT ? name_taken() : svc_from_store(rc);
    }
    r = svc_end(ctx, r);
    if (r.status == SVC_OK)
        *out = a;
    return r;
}

svc_result svc_agency_get(svc_ctx *ctx, const char *id, store_agency *out)
{
    if (!svc_may(ctx, PERM_AGENCY_READ))
        return svc_forbidden(NULL);
    return svc_from_store(store_agency_get(ctx->db, ctx->pool, id, out));
}

static svc_result update_in_write(svc_ctx *ctx, const char *id, int64_t version,
                                  const svc_agency_in *in, store_agency *a)
{
    int rc = store_agency_get(ctx->db, ctx->pool, id, a);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    if (a->version != version)
        return svc_conflict();
    bool changed = (in->name && strcmp(in->name, a->name) != 0) ||
                   (in->kind && strcmp(in->kind, a->kind) != 0);
    if (!changed)
        return svc_ok();
    if (in->name)
        a->name = pool_strdup(ctx->pool, in->name);
    if (in->kind)
        a->kind = pool_strdup(ctx->pool, in->kind);
    a->updated_at = ctx->now;
    rc = store_agency_update(ctx->db, a, version);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, "update", "agency", a->id, NULL);
    if (rc == STORE_CONSTRAINT)
        return name_taken();
    a->version = version + 1;
    return svc_from_store(rc);
}

svc_result svc_agency_update(svc_ctx *ctx, const char *id, int64_t version, const svc_agency_in *in,
                             store_agency *out)
{
    if (!svc_may(ctx, PERM_AGENCY_WRITE))
        return svc_forbidden(NULL);
    svc_result r = check_fields(ctx, in);
    if (r.status != SVC_OK)
        return r;
    r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = update_in_write(ctx, id, version, in, out);
    return svc_end(ctx, r);
}

typedef struct collected {
    svc_agency_page *page;
    int cap;
} collected;

static int collect(void *arg, const store_agency *a)
{
    collected *c = arg;
    if (c->page->count == c->cap - 1) {
        c->page->more = true;
        return 1;
    }
    c->page->items[c->page->count++] = *a;
    return 0;
}

svc_result svc_agency_list(svc_ctx *ctx, const char *after_name, const char *after_id, int limit,
                           svc_agency_page *out)
{
    *out = (svc_agency_page){0};
    if (!svc_may(ctx, PERM_AGENCY_READ))
        return svc_forbidden(NULL);
    collected c = {.page = out, .cap = limit + 1};
    out->items = pool_alloc(ctx->pool, sizeof *out->items * (size_t)c.cap);
    return svc_from_store(
        store_agency_list(ctx->db, ctx->pool, after_name, after_id, c.cap, collect, &c));
}
