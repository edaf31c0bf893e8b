#include "domain/due.h"

#include "domain/companion.h"

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

int64_t due_end_of_day(date_ymd on)
{
    return days_after(on, 1);
}

static const vocab_code alert_kind_codes[] = {
    [ALERT_SAFETY_CONFIRMATION] = {"safety_confirmation", "虐待通告：48時間以内の現認（安全確認）"},
    [ALERT_EPDS_SELF_HARM] = {"epds_self_harm", "EPDS 自傷の考え：翌日までに確認"},
    [ALERT_NEWBORN_VISIT] = {"newborn_visit", "こんにちは赤ちゃん訪問が未実施"},
    [ALERT_CHECKUP_MISSED] = {"checkup_missed", "乳幼児健診の未受診（フォロー未実施）"},
    [ALERT_SCREENING_FOLLOWUP] = {"screening_followup", "EPDS 要フォロー（7日以内）"},
    [ALERT_ACTION_DUE] = {"action_due", "会議で決めた対応の期限"},
    [ALERT_CASE_REVIEW] = {"case_review", "要対協登録ケースの見直し期限"},
    [ALERT_PLAN_REVIEW] = {"plan_review", "サポートプランの見直し時期"},
    [ALERT_COMPANION_NOTIFICATION] = {"companion_notification",
                                      "伴走型相談支援：妊娠届出時面談が未実施"},
    [ALERT_COMPANION_8M] = {"companion_8m", "伴走型相談支援：妊娠8か月頃面談が未実施"},
    [ALERT_COMPANION_POSTNATAL] = {"companion_postnatal", "伴走型相談支援：出産後面談が未実施"},
    [ALERT_KIND_COUNT] = {NULL, NULL},
};

const vocab alert_kinds_vocab = {"alert_kinds", alert_kind_codes};

static const alert_kind_rule alert_kind_rules[ALERT_KIND_COUNT] = {
    [ALERT_SAFETY_CONFIRMATION] = {ALERT_SECTION_WELFARE, "report", NULL, PERM_REPORT_READ, 0},
    [ALERT_EPDS_SELF_HARM] = {ALERT_SECTION_HEALTH, "screening", due_epds_self_harm,
                              PERM_HEALTH_READ, 1},
    [ALERT_NEWBORN_VISIT] = {ALERT_SECTION_HEALTH, "person", due_newborn_visit, PERM_HEALTH_READ,
                             2},
    [ALERT_CHECKUP_MISSED] = {ALERT_SECTION_HEALTH, "visit", due_checkup_followup, PERM_HEALTH_READ,
                              2},
    [ALERT_SCREENING_FOLLOWUP] = {ALERT_SECTION_HEALTH, "screening", due_screening_followup,
                                  PERM_HEALTH_READ, 2},
    [ALERT_ACTION_DUE] = {ALERT_SECTION_CASE, "conference_action", due_end_of_day, PERM_CASE_READ,
                          2},
    [ALERT_CASE_REVIEW] = {ALERT_SECTION_CASE, "case", due_end_of_day, PERM_CASE_READ, 2},
    [ALERT_PLAN_REVIEW] = {ALERT_SECTION_CASE, "plan", due_end_of_day, PERM_CASE_READ, 2},
    [ALERT_COMPANION_NOTIFICATION] = {ALERT_SECTION_HEALTH, "pregnancy", due_companion_notification,
                                      PERM_HEALTH_READ, 2},
    [ALERT_COMPANION_8M] = {ALERT_SECTION_HEALTH, "pregnancy", due_companion_8m, PERM_HEALTH_READ,
                            2},
    [ALERT_COMPANION_POSTNATAL] = {ALERT_SECTION_HEALTH, "pregnancy", due_companion_postnatal,
                                   PERM_HEALTH_READ, 2},
};

alert_kind alert_kind_from_code(const char *code)
{
    return (alert_kind)vocab_index(&alert_kinds_vocab, code);
}

static bool known_kind(alert_kind k)
{
    return k > ALERT_KIND_NONE && k < ALERT_KIND_COUNT;
}

const char *alert_kind_code(alert_kind k)
{
    return known_kind(k) ? alert_kind_codes[k].code : NULL;
}

const char *alert_kind_label(alert_kind k)
{
    return known_kind(k) ? alert_kind_codes[k].label : NULL;
}

const alert_kind_rule *alert_kind_rule_of(alert_kind k)
{
    return known_kind(k) ? &alert_kind_rules[k] : NULL;
}

static const char *const section_codes[] = {[ALERT_SECTION_HEALTH] = "health",
                                            [ALERT_SECTION_WELFARE] = "welfare",
                                            [ALERT_SECTION_CASE] = "case"};

alert_section alert_section_from_code(const char *code)
{
    for (int s = ALERT_SECTION_HEALTH; code && s <= ALERT_SECTION_CASE; s++)
        if (strcmp(section_codes[s], code) == 0)
            return (alert_section)s;
    return ALERT_SECTION_NONE;
}

const char *alert_section_code(alert_section s)
{
    return s >= ALERT_SECTION_HEALTH && s <= ALERT_SECTION_CASE ? section_codes[s] : NULL;
}

bool alert_upcoming(int64_t due_at, int64_t at)
{
    return due_at > at && due_at - at <= (int64_t)ALERT_UPCOMING_DAYS * 24 * 3600;
}
