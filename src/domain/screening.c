#include "domain/screening.h"

#include <stdio.h> /* snprintf only: no I/O */
#include <string.h>

enum {
    EPDS_HIGH_FROM = 9,
    EPDS_SELF_HARM_ITEM = 9, /* 0-based: item 10 */
    IKUJI_ITEMS = 9,
};

static const vocab_code instrument_codes[] = {
    [SCREEN_EPDS] = {"epds", "エジンバラ産後うつ病質問票（EPDS）"},
    [SCREEN_BONDING] = {"bonding", "赤ちゃんへの気持ち質問票"},
    [SCREEN_IKUJI_SUPPORT] = {"ikuji_support", "育児支援チェックリスト"},
    {NULL, NULL},
};
const vocab screening_instruments = {"screening_instruments", instrument_codes};

typedef struct {
    int items;
    int options;
    /* For 4-option instruments: true when item i (0-based) scores the index itself, false when
     * it is reverse-scored (3 − index). */
    bool forward[SCREENING_MAX_ITEMS];
} instrument_def;

static const instrument_def instruments[] = {
    [SCREEN_EPDS] = {10,
                     4,
                     /* items 1, 2, 4 forward */
                     {true, true, false, true, false, false, false, false, false, false}},
    [SCREEN_BONDING] = {10,
                        4,
                        /* items 1, 6, 8, 10 forward */
                        {true, false, false, false, false, true, false, true, false, true}},
    [SCREEN_IKUJI_SUPPORT] = {IKUJI_ITEMS, 2, {0}},
};

enum { INSTRUMENT_COUNT = sizeof instruments / sizeof instruments[0] };

static const char *const ikuji_codes[IKUJI_ITEMS] = {
    "ikuji_1", "ikuji_2", "ikuji_3", "ikuji_4", "ikuji_5",
    "ikuji_6", "ikuji_7", "ikuji_8", "ikuji_9",
};

static const char *const ikuji_labels[IKUJI_ITEMS] = {
    "妊娠・出産の医学的問題",
    "流産・死産・乳児の死亡の経験",
    "精神的な問題での相談歴",
    "相談できる人がいない",
    "経済的な不安",
    "住まい・環境への不満",
    "妊娠中の家族の死・重病・事故",
    "赤ちゃんが泣く理由がわからない",
    "赤ちゃんを叩きたくなる",
};

/* The definition of s, or NULL when s is not an instrument. */
static const instrument_def *def_of(screening_instrument s)
{
    int i = (int)s;
    if (i < 0 || i >= (int)INSTRUMENT_COUNT)
        return NULL;
    return &instruments[i];
}

screening_instrument screening_from_code(const char *code)
{
    int i = vocab_index(&screening_instruments, code);
    return i < 0 ? SCREEN_NONE : (screening_instrument)i;
}

const char *screening_code(screening_instrument s)
{
    return def_of(s) ? instrument_codes[s].code : NULL;
}

const char *screening_label(screening_instrument s)
{
    return def_of(s) ? instrument_codes[s].label : NULL;
}

int screening_item_count(screening_instrument s)
{
    const instrument_def *d = def_of(s);
    return d ? d->items : 0;
}

int screening_option_count(screening_instrument s)
{
    const instrument_def *d = def_of(s);
    return d ? d->options : 0;
}

/* Appends a flag; the label is cut to fit (never happens with the labels used here). */
static void add_flag(screening_result *r, const char *code, const char *label)
{
    if (r->flag_count >= SCREENING_MAX_FLAGS)
        return;
    screening_flag *f = &r->flags[r->flag_count++];
    f->code = code;
    snprintf(f->label, sizeof f->label, "%s", label);
}

int screening_score(screening_instrument s, const int *answers, int count, int bonding_threshold,
                    screening_result *out, int *bad_index)
{
    if (bad_index)
        *bad_index = -1;
    const instrument_def *d = def_of(s);
    if (d == NULL || answers == NULL || count != d->items)
        return SCREENING_BAD_COUNT;
    for (int i = 0; i < count; i++) {
        if (answers[i] < 0 || answers[i] >= d->options) {
            if (bad_index)
                *bad_index = i;
            return SCREENING_BAD_VALUE;
        }
    }

    screening_result r;
    memset(&r, 0, sizeof r);
    r.item_count = count;
    for (int i = 0; i < count; i++) {
        int v;
        if (s == SCREEN_IKUJI_SUPPORT)
            v = answers[i] == 0 ? 1 : 0; /* はい scores 1 */
        else
            v = d->forward[i] ? answers[i] : 3 - answers[i];
        r.item_scores[i] = v;
        r.score += v;
    }

    switch (s) {
    case SCREEN_EPDS:
        if (r.score >= EPDS_HIGH_FROM)
            add_flag(&r, "epds_high", "EPDS 9点以上");
        if (r.item_scores[EPDS_SELF_HARM_ITEM] >= 1)
            add_flag(&r, "epds_self_harm", "自傷の考え（項目10）");
        break;
    case SCREEN_BONDING:
        if (bonding_threshold >= 0 && r.score >= bonding_threshold) {
            char label[sizeof r.flags[0].label];
            snprintf(label, sizeof label, "赤ちゃんへの気持ち 要確認（%d点以上）",
                     bonding_threshold);
            add_flag(&r, "bonding_high", label);
        }
        break;
    case SCREEN_IKUJI_SUPPORT:
        for (int i = 0; i < count; i++) {
            if (r.item_scores[i] == 1)
                add_flag(&r, ikuji_codes[i], ikuji_labels[i]);
        }
        break;
    case SCREEN_NONE:
        break;
    }
    *out = r;
    return 0;
}

bool screening_has_flag(const screening_result *r, const char *code)
{
    for (int i = 0; i < r->flag_count; i++)
        if (strcmp(r->flags[i].code, code) == 0)
            return true;
    return false;
}
