#include "domain/visit_form.h"

#include <string.h>

static const vocab_code feeding_codes[] = {
    {"breast", "母乳"},
    {"mixed", "混合"},
    {"formula", "人工乳"},
    {NULL, NULL},
};
const vocab feeding_methods = {"feeding_methods", feeding_codes};

static const vocab_code mood_codes[] = {
    {"stable", "安定している"},
    {"anxious", "不安・疲れがある"},
    {"low", "気分の落ち込みがある"},
    {"severe", "強い落ち込み・不安（要フォロー）"},
    {NULL, NULL},
};
const vocab mother_moods = {"mother_moods", mood_codes};

static const vocab_code sleep_codes[] = {
    {"enough", "とれている"},
    {"short", "不足気味"},
    {"very_short", "ほとんどとれていない"},
    {NULL, NULL},
};
const vocab mother_sleeps = {"mother_sleeps", sleep_codes};

static const vocab_code home_codes[] = {
    {"fine", "特に問題なし"},
    {"some_concern", "気になる点あり"},
    {"support_needed", "支援が必要"},
    {NULL, NULL},
};
const vocab home_environments = {"home_environments", home_codes};

static const vocab_code contact_codes[] = {
    {"visit", "訪問"}, {"phone", "電話"}, {"office", "来所相談"}, {"checkup", "健診"}, {NULL, NULL},
};
const vocab contact_kinds = {"contact_kinds", contact_codes};

static visit_form_problem problem(const char *field, const char *message)
{
    return (visit_form_problem){.field = field, .message = message};
}

static const char *const CHOICE = "選択肢にない値です。";
static const char *const NEWBORN_ONLY = "こんにちは赤ちゃん訪問でだけ記録できる項目です。";

bool visit_form_has_newborn_items(const visit_form *f)
{
    return f->infant_weight_g != VISIT_WEIGHT_NONE || f->feeding || f->mother_mood ||
           f->mother_sleep || f->home_environment || f->home_note;
}

static visit_form_problem check_newborn(visit_kind k, const visit_form *f)
{
    struct {
        const char *field, *code;
        const vocab *v;
    } coded[] = {{"feeding", f->feeding, &feeding_methods},
                 {"mother_mood", f->mother_mood, &mother_moods},
                 {"mother_sleep", f->mother_sleep, &mother_sleeps},
                 {"home_environment", f->home_environment, &home_environments}};
    if (f->infant_weight_g != VISIT_WEIGHT_NONE) {
        if (k != VISIT_NEWBORN)
            return problem("infant_weight_g", NEWBORN_ONLY);
        if (f->infant_weight_g < VISIT_WEIGHT_MIN_G || f->infant_weight_g > VISIT_WEIGHT_MAX_G)
            return problem("infant_weight_g", "体重は300〜15000（g）の整数で入力してください。");
    }
    for (size_t i = 0; i < sizeof coded / sizeof coded[0]; i++) {
        if (!coded[i].code)
            continue;
        if (k != VISIT_NEWBORN)
            return problem(coded[i].field, NEWBORN_ONLY);
        if (!vocab_has(coded[i].v, coded[i].code))
            return problem(coded[i].field, CHOICE);
    }
    if (f->home_note && k != VISIT_NEWBORN)
        return problem("home_note", NEWBORN_ONLY);
    return problem(NULL, NULL);
}

visit_form_problem visit_form_check(visit_kind k, date_ymd on, const visit_form *f)
{
    visit_form_problem p = check_newborn(k, f);
    if (p.field)
        return p;
    if (f->next_contact_on) {
        date_ymd next;
        if (!date_parse(f->next_contact_on, strlen(f->next_contact_on), &next))
            return problem("next_contact_on", "日付は YYYY-MM-DD の形式で入力してください。");
        if (date_compare(next, on) < 0)
            return problem("next_contact_on", "次回の連絡は訪問日以降の日付で入力してください。");
        if (!f->next_contact_kind)
            return (visit_form_problem){.field = "next_contact_kind", .missing = true};
    }
    if (f->next_contact_kind) {
        if (!vocab_has(&contact_kinds, f->next_contact_kind))
            return problem("next_contact_kind", CHOICE);
        if (!f->next_contact_on)
            return (visit_form_problem){.field = "next_contact_on", .missing = true};
    }
    return problem(NULL, NULL);
}
