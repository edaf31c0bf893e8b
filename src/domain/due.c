#include "domain/due.h"

#include <string.h>

static int64_t days_after(date_ymd d, int days)
{
    return date_jst_midnight(date_from_days(date_to_days(d) + days));
}

int64_t due_newborn_visit(date_ymd birth)
{
    return date_jst_midnight(date_add_months(birth, NEWBORN_VISIT_MONTHS));
}

int64_t due_checkup_followup(date_ymd missed_on)
{
    return days_after(missed_on, CHECKUP_FOLLOWUP_DAYS);
}

int64_t due_screening_followup(date_ymd administered_on)
{
    return days_after(administered_on, SCREENING_FOLLOWUP_DAYS);
}

int64_t due_epds_self_harm(date_ymd administered_on)
{
    return days_after(administered_on, 1 + 1); /* the day after, to its end */
}

const due_kind due_kinds[] = {
    {"safety_confirmation", "虐待通告：48時間以内の現認（安全確認）", "welfare", 0},
    {"epds_self_harm", "EPDS 自傷の考え：翌日までに確認", "health", 1},
    {"newborn_visit", "こんにちは赤ちゃん訪問が未実施", "health", 2},
    {"checkup_missed", "乳幼児健診の未受診（フォロー未実施）", "health", 2},
    {"screening_followup", "EPDS 要フォロー（7日以内）", "health", 2},
    {NULL, NULL, NULL, 0},
};

const due_kind *due_kind_of(const char *code)
{
    for (const due_kind *k = due_kinds; code && k->code; k++)
        if (strcmp(k->code, code) == 0)
            return k;
    return NULL;
}
