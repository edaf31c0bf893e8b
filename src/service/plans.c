#include "service/plans.h"

#include "service/case_settings.h"
#include "service/person_merges.h"
#include "util/random.h"

#include <stdint.h>
#include <string.h>

/* ---- checks ---- */

static bool parse(const char *s, date_ymd *out)
{
    return s && date_parse(s, strlen(s), out);
}

static svc_result check_subjects(svc_ctx *ctx, const char *case_id, const plan_content *in)
{
    if (in->subject_count < 1)
        return svc_missing("subject_ids");
    if (in->subject_count > PLAN_SUBJECTS_MAX)
        return svc_invalid("subject_ids", "対象者は20人までです。");
    for (int i = 0; i < in->subject_count; i++) {
        for (int j = 0; j < i; j++)
            if (strcmp(in->subject_ids[i], in->subject_ids[j]) == 0)
                return svc_invalid("subject_ids", "同じ対象者が重複しています。");
        svc_result r = svc_person_id_refuse_merged(ctx, in->subject_ids[i],
                                                   pool_printf(ctx->pool, "subject_ids[%d]", i));
        if (r.status != SVC_OK)
            return r;
        int rc = store_plan_case_subject(ctx->db, case_id, in->subject_ids[i]);
        if (rc == STORE_NOT_FOUND)
            return svc_invalid("subject_ids", "ケースの対象者から選んでください。");
        if (rc != STORE_OK)
            return svc_from_store(rc);
    }
    return svc_ok();
}

static svc_result check_texts(svc_ctx *ctx, const plan_content *in)
{
    const char *texts[] = {in->guardian_wishes, in->child_views, in->situation, in->long_term_goal,
                           in->short_term_goals};
    const char *names[] = {"guardian_wishes", "child_views", "situation", "long_term_goal",
                           "short_term_goals"};
    for (int i = 0; i < 5; i++) {
        svc_result r = svc_check_length(ctx, names[i], texts[i], PLAN_TEXT_MAX);
        if (r.status != SVC_OK)
            return r;
    }
    return svc_ok();
}

static svc_result check_services(const plan_content *in)
{
    if (in->service_count > PLAN_SERVICES_MAX)
        return svc_invalid("services", "支援の内容は50行までです。");
    for (int i = 0; i < in->service_count; i++) {
        const plan_service *s = &in->services[i];
        date_ymd from, to;
        if (!s->what || !*s->what)
            return svc_invalid("services", "支援の内容（what）を入力してください。");
        if ((s->from_on && !parse(s->from_on, &from)) || (s->to_on && !parse(s->to_on, &to)))
            return svc_invalid("services", "期間の日付が正しくありません。");
        if (s->from_on && s->to_on && date_compare(to, from) < 0)
            return svc_invalid("services", "期間の終わりが始まりより前です。");
    }
    return svc_ok();
}

static svc_result check_contacts(const plan_content *in)
{
    if (in->contact_count > PLAN_CONTACTS_MAX)
        return svc_invalid("emergency_contacts", "緊急連絡先は20件までです。");
    for (int i = 0; i < in->contact_count; i++)
        if (!in->contacts[i].name || !*in->contacts[i].name)
            return svc_invalid("emergency_contacts", "緊急連絡先の名前を入力してください。");
    return svc_ok();
}

/* A date that must not lie after today, nor before `not_before` when given. */
static svc_result check_past_date(const svc_ctx *ctx, const char *field, const char *s,
                                  const date_ymd *not_before)
{
    date_ymd d;
    if (!parse(s, &d))
        return svc_invalid(field, "日付は YYYY-MM-DD で指定してください。");
    if (date_compare(d, ctx->today) > 0)
        return svc_invalid(field, "今日より後の日付は指定できません。");
    if (not_before && date_compare(d, *not_before) < 0)
        return svc_invalid(field, "承認日より前の日付は指定できません。");
    return svc_ok();
}

