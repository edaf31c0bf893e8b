#include "domain/stats.h"

#include "domain/era.h"
#include "domain/report_codes.h"

#include <stddef.h>
#include <string.h>

static const vocab_code age_bands[AGE_BAND_COUNT + 1] = {
    [AGE_BAND_UNDER3] = {"under3", "0〜3歳未満"},
    [AGE_BAND_PRESCHOOL] = {"preschool", "3歳〜学齢前"},
    [AGE_BAND_ELEMENTARY] = {"elementary", "小学生"},
    [AGE_BAND_JUNIOR_HIGH] = {"junior_high", "中学生"},
    [AGE_BAND_HIGH_SCHOOL_OTHER] = {"high_school_other", "高校生・その他"},
    [AGE_BAND_UNKNOWN] = {"unknown", "年齢不明"},
    [AGE_BAND_COUNT] = {NULL, NULL},
};
const vocab stats_age_bands = {"age_bands", age_bands};

static const vocab_code extra_codes[] = {
    {"unknown", "不明"},
    {"incomplete", "未確認の項目あり"},
    {NULL, NULL},
};
const vocab stats_extra_codes = {"stats_extra_codes", extra_codes};

enum { ELEMENTARY_GRADES = 6, JUNIOR_HIGH_GRADES = 3 };

/* The fiscal year in which a child born on `birth` enters elementary school. */
static int school_entry_year(date_ymd birth)
{
    bool early_born = birth.m < 4 || (birth.m == 4 && birth.d == 1); /* 早生まれ */
    return birth.y + (early_born ? 6 : 7);
}

age_band stats_age_band(const date_ymd *birth, date_ymd on)
{
    if (!birth)
        return AGE_BAND_UNKNOWN;
    if (date_age_on(*birth, on) < 3)
        return AGE_BAND_UNDER3;
    int grade = era_fiscal_year(on) - school_entry_year(*birth); /* 0: first grade */
    if (grade < 0)
        return AGE_BAND_PRESCHOOL;
    if (grade < ELEMENTARY_GRADES)
        return AGE_BAND_ELEMENTARY;
    if (grade < ELEMENTARY_GRADES + JUNIOR_HIGH_GRADES)
        return AGE_BAND_JUNIOR_HIGH;
    return AGE_BAND_HIGH_SCHOOL_OTHER;
}

int64_t stats_nearest_rank(const int64_t *sorted, int n, int percent)
{
    int64_t rank = ((int64_t)percent * n + 99) / 100; /* ceil(percent/100 × n) */
    if (rank < 1)
        rank = 1;
    return sorted[rank > n ? n - 1 : rank - 1];
}

int64_t stats_tenths_of_hour(int64_t seconds)
{
    return (seconds * 10 + 1800) / 3600;
}

static const struct {
    const char *code;
    int months;
} checkup_ages[] = {{"4m", 4}, {"18m", 18}, {"3y", 36}};

bool stats_checkup_due_on(date_ymd birth, const char *checkup, date_ymd *out)
{
    for (size_t i = 0; checkup && i < sizeof checkup_ages / sizeof checkup_ages[0]; i++)
        if (strcmp(checkup, checkup_ages[i].code) == 0) {
            *out = date_add_months(birth, checkup_ages[i].months);
            return true;
        }
    return false;
}

const char *stats_main_abuse_type(char *const *types, int n)
{
    int main = -1;
    for (int i = 0; i < n; i++) {
        int k = vocab_index(&report_abuse_types, types[i]);
        if (k >= 0 && (main < 0 || k < main))
            main = k;
    }
    return main < 0 ? NULL : report_abuse_types.codes[main].code;
}

static bool on_or_before(const date_ymd *d, date_ymd on)
{
    return d && date_compare(*d, on) <= 0;
}

bool stats_subject_stands(const stats_subject_dates *s, date_ymd on)
{
    return on_or_before(&s->opened, on) && on_or_before(&s->added, on) &&
           !on_or_before(s->closed, on) && !on_or_before(s->removed, on) &&
           (!s->designated || on_or_before(s->designated, on));
}

bool stats_subject_registered(const stats_subject_dates *s, date_ymd on)
{
    if (!stats_subject_stands(s, on) || !on_or_before(s->registered, on))
        return false;
    return s->youtaikyo || (s->unregistered && !on_or_before(s->unregistered, on));
}
