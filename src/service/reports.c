/* Reports: the intake, reading one, listing them, and what every answer shows (the view). The
 * steps and corrections are in report_steps.c. */
#include "service/reports.h"
#include "service/import.h"
#include "service/person_merges.h"
#include "domain/report_codes.h"
#include "service/report_history.h"
#include "store/persons.h"
#include "store/users.h"
#include "util/random.h"

#include <stdlib.h>
#include <string.h>

/* ---- the history ---- */

uint32_t svc_report_child_bit(const store_report *r, const char *id)
{
    for (int i = 0; i < r->child_count && i < WORKFLOW_CHILDREN_MAX; i++)
        if (strcmp(r->children[i].child_id, id) == 0)
            return (uint32_t)1 << i;
    return 0;
}

/* The report's children among ids (ids of no child of the report count as none); no list at
 * all (NULL) names every child. */
static uint32_t child_bits(const store_report *r, char **ids, int n)
{
    if (!ids)
        return UINT32_MAX;
    uint32_t bits = 0;
    for (int k = 0; k < n; k++)
        bits |= svc_report_child_bit(r, ids[k]);
    return bits;
}

char **svc_report_child_ids(pool *p, const store_report *r, uint32_t bits, int *count)
{
    char **ids = pool_zalloc(p, sizeof *ids * (size_t)(r->child_count + 1));
    *count = 0;
    for (int i = 0; i < r->child_count && i < WORKFLOW_CHILDREN_MAX; i++)
        if (bits & ((uint32_t)1 << i))
            ids[(*count)++] = r->children[i].child_id;
    return ids;
}

bool svc_report_all_confirmed(const store_report *r)
{
    for (int i = 0; i < r->child_count; i++)
        if (!r->children[i].confirmed_at)
            return false;
    return true;
}

int svc_report_history_find(const svc_report_history *h, int64_t seq)
{
    for (int i = 0; i < h->count; i++)
        if (h->events[i].seq == seq)
            return i;
    return -1;
}

static void history_grow(pool *p, svc_report_history *h)
{
    int cap = h->cap ? h->cap * 2 : 16;
    store_report_event *events = pool_alloc(p, sizeof *events * (size_t)cap);
    workflow_event *flow = pool_alloc(p, sizeof *flow * (size_t)cap);
    uint32_t *named = pool_alloc(p, sizeof *named * (size_t)cap);
    if (h->count) {
        memcpy(events, h->events, sizeof *events * (size_t)h->count);
        memcpy(flow, h->flow, sizeof *flow * (size_t)h->count);
        memcpy(named, h->named, sizeof *named * (size_t)h->count);
    }
    h->events = events, h->flow = flow, h->named = named, h->cap = cap;
}

int svc_report_history_push(pool *p, svc_report_history *h, const store_report_event *e)
{
    char **ids;
    int n;
    if (store_report_list_decode(p, e->child_ids, &ids, &n) != STORE_OK)
        return STORE_ERROR;
    if (h->count == h->cap)
        history_grow(p, h);
    int i = h->count++;
    h->events[i] = *e;
    h->flow[i] = (workflow_event){.step = STEP_NONE};
    h->named[i] = 0;
    if (strcmp(e->step, workflow_correction_code()) != 0) {
        h->flow[i].step = workflow_step_from_code(e->step);
        if (h->flow[i].step == STEP_SAFETY_CONFIRMED)
            h->flow[i].children = h->named[i] = child_bits(h->report, ids, n);
        return STORE_OK;
    }
    int target = svc_report_history_find(h, e->corrects);
    if (target < 0 || target >= i)
        return STORE_OK;
    if (h->flow[target].step == STEP_SAFETY_CONFIRMED)
        h->flow[target].children &= ~child_bits(h->report, ids, n);
    else
        h->flow[target].corrected = true;
    return STORE_OK;
}

typedef struct history_load {
    pool *pool;
    svc_report_history *h;
    int rc;
} history_load;

static int history_add(void *arg, const store_report_event *e)
{
    history_load *l = arg;
    l->rc = svc_report_history_push(l->pool, l->h, e);
    return l->rc != STORE_OK;
}

int svc_report_history_load(svc_ctx *ctx, const store_report *r, svc_report_history *h)
{
    *h = (svc_report_history){.report = r};
    history_load l = {.pool = ctx->pool, .h = h, .rc = STORE_OK};
    int rc = store_report_events(ctx->db, ctx->pool, r->id, history_add, &l);
    return rc == STORE_OK ? l.rc : rc;
}

/* ---- the view ---- */