static svc_result check_content(svc_ctx *ctx, const char *case_id, const plan_content *in)
{
    svc_result r = check_texts(ctx, in);
    if (r.status == SVC_OK)
        r = check_services(in);
    if (r.status == SVC_OK)
        r = check_contacts(in);
    date_ymd d;
    if (r.status == SVC_OK && in->review_on && !parse(in->review_on, &d))
        r = svc_invalid("review_on", "日付は YYYY-MM-DD で指定してください。");
    if (r.status == SVC_OK && in->handed_on)
        r = check_past_date(ctx, "handed_on", in->handed_on, NULL);
    if (r.status == SVC_OK)
        r = check_subjects(ctx, case_id, in);
    return r;
}

/* The case, which must exist; with must_be_open, closed is INVALID_TRANSITION. */
static svc_result load_case(svc_ctx *ctx, const char *case_id, bool must_be_open,
                            store_plan_case *out)
{
    svc_result r = svc_from_store(store_plan_case_get(ctx->db, ctx->pool, case_id, out));
    if (r.status == SVC_OK && must_be_open && strcmp(out->status, "open") != 0)
        return svc_invalid_transition("終結したケースのプランは変更できません。");
    return r;
}

/* ---- what is shown ---- */

/* The version with its changes from the one before (read from the store unless given). */
static svc_result complete(svc_ctx *ctx, svc_plan *out, const store_plan *prev_given, bool newest)
{
    store_plan prev;
    const store_plan *before = prev_given;
    if (!before && out->plan.plan_version > 1) {
        int rc = store_plan_get_number(ctx->db, ctx->pool, out->plan.case_id,
                                       out->plan.plan_version - 1, &prev);
        if (rc != STORE_OK)
            return svc_from_store(rc == STORE_NOT_FOUND ? STORE_ERROR : rc);
        before = &prev;
    }
    out->change_count =
        plan_changes(before ? &before->content : NULL, &out->plan.content, out->changes);
    out->newest = newest;
    return svc_ok();
}

static bool audit_read(svc_ctx *ctx, const store_plan *pl)
{
    bool ok = true;
    for (int i = 0; i < pl->content.subject_count; i++)
        ok &= svc_audit_read(ctx, "plan", pl->id, pl->content.subject_ids[i]);
    return ok;
}

static svc_result is_newest(svc_ctx *ctx, const store_plan *pl, bool *newest)
{
    store_plan next;
    int rc = store_plan_get_number(ctx->db, ctx->pool, pl->case_id, pl->plan_version + 1, &next);
    *newest = rc == STORE_NOT_FOUND;
    return rc == STORE_NOT_FOUND ? svc_ok() : svc_from_store(rc);
}

/* The version as it now is, read again after a change (the change already audited). */
static svc_result reload(svc_ctx *ctx, const char *case_id, const char *plan_id, svc_plan *out)
{
    *out = (svc_plan){0};
    svc_result r = svc_from_store(store_plan_get(ctx->db, ctx->pool, case_id, plan_id, &out->plan));
    bool newest = false;
    if (r.status == SVC_OK)
        r = is_newest(ctx, &out->plan, &newest);
    if (r.status == SVC_OK)
        r = complete(ctx, out, NULL, newest);
    return r;
}

svc_result svc_plans_get(svc_ctx *ctx, const char *case_id, const char *plan_id, svc_plan *out)
{
    if (!svc_may(ctx, PERM_CASE_READ))
        return svc_forbidden(NULL);
    svc_result r = reload(ctx, case_id, plan_id, out);
    if (r.status == SVC_OK && !audit_read(ctx, &out->plan))
        return svc_error();
    return r;
}

svc_result svc_plans_list(svc_ctx *ctx, const char *case_id, int64_t before_version, int limit,
                          svc_plan **out, int *count)
{
    if (!svc_may(ctx, PERM_CASE_READ))
        return svc_forbidden(NULL);
    store_plan_case c;
    svc_result r = load_case(ctx, case_id, false, &c);
    if (r.status != SVC_OK)
        return r;
    /* limit + 1 to show, and one more: the version before the last one shown */
    store_plan *plans;
    int n;
    int rc =
        store_plans_of_case(ctx->db, ctx->pool, case_id,
                            before_version > 0 ? before_version : INT64_MAX, limit + 2, &plans, &n);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    int shown = n > limit + 1 ? limit + 1 : n;
    svc_plan *items = pool_zalloc(ctx->pool, sizeof *items * (size_t)(shown ? shown : 1));
    for (int i = 0; i < shown && r.status == SVC_OK; i++) {
        items[i].plan = plans[i];
        bool newest = before_version <= 0 && i == 0;
        r = complete(ctx, &items[i], i + 1 < n ? &plans[i + 1] : NULL, newest);
        if (r.status == SVC_OK && i < limit && !audit_read(ctx, &plans[i]))
            r = svc_error();
    }
    *out = items;
    *count = shown;
    return r;
}

