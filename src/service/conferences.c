/* Conferences: recording a meeting (its decisions take effect), reading, listing, closing an
 * action. The agenda is in conference_agenda.c. */
#include "service/conferences.h"
#include "domain/case_codes.h"
#include "domain/conference_rules.h"
#include "service/case_settings.h"
#include "service/person_merges.h"
#include "store/pregnancies.h"
#include "store/users.h"
#include "util/random.h"

#include <string.h>

/* ---- checking the input ---- */

static bool parse_date(const char *s, date_ymd *out)
{
    return s && date_parse(s, strlen(s), out);
}

static int index_of(const char *const *ids, int n, const char *id)
{
    for (int i = 0; id && i < n; i++)
        if (strcmp(ids[i], id) == 0)
            return i;
    return -1;
}

static svc_result check_head(svc_ctx *ctx, const svc_conference_in *in)
{
    date_ymd held;
    if (!in->kind)
        return svc_missing("kind");
    if (!vocab_has(&conference_kinds, in->kind))
        return svc_invalid("kind", "選択肢にない会議の種類です。");
    if (!in->held_on)
        return svc_missing("held_on");
    if (!parse_date(in->held_on, &held))
        return svc_invalid("held_on", "日付は YYYY-MM-DD で入力してください。");
    if (!conference_held_on_ok(held, ctx->today))
        return svc_invalid("held_on", "開催日が未来になっています。");
    if (in->case_count > SVC_CONFERENCE_CASES_MAX)
        return svc_invalid("case_ids", "ケースは500件までの配列で指定してください。");
    for (int i = 0; i < in->case_count; i++)
        if (index_of(in->case_ids, i, in->case_ids[i]) >= 0)
            return svc_invalid(pool_printf(ctx->pool, "case_ids[%d]", i),
                               "同じケースが二度指定されています。");
    for (int i = 0; i < in->discussion_count; i++)
        if (index_of(in->case_ids, in->case_count, in->discussions[i].case_id) < 0)
            return svc_invalid(pool_printf(ctx->pool, "discussions[%d].case_id", i),
                               "検討内容のケースは case_ids から指定してください。");
    return svc_ok();
}

static svc_result check_action(svc_ctx *ctx, const svc_conference_in *in, int i)
{
    const svc_conference_action_in *a = &in->actions[i];
    date_ymd due;
    const char *at = pool_printf(ctx->pool, "actions[%d]", i);
    if (!a->what)
        return svc_missing(pool_printf(ctx->pool, "%s.what", at));
    if (!a->owner_id == !a->owner_agency_id)
        return svc_invalid(pool_printf(ctx->pool, "%s.owner_id", at),
                           "担当は owner_id（職員）か owner_agency_id（関係機関）の一方で指定して"
                           "ください。");
    if (!a->due_on)
        return svc_missing(pool_printf(ctx->pool, "%s.due_on", at));
    if (!parse_date(a->due_on, &due))
        return svc_invalid(pool_printf(ctx->pool, "%s.due_on", at),
                           "日付は YYYY-MM-DD で入力してください。");
    if (a->case_id && index_of(in->case_ids, in->case_count, a->case_id) < 0)
        return svc_invalid(pool_printf(ctx->pool, "%s.case_id", at),
                           "対応のケースは会議で扱ったケース（case_ids）から指定してください。");
    return svc_ok();
}

/* A user named by the input exists and is active. */
static svc_result check_user(svc_ctx *ctx, const char *id, const char *field, char **name)
{
    store_user u;
    int rc = store_user_by_id(ctx->db, ctx->pool, id, &u);
    if (rc == STORE_NOT_FOUND || (rc == STORE_OK && u.disabled))
        return svc_invalid(field, "指定された職員が見つかりません。");
    if (rc != STORE_OK)
        return svc_from_store(rc);
    if (name)
        *name = u.name;
    return svc_ok();
}

static svc_result check_agency(svc_ctx *ctx, const char *id, const char *field)
{
    char *name;
    int rc = store_conference_agency_name(ctx->db, ctx->pool, id, &name);
    if (rc == STORE_NOT_FOUND)
        return svc_invalid(field, "指定された関係機関が見つかりません。");
    return svc_from_store(rc);
}