static int event_view(svc_ctx *ctx, const svc_report_history *h, int i, bool hide_notes,
                      svc_report_event_view *v)
{
    const store_report_event *e = &h->events[i];
    const workflow_event *f = &h->flow[i];
    bool correction = strcmp(e->step, workflow_correction_code()) == 0;
    int target = correction ? svc_report_history_find(h, e->corrects) : -1;
    /* A correction of an investigation step may tell what the investigation found. */
    report_step about = target >= 0 ? h->flow[target].step : f->step;
    const char *label = correction ? workflow_correction_label() : workflow_step_label(f->step);
    if (strcmp(e->step, svc_report_owner_step) == 0)
        label = "担当者の変更";
    *v = (svc_report_event_view){
        .event = e,
        .step_label = label ? label : e->step,
        .note_hidden = hide_notes && about == STEP_INVESTIGATION,
        .corrected = !correction && f->step != STEP_NONE && !workflow_event_stands(f),
        .correctable = workflow_may_correct(h->flow, h->count, i) == CORRECTION_ALLOWED};
    v->corrected_child_ids = svc_report_child_ids(ctx->pool, h->report, h->named[i] & ~f->children,
                                                  &v->corrected_child_count);
    if (store_report_list_decode(ctx->pool, e->attendees, &v->attendees, &v->attendee_count) !=
        STORE_OK)
        return STORE_ERROR;
    return store_report_list_decode(ctx->pool, e->child_ids, &v->child_ids, &v->child_id_count);
}

/* What follows from the rules for the report as it stands (the record is out->report). */
static int view_derive(svc_ctx *ctx, svc_report_view *out)
{
    const store_report *r = &out->report;
    report_kind kind = workflow_kind_from_code(r->kind);
    report_step status = workflow_step_from_code(r->status);
    out->safety_all_confirmed = svc_report_all_confirmed(r);
    out->safety_overdue =
        r->safety_due_at && !out->safety_all_confirmed && ctx->now >= r->safety_due_at;
    out->next_step_count =
        workflow_offered_steps(kind, status, !out->safety_all_confirmed, out->next_steps);
    return store_report_list_decode(ctx->pool, r->abuse_types, &out->abuse_types,
                                    &out->abuse_type_count);
}

/* The guardians every answer with the report shows: each is audited as a read of the report. */
static bool audit_shown(svc_ctx *ctx, const store_report *r, bool children, bool reporter)
{
    bool ok = true;
    for (int i = 0; i < r->child_count; i++) {
        if (children)
            ok &= svc_audit_read(ctx, "report", r->id, r->children[i].child_id);
        if (reporter && r->has_reporter)
            ok &= svc_audit_read(ctx, "report_reporter", r->id, r->children[i].child_id);
    }
    for (int i = 0; i < r->guardian_count; i++)
        ok &= svc_audit_read(ctx, "report", r->id, r->guardians[i].person_id);
    return ok;
}

/* May this answer carry the reporter (児童虐待防止法 第7条)? */
static bool may_read_reporter(const svc_ctx *ctx, bool own_intake)
{
    return svc_may(ctx, PERM_REPORTER_READ) ||
           (own_intake && svc_may(ctx, PERM_REPORTER_READ_OWN_INTAKE));
}

svc_result svc_report_view_load(svc_ctx *ctx, const char *id, bool audit_read, bool own_intake,
                                svc_report_view *out)
{
    *out = (svc_report_view){0};
    svc_report_history h;
    int rc = store_report_get(ctx->db, ctx->pool, id, &out->report);
    if (rc == STORE_OK)
        rc = svc_report_history_load(ctx, &out->report, &h);
    if (rc == STORE_OK)
        rc = view_derive(ctx, out);
    if (rc == STORE_OK)
        rc = svc_import_origin(ctx, "reports", id, &out->imported);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    bool hide_notes = !svc_may(ctx, PERM_REPORT_NOTES_READ);
    out->events = pool_zalloc(ctx->pool, sizeof *out->events * (size_t)(h.count + 1));
    out->event_count = h.count;
    for (int i = 0; i < h.count; i++)
        if (event_view(ctx, &h, i, hide_notes, &out->events[i]) != STORE_OK)
            return svc_error();
    out->with_reporter = may_read_reporter(ctx, own_intake);
    if (!audit_shown(ctx, &out->report, audit_read, out->with_reporter))
        return svc_error();
    return svc_ok();
}

svc_result svc_report_get(svc_ctx *ctx, const char *id, svc_report_view *out)
{
    return svc_report_view_load(ctx, id, true, false, out);
}

/* ---- the list ---- */

