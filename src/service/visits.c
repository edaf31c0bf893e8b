#include "service/visits.h"

#include "domain/subject.h"
#include "domain/visit_kinds.h"
#include "service/person_merges.h"
#include "store/persons.h"
#include "util/random.h"

#include <string.h>

static svc_result check_date(const char *field, const char *s, date_ymd *d)
{
    if (!s)
        return svc_missing(field);
    if (!date_parse(s, strlen(s), d))
        return svc_invalid(field, "日付は YYYY-MM-DD の形式で入力してください。");
    return svc_ok();
}

/* The record as it would be written: each code known, subtype and status fitting the kind, no
 * future date for what happened. */
static svc_result check_visit(const svc_ctx *ctx, const store_visit *v)
{
    if (!v->person_id)
        return svc_missing("person_id");
    visit_kind kind = visit_kind_from_code(v->kind);
    visit_status status = visit_status_from_code(v->status);
    if (kind == VISIT_KIND_NONE)
        return v->kind ? svc_invalid("kind", "選択肢にない値です。") : svc_missing("kind");
    date_ymd d;
    svc_result r = check_date("on", v->on, &d);
    if (r.status != SVC_OK)
        return r;
    if (status == VISIT_STATUS_NONE)
        return v->status ? svc_invalid("status", "選択肢にない値です。") : svc_missing("status");
    switch (visit_check_consistency(kind, v->subtype, status)) {
    case VISIT_SUBTYPE_NOT_ALLOWED:
        return svc_invalid("subtype", "こんにちは赤ちゃん訪問に種別はありません。");
    case VISIT_SUBTYPE_MISSING:
        return svc_missing("subtype");
    case VISIT_SUBTYPE_UNKNOWN:
        return svc_invalid("subtype", "種別が正しくありません。");
    case VISIT_MISSED_NOT_CHECKUP:
        return svc_invalid("status", "未受診は乳幼児健診にだけ記録できます。");
    case VISIT_CONSISTENT:
        break;
    }
    if (status != VISIT_SCHEDULED && date_compare(d, ctx->today) > 0)
        return svc_invalid("on", "実施・未受診の記録に未来の日付は入力できません。");
    visit_form_problem p = visit_form_check(kind, d, &v->form);
    if (p.field)
        return p.missing ? svc_missing(p.field) : svc_invalid(p.field, p.message);
    return svc_ok();
}

/* The form's items the timeline shows in one line: 体重4250g・栄養 混合・次回 2026-12-10 電話. The
 * mother's mood and the home are left to the visit itself (a timeline is read more widely, like
 * the free text it never carries). */
static const char *form_summary(svc_ctx *ctx, const visit_form *f)
{
    const char *out = "";
    if (f->infant_weight_g != VISIT_WEIGHT_NONE)
        out = pool_printf(ctx->pool, "体重%dg", f->infant_weight_g);
    if (f->feeding)
        out = pool_printf(ctx->pool, "%s%s栄養 %s", out, *out ? "・" : "",
                          vocab_label(&feeding_methods, f->feeding));
    if (f->next_contact_on)
        out = pool_printf(ctx->pool, "%s%s次回 %s %s", out, *out ? "・" : "", f->next_contact_on,
                          vocab_label(&contact_kinds, f->next_contact_kind));
    return out;
}

static const char *summary_of(svc_ctx *ctx, const store_visit *v)
{
    visit_kind kind = visit_kind_from_code(v->kind);
    const char *sub = visit_subtype_label(kind, v->subtype);
    const char *form = form_summary(ctx, &v->form);
    return pool_printf(ctx->pool, "%s%s%s%s：%s%s%s%s", visit_kind_label(kind), *sub ? "（" : "",
                       sub, *sub ? "）" : "",
                       visit_status_label(kind, visit_status_from_code(v->status)),
                       *form ? "（" : "", form, *form ? "）" : "");
}

/* After the row is written: the person (for the answer), the event and the audit row. */
static svc_result finish(svc_ctx *ctx, store_visit *v, bool creating)
{
    bool missed = visit_status_from_code(v->status) == VISIT_MISSED;
    int rc = svc_add_event(ctx, ctx->now,
                           missed     ? EVENT_CHECKUP_MISSED
                           : creating ? EVENT_VISIT_RECORDED
                                      : EVENT_VISIT_UPDATED,
                           summary_of(ctx, v), "visit", v->id, v->person_id);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, creating ? "create" : "update", "visit", v->id, v->person_id);
    return svc_from_store(rc);
}

/* The person named, or invalid person_id. */
static svc_result load_person(svc_ctx *ctx, store_visit *v)
{
    int rc = store_person_get(ctx->db, ctx->pool, v->person_id, &v->person);
    if (rc == STORE_NOT_FOUND)
        return svc_invalid("person_id", "指定された利用者が見つかりません。");
    if (rc == STORE_OK && v->person.merged_into)
        return svc_person_refuse_merged(&v->person, "person_id");
    if (rc == STORE_OK && visit_kind_is_companion(visit_kind_from_code(v->kind)) &&
        subject_check_mother(v->person.sex, v->person.birth_date, v->on) != SUBJECT_OK)
        return svc_invalid("person_id", "伴走型相談支援の面談は妊婦・母について記録してください。");
    return svc_from_store(rc);
}

