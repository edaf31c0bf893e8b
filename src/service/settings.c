#include "service/settings.h"

#include "domain/validate.h"
#include "store/settings.h"

#include <string.h>

static svc_setting_meta meta_of(const store_setting *s)
{
    return (svc_setting_meta){
        .version = s->version, .updated_at = s->updated_at, .updated_by = s->updated_by};
}

static svc_setting_meta saved_now(const svc_ctx *ctx, int64_t expected)
{
    return (svc_setting_meta){
        .version = expected + 1, .updated_at = ctx->now, .updated_by = ctx->user_id};
}

svc_result svc_settings_risk_get(svc_ctx *ctx, svc_risk_setting *out)
{
    store_setting s;
    int rc = store_settings_risk_table(ctx->db, ctx->pool, &out->table, &s);
    if (rc == STORE_OK)
        out->meta = meta_of(&s);
    return svc_from_store(rc);
}

static const char TABLE_MESSAGE[] = "リスク表の内容が正しくありません（12項目すべて、重み0〜10、"
                                    "高リスクの下限1〜100、中リスクの下限は高リスク以下）。";

static svc_result check_table(const risk_table *t)
{
    int check = risk_table_check(t);
    if (check == RISK_BAD_THRESHOLDS) {
        /* high_from is at fault when the table fails even with the smallest medium_from */
        risk_table probe = *t;
        probe.medium_from = 1;
        return svc_invalid(risk_table_check(&probe) == 0 ? "medium_from" : "high_from",
                           TABLE_MESSAGE);
    }
    if (check != 0)
        return svc_invalid("items", TABLE_MESSAGE);
    /* New labels only: a table stored before this rule is still read. */
    for (int i = 0; i < RISK_CODE_COUNT; i++)
        if (validate_text_refused_at(t->items[i].label, strlen(t->items[i].label), false) >= 0)
            return svc_invalid("items", "項目の名前に使用できない文字（制御文字、見えない文字、"
                                        "文字の向きを変える文字など）が含まれています。");
    return svc_ok();
}

svc_result svc_settings_risk_put(svc_ctx *ctx, const risk_table *t, int64_t expected,
                                 svc_risk_setting *out)
{
    if (!svc_may(ctx, PERM_SETTINGS_WRITE))
        return svc_forbidden(NULL);
    svc_result r = check_table(t);
    if (r.status != SVC_OK)
        return r;
    r = svc_begin(ctx);
    if (r.status != SVC_OK)
        return r;
    int rc = store_settings_put_risk_table(ctx->db, t, expected, ctx->now, ctx->user_id);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, "update", "settings", "risk_table", NULL);
    r = svc_from_store(rc);
    if (r.status == SVC_OK) {
        out->table = *t;
        out->meta = saved_now(ctx, expected);
    }
    return svc_end(ctx, r);
}

svc_result svc_settings_screening_get(svc_ctx *ctx, svc_screening_setting *out)
{
    store_setting s;
    int rc = store_settings_bonding_threshold(ctx->db, ctx->pool, &out->bonding_threshold, &s);
    if (rc == STORE_OK)
        out->meta = meta_of(&s);
    return svc_from_store(rc);
}

svc_result svc_settings_screening_put(svc_ctx *ctx, int threshold, int64_t expected,
                                      svc_screening_setting *out)
{
    if (!svc_may(ctx, PERM_SETTINGS_WRITE))
        return svc_forbidden(NULL);
    if (threshold != -1 &&
        (threshold < SVC_BONDING_THRESHOLD_MIN || threshold > SVC_BONDING_THRESHOLD_MAX))
        return svc_invalid("bonding_threshold",
                           "1〜30の整数、または null（設定なし）で指定してください。");
    svc_result r = svc_begin(ctx);
    if (r.status != SVC_OK)
        return r;
    int rc =
        store_settings_put_bonding_threshold(ctx->db, threshold, expected, ctx->now, ctx->user_id);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, "update", "settings", "screening", NULL);
    r = svc_from_store(rc);
    if (r.status == SVC_OK) {
        out->bonding_threshold = threshold;
        out->meta = saved_now(ctx, expected);
    }
    return svc_end(ctx, r);
}
