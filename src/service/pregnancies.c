#include "service/pregnancies.h"

#include "domain/subject.h"
#include "service/person_merges.h"
#include "store/persons.h"
#include "store/settings.h"
#include "util/random.h"

#include <string.h>

static bool parse_date(const char *s, date_ymd *d)
{
    return s && date_parse(s, strlen(s), d);
}

/* The input's fields onto the record: every field when set is NULL (creating), else those set;
 * the answers merge by code either way. */
static svc_result apply(svc_ctx *ctx, const svc_pregnancy_input *in,
                        const svc_pregnancy_fields *set, store_pregnancy *g)
{
#define SET(flag) (!set || set->flag)
    if (SET(mother_id))
        g->mother_id = (char *)in->mother_id;
    if (SET(notified_on))
        g->notified_on = (char *)in->notified_on;
    if (SET(weeks))
        g->weeks = in->weeks;
    if (SET(after_birth))
        g->after_birth = in->after_birth;
    if (SET(due_date))
        g->due_date = (char *)in->due_date;
    if (SET(multiple))
        g->multiple = in->multiple;
    if (SET(notes))
        g->notes = (char *)in->notes;
    if (SET(child_ids)) {
        g->child_ids = (char **)in->child_ids;
        g->child_count = in->child_ids ? in->child_count : 0;
    }
#undef SET
    for (int i = 0; i < RISK_CODE_COUNT; i++) {
        if (in->answers[i] == SVC_ANSWER_KEEP)
            continue;
        if (risk_code_is_derived(i))
            return svc_invalid(pool_printf(ctx->pool, "answers.%s", risk_codes[i]),
                               "この質問項目はありません。");
        g->answers[i] = in->answers[i] == SVC_ANSWER_YES  ? RISK_YES
                        : in->answers[i] == SVC_ANSWER_NO ? RISK_NO
                                                          : RISK_UNASKED;
    }
    return svc_ok();
}

/* The record's own fields, as they would be written. */
static svc_result check_fields(const svc_ctx *ctx, const store_pregnancy *g)
{
    date_ymd d;
    if (!g->mother_id)
        return svc_missing("mother_id");
    if (!g->notified_on)
        return svc_missing("notified_on");
    if (!parse_date(g->notified_on, &d))
        return svc_invalid("notified_on", "日付は YYYY-MM-DD の形式で入力してください。");
    if (date_compare(d, ctx->today) > 0)
        return svc_invalid("notified_on", "未来の日付は入力できません。");
    if (g->weeks < -1 || g->weeks > SVC_PREGNANCY_WEEKS_MAX)
        return svc_invalid("weeks_at_notification", "妊娠週数は0〜45の整数で入力してください。");
    if (g->due_date && !parse_date(g->due_date, &d))
        return svc_invalid("due_date", "日付は YYYY-MM-DD の形式で入力してください。");
    if (g->child_count < 0 || g->child_count > SVC_PREGNANCY_CHILDREN_MAX)
        return svc_invalid("child_ids", "子どもは8人までの配列で指定してください。");
    return svc_ok();
}

/* The persons named exist; the mother is returned. */
static svc_result load_persons(svc_ctx *ctx, const store_pregnancy *g, store_person *mother)
{
    int rc = store_person_get(ctx->db, ctx->pool, g->mother_id, mother);
    if (rc == STORE_NOT_FOUND)
        return svc_invalid("mother_id", "指定された母が見つかりません。");
    if (rc == STORE_OK && mother->merged_into)
        return svc_person_refuse_merged(mother, "mother_id");
    for (int i = 0; rc == STORE_OK && i < g->child_count; i++) {
        store_person child;
        rc = store_person_get(ctx->db, ctx->pool, g->child_ids[i], &child);
        if (rc == STORE_NOT_FOUND)
            return svc_invalid(pool_printf(ctx->pool, "child_ids[%d]", i),
                               "指定された子どもが見つかりません。");
        if (rc == STORE_OK && child.merged_into)
            return svc_person_refuse_merged(&child, pool_printf(ctx->pool, "child_ids[%d]", i));
    }
    return svc_from_store(rc);
}

/* A mother who is male or under 10 on notified_on cannot be right (domain/subject.c). */
static svc_result check_mother(const store_person *mother, const char *notified_on)
{
    switch (subject_check_mother(mother->sex, mother->birth_date, notified_on)) {
    case SUBJECT_MALE:
        return svc_invalid("mother_id", "男性は妊娠届の母（妊婦）として登録できません。"
                                        "選んだ人と、その人の性別の記録を確認してください。");
    case SUBJECT_TOO_YOUNG:
        return svc_invalid("mother_id",
                           "届出日に10歳未満の人は妊娠届の母（妊婦）として登録できません。"
                           "選んだ人と、その人の生年月日の記録を確認してください。");
    case SUBJECT_OK:
        break;
    }
    return svc_ok();
}

