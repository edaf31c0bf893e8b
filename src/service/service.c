#include "service/service.h"

#include "domain/validate.h"
#include "store/audit.h"
#include "store/events.h"
#include "store/households.h"
#include "util/log.h"

#include <stdlib.h>
#include <string.h>

void svc_ctx_init(svc_ctx *ctx, store_conn *db, pool *p, const char *user_id, role r, int64_t now)
{
    *ctx = (svc_ctx){.db = db,
                     .pool = p,
                     .user_id = user_id,
                     .role = r,
                     .now = now,
                     .today = date_jst_of_instant(now)};
}

void svc_ctx_init_system(svc_ctx *ctx, store_conn *db, pool *p, int64_t now)
{
    svc_ctx_init(ctx, db, p, NULL, ROLE_NONE, now);
    ctx->system = true;
}

bool svc_may(const svc_ctx *ctx, permission p)
{
    return ctx->system || p == PERM_NONE || role_may(ctx->role, p);
}

svc_result svc_invalid(const char *field, const char *message)
{
    return (svc_result){.status = SVC_INVALID, .field = field, .message = message};
}

svc_result svc_missing(const char *field)
{
    return (svc_result){.status = SVC_INVALID, .code = "missing_field", .field = field};
}

svc_result svc_not_found(void)
{
    return (svc_result){.status = SVC_NOT_FOUND};
}

svc_result svc_conflict(void)
{
    return (svc_result){.status = SVC_CONFLICT};
}

svc_result svc_invalid_transition(const char *message)
{
    return (svc_result){.status = SVC_INVALID_TRANSITION, .message = message};
}

svc_result svc_forbidden(const char *message)
{
    return (svc_result){.status = SVC_FORBIDDEN, .message = message};
}

svc_result svc_error(void)
{
    return (svc_result){.status = SVC_ERROR};
}

svc_result svc_from_store(int store_status)
{
    switch (store_status) {
    case STORE_OK:
        return svc_ok();
    case STORE_NOT_FOUND:
        return svc_not_found();
    case STORE_CONFLICT:
        return svc_conflict();
    case STORE_BUSY:
        return (svc_result){.status = SVC_BUSY};
    default:
        return svc_error();
    }
}

svc_result svc_check_length(svc_ctx *ctx, const char *field, const char *s, long max)
{
    if (s && validate_utf8_chars(s, strlen(s)) > max)
        return svc_invalid(field, pool_printf(ctx->pool, "%ld文字以内で入力してください。", max));
    return svc_ok();
}

bool svc_same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

svc_result svc_begin(svc_ctx *ctx)
{
    if (ctx->in_transaction && ctx->unguarded)
        return svc_ok();
    return svc_from_store(ctx->in_transaction ? store_savepoint(ctx->db) : store_begin(ctx->db));
}

svc_result svc_end(svc_ctx *ctx, svc_result r)
{
    if (ctx->in_transaction && ctx->unguarded)
        return r; /* a failure's writes are undone by the caller's rollback */
    if (r.status != SVC_OK) {
        if (ctx->in_transaction)
            store_rollback_to(ctx->db);
        else
            store_rollback(ctx->db);
        return r;
    }
    int rc = ctx->in_transaction ? store_release(ctx->db) : store_commit(ctx->db);
    if (rc == STORE_OK)
        return r;
    if (ctx->in_transaction)
        store_rollback_to(ctx->db);
    else
        store_rollback(ctx->db);
    return svc_from_store(rc); /* BUSY (the connection was lost at COMMIT): 503, not 500 */
}

/* The audit row of the acting user at ctx->now. */
static audit_entry entry_of(const svc_ctx *ctx, const char *action, const char *object_type,
                            const char *object_id, const char *person_id)
{
    return (audit_entry){.at = ctx->now,
                         .user_id = ctx->user_id,
                         .action = action,
                         .object_type = object_type,
                         .object_id = object_id,
                         .person_id = person_id};
}

int svc_audit_change(svc_ctx *ctx, const char *action, const char *object_type,
                     const char *object_id, const char *person_id)
{
    audit_entry e = entry_of(ctx, action, object_type, object_id, person_id);
    return audit_append(ctx->db, &e);
}

static bool add_read(svc_ctx *ctx, const audit_entry *e)
{
    if (ctx->read_count == ctx->read_cap) {
        int cap = ctx->read_cap ? ctx->read_cap * 2 : 16;
        audit_entry *grown = pool_alloc(ctx->pool, sizeof *grown * (size_t)cap);
        if (!grown)
            return false;
        if (ctx->read_count)
            memcpy(grown, ctx->reads, sizeof *grown * (size_t)ctx->read_count);
        ctx->reads = grown;
        ctx->read_cap = cap;
    }
    ctx->reads[ctx->read_count++] = *e;
    return true;
}