/* The persons and agencies named by attendees, actions and the chair (inside the write). */
static svc_result check_people(svc_ctx *ctx, const svc_conference_in *in, char **chair_name)
{
    svc_result r = svc_ok();
    if (in->chair_id)
        r = check_user(ctx, in->chair_id, "chair_id", chair_name);
    for (int i = 0; i < in->attendee_count && r.status == SVC_OK; i++) {
        const svc_conference_attendee_in *a = &in->attendees[i];
        if (a->user_id)
            r = check_user(ctx, a->user_id, pool_printf(ctx->pool, "attendees[%d].user_id", i),
                           NULL);
        if (r.status == SVC_OK && a->agency_id)
            r = check_agency(ctx, a->agency_id,
                             pool_printf(ctx->pool, "attendees[%d].agency_id", i));
    }
    for (int i = 0; i < in->action_count && r.status == SVC_OK; i++) {
        const svc_conference_action_in *a = &in->actions[i];
        r = a->owner_id ? check_user(ctx, a->owner_id,
                                     pool_printf(ctx->pool, "actions[%d].owner_id", i), NULL)
                        : check_agency(ctx, a->owner_agency_id,
                                       pool_printf(ctx->pool, "actions[%d].owner_agency_id", i));
    }
    return r;
}

/* Each case listed, read inside the write: it must exist and be open. */
static svc_result load_cases(svc_ctx *ctx, const svc_conference_in *in, store_case_brief *cases)
{
    for (int i = 0; i < in->case_count; i++) {
        int rc = store_case_brief_get(ctx->db, ctx->pool, in->case_ids[i], &cases[i]);
        if (rc == STORE_NOT_FOUND)
            return svc_invalid(pool_printf(ctx->pool, "case_ids[%d]", i),
                               "指定されたケースが見つかりません。");
        if (rc != STORE_OK)
            return svc_from_store(rc);
        if (strcmp(cases[i].status, "open") != 0)
            return svc_invalid(
                pool_printf(ctx->pool, "case_ids[%d]", i),
                "終結したケースは会議で扱えません（新しいケースを開いてください）。");
    }
    return svc_ok();
}

static bool is_current_subject(const store_case_brief *c, const char *person_id)
{
    for (int i = 0; person_id && i < c->subject_count; i++)
        if (c->subjects[i].current && strcmp(c->subjects[i].person.id, person_id) == 0)
            return true;
    return false;
}

static svc_result check_decision(svc_ctx *ctx, const svc_conference_in *in,
                                 const store_case_brief *cases, int i)
{
    const svc_conference_decision_in *d = &in->decisions[i];
    if (d->person_id) {
        svc_result r = svc_person_id_refuse_merged(
            ctx, d->person_id, pool_printf(ctx->pool, "decisions[%d].person_id", i));
        if (r.status != SVC_OK)
            return r;
    }
    int at = index_of(in->case_ids, in->case_count, d->case_id);
    conference_decision_facts f = {
        .conference_kind = in->kind,
        .has_case = d->case_id != NULL,
        .has_pregnancy = d->pregnancy_id != NULL,
        .case_listed = at >= 0,
        .has_person = d->person_id != NULL,
        .person_is_subject = at >= 0 && is_current_subject(&cases[at], d->person_id),
        .category = d->category,
        .category_known = vocab_has(&case_categories, d->category),
        .has_register = d->has_register,
        .close_reason = d->close_reason,
        .close_reason_known = vocab_has(&case_close_reasons, d->close_reason)};
    const char *field;
    conference_decision_fault fault = conference_decision_check(&f, &field);
    if (fault != DECISION_OK)
        return svc_invalid(pool_printf(ctx->pool, "decisions[%d].%s", i, field),
                           conference_decision_message(fault));
    if (!d->pregnancy_id)
        return svc_ok();
    store_pregnancy g;
    int rc = store_pregnancy_get(ctx->db, ctx->pool, d->pregnancy_id, &g);
    if (rc == STORE_NOT_FOUND)
        return svc_invalid(pool_printf(ctx->pool, "decisions[%d].pregnancy_id", i),
                           "指定された妊娠届が見つかりません。");
    return svc_from_store(rc);
}

