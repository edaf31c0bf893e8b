/* Reports: recording a workflow step, and correcting a step recorded by mistake. Both end the
 * same way: the event, the state its standing steps add up to (workflow_replay) written only if
 * the report has not moved since it was read, the children's timelines, the audit. */
#include "service/report_history.h"
#include "service/reports.h"
#include "service/person_merges.h"
#include "store/cases.h"
#include "store/users.h"

#include <string.h>

enum { CLOCK_SKEW = 300 }; /* seconds a PC's clock may run ahead of the server's */

/* ---- checks that need no stored data ---- */

static svc_result check_child_ids(pool *p, const svc_report_step_in *in)
{
    if (in->child_count > SVC_REPORT_CHILDREN_MAX)
        return svc_invalid("child_ids", "20人までの配列で指定してください。");
    const char *twice = svc_report_repeated(p, "child_ids", in->child_ids, in->child_count, "");
    return twice ? svc_invalid(twice, "同じ子どもが二度指定されています。") : svc_ok();
}

static svc_result check_step_in(svc_ctx *ctx, const svc_report_step_in *in, report_step step)
{
    if (step == STEP_NONE || step == STEP_RECEIVED)
        return svc_invalid("step", "記録できない段階です。");
    if (in->corrects)
        return svc_invalid("corrects", "取り消す記録は step: correction で指定します。");
    if (in->has_at && in->at > ctx->now + CLOCK_SKEW)
        return svc_invalid("at", "未来の日時は入力できません。");
    if (in->urgency && workflow_urgency_from_code(in->urgency) == URGENCY_NONE)
        return svc_invalid("urgency", "緊急度は aa, a, b, c のいずれかです。");
    if (step == STEP_JURI && !in->urgency && !ctx->import_id) /* the import: not in its file */
        return svc_missing("urgency");
    if (step != STEP_JURI && (in->urgency || in->attendees))
        return svc_invalid(in->urgency ? "urgency" : "attendees",
                           "緊急度と出席者は受理会議で記録します。");
    if (step != STEP_JURI && (in->lead_id || in->deputy_id))
        return svc_invalid(in->lead_id ? "lead_id" : "deputy_id",
                           "担当者は受理会議で記録します（後からは担当者の変更で）。");
    if (in->attendee_count > SVC_REPORT_ATTENDEES_MAX)
        return svc_invalid("attendees", "出席者は30人までの配列で指定してください。");
    if (step != STEP_SAFETY_CONFIRMED && (in->has_child_ids || in->seen_by))
        return svc_invalid(in->has_child_ids ? "child_ids" : "seen_by",
                           "確認した子どもは現認（安全確認）で記録します。");
    return check_child_ids(ctx->pool, in);
}

static bool blank(const char *s)
{
    for (; *s; s++) {
        if (strncmp(s, "\xE3\x80\x80", 3) == 0) /* U+3000 IDEOGRAPHIC SPACE */
            s += 2;
        else if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    }
    return true;
}

static svc_result check_correction_in(svc_ctx *ctx, const svc_report_step_in *in)
{
    if (in->given_but_not_for_correction)
        return svc_invalid(in->given_but_not_for_correction,
                           "取り消しでは指定できない項目です（日時は取り消した時点です）。");
    if (in->corrects < 1)
        return svc_missing("corrects");
    if (!in->note || blank(in->note))
        return svc_missing("note");
    if (in->has_child_ids && in->child_count == 0)
        return svc_invalid("child_ids", "取り消す子どもを1人以上指定してください。");
    return check_child_ids(ctx->pool, in);
}

/* ---- what both write ---- */

/* The report of the step with its history, read inside the write. */
typedef struct on_report {
    store_report r;
    svc_report_history h;
} on_report;

static svc_result load_report(svc_ctx *ctx, const char *id, on_report *o)
{
    int rc = store_report_get(ctx->db, ctx->pool, id, &o->r);
    if (rc == STORE_OK)
        rc = svc_report_history_load(ctx, &o->r, &o->h);
    return svc_from_store(rc);
}

/* Adds the event and writes the state the standing steps now add up to: status, and the urgency
 * and case of the standing 受理会議 and 支援 — only if the report is still as it was read. */
static int add_and_replay(svc_ctx *ctx, on_report *o, const store_report_event *e)
{
    int rc = store_report_event_add(ctx->db, o->r.id, e);
    if (rc == STORE_OK)
        rc = svc_report_history_push(ctx->pool, &o->h, e);
    if (rc != STORE_OK)
        return rc;
    const svc_report_history *h = &o->h;
    workflow_state st =
        workflow_replay(workflow_kind_from_code(o->r.kind), h->flow, h->count, o->r.child_count);
    if (st.status == STEP_NONE)
        return STORE_ERROR;
    store_report_was was = {.version = o->r.version, .status = o->r.status};
    return store_report_set_state(ctx->db, o->r.id, workflow_step_code(st.status),
                                  st.juri >= 0 ? h->events[st.juri].urgency : NULL,
                                  st.support >= 0 ? h->events[st.support].case_id : NULL, ctx->now,
                                  was);
}