static svc_result insert(svc_ctx *ctx, store_visit *v)
{
    svc_result r = load_person(ctx, v);
    if (r.status != SVC_OK)
        return r;
    r = svc_from_store(store_visit_insert(ctx->db, v));
    return r.status == SVC_OK ? finish(ctx, v, true) : r;
}

svc_result svc_visits_record(svc_ctx *ctx, const svc_visit_input *in, store_visit *out)
{
    char *id = pool_alloc(ctx->pool, RANDOM_ID_LEN + 1);
    random_id(id);
    *out = (store_visit){.id = id,
                         .version = 1,
                         .person_id = (char *)in->person_id,
                         .kind = (char *)in->kind,
                         .subtype = (char *)in->subtype,
                         .on = (char *)in->on,
                         .status = (char *)in->status,
                         .staff = (char *)in->staff,
                         .notes = (char *)in->notes,
                         .form = in->form,
                         .created_at = ctx->now,
                         .updated_at = ctx->now};
    svc_result r = check_visit(ctx, out);
    if (r.status != SVC_OK)
        return r;
    r = svc_begin(ctx);
    if (r.status != SVC_OK)
        return r;
    return svc_end(ctx, insert(ctx, out));
}

static void apply(store_visit *v, const svc_visit_input *in, const svc_visit_fields *set)
{
#define SET(field)                                                                                 \
    if (set->field)                                                                                \
        v->field = (char *)in->field;
    SET(person_id)
    SET(kind)
    SET(subtype)
    SET(on)
    SET(status)
    SET(staff)
    SET(notes)
#undef SET
#define SET_FORM(field)                                                                            \
    if (set->field)                                                                                \
        v->form.field = in->form.field;
    SET_FORM(infant_weight_g)
    SET_FORM(feeding)
    SET_FORM(mother_mood)
    SET_FORM(mother_sleep)
    SET_FORM(home_environment)
    SET_FORM(home_note)
    SET_FORM(next_contact_on)
    SET_FORM(next_contact_kind)
#undef SET_FORM
}

static svc_result update(svc_ctx *ctx, const char *id, int64_t expected, const svc_visit_input *in,
                         const svc_visit_fields *set, store_visit *v)
{
    int rc = store_visit_get(ctx->db, ctx->pool, id, v);
    if (rc == STORE_OK && v->version != expected)
        rc = STORE_CONFLICT;
    if (rc != STORE_OK)
        return svc_from_store(rc);
    apply(v, in, set);
    svc_result r = check_visit(ctx, v);
    if (r.status == SVC_OK)
        r = load_person(ctx, v);
    if (r.status != SVC_OK)
        return r;
    v->updated_at = ctx->now;
    rc = store_visit_update(ctx->db, v, expected);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    v->version = expected + 1;
    return finish(ctx, v, false);
}

svc_result svc_visits_update(svc_ctx *ctx, const char *id, int64_t expected,
                             const svc_visit_input *in, const svc_visit_fields *set,
                             store_visit *out)
{
    svc_result r = svc_begin(ctx);
    if (r.status != SVC_OK)
        return r;
    return svc_end(ctx, update(ctx, id, expected, in, set, out));
}

svc_result svc_visits_get(svc_ctx *ctx, const char *id, store_visit *out)
{
    int rc = store_visit_get(ctx->db, ctx->pool, id, out);
    if (rc == STORE_OK && !svc_audit_read(ctx, "visit", out->id, out->person_id))
        rc = STORE_ERROR;
    return svc_from_store(rc);
}

typedef struct list_state {
    svc_ctx *ctx;
    svc_visit_fn fn;
    void *arg;
    bool failed;
} list_state;

static int shown(void *arg, const store_visit *v)
{
    list_state *ls = arg;
    if (ls->fn(ls->arg, v) != 0)
        return 1;
    if (!svc_audit_read(ls->ctx, "visit", v->id, v->person_id)) {
        ls->failed = true;
        return 1;
    }
    return 0;
}

svc_result svc_visits_list(svc_ctx *ctx, const svc_visit_filter *f, svc_visit_fn fn, void *arg)
{
    date_ymd d;
    if (f->on && !date_parse(f->on, strlen(f->on), &d))
        return svc_invalid("on", "日付は YYYY-MM-DD の形式で入力してください。");
    if (!f->person_id && !f->on)
        return svc_missing("person_id");
    list_state ls = {.ctx = ctx, .fn = fn, .arg = arg};
    int rc = store_visit_list(ctx->db, ctx->pool, f->person_id, f->on, f->after_on, f->after_id,
                              f->limit + 1, shown, &ls);
    return svc_from_store(ls.failed ? STORE_ERROR : rc);
}

enum { PLANNED_SPAN_MAX_DAYS = 400 };

svc_result svc_visits_planned(svc_ctx *ctx, const char *from, const char *to, int limit,
                              svc_visit_fn fn, void *arg)
{
    date_ymd f, t;
    svc_result r = check_date("planned_from", from, &f);
    if (r.status == SVC_OK)
        r = check_date("planned_to", to, &t);
    if (r.status != SVC_OK)
        return r;
    if (date_compare(t, f) < 0 || date_to_days(t) - date_to_days(f) > PLANNED_SPAN_MAX_DAYS)
        return svc_invalid("planned_to", "期間は開始日から400日以内で指定してください。");
    list_state ls = {.ctx = ctx, .fn = fn, .arg = arg};
    int rc = store_visit_planned(ctx->db, ctx->pool, from, to, limit, shown, &ls);
    return svc_from_store(ls.failed ? STORE_ERROR : rc);
}