/* ---- the record ---- */

static const char *discussion_of(const svc_conference_in *in, const char *case_id)
{
    for (int i = 0; i < in->discussion_count; i++)
        if (strcmp(in->discussions[i].case_id, case_id) == 0)
            return in->discussions[i].text;
    return NULL;
}

/* What the next review was set to by the system, not by hand: the date the last meeting set,
 * or, before any meeting, the one the case was opened with (opened_on + the interval). */
static const char *set_by_system(svc_ctx *ctx, const store_case_brief *c, int months)
{
    date_ymd opened;
    if (c->last_set_by_conference || !parse_date(c->opened_on, &opened))
        return c->last_set_by_conference;
    char *out = pool_alloc(ctx->pool, 11);
    date_format(date_add_months(opened, months), out);
    return out;
}

/* The next review of a case reviewed at this meeting (held_on is valid). */
static const char *next_review(svc_ctx *ctx, const store_case_brief *c, date_ymd held, int months)
{
    date_ymd by_hand = {0};
    /* A date other than the system's was set by hand (a PATCH). */
    bool has_by_hand = c->next_review_on && parse_date(c->next_review_on, &by_hand) &&
                       !svc_same_text(c->next_review_on, set_by_system(ctx, c, months));
    char *out = pool_alloc(ctx->pool, 11);
    date_format(conference_next_review(held, months, has_by_hand, by_hand), out);
    return out;
}

static store_conference conference_record(svc_ctx *ctx, const svc_conference_in *in,
                                          const store_case_brief *cases, int review_months,
                                          const char *chair_name)
{
    date_ymd held;
    (void)parse_date(in->held_on, &held);
    char *id = pool_alloc(ctx->pool, RANDOM_ID_LEN + 1);
    random_id(id);
    store_conference k = {.id = id,
                          .version = 1,
                          .kind = (char *)in->kind,
                          .held_on = (char *)in->held_on,
                          .place = (char *)in->place,
                          .chair_id = (char *)in->chair_id,
                          .chair_name = (char *)(in->chair_name ? in->chair_name : chair_name),
                          .minutes = (char *)in->minutes,
                          .created_by = (char *)ctx->user_id,
                          .created_at = ctx->now,
                          .updated_at = ctx->now,
                          .case_count = in->case_count,
                          .attendee_count = in->attendee_count,
                          .decision_count = in->decision_count,
                          .action_count = in->action_count};
    k.cases = pool_zalloc(ctx->pool, sizeof *k.cases * (size_t)(in->case_count + 1));
    for (int i = 0; i < in->case_count; i++)
        k.cases[i] = (store_conference_case){
            .case_id = (char *)in->case_ids[i],
            .discussion = (char *)discussion_of(in, in->case_ids[i]),
            .next_review_on = (char *)next_review(ctx, &cases[i], held, review_months)};
    k.attendees = pool_zalloc(ctx->pool, sizeof *k.attendees * (size_t)(in->attendee_count + 1));
    for (int i = 0; i < in->attendee_count; i++)
        k.attendees[i] = (store_conference_attendee){
            (char *)in->attendees[i].name, (char *)in->attendees[i].agency,
            (char *)in->attendees[i].agency_id, (char *)in->attendees[i].user_id};
    k.decisions = pool_zalloc(ctx->pool, sizeof *k.decisions * (size_t)(in->decision_count + 1));
    for (int i = 0; i < in->decision_count; i++) {
        const svc_conference_decision_in *d = &in->decisions[i];
        k.decisions[i] = (store_conference_decision){.case_id = (char *)d->case_id,
                                                     .pregnancy_id = (char *)d->pregnancy_id,
                                                     .person_id = (char *)d->person_id,
                                                     .category = (char *)d->category,
                                                     .reg = d->has_register ? d->reg : -1,
                                                     .policy = (char *)d->policy,
                                                     .plan_approval_asked = d->plan_approval_asked,
                                                     .close_reason = (char *)d->close_reason,
                                                     .note = (char *)d->note};
    }
    k.actions = pool_zalloc(ctx->pool, sizeof *k.actions * (size_t)(in->action_count + 1));
    for (int i = 0; i < in->action_count; i++) {
        const svc_conference_action_in *a = &in->actions[i];
        char *aid = pool_alloc(ctx->pool, RANDOM_ID_LEN + 1);
        random_id(aid);
        k.actions[i] = (store_conference_action){.id = aid,
                                                 .what = (char *)a->what,
                                                 .owner_id = (char *)a->owner_id,
                                                 .owner_agency_id = (char *)a->owner_agency_id,
                                                 .due_on = (char *)a->due_on,
                                                 .case_id = (char *)a->case_id};
    }
    return k;
}