static const char *recorder(const svc_ctx *ctx)
{
    if (ctx->import_id)
        return NULL; /* no staff member: the import (store/reports.h) */
    return ctx->user_id ? ctx->user_id : "system";
}

/* ---- a step ---- */

static int report_child_index(const store_report *r, const char *id)
{
    for (int i = 0; i < r->child_count; i++)
        if (strcmp(r->children[i].child_id, id) == 0)
            return i;
    return -1;
}

/* The children a 現認 names: required (no default: a child is never recorded as seen by
 * accident), each a child of the report not yet seen. */
static svc_result check_children_seen(svc_ctx *ctx, const store_report *r,
                                      const svc_report_step_in *in)
{
    if (in->child_count == 0)
        return svc_missing("child_ids");
    svc_result merged =
        svc_person_ids_refuse_merged(ctx, in->child_ids, in->child_count, "child_ids");
    if (merged.status != SVC_OK)
        return merged;
    for (int k = 0; k < in->child_count; k++) {
        int i = report_child_index(r, in->child_ids[k]);
        if (i < 0)
            return svc_invalid(pool_printf(ctx->pool, "child_ids[%d]", k),
                               "この通告の子どもではありません。");
        if (r->children[i].confirmed_at)
            return svc_invalid(pool_printf(ctx->pool, "child_ids[%d]", k),
                               "この子どもは現認済みです。");
    }
    return svc_ok();
}

/* Who saw the children: as given, or the acting user. */
static svc_result seen_by(svc_ctx *ctx, const svc_report_step_in *in, const char **out)
{
    *out = in->seen_by;
    if (*out)
        return svc_ok();
    if (!ctx->user_id)
        return ctx->import_id ? svc_ok() : svc_missing("seen_by"); /* the import: not known */
    store_user u;
    int rc = store_user_by_id(ctx->db, ctx->pool, ctx->user_id, &u);
    *out = u.name;
    return svc_from_store(rc);
}

/* Marks the children seen; *remaining: how many of the report's are still unseen. */
static int confirm_children(svc_ctx *ctx, const store_report *r, const svc_report_step_in *in,
                            int64_t at, const char *by, int *remaining)
{
    for (int k = 0; k < in->child_count; k++) {
        int rc = store_report_confirm_child(ctx->db, r->id, in->child_ids[k], at, by);
        if (rc != STORE_OK)
            return rc;
    }
    *remaining = 0;
    for (int i = 0; i < r->child_count; i++) {
        bool seen_now = false;
        for (int k = 0; k < in->child_count; k++)
            seen_now |= strcmp(r->children[i].child_id, in->child_ids[k]) == 0;
        *remaining += !seen_now && !r->children[i].confirmed_at;
    }
    return STORE_OK;
}

static const char *step_summary(pool *p, report_step step, const svc_report_step_in *in,
                                int remaining)
{
    const char *label = workflow_step_label(step);
    if (step == STEP_JURI && !in->urgency) /* the import's: the file does not say */
        return pool_printf(p, "%s（移行データ）", label);
    if (step == STEP_JURI) {
        char code[4] = {0};
        for (int i = 0; in->urgency[i] && i < 3; i++)
            code[i] = (char)(in->urgency[i] - 'a' + 'A');
        return pool_printf(p, "%s（緊急度%s）", label, code);
    }
    if (step == STEP_SAFETY_CONFIRMED)
        return remaining
                   ? pool_printf(p, "%s（%d人を確認・残り%d人）", label, in->child_count, remaining)
                   : pool_printf(p, "%s（全員を確認）", label);
    return pool_printf(p, "%sを記録しました", label);
}

/* Whether the step may be recorded on the report as it stands. */
static svc_result check_step_on(svc_ctx *ctx, const store_report *r, report_step step, int64_t at)
{
    report_kind kind = workflow_kind_from_code(r->kind);
    report_step status = workflow_step_from_code(r->status);
    if (!workflow_may_record(kind, status, step, !svc_report_all_confirmed(r))) {
        svc_result res = svc_invalid_transition(
            pool_printf(ctx->pool, "「%s」の後に「%s」は記録できません。",
                        workflow_step_label(status), workflow_step_label(step)));
        res.field = "step";
        return res;
    }
    if (at < r->received_at)
        return svc_invalid("at", "受付日時より前の日時は入力できません。");
    return svc_ok();
}