/* Judges the risk with the table in force and writes the result onto the record. */
static svc_result judge(svc_ctx *ctx, store_pregnancy *g, const store_person *mother)
{
    risk_table t;
    store_setting meta;
    int rc = store_settings_risk_table(ctx->db, ctx->pool, &t, &meta);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    risk_facts f = {.mother_age = -1, .weeks = (int)g->weeks, .multiple = g->multiple};
    memcpy(f.answers, g->answers, sizeof f.answers);
    date_ymd birth, notified;
    if (parse_date(mother->birth_date, &birth) && parse_date(g->notified_on, &notified))
        f.mother_age = date_age_on(birth, notified);
    risk_result r;
    risk_evaluate(&t, &f, &r);
    g->flag_count = 0;
    for (int i = 0; i < RISK_CODE_COUNT; i++)
        if (r.flagged[i])
            g->flags[g->flag_count++] = (store_risk_flag){
                risk_codes[i], pool_strdup(ctx->pool, t.items[i].label), t.items[i].weight};
    g->risk_score = r.score;
    g->risk_level = (char *)risk_level_code(r.level);
    g->candidate = r.candidate;
    g->unasked_count = r.unasked_count;
    g->band = (char *)risk_band_code(risk_notification_band((int)g->weeks, g->after_birth));
    g->risk_table_version = meta.version;
    return svc_ok();
}

/* 「…（リスク中・特定妊婦候補）」; an incomplete interview never reads as low:
 * 「…（面接未完了：未確認3項目・確認済みの項目でリスク中）」. */
static const char *event_summary(svc_ctx *ctx, const char *what, const store_pregnancy *g)
{
    int level = risk_level_from_code(g->risk_level);
    const char *label = level < 0 ? "" : risk_level_label((risk_level)level);
    const char *candidate = g->candidate ? "・特定妊婦候補" : "";
    if (g->unasked_count == 0)
        return pool_printf(ctx->pool, "%s（リスク%s%s）", what, label, candidate);
    bool low = level == RISK_LOW;
    return pool_printf(ctx->pool, "%s（面接未完了：未確認%lld項目%s%s%s）", what,
                       (long long)g->unasked_count, low ? "" : "・確認済みの項目でリスク",
                       low ? "" : label, candidate);
}

/* The event and the audit rows (mother and children) of a write. */
static svc_result finish(svc_ctx *ctx, const store_pregnancy *g, bool creating)
{
    const char *action = creating ? "create" : "update";
    int rc = svc_add_event(
        ctx, ctx->now, creating ? EVENT_PREGNANCY_REGISTERED : EVENT_PREGNANCY_UPDATED,
        event_summary(ctx, creating ? "妊娠届を受け付けました" : "妊娠届の内容を更新しました", g),
        "pregnancy", g->id, g->mother_id);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, action, "pregnancy", g->id, g->mother_id);
    for (int i = 0; rc == STORE_OK && i < g->child_count; i++)
        rc = svc_audit_change(ctx, action, "pregnancy", g->id, g->child_ids[i]);
    return svc_from_store(rc);
}

static svc_result insert(svc_ctx *ctx, store_pregnancy *g)
{
    svc_result r = load_persons(ctx, g, &g->mother);
    if (r.status == SVC_OK)
        r = check_mother(&g->mother, g->notified_on);
    if (r.status == SVC_OK)
        r = judge(ctx, g, &g->mother);
    if (r.status == SVC_OK)
        r = svc_from_store(store_pregnancy_insert(ctx->db, g));
    return r.status == SVC_OK ? finish(ctx, g, true) : r;
}

svc_result svc_pregnancies_record(svc_ctx *ctx, const svc_pregnancy_input *in, store_pregnancy *out)
{
    char *id = pool_alloc(ctx->pool, RANDOM_ID_LEN + 1);
    random_id(id);
    *out = (store_pregnancy){
        .id = id, .version = 1, .weeks = -1, .created_at = ctx->now, .updated_at = ctx->now};
    svc_result r = apply(ctx, in, NULL, out);
    if (r.status == SVC_OK)
        r = check_fields(ctx, out);
    if (r.status != SVC_OK)
        return r;
    r = svc_begin(ctx);
    if (r.status != SVC_OK)
        return r;
    return svc_end(ctx, insert(ctx, out));
}