/* ---- the effects ---- */

static const char *kind_label(const char *kind)
{
    const char *label = vocab_label(&conference_kinds, kind);
    return label ? label : kind;
}

static const char *decision_summary(svc_ctx *ctx, const store_conference *k,
                                    const store_conference_decision *d)
{
    const char *what = "方針";
    if (d->category)
        what = pool_printf(ctx->pool, "区分「%s」", vocab_label(&case_categories, d->category));
    else if (d->reg == 1)
        what = "要対協への登録";
    else if (d->reg == 0)
        what = "要対協の登録解除";
    else if (d->close_reason)
        what =
            pool_printf(ctx->pool, "終結（%s）", vocab_label(&case_close_reasons, d->close_reason));
    else if (d->pregnancy_id && !d->case_id)
        what = "特定妊婦候補の検討（見送り）";
    return pool_printf(ctx->pool, "%sで決定：%s", kind_label(k->kind), what);
}

/* The subjects a decision is about: its person (on the timelines of her household through her),
 * else the whole family: one event on the case's household's timeline. */
static int tell_decision(svc_ctx *ctx, const store_conference *k, const store_case_brief *c,
                         const store_conference_decision *d, const char *mother_id)
{
    const char *summary = decision_summary(ctx, k, d);
    if (d->person_id || !c) {
        const char *who = d->person_id ? d->person_id : mother_id;
        int rc =
            svc_add_event(ctx, ctx->now, EVENT_CASE_DECISION, summary, "conference", k->id, who);
        return rc == STORE_OK ? svc_audit_change(ctx, "update", d->case_id ? "case" : "pregnancy",
                                                 d->case_id ? d->case_id : d->pregnancy_id, who)
                              : rc;
    }
    return svc_add_household_event(ctx, ctx->now, EVENT_CASE_DECISION, summary, "conference", k->id,
                                   c->household_id);
}

static int apply_decision(svc_ctx *ctx, const store_conference *k, const store_case_brief *c,
                          const store_conference_decision *d)
{
    int rc = STORE_OK;
    if (d->category)
        rc = store_case_subject_designate(ctx->db, d->case_id, d->person_id, d->category, k->id,
                                          k->held_on);
    if (rc == STORE_OK && d->reg >= 0)
        rc =
            store_case_subject_register(ctx->db, d->case_id, d->person_id, d->reg == 1, k->held_on);
    const char *mother_id = NULL;
    if (rc == STORE_OK && d->pregnancy_id && !c) {
        store_pregnancy g;
        rc = store_pregnancy_get(ctx->db, ctx->pool, d->pregnancy_id, &g);
        mother_id = g.mother_id;
    }
    return rc == STORE_OK ? tell_decision(ctx, k, c, d, mother_id) : rc;
}

/* The policy the meeting decided for a case: its last decision with one (NULL: none). */
static const char *policy_for(const store_conference *k, const char *case_id)
{
    const char *policy = NULL;
    for (int i = 0; i < k->decision_count; i++)
        if (k->decisions[i].policy && svc_same_text(k->decisions[i].case_id, case_id))
            policy = k->decisions[i].policy;
    return policy;
}

/* Every case listed: reviewed on held_on, its family told (one event on the household's
 * timeline) and each current subject audited. */