bool svc_audit_read(svc_ctx *ctx, const char *object_type, const char *object_id,
                    const char *person_id)
{
    return svc_audit_read_action(ctx, "read", object_type, object_id, person_id);
}

bool svc_audit_read_action(svc_ctx *ctx, const char *action, const char *object_type,
                           const char *object_id, const char *person_id)
{
    audit_entry e = entry_of(ctx, action, object_type, object_id, person_id);
    return add_read(ctx, &e);
}

bool svc_audit_read_hourly(svc_ctx *ctx, const char *object_type, const char *object_id,
                           const char *person_id)
{
    audit_entry e = entry_of(ctx, "read", object_type, object_id, person_id);
    e.once_per_hour = true;
    return add_read(ctx, &e);
}

/* The keys of audit_shown as "person US type US id", sorted for bsearch. */
typedef struct shown_keys {
    char **keys;
    int count, cap;
    pool *pool;
} shown_keys;

static char *shown_key(pool *p, const char *person_id, const char *object_type,
                       const char *object_id)
{
    return pool_printf(p, "%s\x1f%s\x1f%s", person_id ? person_id : "", object_type,
                       object_id ? object_id : "");
}

static int add_shown(void *arg, const char *person_id, const char *object_type,
                     const char *object_id)
{
    shown_keys *s = arg;
    if (s->count == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        char **grown = pool_alloc(s->pool, sizeof *grown * (size_t)s->cap);
        if (s->count)
            memcpy(grown, s->keys, sizeof *grown * (size_t)s->count);
        s->keys = grown;
    }
    s->keys[s->count++] = shown_key(s->pool, person_id, object_type, object_id);
    return 0;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool any_hourly(const svc_ctx *ctx)
{
    for (int i = 0; i < ctx->read_count; i++)
        if (ctx->reads[i].once_per_hour)
            return true;
    return false;
}

void svc_reads_drop_shown(svc_ctx *ctx)
{
    shown_keys shown = {.pool = ctx->pool};
    if (!ctx->user_id || !any_hourly(ctx) ||
        store_audit_shown_scan(ctx->db, ctx->user_id, audit_hour(ctx->now), add_shown, &shown) !=
            STORE_OK)
        return; /* nothing is left out here; the writer still writes each key once */
    if (shown.count == 0)
        return;
    qsort(shown.keys, (size_t)shown.count, sizeof *shown.keys, by_text);
    int kept = 0;
    for (int i = 0; i < ctx->read_count; i++) {
        audit_entry e = ctx->reads[i];
        char *key = shown_key(ctx->pool, e.person_id, e.object_type, e.object_id);
        if (e.once_per_hour &&
            bsearch(&key, shown.keys, (size_t)shown.count, sizeof *shown.keys, by_text))
            continue;
        ctx->reads[kept++] = e;
    }
    ctx->read_count = kept;
}

static int first_current(void *arg, const store_membership *m)
{
    char **out = arg;
    if (m->to_date)
        return 0;
    *out = util_xstrdup(m->household_id);
    return 1;
}

int svc_add_event(svc_ctx *ctx, int64_t at, event_kind kind, const char *summary,
                  const char *ref_type, const char *ref_id, const char *person_id)
{
    char *household = NULL;
    int rc = store_person_memberships(ctx->db, person_id, first_current, &household);
    pool_adopt(ctx->pool, household);
    if (rc != STORE_OK)
        return rc;
    store_event e = {.at = at,
                     .kind = event_kind_code(kind),
                     .section = section_code(event_kind_section(kind)),
                     .summary = summary,
                     .ref_type = ref_type,
                     .ref_id = ref_id,
                     .person_id = person_id,
                     .household_id = household};
    return store_event_add(ctx->db, &e);
}

int svc_add_household_event(svc_ctx *ctx, int64_t at, event_kind kind, const char *summary,
                            const char *ref_type, const char *ref_id, const char *household_id)
{
    store_event e = {.at = at,
                     .kind = event_kind_code(kind),
                     .section = section_code(event_kind_section(kind)),
                     .summary = summary,
                     .ref_type = ref_type,
                     .ref_id = ref_id,
                     .household_id = household_id};
    return store_event_add(ctx->db, &e);
}
