#include "service/timeline.h"

#include "store/persons.h"

#include <string.h>

typedef struct listing {
    svc_ctx *ctx;
    svc_timeline_page *page;
    int limit;
    const char *person_id;
    const char **others; /* the other persons whose events are listed, once each */
    int other_count;
} listing;

static char *dup_or_null(pool *p, const char *s)
{
    return s ? pool_strdup(p, s) : NULL;
}

/* A household member's event is shown about that member: remember them for the audit. */
static void note_other_person(listing *l, const char *person_id)
{
    if (!person_id || strcmp(person_id, l->person_id) == 0)
        return;
    for (int i = 0; i < l->other_count; i++)
        if (strcmp(l->others[i], person_id) == 0)
            return;
    l->others[l->other_count++] = person_id;
}

static int add_event(void *arg, const store_event *e)
{
    listing *l = arg;
    svc_timeline_page *page = l->page;
    if (page->count == l->limit) {
        page->more = true;
        return 1;
    }
    pool *p = l->ctx->pool;
    store_event *copy = &page->items[page->count++];
    *copy = (store_event){.seq = e->seq,
                          .at = e->at,
                          .kind = dup_or_null(p, e->kind),
                          .section = dup_or_null(p, e->section),
                          .summary = dup_or_null(p, e->summary),
                          .ref_type = dup_or_null(p, e->ref_type),
                          .ref_id = dup_or_null(p, e->ref_id),
                          .person_id = dup_or_null(p, e->person_id),
                          .household_id = dup_or_null(p, e->household_id)};
    note_other_person(l, copy->person_id);
    page->next_at = e->at;
    page->next_seq = e->seq;
    return 0;
}

static bool audit_timeline(svc_ctx *ctx, const listing *l)
{
    bool ok = svc_audit_read(ctx, "timeline", l->person_id, l->person_id);
    for (int i = 0; ok && i < l->other_count; i++)
        ok = svc_audit_read(ctx, "timeline", l->person_id, l->others[i]);
    return ok;
}

svc_result svc_timeline_person(svc_ctx *ctx, const svc_timeline_input *in, svc_timeline_page *out)
{
    *out = (svc_timeline_page){0};
    if (!svc_may(ctx, PERM_PERSON_READ))
        return svc_forbidden(NULL);
    if (in->limit < 1)
        return svc_invalid("limit", "limit が正しくありません。");
    store_person person;
    int rc = store_person_get(ctx->db, ctx->pool, in->person_id, &person);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    out->items = pool_alloc(ctx->pool, sizeof *out->items * (size_t)in->limit);
    listing l = {.ctx = ctx,
                 .page = out,
                 .limit = in->limit,
                 .person_id = person.id,
                 .others = pool_alloc(ctx->pool, sizeof(char *) * (size_t)in->limit)};
    rc = store_timeline(ctx->db, person.id, in->before_at, in->before_seq, in->limit + 1,
                        svc_may(ctx, PERM_HEALTH_READ), svc_may(ctx, PERM_REPORT_READ),
                        svc_may(ctx, PERM_CASE_READ), add_event, &l);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    return audit_timeline(ctx, &l) ? svc_ok() : svc_error();
}