static int review_cases(svc_ctx *ctx, const store_conference *k, const store_case_brief *cases)
{
    const char *summary = pool_printf(ctx->pool, "%sで検討", kind_label(k->kind));
    int rc = STORE_OK;
    for (int i = 0; i < k->case_count && rc == STORE_OK; i++) {
        const store_case_brief *c = &cases[i];
        /* A meeting recorded late, older than the case's last review, moves no date. */
        bool older = c->last_reviewed_on && strcmp(k->held_on, c->last_reviewed_on) < 0;
        rc = store_case_reviewed(
            ctx->db, c->id, c->version, older ? c->last_reviewed_on : k->held_on,
            older ? c->next_review_on : k->cases[i].next_review_on, policy_for(k, c->id), ctx->now);
        if (rc == STORE_OK)
            rc = svc_add_household_event(ctx, ctx->now, EVENT_CONFERENCE_HELD, summary,
                                         "conference", k->id, c->household_id);
        for (int j = 0; j < c->subject_count && rc == STORE_OK; j++)
            if (c->subjects[j].current)
                rc = svc_audit_change(ctx, "create", "conference", k->id, c->subjects[j].person.id);
    }
    return rc;
}

static const store_case_brief *case_of(const store_conference *k, const store_case_brief *cases,
                                       const char *case_id)
{
    for (int i = 0; case_id && i < k->case_count; i++)
        if (strcmp(k->cases[i].case_id, case_id) == 0)
            return &cases[i];
    return NULL;
}

static svc_result write_conference(svc_ctx *ctx, const svc_conference_in *in,
                                   store_case_brief *cases, char **id)
{
    char *chair_name = NULL;
    svc_case_intervals intervals;
    svc_result r = svc_settings_case_intervals_get(ctx, &intervals);
    if (r.status == SVC_OK)
        r = load_cases(ctx, in, cases);
    for (int i = 0; i < in->decision_count && r.status == SVC_OK; i++)
        r = check_decision(ctx, in, cases, i);
    for (int i = 0; i < in->action_count && r.status == SVC_OK; i++)
        r = check_action(ctx, in, i);
    if (r.status == SVC_OK)
        r = check_people(ctx, in, &chair_name);
    if (r.status != SVC_OK)
        return r;
    store_conference k =
        conference_record(ctx, in, cases, intervals.case_review_months, chair_name);
    *id = k.id;
    int rc = store_conference_insert(ctx->db, &k);
    for (int i = 0; i < k.decision_count && rc == STORE_OK; i++)
        rc = apply_decision(ctx, &k, case_of(&k, cases, k.decisions[i].case_id), &k.decisions[i]);
    if (rc == STORE_OK)
        rc = review_cases(ctx, &k, cases);
    if (rc == STORE_OK && k.case_count == 0) /* a meeting about no case: audited all the same */
        rc = svc_audit_change(ctx, "create", "conference", k.id, NULL);
    return svc_from_store(rc);
}

/* ---- reading ---- */

static svc_result view_load(svc_ctx *ctx, const char *id, svc_conference_view *out)
{
    *out = (svc_conference_view){0};
    int rc = store_conference_get(ctx->db, ctx->pool, id, &out->conference);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    const store_conference *k = &out->conference;
    out->cases = pool_zalloc(ctx->pool, sizeof *out->cases * (size_t)(k->case_count + 1));
    for (int i = 0; i < k->case_count && rc == STORE_OK; i++)
        rc = store_case_brief_get(ctx->db, ctx->pool, k->cases[i].case_id, &out->cases[i]);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    bool ok = svc_audit_read(ctx, "conference", k->id, NULL);
    for (int i = 0; i < k->case_count; i++)
        for (int j = 0; j < out->cases[i].subject_count; j++)
            ok &= svc_audit_read(ctx, "conference", k->id, out->cases[i].subjects[j].person.id);
    return ok ? svc_ok() : svc_error();
}

static svc_result in_snapshot(svc_ctx *ctx, const char *id, svc_conference_view *out)
{
    if (ctx->in_transaction)
        return view_load(ctx, id, out);
    int rc = store_begin_read(ctx->db);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    svc_result r = view_load(ctx, id, out);
    store_end_read(ctx->db);
    return r;
}

