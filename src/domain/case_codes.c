#include "domain/case_codes.h"

#include <stddef.h>
#include <string.h>

static const vocab_code categories[] = {
    {"tokutei_ninpu", "特定妊婦"},
    {"youhogo", "要保護児童"},
    {"youshien", "要支援児童"},
    {"general", "一般"},
    {NULL, NULL},
};
const vocab case_categories = {"case_categories", categories};

static const vocab_code statuses[] = {
    {"open", "支援中"},
    {"closed", "終結"},
    {NULL, NULL},
};
const vocab case_statuses = {"case_statuses", statuses};

static const vocab_code close_reasons[] = {
    {"goal_reached", "目標達成"}, {"moved", "転出"}, {"transferred_jisou", "児童相談所へ送致"},
    {"other", "その他"},          {NULL, NULL},
};
const vocab case_close_reasons = {"case_close_reasons", close_reasons};

static const vocab_code opened_from[] = {
    {"pregnancy", "特定妊婦候補（妊娠届）"},
    {"report", "通告・相談"},
    {"transfer", "転入（ケース移管）"},
    {NULL, NULL},
};
const vocab case_opened_from = {"case_opened_from", opened_from};

static const vocab_code conf_kinds[] = {
    {"juri", "受理会議"},
    {"joint_case", "合同ケース会議"},
    {"listup", "リストアップ会議"},
    {"youtaikyo_jitsumusha", "要対協実務者会議"},
    {"youtaikyo_kobetsu", "個別ケース検討会議"},
    {NULL, NULL},
};
const vocab conference_kinds = {"conference_kinds", conf_kinds};

static const vocab_code agencies[] = {
    {"school", "学校"},
    {"nursery", "保育所"},
    {"kindergarten", "幼稚園"},
    {"police", "警察"},
    {"medical", "医療機関"},
    {"jisou", "児童相談所"},
    {"child_commissioner", "児童委員"},
    {"welfare_office", "福祉事務所"},
    {"other", "その他"},
    {NULL, NULL},
};
const vocab agency_kinds = {"agency_kinds", agencies};

static const vocab_code reasons[] = {
    {"registered", "要対協登録"},
    {"candidate", "特定妊婦候補（未決定）"},
    {"review_overdue", "見直し期限超過"},
    {"alert", "期限超過のアラート"},
    {NULL, NULL},
};
const vocab agenda_reasons = {"agenda_reasons", reasons};

static const vocab_code plan_status_codes[] = {
    {"draft", "下書き（未承認）"},
    {"approved", "承認済み"},
    {NULL, NULL},
};
const vocab plan_statuses = {"plan_statuses", plan_status_codes};

bool conference_kind_designates(const char *kind)
{
    return kind && (strcmp(kind, "juri") == 0 || strcmp(kind, "joint_case") == 0);
}

bool conference_kind_has_agenda(const char *kind)
{
    return kind && (strcmp(kind, "joint_case") == 0 || strcmp(kind, "listup") == 0 ||
                    strcmp(kind, "youtaikyo_jitsumusha") == 0);
}