/* A case named at `support` (api.md: "an open case holding the report's children"): it exists,
 * is open, and has every child of the report among its current subjects. Older rows hold free
 * text in case_id; they stay as they are and are shown as they were. */
static svc_result check_case_link(svc_ctx *ctx, const store_report *r, report_step step,
                                  const char *case_id)
{
    if (!case_id)
        return svc_ok();
    if (step != STEP_SUPPORT)
        return svc_invalid("case_id", "ケースは「支援」の記録にだけ指定します。");
    store_case k;
    int rc = store_case_get(ctx->db, ctx->pool, case_id, &k);
    if (rc == STORE_NOT_FOUND)
        return svc_invalid("case_id", "指定されたケースが見つかりません。");
    if (rc != STORE_OK)
        return svc_from_store(rc);
    if (strcmp(k.status, "open") != 0)
        return svc_invalid("case_id", "終結したケースは指定できません。");
    for (int i = 0; i < r->child_count; i++) {
        bool held = false;
        for (int s = 0; s < k.subject_count && !held; s++)
            held = !k.subjects[s].removed_on &&
                   strcmp(k.subjects[s].person_id, r->children[i].child_id) == 0;
        if (!held)
            return svc_invalid("case_id",
                               "このケースの対象者に、通告・相談の子どもが全員含まれていません。");
    }
    return svc_ok();
}

static svc_result write_step(svc_ctx *ctx, const svc_report_step_in *in, report_step step)
{
    on_report o;
    int64_t at = in->has_at ? in->at : ctx->now;
    svc_result res = load_report(ctx, in->report_id, &o);
    if (res.status == SVC_OK)
        res = check_step_on(ctx, &o.r, step, at);
    if (res.status == SVC_OK)
        res = check_case_link(ctx, &o.r, step, in->case_id);
    bool seeing = step == STEP_SAFETY_CONFIRMED;
    const char *by = NULL;
    if (seeing && res.status == SVC_OK)
        res = check_children_seen(ctx, &o.r, in);
    if (seeing && res.status == SVC_OK)
        res = seen_by(ctx, in, &by);
    if (res.status == SVC_OK && step == STEP_JURI)
        res = svc_report_check_owner(ctx, in->lead_id, in->deputy_id);
    if (res.status != SVC_OK)
        return res;
    store_report_event e = {
        .step = (char *)workflow_step_code(step),
        .at = at,
        .note = (char *)in->note,
        .urgency = (char *)in->urgency,
        .attendees = in->attendees
                         ? store_report_list_encode(ctx->pool, in->attendees, in->attendee_count)
                         : NULL,
        .child_ids =
            seeing ? store_report_list_encode(ctx->pool, in->child_ids, in->child_count) : NULL,
        .seen_by = (char *)by,
        .case_id = (char *)in->case_id,
        .recorded_by = (char *)recorder(ctx),
        .recorded_at = ctx->now};
    int remaining = 0;
    int rc = seeing ? confirm_children(ctx, &o.r, in, at, by, &remaining) : STORE_OK;
    if (rc == STORE_OK)
        rc = add_and_replay(ctx, &o, &e);
    if (rc == STORE_OK && in->lead_id) /* the 受理会議 names the owner (its version counted) */
        rc = store_report_set_owner(ctx->db, o.r.id, in->lead_id, in->deputy_id, ctx->now, 0);
    if (rc == STORE_OK)
        rc = svc_report_tell_children(ctx, &o.r, at, step_summary(ctx->pool, step, in, remaining),
                                      "update");
    return svc_from_store(rc);
}

/* ---- a correction ---- */

static svc_result refuse_correction(workflow_correction why)
{
    const char *msg = "受付と取り消しの記録は取り消せません。";
    if (why == CORRECTION_ALREADY)
        msg = "この記録はすでに取り消されています。";
    else if (why == CORRECTION_NOT_LATEST)
        msg = "取り消せるのは最後の記録と現認（安全確認）だけです。後の記録から順に取り消して"
              "ください。";
    svc_result res = svc_invalid_transition(msg);
    res.field = "corrects";
    return res;
}

/* Which children of a 現認 the correction takes back: those named (each one it still confirms),
 * or all it still confirms. Another step takes no children. */
