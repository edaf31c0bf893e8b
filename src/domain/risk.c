#include "domain/risk.h"

#include <string.h>

enum {
    WEIGHT_MAX = 10,
    HIGH_FROM_MAX = 100,
    YOUNG_MOTHER_BELOW = 20, /* age in completed years */
    LATE_FROM_WEEKS = 20,
};

/* Indexes of the derived codes in risk_codes. */
enum { IDX_YOUNG_MOTHER = 0, IDX_LATE_NOTIFICATION = 1, IDX_MULTIPLE_BIRTH = 10 };

const char *const risk_codes[RISK_CODE_COUNT] = {
    "young_mother",
    "late_notification",
    "no_prenatal_checkup",
    "unwanted_pregnancy",
    "mental_illness",
    "no_support_person",
    "dv",
    "prior_child_protection",
    "economic_hardship",
    "single_parent",
    "multiple_birth",
    "smoking",
};

/* domain.md, "Pregnancy notification screening": the default table, indexed like risk_codes. */
static const struct {
    int weight;
    const char *label;
    bool candidate;
} defaults[RISK_CODE_COUNT] = {
    {2, "若年妊娠", false},
    {2, "妊娠届出の遅れ（20週以降）", false},
    {2, "妊婦健診未受診", false},
    {2, "望まない妊娠・妊娠への葛藤", false},
    {2, "精神疾患（既往・治療中）", false},
    {2, "相談相手・支援者がいない", false},
    {3, "配偶者等からの暴力", true},
    {3, "きょうだいの虐待歴・施設入所歴", true},
    {1, "経済的困窮", false},
    {1, "ひとり親・未婚", false},
    {1, "多胎", false},
    {1, "妊婦の喫煙", false},
};

int risk_code_index(const char *code)
{
    if (code == NULL)
        return -1;
    for (int i = 0; i < RISK_CODE_COUNT; i++) {
        if (strcmp(code, risk_codes[i]) == 0)
            return i;
    }
    return -1;
}

bool risk_code_is_derived(int index)
{
    return index == IDX_YOUNG_MOTHER || index == IDX_LATE_NOTIFICATION ||
           index == IDX_MULTIPLE_BIRTH;
}

void risk_table_default(risk_table *t)
{
    memset(t, 0, sizeof *t);
    for (int i = 0; i < RISK_CODE_COUNT; i++) {
        t->items[i].weight = defaults[i].weight;
        /* every default label is far shorter than the buffer (checked by the unit test) */
        size_t len = strlen(defaults[i].label);
        memcpy(t->items[i].label, defaults[i].label, len + 1);
        t->candidate_code[i] = defaults[i].candidate;
    }
    t->high_from = 5;
    t->medium_from = 2;
    t->candidate_when_high = true;
}

int risk_table_check(const risk_table *t)
{
    for (int i = 0; i < RISK_CODE_COUNT; i++) {
        const risk_item *it = &t->items[i];
        if (it->weight < 0 || it->weight > WEIGHT_MAX)
            return -(1 + i);
        if (it->label[0] == '\0' || memchr(it->label, '\0', sizeof it->label) == NULL)
            return -(1 + i);
    }
    if (t->high_from < 1 || t->high_from > HIGH_FROM_MAX)
        return RISK_BAD_THRESHOLDS;
    if (t->medium_from < 1 || t->medium_from > t->high_from)
        return RISK_BAD_THRESHOLDS;
    return 0;
}

void risk_evaluate(const risk_table *t, const risk_facts *f, risk_result *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < RISK_CODE_COUNT; i++) {
        if (risk_code_is_derived(i))
            continue;
        out->flagged[i] = f->answers[i] == RISK_YES;
        out->unasked[i] = f->answers[i] != RISK_YES && f->answers[i] != RISK_NO;
        if (out->unasked[i])
            out->unasked_count++;
    }
    out->flagged[IDX_YOUNG_MOTHER] = f->mother_age >= 0 && f->mother_age < YOUNG_MOTHER_BELOW;
    out->flagged[IDX_LATE_NOTIFICATION] = f->weeks >= LATE_FROM_WEEKS;
    out->flagged[IDX_MULTIPLE_BIRTH] = f->multiple;

    bool by_code = false;
    for (int i = 0; i < RISK_CODE_COUNT; i++) {
        if (!out->flagged[i])
            continue;
        out->score += t->items[i].weight;
        if (t->candidate_code[i])
            by_code = true;
    }
    if (out->score >= t->high_from)
        out->level = RISK_HIGH;
    else if (out->score >= t->medium_from)
        out->level = RISK_MEDIUM;
    else
        out->level = RISK_LOW;
    out->candidate = by_code || (t->candidate_when_high && out->level == RISK_HIGH);
}

static const vocab_code level_codes[] = {
    [RISK_LOW] = {"low", "低"},
    [RISK_MEDIUM] = {"medium", "中"},
    [RISK_HIGH] = {"high", "高"},
    {NULL, NULL},
};
const vocab risk_levels = {"risk_levels", level_codes};

static bool level_known(risk_level l)
{
    return (int)l >= RISK_LOW && (int)l <= RISK_HIGH;
}

const char *risk_level_code(risk_level l)
{
    return level_known(l) ? level_codes[l].code : NULL;
}

const char *risk_level_label(risk_level l)
{
    return level_known(l) ? level_codes[l].label : NULL;
}

int risk_level_from_code(const char *code)
{
    return vocab_index(&risk_levels, code);
}

notification_band risk_notification_band(int weeks, bool after_birth)
{
    if (after_birth)
        return BAND_POSTPARTUM;
    if (weeks < 0)
        return BAND_UNKNOWN;
    if (weeks <= 11)
        return BAND_WITHIN_11W;
    if (weeks <= 19)
        return BAND_W12_19;
    if (weeks <= 27)
        return BAND_W20_27;
    return BAND_W28_PLUS;
}

/* The wave dash is U+301C, as in the API contract. */
static const vocab_code band_codes[] = {
    [BAND_WITHIN_11W] = {"within_11w", "満11週以内"},
    [BAND_W12_19] = {"w12_19", "満12〜19週"},
    [BAND_W20_27] = {"w20_27", "満20〜27週"},
    [BAND_W28_PLUS] = {"w28_plus", "満28週〜分娩まで"},
    [BAND_POSTPARTUM] = {"postpartum", "分娩後"},
    [BAND_UNKNOWN] = {"unknown", "不詳"},
    {NULL, NULL},
};
const vocab notification_bands = {"notification_bands", band_codes};

static bool band_known(notification_band b)
{
    return (int)b >= BAND_WITHIN_11W && (int)b <= BAND_UNKNOWN;
}

const char *risk_band_code(notification_band b)
{
    return band_known(b) ? band_codes[b].code : NULL;
}

const char *risk_band_label(notification_band b)
{
    return band_known(b) ? band_codes[b].label : NULL;
}

notification_band risk_band_from_code(const char *code)
{
    int i = vocab_index(&notification_bands, code);
    return i < 0 ? BAND_UNKNOWN : (notification_band)i;
}
