#include "domain/event_kinds.h"

#include <stddef.h>

static const vocab_code kinds[] = {
    [EVENT_PERSON_CREATED] = {"person_created", "登録"},
    [EVENT_PERSON_UPDATED] = {"person_updated", "基本情報の更新"},
    [EVENT_HOUSEHOLD_CREATED] = {"household_created", "世帯の作成"},
    [EVENT_HOUSEHOLD_UPDATED] = {"household_updated", "世帯の更新"},
    [EVENT_HOUSEHOLD_JOINED] = {"household_joined", "世帯への加入"},
    [EVENT_HOUSEHOLD_LEFT] = {"household_left", "世帯からの転出"},
    [EVENT_PREGNANCY_REGISTERED] = {"pregnancy_registered", "妊娠届・面接"},
    [EVENT_PREGNANCY_UPDATED] = {"pregnancy_updated", "妊娠届の更新"},
    [EVENT_SCREENING_RECORDED] = {"screening_recorded", "質問票"},
    [EVENT_SCREENING_FOLLOWUP] = {"screening_followup", "質問票のフォロー"},
    [EVENT_VISIT_RECORDED] = {"visit_recorded", "訪問・健診"},
    [EVENT_VISIT_UPDATED] = {"visit_updated", "訪問・健診の更新"},
    [EVENT_CHECKUP_MISSED] = {"checkup_missed", "乳幼児健診 未受診"},
    [EVENT_CHECKUP_FOLLOWUP] = {"checkup_followup", "未受診のフォロー"},
    [EVENT_REPORT_STEP] = {"report_step", "通告・相談の対応"},
    [EVENT_CASE_OPENED] = {"case_opened", "ケース開始"},
    [EVENT_CASE_UPDATED] = {"case_updated", "ケースの更新"},
    [EVENT_CASE_CLOSED] = {"case_closed", "ケース終結"},
    [EVENT_CONFERENCE_HELD] = {"conference_held", "会議"},
    [EVENT_CASE_DECISION] = {"case_decision", "会議の決定"},
    [EVENT_PLAN_WRITTEN] = {"plan_written", "サポートプラン作成"},
    [EVENT_PLAN_APPROVED] = {"plan_approved", "サポートプラン承認"},
    [EVENT_PLAN_REVIEWED] = {"plan_reviewed", "サポートプランの見直し"},
    [EVENT_PARTNER_REPORT] = {"partner_report", "関係機関からの状況報告"},
    [EVENT_ADDRESS_PROTECTION] = {"address_protection", "住所秘匿の設定"},
    [EVENT_PERSON_MERGED] = {"person_merged", "記録の統合"},
    {NULL, NULL},
};
const vocab timeline_kinds_vocab = {"timeline_kinds", kinds};

static const section sections[EVENT_KIND_COUNT] = {
    [EVENT_PERSON_CREATED] = SECTION_COMMON,       [EVENT_PERSON_UPDATED] = SECTION_COMMON,
    [EVENT_HOUSEHOLD_CREATED] = SECTION_COMMON,    [EVENT_HOUSEHOLD_UPDATED] = SECTION_COMMON,
    [EVENT_HOUSEHOLD_JOINED] = SECTION_COMMON,     [EVENT_HOUSEHOLD_LEFT] = SECTION_COMMON,
    [EVENT_PREGNANCY_REGISTERED] = SECTION_HEALTH, [EVENT_PREGNANCY_UPDATED] = SECTION_HEALTH,
    [EVENT_SCREENING_RECORDED] = SECTION_HEALTH,   [EVENT_SCREENING_FOLLOWUP] = SECTION_HEALTH,
    [EVENT_VISIT_RECORDED] = SECTION_HEALTH,       [EVENT_VISIT_UPDATED] = SECTION_HEALTH,
    [EVENT_CHECKUP_MISSED] = SECTION_HEALTH,       [EVENT_CHECKUP_FOLLOWUP] = SECTION_HEALTH,
    [EVENT_REPORT_STEP] = SECTION_WELFARE,         [EVENT_CASE_OPENED] = SECTION_CASE,
    [EVENT_CASE_UPDATED] = SECTION_CASE,           [EVENT_CASE_CLOSED] = SECTION_CASE,
    [EVENT_CONFERENCE_HELD] = SECTION_CASE,        [EVENT_CASE_DECISION] = SECTION_CASE,
    [EVENT_PLAN_WRITTEN] = SECTION_CASE,           [EVENT_PLAN_APPROVED] = SECTION_CASE,
    [EVENT_PLAN_REVIEWED] = SECTION_CASE,          [EVENT_PARTNER_REPORT] = SECTION_CASE,
    [EVENT_ADDRESS_PROTECTION] = SECTION_COMMON,   [EVENT_PERSON_MERGED] = SECTION_COMMON,
};

static int known(event_kind k)
{
    return k >= 0 && k < EVENT_KIND_COUNT;
}

const char *event_kind_code(event_kind k)
{
    return known(k) ? kinds[k].code : "";
}

const char *event_kind_label(event_kind k)
{
    return known(k) ? kinds[k].label : "";
}

section event_kind_section(event_kind k)
{
    return known(k) ? sections[k] : SECTION_NONE;
}

event_kind event_kind_from_code(const char *code)
{
    int i = vocab_index(&timeline_kinds_vocab, code);
    return i < 0 ? EVENT_KIND_COUNT : (event_kind)i;
}