/* ---- writes ---- */

/* One event on the family's timeline (every member's, through the case's household: once, not
 * once per target person) and an audited change of the plan about each target person. */
static svc_result tell_subjects(svc_ctx *ctx, const store_plan_case *c, const store_plan *pl,
                                event_kind kind, const char *summary, const char *action)
{
    int rc = svc_add_household_event(ctx, ctx->now, kind, summary, "plan", pl->id, c->household_id);
    for (int i = 0; i < pl->content.subject_count && rc == STORE_OK; i++)
        rc = svc_audit_change(ctx, action, "plan", pl->id, pl->content.subject_ids[i]);
    return svc_from_store(rc);
}

static svc_result write_version(svc_ctx *ctx, store_plan *pl)
{
    store_plan_case c;
    svc_result r = load_case(ctx, pl->case_id, true, &c);
    if (r.status == SVC_OK)
        r = check_content(ctx, pl->case_id, &pl->content);
    if (r.status != SVC_OK)
        return r;
    int rc = store_plan_insert(ctx->db, pl, &pl->plan_version);
    if (rc == STORE_CONSTRAINT) /* another writer took the number: the user reads it first */
        return svc_conflict();
    if (rc != STORE_OK)
        return svc_from_store(rc);
    const char *summary = pool_printf(ctx->pool, "サポートプラン（第%lld版）を作成しました",
                                      (long long)pl->plan_version);
    return tell_subjects(ctx, &c, pl, EVENT_PLAN_WRITTEN, summary, "create");
}

svc_result svc_plans_create(svc_ctx *ctx, const char *case_id, const plan_content *in,
                            svc_plan *out)
{
    if (!svc_may(ctx, PERM_CASE_WRITE))
        return svc_forbidden(NULL);
    char *id = pool_alloc(ctx->pool, RANDOM_ID_LEN + 1);
    random_id(id);
    store_plan pl = {.id = id,
                     .case_id = (char *)case_id,
                     .content = *in,
                     .created_by = (char *)ctx->user_id,
                     .created_at = ctx->now};
    svc_result r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = write_version(ctx, &pl);
    r = svc_end(ctx, r);
    return r.status == SVC_OK ? reload(ctx, case_id, id, out) : r;
}

/* The plan of the case about to change, which must be open. */
static svc_result load_for_change(svc_ctx *ctx, const char *case_id, const char *plan_id,
                                  store_plan *pl, store_plan_case *c)
{
    svc_result r = svc_from_store(store_plan_get(ctx->db, ctx->pool, case_id, plan_id, pl));
    if (r.status == SVC_OK)
        r = load_case(ctx, case_id, true, c);
    return r;
}

static svc_result approve(svc_ctx *ctx, const char *case_id, const char *plan_id)
{
    store_plan pl;
    store_plan_case c;
    svc_result r = load_for_change(ctx, case_id, plan_id, &pl, &c);
    svc_case_intervals iv;
    if (r.status == SVC_OK)
        r = svc_settings_case_intervals_get(ctx, &iv);
    if (r.status != SVC_OK)
        return r;
    char review_on[11];
    date_format(plan_review_after_approval(ctx->today, iv.plan_review_months), review_on);
    int rc = store_plan_approve(ctx->db, plan_id, ctx->user_id, ctx->now, review_on);
    if (rc == STORE_CONFLICT)
        return svc_invalid_transition("承認できるのは最新版の下書きだけです。");
    if (rc != STORE_OK)
        return svc_from_store(rc);
    const char *summary = pool_printf(ctx->pool, "サポートプラン（第%lld版）を承認しました",
                                      (long long)pl.plan_version);
    return tell_subjects(ctx, &c, &pl, EVENT_PLAN_APPROVED, summary, "approve");
}