static svc_result list_in_snapshot(svc_ctx *ctx, const store_report_filter *f, svc_report_page *out)
{
    store_report_filter one_more = *f;
    one_more.limit = f->limit + 1;
    store_report *reports;
    int n;
    int rc = store_report_page(ctx->db, ctx->pool, &one_more, &reports, &n);
    if (rc == STORE_OK)
        rc = store_report_count(ctx->db, f, &out->total);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    out->more = n > f->limit;
    out->count = out->more ? f->limit : n;
    out->items = pool_zalloc(ctx->pool, sizeof *out->items * (size_t)(out->count + 1));
    for (int i = 0; i < out->count; i++) {
        svc_report_view *v = &out->items[i];
        v->report = reports[i];
        if (view_derive(ctx, v) != STORE_OK || !audit_shown(ctx, &v->report, true, false))
            return svc_error();
    }
    return svc_ok();
}

static svc_result check_filter(svc_ctx *ctx, store_report_filter *f)
{
    if (f->kind && workflow_kind_from_code(f->kind) == REPORT_KIND_NONE)
        return svc_invalid("kind", "abuse_report または consultation で指定してください。");
    report_step st = f->status ? workflow_step_from_code(f->status) : STEP_NONE;
    if (f->status && (st == STEP_NONE || strcmp(f->status, workflow_correction_code()) == 0))
        return svc_invalid("status", "選択肢にない値です。");
    if (f->urgency && workflow_urgency_from_code(f->urgency) == URGENCY_NONE)
        return svc_invalid("urgency", "緊急度は aa, a, b, c のいずれかです。");
    if (f->route && !report_route_label(f->route))
        return svc_invalid("route", "選択肢にない値です。");
    if (f->sort < 0 || f->sort >= STORE_REPORT_SORT_COUNT)
        return svc_invalid("sort", "並べ替えの項目が正しくありません。");
    if (f->mine) {
        if (!ctx->user_id)
            return svc_invalid("mine", "担当者のいない利用では指定できません。");
        f->owner_id = ctx->user_id;
    }
    return svc_ok();
}

svc_result svc_report_list(svc_ctx *ctx, store_report_filter *f, svc_report_page *out)
{
    *out = (svc_report_page){0};
    svc_result res = check_filter(ctx, f);
    if (res.status != SVC_OK)
        return res;
    if (f->limit < 1)
        return svc_invalid("limit", "limit は1以上で指定してください。");
    /* The page and its children in one snapshot: the children are those of the page. */
    if (ctx->in_transaction)
        return list_in_snapshot(ctx, f, out);
    int rc = store_begin_read(ctx->db);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    svc_result r = list_in_snapshot(ctx, f, out);
    store_end_read(ctx->db);
    return r;
}

/* ---- the intake ---- */

static svc_result check_codes(const svc_report_intake *in, report_kind kind, pool *p)
{
    if (!in->route)
        return svc_missing("route");
    if (!report_route_label(in->route))
        return svc_invalid("route", "選択肢にない値です。");
    if (in->main_perpetrator && !report_perpetrator_label(in->main_perpetrator))
        return svc_invalid("main_perpetrator", "選択肢にない値です。");
    if (in->abuse_type_count > SVC_REPORT_ABUSE_TYPES_MAX)
        return svc_invalid("abuse_types", "虐待種別の配列で指定してください。");
    for (int i = 0; i < in->abuse_type_count; i++) {
        if (!report_abuse_type_label(in->abuse_types[i]))
            return svc_invalid(pool_printf(p, "abuse_types[%d]", i),
                               "虐待種別が正しくありません。");
        for (int k = 0; k < i; k++)
            if (strcmp(in->abuse_types[k], in->abuse_types[i]) == 0)
                return svc_invalid(pool_printf(p, "abuse_types[%d]", i),
                                   "同じ虐待種別が二度指定されています。");
    }
    if (kind == REPORT_ABUSE && in->abuse_type_count == 0)
        return svc_missing("abuse_types");
    return svc_ok();
}

const char *svc_report_repeated(pool *p, const char *name, const char *const *ids, int n,
                                const char *suffix)
{
    for (int i = 0; i < n; i++)
        for (int k = 0; k < i; k++)
            if (strcmp(ids[k], ids[i]) == 0)
                return pool_printf(p, "%s[%d]%s", name, i, suffix);
    return NULL;
}

