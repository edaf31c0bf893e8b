#include "service/screenings.h"

#include "domain/subject.h"
#include "service/person_merges.h"
#include "store/persons.h"
#include "store/settings.h"
#include "store/visits.h"
#include "util/random.h"

#include <string.h>

/* The record's score, item scores and flags from answers; invalid answers when the domain
 * refuses them. */
static svc_result score(svc_ctx *ctx, const svc_screening_input *in, screening_instrument instr,
                        store_screening *s)
{
    int threshold = -1, bad = -1;
    if (instr == SCREEN_BONDING) {
        store_setting meta;
        int rc = store_settings_bonding_threshold(ctx->db, ctx->pool, &threshold, &meta);
        if (rc != STORE_OK)
            return svc_from_store(rc);
    }
    screening_result r;
    int rc = screening_score(instr, in->answers, in->answer_count, threshold, &r, &bad);
    if (rc == SCREENING_BAD_COUNT)
        return svc_invalid("answers", pool_printf(ctx->pool, "この質問票の回答は%d項目です。",
                                                  screening_item_count(instr)));
    if (rc == SCREENING_BAD_VALUE)
        return svc_invalid(pool_printf(ctx->pool, "answers[%d]", bad),
                           pool_printf(ctx->pool, "回答は0〜%dの番号で指定してください。",
                                       screening_option_count(instr) - 1));
    memcpy(s->answers, in->answers, sizeof(int) * (size_t)in->answer_count);
    s->answer_count = in->answer_count;
    memcpy(s->item_scores, r.item_scores, sizeof r.item_scores);
    s->item_count = r.item_count;
    for (int i = 0; i < r.flag_count; i++)
        s->flags[i] =
            (store_screening_flag){r.flags[i].code, pool_strdup(ctx->pool, r.flags[i].label)};
    s->flag_count = r.flag_count;
    s->score = r.score;
    s->needs_followup = r.flag_count > 0;
    s->self_harm = screening_has_flag(&r, "epds_self_harm");
    return svc_ok();
}

static svc_result check_input(svc_ctx *ctx, const svc_screening_input *in,
                              screening_instrument *instr)
{
    *instr = screening_from_code(in->instrument);
    if (!in->instrument)
        return svc_missing("instrument");
    if (*instr == SCREEN_NONE)
        return svc_invalid("instrument", "選択肢にない値です。");
    if (!in->person_id)
        return svc_missing("person_id");
    date_ymd d;
    if (!in->administered_on)
        return svc_missing("administered_on");
    if (!date_parse(in->administered_on, strlen(in->administered_on), &d))
        return svc_invalid("administered_on", "日付は YYYY-MM-DD の形式で入力してください。");
    if (date_compare(d, ctx->today) > 0)
        return svc_invalid("administered_on", "未来の日付は入力できません。");
    if (!in->answers)
        return svc_missing("answers");
    if (in->answer_count < 0 || in->answer_count > SCREENING_MAX_ITEMS + 1)
        return svc_invalid("answers", "回答の数が質問票の項目数と合いません。");
    return svc_ok();
}

/* The respondent exists and is old enough; the visit named exists. */
static svc_result check_subjects(svc_ctx *ctx, const svc_screening_input *in, store_person *person)
{
    int rc = store_person_get(ctx->db, ctx->pool, in->person_id, person);
    if (rc == STORE_NOT_FOUND)
        return svc_invalid("person_id", "指定された利用者が見つかりません。");
    if (rc != STORE_OK)
        return svc_from_store(rc);
    svc_result r = svc_person_refuse_merged(person, "person_id");
    if (r.status != SVC_OK)
        return r;
    if (subject_check_respondent(person->birth_date, in->administered_on) != SUBJECT_OK)
        return svc_invalid("person_id", "実施日に10歳未満の人は質問票の回答者にできません。"
                                        "回答した人（母・父など）を選んでください。");
    if (!in->visit_id)
        return svc_ok();
    store_visit v;
    rc = store_visit_get(ctx->db, ctx->pool, in->visit_id, &v);
    if (rc == STORE_NOT_FOUND)
        return svc_invalid("visit_id", "指定された訪問・健診の記録が見つかりません。");
    return svc_from_store(rc);
}

static const char *summary_of(svc_ctx *ctx, const store_screening *s, screening_instrument instr)
{
    return pool_printf(ctx->pool, "%sを実施しました（%lld点%s）", screening_label(instr),
                       (long long)s->score, s->needs_followup ? "・要フォロー" : "");
}

static svc_result record(svc_ctx *ctx, const svc_screening_input *in, screening_instrument instr,
                         store_screening *s)
{
    svc_result r = score(ctx, in, instr, s);
    if (r.status == SVC_OK)
        r = check_subjects(ctx, in, &s->person);
    if (r.status != SVC_OK)
        return r;
    int rc = store_screening_insert(ctx->db, s);
    if (rc == STORE_OK)
        rc = svc_add_event(ctx, ctx->now, EVENT_SCREENING_RECORDED, summary_of(ctx, s, instr),
                           "screening", s->id, s->person_id);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, "create", "screening", s->id, s->person_id);
    return svc_from_store(rc);
}

svc_result svc_screenings_record(svc_ctx *ctx, const svc_screening_input *in, store_screening *out)
{
    screening_instrument instr;
    svc_result r = check_input(ctx, in, &instr);
    if (r.status != SVC_OK)
        return r;
    char *id = pool_alloc(ctx->pool, RANDOM_ID_LEN + 1);
    random_id(id);
    *out = (store_screening){.id = id,
                             .version = 1,
                             .person_id = (char *)in->person_id,
                             .instrument = (char *)screening_code(instr),
                             .administered_on = (char *)in->administered_on,
                             .visit_id = (char *)in->visit_id,
                             .notes = (char *)in->notes,
                             .created_at = ctx->now,
                             .updated_at = ctx->now};
    r = svc_begin(ctx);
    if (r.status != SVC_OK)
        return r;
    return svc_end(ctx, record(ctx, in, instr, out));
}

svc_result svc_screenings_get(svc_ctx *ctx, const char *id, store_screening *out)
{
    int rc = store_screening_get(ctx->db, ctx->pool, id, out);
    if (rc == STORE_OK && !svc_audit_read(ctx, "screening", out->id, out->person_id))
        rc = STORE_ERROR;
    return svc_from_store(rc);
}

typedef struct list_state {
    svc_ctx *ctx;
    svc_screening_fn fn;
    void *arg;
    bool failed;
} list_state;

static int shown(void *arg, const store_screening *s)
{
    list_state *ls = arg;
    if (ls->fn(ls->arg, s) != 0)
        return 1;
    if (!svc_audit_read(ls->ctx, "screening", s->id, s->person_id)) {
        ls->failed = true;
        return 1;
    }
    return 0;
}

svc_result svc_screenings_list(svc_ctx *ctx, const svc_screening_filter *f, svc_screening_fn fn,
                               void *arg)
{
    if (!f->person_id && !f->open_only)
        return svc_missing("person_id");
    list_state ls = {.ctx = ctx, .fn = fn, .arg = arg};
    int rc = store_screening_list(ctx->db, ctx->pool, f->person_id, f->open_only, f->after_on,
                                  f->after_id, f->limit + 1, shown, &ls);
    return svc_from_store(ls.failed ? STORE_ERROR : rc);
}