svc_result svc_conference_create(svc_ctx *ctx, const svc_conference_in *in,
                                 svc_conference_view *out)
{
    if (!svc_may(ctx, PERM_CASE_WRITE))
        return svc_forbidden(NULL);
    svc_result r = check_head(ctx, in);
    if (r.status != SVC_OK)
        return r;
    store_case_brief *cases = pool_zalloc(ctx->pool, sizeof *cases * (size_t)(in->case_count + 1));
    char *id = NULL;
    r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = write_conference(ctx, in, cases, &id);
    r = svc_end(ctx, r);
    return r.status == SVC_OK ? in_snapshot(ctx, id, out) : r;
}

svc_result svc_conference_get(svc_ctx *ctx, const char *id, svc_conference_view *out)
{
    if (!svc_may(ctx, PERM_CASE_READ))
        return svc_forbidden(NULL);
    return in_snapshot(ctx, id, out);
}

svc_result svc_conference_list(svc_ctx *ctx, const store_conference_filter *f,
                               svc_conference_page *out)
{
    *out = (svc_conference_page){0};
    if (!svc_may(ctx, PERM_CASE_READ))
        return svc_forbidden(NULL);
    if (f->kind && !vocab_has(&conference_kinds, f->kind))
        return svc_invalid("kind", "選択肢にない会議の種類です。");
    date_ymd d;
    if (f->from && !parse_date(f->from, &d))
        return svc_invalid("from", "日付は YYYY-MM-DD で入力してください。");
    if (f->to && !parse_date(f->to, &d))
        return svc_invalid("to", "日付は YYYY-MM-DD で入力してください。");
    if (f->limit < 1)
        return svc_invalid("limit", "limit は1以上で指定してください。");
    store_conference_filter one_more = *f;
    one_more.limit = f->limit + 1;
    int n = 0;
    int rc = store_conference_page(ctx->db, ctx->pool, &one_more, &out->items, &n);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    out->more = n > f->limit;
    out->count = out->more ? f->limit : n;
    bool ok = true;
    for (int i = 0; i < out->count; i++)
        ok &= svc_audit_read(ctx, "conference", out->items[i].id, NULL);
    return ok ? svc_ok() : svc_error();
}

/* ---- an action done ---- */

static svc_result mark_done(svc_ctx *ctx, const char *conference_id, const char *action_id,
                            const char *on)
{
    store_conference k;
    int rc = store_conference_get(ctx->db, ctx->pool, conference_id, &k);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    rc =
        store_conference_action_done(ctx->db, conference_id, action_id, on, ctx->user_id, ctx->now);
    if (rc == STORE_CONFLICT)
        return svc_invalid_transition("この対応は完了済みです。");
    if (rc != STORE_OK)
        return svc_from_store(rc);
    const char *case_id = NULL;
    for (int i = 0; i < k.action_count; i++)
        if (strcmp(k.actions[i].id, action_id) == 0)
            case_id = k.actions[i].case_id;
    store_case_brief c;
    if (case_id && (rc = store_case_brief_get(ctx->db, ctx->pool, case_id, &c)) != STORE_OK)
        return svc_from_store(rc);
    bool told = false;
    for (int i = 0; case_id && i < c.subject_count && rc == STORE_OK; i++)
        if (c.subjects[i].current) {
            rc = svc_audit_change(ctx, "update", "conference", conference_id,
                                  c.subjects[i].person.id);
            told = true;
        }
    if (rc == STORE_OK && !told)
        rc = svc_audit_change(ctx, "update", "conference", conference_id, NULL);
    return svc_from_store(rc);
}

svc_result svc_conference_action_done(svc_ctx *ctx, const char *conference_id,
                                      const char *action_id, const char *on,
                                      svc_conference_view *out)
{
    if (!svc_may(ctx, PERM_CASE_WRITE))
        return svc_forbidden(NULL);
    date_ymd d = ctx->today;
    if (on && !parse_date(on, &d))
        return svc_invalid("on", "日付は YYYY-MM-DD で入力してください。");
    if (date_compare(d, ctx->today) > 0)
        return svc_invalid("on", "完了日が未来になっています。");
    char *day = pool_alloc(ctx->pool, 11);
    date_format(d, day);
    svc_result r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = mark_done(ctx, conference_id, action_id, day);
    r = svc_end(ctx, r);
    return r.status == SVC_OK ? in_snapshot(ctx, conference_id, out) : r;
}