static bool same_record(const store_pregnancy *x, const store_pregnancy *y)
{
    if (!svc_same_text(x->mother_id, y->mother_id) ||
        !svc_same_text(x->notified_on, y->notified_on) || x->weeks != y->weeks ||
        x->after_birth != y->after_birth || !svc_same_text(x->due_date, y->due_date) ||
        x->multiple != y->multiple || !svc_same_text(x->notes, y->notes) ||
        memcmp(x->answers, y->answers, sizeof x->answers) != 0 || x->child_count != y->child_count)
        return false;
    for (int i = 0; i < x->child_count; i++)
        if (strcmp(x->child_ids[i], y->child_ids[i]) != 0)
            return false;
    return true;
}

static svc_result update(svc_ctx *ctx, const char *id, int64_t expected,
                         const svc_pregnancy_input *in, const svc_pregnancy_fields *set,
                         store_pregnancy *g)
{
    int rc = store_pregnancy_get(ctx->db, ctx->pool, id, g);
    if (rc == STORE_OK && g->version != expected)
        rc = STORE_CONFLICT;
    if (rc != STORE_OK)
        return svc_from_store(rc);
    store_pregnancy before = *g;
    svc_result r = apply(ctx, in, set, g);
    if (r.status == SVC_OK)
        r = check_fields(ctx, g);
    store_person mother;
    if (r.status == SVC_OK)
        r = load_persons(ctx, g, &mother);
    /* A record made before the rule keeps its mother until someone changes her or the date. */
    if (r.status == SVC_OK && (!svc_same_text(before.mother_id, g->mother_id) ||
                               !svc_same_text(before.notified_on, g->notified_on)))
        r = check_mother(&mother, g->notified_on);
    if (r.status != SVC_OK)
        return r;
    if (same_record(&before, g)) {
        /* Nothing changed: no new version, no event; the record is shown (a read). */
        *g = before;
        if (!svc_audit_read(ctx, "pregnancy", g->id, g->mother_id))
            return svc_error();
        return svc_ok();
    }
    g->mother = mother;
    r = judge(ctx, g, &mother);
    if (r.status != SVC_OK)
        return r;
    g->updated_at = ctx->now;
    rc = store_pregnancy_update(ctx->db, g, expected);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    g->version = expected + 1;
    return finish(ctx, g, false);
}

svc_result svc_pregnancies_update(svc_ctx *ctx, const char *id, int64_t expected,
                                  const svc_pregnancy_input *in, const svc_pregnancy_fields *set,
                                  store_pregnancy *out)
{
    svc_result r = svc_begin(ctx);
    if (r.status != SVC_OK)
        return r;
    return svc_end(ctx, update(ctx, id, expected, in, set, out));
}

svc_result svc_pregnancies_get(svc_ctx *ctx, const char *id, store_pregnancy *out)
{
    int rc = store_pregnancy_get(ctx->db, ctx->pool, id, out);
    if (rc == STORE_OK && !svc_audit_read(ctx, "pregnancy", out->id, out->mother_id))
        rc = STORE_ERROR;
    return svc_from_store(rc);
}

typedef struct list_state {
    svc_ctx *ctx;
    svc_pregnancy_fn fn;
    void *arg;
    bool failed;
} list_state;

static int shown(void *arg, const store_pregnancy *g)
{
    list_state *ls = arg;
    if (ls->fn(ls->arg, g) != 0)
        return 1;
    if (!svc_audit_read(ls->ctx, "pregnancy", g->id, g->mother_id)) {
        ls->failed = true;
        return 1;
    }
    return 0;
}

svc_result svc_pregnancies_list(svc_ctx *ctx, const svc_pregnancy_filter *f, svc_pregnancy_fn fn,
                                void *arg)
{
    if (f->risk_level && risk_level_from_code(f->risk_level) < 0)
        return svc_invalid("risk_level", "low, medium, high のいずれかで指定してください。");
    store_pregnancy_filter sf = {.mother_id = f->mother_id,
                                 .child_id = f->child_id,
                                 .candidates_only = f->candidates_only,
                                 .risk_level = f->risk_level,
                                 .incomplete = f->incomplete,
                                 .after_notified_on = f->after_notified_on,
                                 .after_id = f->after_id,
                                 .limit = f->limit + 1};
    list_state ls = {.ctx = ctx, .fn = fn, .arg = arg};
    int rc = store_pregnancy_list(ctx->db, ctx->pool, &sf, shown, &ls);
    return svc_from_store(ls.failed ? STORE_ERROR : rc);
}
