#include "service/on_call.h"

#include "domain/office_hours.h"
#include "store/users.h"
#include "util/random.h"

#include <string.h>

static svc_result check_span(int64_t starts_at, int64_t ends_at)
{
    if (ends_at <= starts_at)
        return svc_invalid("ends_at", "終了は開始より後の日時にしてください。");
    if (ends_at - starts_at > (int64_t)ONCALL_MAX_DAYS * 24 * 3600)
        return svc_invalid("ends_at", "当番の期間は31日以内にしてください。");
    return svc_ok();
}

/* The one on call: an active account of the center's staff (not a partner, not the admin). */
static svc_result check_user(svc_ctx *ctx, const char *user_id)
{
    store_user u;
    int rc = store_user_by_id(ctx->db, ctx->pool, user_id, &u);
    if (rc == STORE_NOT_FOUND)
        return svc_invalid("user_id", "当番の職員が見つかりません。");
    if (rc != STORE_OK)
        return svc_from_store(rc);
    role r = role_from_code(u.role);
    if (u.disabled || strcmp(u.status, "active") != 0 || r == ROLE_NONE ||
        !role_may(r, PERM_HEALTH_READ))
        return svc_invalid("user_id", "当番にできるのはセンターの有効な職員だけです。");
    return svc_ok();
}

static svc_result check_fields(svc_ctx *ctx, const svc_on_call_in *in)
{
    if (in->contact && !in->contact[0])
        return svc_invalid("contact", "連絡先を入力してください。");
    return svc_check_length(ctx, "contact", in->contact, SVC_ON_CALL_CONTACT_MAX);
}

static svc_result create_in_write(svc_ctx *ctx, store_on_call *e)
{
    svc_result r = check_user(ctx, e->user_id);
    if (r.status != SVC_OK)
        return r;
    int rc = store_on_call_insert(ctx->db, e);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, "create", "on_call", e->id, NULL);
    if (rc == STORE_OK)
        rc = store_on_call_get(ctx->db, ctx->pool, e->id, e);
    return svc_from_store(rc);
}

svc_result svc_on_call_create(svc_ctx *ctx, const svc_on_call_in *in, store_on_call *out)
{
    if (!svc_may(ctx, PERM_ONCALL_WRITE))
        return svc_forbidden(NULL);
    if (!in->user_id)
        return svc_missing("user_id");
    if (!in->has_starts_at)
        return svc_missing("starts_at");
    if (!in->has_ends_at)
        return svc_missing("ends_at");
    if (!in->contact)
        return svc_missing("contact");
    if (in->has_cancelled)
        return svc_invalid("cancelled", "取り消しは登録した当番の訂正で行います。");
    svc_result r = check_fields(ctx, in);
    if (r.status == SVC_OK)
        r = check_span(in->starts_at, in->ends_at);
    if (r.status != SVC_OK)
        return r;
    char *id = pool_alloc(ctx->pool, RANDOM_ID_LEN + 1);
    random_id(id);
    store_on_call e = {.id = id,
                       .version = 1,
                       .user_id = pool_strdup(ctx->pool, in->user_id),
                       .starts_at = in->starts_at,
                       .ends_at = in->ends_at,
                       .contact = pool_strdup(ctx->pool, in->contact),
                       .created_by = pool_strdup(ctx->pool, ctx->user_id ? ctx->user_id : ""),
                       .created_at = ctx->now,
                       .updated_at = ctx->now};
    r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = create_in_write(ctx, &e);
    r = svc_end(ctx, r);
    if (r.status == SVC_OK)
        *out = e;
    return r;
}

static bool apply(svc_ctx *ctx, const svc_on_call_in *in, store_on_call *e)
{
    bool changed = false;
    if (in->user_id && strcmp(in->user_id, e->user_id) != 0) {
        e->user_id = pool_strdup(ctx->pool, in->user_id);
        changed = true;
    }
    if (in->contact && strcmp(in->contact, e->contact) != 0) {
        e->contact = pool_strdup(ctx->pool, in->contact);
        changed = true;
    }
    if (in->has_starts_at && in->starts_at != e->starts_at) {
        e->starts_at = in->starts_at;
        changed = true;
    }
    if (in->has_ends_at && in->ends_at != e->ends_at) {
        e->ends_at = in->ends_at;
        changed = true;
    }
    if (in->has_cancelled && in->cancelled != e->cancelled) {
        e->cancelled = in->cancelled;
        changed = true;
    }
    return changed;
}

static svc_result update_in_write(svc_ctx *ctx, const char *id, int64_t version,
                                  const svc_on_call_in *in, store_on_call *e)
{
    int rc = store_on_call_get(ctx->db, ctx->pool, id, e);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    if (e->version != version)
        return svc_conflict();
    if (!apply(ctx, in, e))
        return svc_ok();
    svc_result r = check_span(e->starts_at, e->ends_at);
    if (r.status == SVC_OK && in->user_id)
        r = check_user(ctx, e->user_id);
    if (r.status != SVC_OK)
        return r;
    e->updated_at = ctx->now;
    rc = store_on_call_update(ctx->db, e, version);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, "update", "on_call", e->id, NULL);
    if (rc == STORE_OK)
        rc = store_on_call_get(ctx->db, ctx->pool, id, e);
    return svc_from_store(rc);
}

svc_result svc_on_call_update(svc_ctx *ctx, const char *id, int64_t version,
                              const svc_on_call_in *in, store_on_call *out)
{
    if (!svc_may(ctx, PERM_ONCALL_WRITE))
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
    svc_on_call_list *list;
    bool skip_cancelled;
} collected;

static int collect(void *arg, const store_on_call *e)
{
    collected *c = arg;
    if (c->skip_cancelled && e->cancelled)
        return 0;
    if (c->list->count == SVC_ON_CALL_LIST_MAX) {
        c->list->more = true;
        return 1;
    }
    c->list->items[c->list->count++] = *e;
    return 0;
}

static int entries(svc_ctx *ctx, int64_t from, int64_t to, bool skip_cancelled,
                   svc_on_call_list *out)
{
    *out = (svc_on_call_list){
        .items = pool_alloc(ctx->pool, sizeof *out->items * (SVC_ON_CALL_LIST_MAX + 1))};
    collected c = {.list = out, .skip_cancelled = skip_cancelled};
    return store_on_call_between(ctx->db, ctx->pool, from, to, SVC_ON_CALL_LIST_MAX * 2 + 1,
                                 collect, &c);
}

svc_result svc_on_call_between(svc_ctx *ctx, int64_t from, int64_t to, svc_on_call_list *out)
{
    *out = (svc_on_call_list){0};
    if (!svc_may(ctx, PERM_HEALTH_READ))
        return svc_forbidden(NULL);
    if (to <= from || to - from > (int64_t)SVC_ON_CALL_RANGE_DAYS * 24 * 3600)
        return svc_invalid("to", "期間は終わりを始めより後に、92日以内で指定してください。");
    return svc_from_store(entries(ctx, from, to, false, out));
}

int svc_on_call_entries(svc_ctx *ctx, int64_t from, int64_t to, svc_on_call_list *out)
{
    return entries(ctx, from, to, true, out);
}