static svc_result children_taken_back(svc_ctx *ctx, const svc_report_history *h, int target,
                                      const svc_report_step_in *in, uint32_t *out)
{
    const workflow_event *f = &h->flow[target];
    *out = 0;
    if (f->step != STEP_SAFETY_CONFIRMED)
        return in->has_child_ids
                   ? svc_invalid("child_ids", "子どもを指定できるのは現認の取り消しだけです。")
                   : svc_ok();
    if (!in->has_child_ids) {
        *out = f->children;
        return svc_ok();
    }
    svc_result merged =
        svc_person_ids_refuse_merged(ctx, in->child_ids, in->child_count, "child_ids");
    if (merged.status != SVC_OK)
        return merged;
    for (int k = 0; k < in->child_count; k++) {
        uint32_t bit = svc_report_child_bit(h->report, in->child_ids[k]);
        if (!(bit & f->children))
            return svc_invalid(pool_printf(ctx->pool, "child_ids[%d]", k),
                               "この現認で確認済みとされている子どもではありません。");
        *out |= bit;
    }
    return svc_ok();
}

/* A child whose 現認 was taken back: seen as the earliest standing 現認 that names them says
 * (an older record may name a child twice), or unseen again. */
static int restate_child(svc_ctx *ctx, const svc_report_history *h, int child)
{
    const store_report *r = h->report;
    for (int i = 0; i < h->count; i++) {
        const workflow_event *f = &h->flow[i];
        if (f->step == STEP_SAFETY_CONFIRMED && (f->children & ((uint32_t)1 << child)))
            return store_report_set_child_confirmation(ctx->db, r->id, r->children[child].child_id,
                                                       h->events[i].at, h->events[i].seen_by);
    }
    return store_report_set_child_confirmation(ctx->db, r->id, r->children[child].child_id, 0,
                                               NULL);
}

static int popcount(uint32_t bits)
{
    int n = 0;
    for (; bits; bits &= bits - 1)
        n++;
    return n;
}

static const char *correction_summary(pool *p, const store_report_event *target, uint32_t taken)
{
    report_step step = workflow_step_from_code(target->step);
    if (step == STEP_SAFETY_CONFIRMED)
        return pool_printf(p, "%sの記録を取り消しました（%d人を未確認に戻しました）",
                           workflow_step_label(step), popcount(taken));
    return pool_printf(p, "%sの記録を取り消しました", workflow_step_label(step));
}

/* Which step the correction takes back, and which of its children. */
static svc_result correction_target(svc_ctx *ctx, const on_report *o, const svc_report_step_in *in,
                                    int *target, uint32_t *taken)
{
    *target = svc_report_history_find(&o->h, in->corrects);
    if (*target < 0)
        return svc_invalid("corrects", "この通告にその番号の記録はありません。");
    workflow_correction why = workflow_may_correct(o->h.flow, o->h.count, *target);
    if (why != CORRECTION_ALLOWED)
        return refuse_correction(why);
    return children_taken_back(ctx, &o->h, *target, in, taken);
}

static svc_result write_correction(svc_ctx *ctx, const svc_report_step_in *in)
{
    on_report o;
    int target = -1;
    uint32_t taken = 0;
    svc_result res = load_report(ctx, in->report_id, &o);
    if (res.status == SVC_OK)
        res = correction_target(ctx, &o, in, &target, &taken);
    if (res.status != SVC_OK)
        return res;
    int n;
    char **ids = svc_report_child_ids(ctx->pool, &o.r, taken, &n);
    store_report_event e = {
        .step = (char *)workflow_correction_code(),
        .at = ctx->now,
        .note = (char *)in->note,
        .child_ids =
            taken ? store_report_list_encode(ctx->pool, (const char *const *)ids, n) : NULL,
        .recorded_by = (char *)recorder(ctx),
        .recorded_at = ctx->now,
        .corrects = in->corrects};
    const char *summary = correction_summary(ctx->pool, &o.h.events[target], taken);
    int rc = add_and_replay(ctx, &o, &e);
    for (int i = 0; i < o.r.child_count && i < WORKFLOW_CHILDREN_MAX && rc == STORE_OK; i++)
        if (taken & ((uint32_t)1 << i))
            rc = restate_child(ctx, &o.h, i);
    if (rc == STORE_OK)
        rc = svc_report_tell_children(ctx, &o.r, ctx->now, summary, "update");
    return svc_from_store(rc);
}

svc_result svc_report_add_event(svc_ctx *ctx, const svc_report_step_in *in, svc_report_view *out)
{
    *out = (svc_report_view){0};
    if (!in->step)
        return svc_missing("step");
    bool correction = strcmp(in->step, workflow_correction_code()) == 0;
    report_step step = correction ? STEP_NONE : workflow_step_from_code(in->step);
    svc_result res = correction ? check_correction_in(ctx, in) : check_step_in(ctx, in, step);
    if (res.status != SVC_OK)
        return res;
    res = svc_begin(ctx);
    if (res.status == SVC_OK)
        res = correction ? write_correction(ctx, in) : write_step(ctx, in, step);
    res = svc_end(ctx, res);
    if (res.status != SVC_OK)
        return res;
    return svc_report_view_load(ctx, in->report_id, false, false, out);
}
