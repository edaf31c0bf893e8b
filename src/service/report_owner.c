/* Reports: who owns one (担当者 and deputy) and how that changes. Set when the 受理会議 is
 * recorded (report_steps.c) and changed at any time by a reassignment, an event of the report's
 * history and an audited update about each child. */
#include "service/report_history.h"
#include "service/reports.h"
#include "store/users.h"

#include <string.h>

const char svc_report_owner_step[] = "owner";

/* A lead or deputy: an active account of a role that acts on reports. */
static svc_result check_staff(svc_ctx *ctx, const char *field, const char *user_id,
                              const char **name)
{
    store_user u;
    int rc = store_user_by_id(ctx->db, ctx->pool, user_id, &u);
    if (rc != STORE_OK && rc != STORE_NOT_FOUND)
        return svc_from_store(rc);
    if (rc == STORE_NOT_FOUND || u.disabled || strcmp(u.status, "active") != 0 ||
        !role_may(role_from_code(u.role), PERM_REPORT_WRITE))
        return svc_invalid(field, "担当者は通告・相談を担当できる職員（有効なアカウント）から"
                                  "指定してください。");
    if (name)
        *name = u.name;
    return svc_ok();
}

static svc_result check_owner_named(svc_ctx *ctx, const char *lead_id, const char *deputy_id,
                                    const char **lead_name, const char **deputy_name)
{
    if (!lead_id)
        return deputy_id ? svc_missing("lead_id") : svc_ok();
    svc_result r = check_staff(ctx, "lead_id", lead_id, lead_name);
    if (r.status != SVC_OK || !deputy_id)
        return r;
    if (strcmp(deputy_id, lead_id) == 0)
        return svc_invalid("deputy_id", "副担当は主担当と別の職員にしてください。");
    return check_staff(ctx, "deputy_id", deputy_id, deputy_name);
}

svc_result svc_report_check_owner(svc_ctx *ctx, const char *lead_id, const char *deputy_id)
{
    return check_owner_named(ctx, lead_id, deputy_id, NULL, NULL);
}

static const char *or_none(const char *name)
{
    return name ? name : "なし";
}

static svc_result write_owner(svc_ctx *ctx, const svc_report_owner_in *in)
{
    store_report r;
    const char *lead_name = NULL, *deputy_name = NULL;
    int rc = store_report_get(ctx->db, ctx->pool, in->report_id, &r);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    svc_result res = check_owner_named(ctx, in->lead_id, in->deputy_id, &lead_name, &deputy_name);
    if (res.status != SVC_OK)
        return res;
    if (svc_same_text(in->lead_id, r.lead_id) && svc_same_text(in->deputy_id, r.deputy_id))
        return svc_ok(); /* nothing changes */
    const char *note =
        pool_printf(ctx->pool, "主担当: %s → %s、副担当: %s → %s", or_none(r.lead_name), lead_name,
                    or_none(r.deputy_name), or_none(deputy_name));
    store_report_event e = {.step = (char *)svc_report_owner_step,
                            .at = ctx->now,
                            .note = (char *)note,
                            .recorded_by = (char *)(ctx->user_id ? ctx->user_id : "system"),
                            .recorded_at = ctx->now};
    rc = store_report_set_owner(ctx->db, r.id, in->lead_id, in->deputy_id, ctx->now, r.version);
    if (rc == STORE_OK)
        rc = store_report_event_add(ctx->db, r.id, &e);
    if (rc == STORE_OK)
        rc = svc_report_tell_children(ctx, &r, ctx->now,
                                      pool_printf(ctx->pool,
                                                  "担当者を変更しました（主担当 %s・副担当 %s）",
                                                  lead_name, or_none(deputy_name)),
                                      "update");
    return svc_from_store(rc);
}

svc_result svc_report_set_owner(svc_ctx *ctx, const svc_report_owner_in *in, svc_report_view *out)
{
    *out = (svc_report_view){0};
    if (!svc_may(ctx, PERM_REPORT_WRITE))
        return svc_forbidden(NULL);
    if (!in->lead_id)
        return svc_missing("lead_id");
    svc_result res = svc_begin(ctx);
    if (res.status == SVC_OK)
        res = write_owner(ctx, in);
    res = svc_end(ctx, res);
    if (res.status != SVC_OK)
        return res;
    return svc_report_view_load(ctx, in->report_id, false, false, out);
}
