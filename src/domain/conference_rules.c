#include "domain/conference_rules.h"
#include "domain/case_codes.h"

#include <stddef.h>

conference_decision_fault conference_decision_check(const conference_decision_facts *f,
                                                    const char **field)
{
    static const struct {
        conference_decision_fault fault;
        const char *field;
    } where[] = {
        {DECISION_NO_TARGET, "case_id"},
        {DECISION_CASE_NOT_LISTED, "case_id"},
        {DECISION_CATEGORY_UNKNOWN, "category"},
        {DECISION_CATEGORY_NOT_AT_KIND, "category"},
        {DECISION_CATEGORY_NEEDS_SUBJECT, "person_id"},
        {DECISION_REGISTER_NEEDS_SUBJECT, "person_id"},
        {DECISION_PERSON_NOT_SUBJECT, "person_id"},
        {DECISION_PERSON_WITHOUT_CASE, "person_id"},
        {DECISION_CLOSE_UNKNOWN, "close_reason"},
        {DECISION_CLOSE_NEEDS_CASE, "close_reason"},
    };
    conference_decision_fault fault = DECISION_OK;
    if (!f->has_case && !f->has_pregnancy)
        fault = DECISION_NO_TARGET;
    else if (f->has_case && !f->case_listed)
        fault = DECISION_CASE_NOT_LISTED;
    else if (f->category && !f->category_known)
        fault = DECISION_CATEGORY_UNKNOWN;
    else if (f->category && !conference_kind_designates(f->conference_kind))
        fault = DECISION_CATEGORY_NOT_AT_KIND;
    else if (f->has_person && !f->has_case)
        fault = DECISION_PERSON_WITHOUT_CASE;
    else if (f->category && !f->has_person)
        fault = DECISION_CATEGORY_NEEDS_SUBJECT;
    else if (f->has_register && !f->has_person)
        fault = DECISION_REGISTER_NEEDS_SUBJECT;
    else if (f->has_person && !f->person_is_subject)
        fault = DECISION_PERSON_NOT_SUBJECT;
    else if (f->close_reason && !f->close_reason_known)
        fault = DECISION_CLOSE_UNKNOWN;
    else if (f->close_reason && !f->has_case)
        fault = DECISION_CLOSE_NEEDS_CASE;
    *field = NULL;
    for (size_t i = 0; i < sizeof where / sizeof where[0]; i++)
        if (where[i].fault == fault)
            *field = where[i].field;
    return fault;
}

const char *conference_decision_message(conference_decision_fault fault)
{
    switch (fault) {
    case DECISION_OK:
        return NULL;
    case DECISION_NO_TARGET:
        return "決定の対象（case_id または pregnancy_id）を指定してください。";
    case DECISION_CASE_NOT_LISTED:
        return "決定のケースは会議で扱ったケース（case_ids）から指定してください。";
    case DECISION_CATEGORY_UNKNOWN:
        return "選択肢にない値です。";
    case DECISION_CATEGORY_NOT_AT_KIND:
        return "区分（特定妊婦・要支援・要保護）の決定は受理会議と合同ケース会議でのみ行えます。";
    case DECISION_CATEGORY_NEEDS_SUBJECT:
        return "区分の決定は対象者（ケースの対象者）を指定して行ってください。";
    case DECISION_REGISTER_NEEDS_SUBJECT:
        return "要対協への登録・登録解除は対象者（ケースの対象者）を指定して行ってください。";
    case DECISION_PERSON_NOT_SUBJECT:
        return "対象者はこのケースの対象者から指定してください。";
    case DECISION_PERSON_WITHOUT_CASE:
        return "対象者を指定する決定にはケース（case_id）が必要です。";
    case DECISION_CLOSE_UNKNOWN:
        return "選択肢にない終結理由です。";
    case DECISION_CLOSE_NEEDS_CASE:
        return "終結の決定にはケース（case_id）が必要です。";
    }
    return NULL;
}

bool conference_held_on_ok(date_ymd held_on, date_ymd today)
{
    return date_compare(held_on, today) <= 0;
}

date_ymd conference_next_review(date_ymd held_on, int review_months, bool has_set_by_hand,
                                date_ymd set_by_hand)
{
    date_ymd next = date_add_months(held_on, review_months);
    if (has_set_by_hand && date_compare(set_by_hand, held_on) > 0 &&
        date_compare(set_by_hand, next) < 0)
        return set_by_hand;
    return next;
}