svc_result svc_plans_approve(svc_ctx *ctx, const char *case_id, const char *plan_id, svc_plan *out)
{
    if (!svc_may(ctx, PERM_PLAN_APPROVE))
        return svc_forbidden("プランの承認はセンター長が行います。");
    svc_result r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = approve(ctx, case_id, plan_id);
    r = svc_end(ctx, r);
    return r.status == SVC_OK ? reload(ctx, case_id, plan_id, out) : r;
}

static date_ymd approved_on(const store_plan *pl)
{
    return date_jst_of_instant(pl->approved_at);
}

static svc_result review(svc_ctx *ctx, const char *case_id, const char *plan_id, int64_t expected,
                         const char *on, const char *review_on)
{
    store_plan pl;
    store_plan_case c;
    svc_result r = load_for_change(ctx, case_id, plan_id, &pl, &c);
    if (r.status != SVC_OK)
        return r;
    if (strcmp(pl.status, "approved") != 0)
        return svc_invalid_transition("見直しを記録できるのは承認済みのプランだけです。");
    if (expected > 0 && pl.version != expected)
        return svc_conflict();
    date_ymd since = approved_on(&pl), d_on, d_next;
    r = check_past_date(ctx, "on", on, &since);
    if (r.status != SVC_OK)
        return r;
    if (!parse(on, &d_on) || !parse(review_on, &d_next) || !plan_next_review_valid(d_on, d_next))
        return svc_invalid("review_on", "次回の見直し日は見直しをした日より後にしてください。");
    int rc = store_plan_reviewed(ctx->db, plan_id, expected, on, review_on, ctx->now);
    if (rc == STORE_CONFLICT)
        return svc_invalid_transition("より新しい版が承認されています。");
    if (rc != STORE_OK)
        return svc_from_store(rc);
    const char *summary =
        pool_printf(ctx->pool, "サポートプラン（第%lld版）を見直しました（次回 %s）",
                    (long long)pl.plan_version, review_on);
    return tell_subjects(ctx, &c, &pl, EVENT_PLAN_REVIEWED, summary, "review");
}

svc_result svc_plans_reviewed(svc_ctx *ctx, const char *case_id, const char *plan_id,
                              int64_t expected, const char *on, const char *review_on,
                              svc_plan *out)
{
    if (!svc_may(ctx, PERM_CASE_WRITE))
        return svc_forbidden(NULL);
    if (!on)
        return svc_missing("on");
    if (!review_on)
        return svc_missing("review_on");
    svc_result r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = review(ctx, case_id, plan_id, expected, on, review_on);
    r = svc_end(ctx, r);
    return r.status == SVC_OK ? reload(ctx, case_id, plan_id, out) : r;
}

static svc_result hand(svc_ctx *ctx, const char *case_id, const char *plan_id, const char *on)
{
    store_plan pl;
    store_plan_case c;
    svc_result r = load_for_change(ctx, case_id, plan_id, &pl, &c);
    if (r.status != SVC_OK)
        return r;
    if (strcmp(pl.status, "approved") != 0 || pl.content.handed_on)
        return svc_invalid_transition("手渡し日を記録できるのは承認済みで未記録のプランだけです。");
    date_ymd since = approved_on(&pl);
    r = check_past_date(ctx, "on", on, &since);
    if (r.status != SVC_OK)
        return r;
    int rc = store_plan_handed(ctx->db, plan_id, on, ctx->now);
    if (rc == STORE_CONFLICT)
        return svc_invalid_transition("手渡し日は記録済みです。");
    for (int i = 0; i < pl.content.subject_count && rc == STORE_OK; i++)
        rc = svc_audit_change(ctx, "hand", "plan", pl.id, pl.content.subject_ids[i]);
    return svc_from_store(rc);
}

svc_result svc_plans_handed(svc_ctx *ctx, const char *case_id, const char *plan_id, const char *on,
                            svc_plan *out)
{
    if (!svc_may(ctx, PERM_CASE_WRITE))
        return svc_forbidden(NULL);
    if (!on)
        return svc_missing("on");
    svc_result r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = hand(ctx, case_id, plan_id, on);
    r = svc_end(ctx, r);
    return r.status == SVC_OK ? reload(ctx, case_id, plan_id, out) : r;
}
