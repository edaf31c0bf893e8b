#include "service/case_summary.h"

#include <string.h>

const store_summary_contact *svc_case_summary_contact(const store_case_summary *s,
                                                      const char *person_id)
{
    for (int i = 0; i < s->contact_count; i++)
        if (strcmp(s->contacts[i].person_id, person_id) == 0)
            return &s->contacts[i];
    return NULL;
}

/* Leaves out every protected address and phone before anything is built from them. */
static void withhold_protected(svc_ctx *ctx, svc_case_summary *out)
{
    out->withheld =
        pool_zalloc(ctx->pool, sizeof *out->withheld * (size_t)(out->kase.subject_count + 1));
    for (int i = 0; i < out->s.contact_count; i++) {
        store_summary_contact *c = &out->s.contacts[i];
        if (c->address_protected)
            c->address = c->phone = NULL;
    }
    for (int i = 0; i < out->kase.subject_count; i++) {
        const store_summary_contact *c =
            svc_case_summary_contact(&out->s, out->kase.subjects[i].person_id);
        out->withheld[i] = c && c->address_protected;
    }
    if (out->s.household_protected)
        out->s.household_address = NULL;
}

static svc_result read_in_snapshot(svc_ctx *ctx, const char *case_id, svc_case_summary *out)
{
    int rc = store_case_get(ctx->db, ctx->pool, case_id, &out->kase);
    if (rc == STORE_OK)
        rc = store_case_summary_read(ctx->db, ctx->pool, case_id, out->kase.household_id, &out->s);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    withhold_protected(ctx, out);
    bool ok = true;
    for (int i = 0; i < out->kase.subject_count; i++)
        ok &= svc_audit_read(ctx, "case", out->kase.id, out->kase.subjects[i].person_id);
    return ok ? svc_ok() : svc_error();
}

svc_result svc_case_summary_get(svc_ctx *ctx, const char *case_id, svc_case_summary *out)
{
    *out = (svc_case_summary){0};
    if (!svc_may(ctx, PERM_CASE_READ))
        return svc_forbidden(NULL);
    if (ctx->in_transaction)
        return read_in_snapshot(ctx, case_id, out);
    int rc = store_begin_read(ctx->db);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    svc_result r = read_in_snapshot(ctx, case_id, out);
    store_end_read(ctx->db);
    return r;
}