static svc_result check_people_given(svc_ctx *ctx, const svc_report_intake *in)
{
    if (in->child_count > SVC_REPORT_CHILDREN_MAX)
        return svc_invalid("child_ids", "20人までの配列で指定してください。");
    if (in->guardian_count > SVC_REPORT_GUARDIANS_MAX)
        return svc_invalid("guardians", "保護者は10人までの配列で指定してください。");
    const char *twice =
        svc_report_repeated(ctx->pool, "child_ids", in->child_ids, in->child_count, "");
    if (twice)
        return svc_invalid(twice, "同じ子どもが二度指定されています。");
    if (in->child_count == 0)
        return svc_missing("child_ids");
    const char **guardian_ids =
        pool_zalloc(ctx->pool, sizeof *guardian_ids * (size_t)(in->guardian_count + 1));
    for (int i = 0; i < in->guardian_count; i++) {
        if (!in->guardians[i].person_id)
            return svc_missing(pool_printf(ctx->pool, "guardians[%d].person_id", i));
        guardian_ids[i] = in->guardians[i].person_id;
    }
    twice =
        svc_report_repeated(ctx->pool, "guardians", guardian_ids, in->guardian_count, ".person_id");
    return twice ? svc_invalid(twice, "同じ保護者が二度指定されています。") : svc_ok();
}

/* When the call was received: workflow_check_received_at (1900 to a day ahead). */
static svc_result check_received_at(const svc_ctx *ctx, int64_t at)
{
    switch (workflow_check_received_at(at, ctx->now)) {
    case RECEIVED_OK:
        return svc_ok();
    case RECEIVED_TOO_EARLY:
        return svc_invalid("received_at", "1900年1月1日より前の受付日時は入力できません。");
    case RECEIVED_FUTURE:
        break;
    }
    return svc_invalid("received_at", "受付日時が未来になっています（翌日以降）。");
}

static svc_result check_intake(svc_ctx *ctx, const svc_report_intake *in)
{
    if (!in->kind)
        return svc_missing("kind");
    report_kind kind = workflow_kind_from_code(in->kind);
    if (kind == REPORT_KIND_NONE)
        return svc_invalid("kind", "選択肢にない値です。");
    svc_result r = in->has_received_at ? check_received_at(ctx, in->received_at) : svc_ok();
    if (r.status == SVC_OK)
        r = check_codes(in, kind, ctx->pool);
    if (r.status == SVC_OK && !in->received_by && !ctx->user_id && !ctx->import_id)
        r = svc_missing("received_by");
    return r.status == SVC_OK ? check_people_given(ctx, in) : r;
}

/* The one who took the call must be an active user who may take calls (an imported report has
 * no taker: received_by NULL). */
static svc_result check_taker(svc_ctx *ctx, const store_report *r)
{
    if (!r->received_by)
        return svc_ok();
    store_user taker;
    int rc = store_user_by_id(ctx->db, ctx->pool, r->received_by, &taker);
    if (rc != STORE_OK && rc != STORE_NOT_FOUND)
        return svc_from_store(rc);
    if (rc == STORE_NOT_FOUND || taker.disabled ||
        !role_may(role_from_code(taker.role), PERM_REPORT_CREATE))
        return svc_invalid(
            "received_by",
            "受付者は通告・相談を受け付けられる職員（有効な利用者）から指定してください。");
    return svc_ok();
}

/* Every child and guardian must exist, and so must the taker (inside the transaction). */
static svc_result check_people_exist(svc_ctx *ctx, const store_report *r)
{
    svc_result res = check_taker(ctx, r);
    if (res.status != SVC_OK)
        return res;
    for (int i = 0; i < r->child_count + r->guardian_count; i++) {
        bool child = i < r->child_count;
        const char *id =
            child ? r->children[i].child_id : r->guardians[i - r->child_count].person_id;
        const char *field =
            child ? pool_printf(ctx->pool, "child_ids[%d]", i)
                  : pool_printf(ctx->pool, "guardians[%d].person_id", i - r->child_count);
        store_person p;
        int rc = store_person_get(ctx->db, ctx->pool, id, &p);
        if (rc == STORE_NOT_FOUND)
            return svc_invalid(field, "指定された利用者が見つかりません。");
        if (rc != STORE_OK)
            return svc_from_store(rc);
        res = svc_person_refuse_merged(&p, field);
        if (res.status != SVC_OK)
            return res;
    }
    return svc_ok();
}

