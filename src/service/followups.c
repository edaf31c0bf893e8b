#include "service/followups.h"

#include "domain/visit_kinds.h"
#include "service/person_merges.h"

#include <string.h>

/* What the two kinds of record differ in. */
typedef struct followup_target {
    const char *object_type;
    event_kind event_kind;
    const char *event_summary;
    const char *already; /* the follow-up is recorded already */
    /* Loads the record into out; sets the person, whether it has a follow-up and whether it
     * may have one. A store status. */
    int (*load)(svc_ctx *ctx, const char *id, svc_followed_up *out, const char **person_id,
                bool *recorded, bool *eligible);
    int (*write)(store_conn *c, const char *id, const store_followup *f, int64_t now);
} followup_target;

static int load_screening(svc_ctx *ctx, const char *id, svc_followed_up *out,
                          const char **person_id, bool *recorded, bool *eligible)
{
    int rc = store_screening_get(ctx->db, ctx->pool, id, &out->screening);
    *person_id = out->screening.person_id;
    *recorded = rc == STORE_OK && out->screening.followup.on;
    *eligible = true;
    return rc;
}

static int load_visit(svc_ctx *ctx, const char *id, svc_followed_up *out, const char **person_id,
                      bool *recorded, bool *eligible)
{
    int rc = store_visit_get(ctx->db, ctx->pool, id, &out->visit);
    *person_id = out->visit.person_id;
    *recorded = rc == STORE_OK && out->visit.followup.on;
    *eligible = rc == STORE_OK && visit_status_from_code(out->visit.status) == VISIT_MISSED;
    return rc;
}

static const followup_target targets[] = {
    [SVC_FOLLOWUP_SCREENING] = {"screening", EVENT_SCREENING_FOLLOWUP,
                                "スクリーニング後のフォローを記録しました",
                                "このスクリーニングのフォローは記録済みです。", load_screening,
                                store_screening_followup},
    [SVC_FOLLOWUP_MISSED_CHECKUP] = {"visit", EVENT_CHECKUP_FOLLOWUP,
                                     "未受診の健診についてフォローを記録しました",
                                     "この健診のフォローは記録済みです。", load_visit,
                                     store_visit_followup},
};

/* The date of the follow-up: on, or today when none; never after today. */
static svc_result followup_date(svc_ctx *ctx, const char *on, const char **out)
{
    date_ymd d;
    if (on && !date_parse(on, strlen(on), &d))
        return svc_invalid("on", "日付は YYYY-MM-DD の形式で入力してください。");
    if (on && date_compare(d, ctx->today) > 0)
        return svc_invalid("on", "未来の日付は入力できません。");
    if (!on) {
        char *today = pool_alloc(ctx->pool, 11);
        date_format(ctx->today, today);
        on = today;
    }
    *out = on;
    return svc_ok();
}

static svc_result record(svc_ctx *ctx, const followup_target *t, const svc_followup_input *in,
                         const store_followup *f, svc_followed_up *out)
{
    const char *person_id;
    bool recorded, eligible;
    int rc = t->load(ctx, in->id, out, &person_id, &recorded, &eligible);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    if (!eligible)
        return svc_invalid_transition("フォローは未受診の健診にだけ記録できます。");
    if (recorded)
        return svc_invalid_transition(t->already);
    svc_result r = svc_person_id_refuse_merged(ctx, person_id, "id");
    if (r.status != SVC_OK)
        return r;
    rc = t->write(ctx->db, in->id, f, ctx->now);
    if (rc == STORE_CONFLICT) /* recorded by someone else since it was read */
        return svc_invalid_transition(t->already);
    if (rc == STORE_OK)
        rc = svc_add_event(ctx, ctx->now, t->event_kind, t->event_summary, t->object_type, in->id,
                           person_id);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, "update", t->object_type, in->id, person_id);
    if (rc == STORE_OK)
        rc = t->load(ctx, in->id, out, &person_id, &recorded, &eligible);
    return svc_from_store(rc);
}

svc_result svc_followups_record(svc_ctx *ctx, const svc_followup_input *in, svc_followed_up *out)
{
    if ((int)in->of < 0 || (size_t)in->of >= sizeof targets / sizeof targets[0])
        return svc_error();
    const char *on = NULL;
    svc_result r = followup_date(ctx, in->on, &on);
    if (r.status != SVC_OK)
        return r;
    store_followup f = {
        .on = (char *)on, .note = (char *)in->note, .by = (char *)ctx->user_id, .at = ctx->now};
    r = svc_begin(ctx);
    if (r.status != SVC_OK)
        return r;
    return svc_end(ctx, record(ctx, &targets[in->of], in, &f, out));
}
