#include "service/exports.h"

#include "service/persons.h"

typedef struct person_exporting {
    svc_ctx *ctx;
    svc_export_person_fn fn;
    void *arg;
    bool failed;
} person_exporting;

typedef struct report_exporting {
    svc_ctx *ctx;
    svc_export_report_fn fn;
    void *arg;
    bool failed;
} report_exporting;

static int export_person(void *arg, const store_person *p, const char *matched_key)
{
    (void)matched_key;
    person_exporting *e = arg;
    store_person shown = *p;
    e->failed = !svc_person_address_shown(e->ctx, &shown, ADDRESS_VIEW_PAPER) ||
                !svc_audit_read_action(e->ctx, "export", "person", p->id, p->id) ||
                e->fn(e->arg, &shown) != 0;
    return e->failed;
}

static int export_report(void *arg, const store_report_export_row *r)
{
    report_exporting *e = arg;
    /* The audit keeps the ids past the row: copies (the row's strings are the store's). */
    pool *p = e->ctx->pool;
    e->failed = !svc_audit_read_action(e->ctx, "export", "report", pool_strdup(p, r->id),
                                       pool_strdup(p, r->child_id)) ||
                e->fn(e->arg, r) != 0;
    return e->failed;
}

/* The end of an export: the export itself audited when every row was written. */
static svc_result exported(svc_ctx *ctx, const char *what, bool failed, int rc)
{
    if (rc != STORE_OK)
        return svc_from_store(rc);
    if (failed || !svc_audit_read_action(ctx, "export", "export", what, NULL))
        return svc_error();
    return svc_ok();
}

svc_result svc_export_persons(svc_ctx *ctx, svc_export_person_fn fn, void *arg)
{
    if (!svc_may(ctx, PERM_COUNCIL_EXPORT))
        return svc_forbidden(NULL);
    person_exporting e = {.ctx = ctx, .fn = fn, .arg = arg};
    int rc = store_persons_each(ctx->db, ctx->pool, export_person, &e);
    return exported(ctx, "persons", e.failed, rc);
}

svc_result svc_export_reports(svc_ctx *ctx, svc_export_report_fn fn, void *arg)
{
    if (!svc_may(ctx, PERM_COUNCIL_EXPORT))
        return svc_forbidden(NULL);
    report_exporting e = {.ctx = ctx, .fn = fn, .arg = arg};
    int rc = store_report_export_rows(ctx->db, export_report, &e);
    return exported(ctx, "reports", e.failed, rc);
}