static store_report intake_record(svc_ctx *ctx, const svc_report_intake *in, const char *id)
{
    store_report r = {
        .id = (char *)id,
        .version = 1,
        .kind = (char *)in->kind,
        .received_at = in->has_received_at ? in->received_at : ctx->now,
        .received_by = (char *)(in->received_by ? in->received_by : ctx->user_id),
        .route = (char *)in->route,
        .abuse_types = store_report_list_encode(ctx->pool, in->abuse_types, in->abuse_type_count),
        .main_perpetrator = (char *)in->main_perpetrator,
        .summary = (char *)in->summary,
        .urgent = in->urgent,
        .has_reporter = in->has_reporter,
        .status = (char *)workflow_step_code(STEP_RECEIVED),
        .created_at = ctx->now,
        .updated_at = ctx->now,
        .child_count = in->child_count,
        .guardian_count = in->guardian_count};
    if (in->has_reporter) {
        r.reporter_name = (char *)in->reporter_name;
        r.reporter_relation = (char *)in->reporter_relation;
        r.reporter_contact = (char *)in->reporter_contact;
        r.reporter_intent = (char *)in->reporter_intent;
        r.reporter_anonymous = in->reporter_anonymous;
    }
    r.received_at -= ((r.received_at % 60) + 60) % 60; /* the form's precision: to the minute */
    if (ctx->import_id)                                /* taken by no one here (store/reports.h) */
        r.received_by = NULL;
    if (workflow_kind_from_code(in->kind) == REPORT_ABUSE)
        r.safety_due_at = workflow_safety_due(r.received_at);
    r.children = pool_zalloc(ctx->pool, sizeof *r.children * (size_t)(in->child_count + 1));
    for (int i = 0; i < in->child_count; i++)
        r.children[i].child_id = (char *)in->child_ids[i];
    r.guardians = pool_zalloc(ctx->pool, sizeof *r.guardians * (size_t)(in->guardian_count + 1));
    for (int i = 0; i < in->guardian_count; i++)
        r.guardians[i] = (store_report_guardian){.person_id = (char *)in->guardians[i].person_id,
                                                 .relation = (char *)in->guardians[i].relation};
    return r;
}

static const char *intake_summary(pool *p, const svc_report_intake *in)
{
    const char *kind = workflow_kind_label(workflow_kind_from_code(in->kind));
    const char *type = in->abuse_type_count ? report_abuse_type_label(in->abuse_types[0]) : NULL;
    return pool_printf(p, "%sを受け付けました%s%s%s%s", kind, type ? "（" : "", type ? type : "",
                       type ? "）" : "", in->urgent ? "・緊急対応" : "");
}

/* The end of every write on a report: each child's timeline (dated at, when it happened: a call
 * taken at 09:12 and recorded at 09:40 shows 09:12) and the audit of the change. */
int svc_report_tell_children(svc_ctx *ctx, const store_report *r, int64_t at, const char *summary,
                             const char *action)
{
    int rc = STORE_OK;
    for (int i = 0; i < r->child_count && rc == STORE_OK; i++)
        rc = svc_add_event(ctx, at, EVENT_REPORT_STEP, summary, "report", r->id,
                           r->children[i].child_id);
    for (int i = 0; i < r->child_count && rc == STORE_OK; i++)
        rc = svc_audit_change(ctx, action, "report", r->id, r->children[i].child_id);
    return rc;
}

static svc_result write_intake(svc_ctx *ctx, const store_report *r, const char *summary)
{
    svc_result res = check_people_exist(ctx, r);
    if (res.status != SVC_OK)
        return res;
    store_report_event e = {.step = r->status,
                            .at = r->received_at,
                            .recorded_by = (char *)r->received_by,
                            .recorded_at = ctx->now};
    if (ctx->user_id && !ctx->import_id)
        e.recorded_by = (char *)ctx->user_id;
    int rc = store_report_insert(ctx->db, r);
    if (rc == STORE_OK)
        rc = store_report_event_add(ctx->db, r->id, &e);
    if (rc == STORE_OK)
        rc = svc_report_tell_children(ctx, r, r->received_at, summary, "create");
    return svc_from_store(rc);
}

svc_result svc_report_create(svc_ctx *ctx, const svc_report_intake *in, svc_report_view *out)
{
    svc_result res = check_intake(ctx, in);
    if (res.status != SVC_OK)
        return res;
    char *id = pool_alloc(ctx->pool, RANDOM_ID_LEN + 1);
    random_id(id);
    store_report r = intake_record(ctx, in, id);
    if (!r.abuse_types)
        return svc_error();
    res = svc_begin(ctx);
    if (res.status == SVC_OK)
        res = write_intake(ctx, &r, intake_summary(ctx->pool, in));
    res = svc_end(ctx, res);
    if (res.status != SVC_OK)
        return res;
    return svc_report_view_load(ctx, id, false, true, out);
}
