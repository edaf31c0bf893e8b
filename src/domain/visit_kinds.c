#include "domain/visit_kinds.h"

#include <stddef.h>

static const vocab_code kind_codes[] = {
    [VISIT_NEWBORN] = {"newborn_visit", "こんにちは赤ちゃん訪問"},
    [VISIT_POSTPARTUM] = {"postpartum_care", "産後ケア"},
    [VISIT_CHECKUP] = {"checkup", "乳幼児健診"},
    [VISIT_COMPANION_NOTIFICATION] = {"companion_notification", "妊娠届出時面談（伴走型）"},
    [VISIT_COMPANION_8M] = {"companion_8m", "妊娠8か月頃面談（伴走型）"},
    [VISIT_COMPANION_POSTNATAL] = {"companion_postnatal", "出産後面談（伴走型）"},
    {NULL, NULL},
};
const vocab visit_kinds = {"visit_kinds", kind_codes};

static const vocab_code status_codes[] = {
    [VISIT_SCHEDULED] = {"scheduled", "予定"},
    [VISIT_DONE] = {"done", "実施"},
    [VISIT_MISSED] = {"missed", "未受診"},
    {NULL, NULL},
};
const vocab visit_statuses = {"visit_statuses", status_codes};

static const vocab_code checkup_status_codes[] = {
    [VISIT_SCHEDULED] = {"scheduled", "予定"},
    [VISIT_DONE] = {"done", "受診"},
    [VISIT_MISSED] = {"missed", "未受診"},
    {NULL, NULL},
};
const vocab checkup_statuses = {"checkup_statuses", checkup_status_codes};

static const vocab_code postpartum_codes[] = {
    {"stay", "宿泊型"},
    {"day", "日帰り型"},
    {"home", "訪問型"},
    {NULL, NULL},
};
const vocab postpartum_subtypes = {"postpartum_subtypes", postpartum_codes};

static const vocab_code checkup_codes[] = {
    {"4m", "4か月児"},
    {"18m", "1歳6か月児"},
    {"3y", "3歳児"},
    {NULL, NULL},
};
const vocab checkup_subtypes = {"checkup_subtypes", checkup_codes};

visit_kind visit_kind_from_code(const char *code)
{
    int i = vocab_index(&visit_kinds, code);
    return i < 0 ? VISIT_KIND_NONE : (visit_kind)i;
}

const char *visit_kind_label(visit_kind k)
{
    return k >= VISIT_NEWBORN && k <= VISIT_COMPANION_POSTNATAL ? kind_codes[k].label : "";
}

visit_status visit_status_from_code(const char *code)
{
    int i = vocab_index(&visit_statuses, code);
    return i < 0 ? VISIT_STATUS_NONE : (visit_status)i;
}

const char *visit_status_label(visit_kind k, visit_status s)
{
    if (s < VISIT_SCHEDULED || s > VISIT_MISSED)
        return "";
    return k == VISIT_CHECKUP ? checkup_status_codes[s].label : status_codes[s].label;
}

const vocab *visit_subtypes(visit_kind k)
{
    return k == VISIT_POSTPARTUM ? &postpartum_subtypes
           : k == VISIT_CHECKUP  ? &checkup_subtypes
                                 : NULL;
}

const char *visit_subtype_label(visit_kind k, const char *subtype)
{
    const vocab *v = visit_subtypes(k);
    const char *label = v ? vocab_label(v, subtype) : NULL;
    return label ? label : "";
}

visit_check visit_check_consistency(visit_kind k, const char *subtype, visit_status s)
{
    const vocab *allowed = visit_subtypes(k);
    if (!allowed && subtype)
        return VISIT_SUBTYPE_NOT_ALLOWED;
    if (allowed && !subtype)
        return VISIT_SUBTYPE_MISSING;
    if (allowed && !vocab_has(allowed, subtype))
        return VISIT_SUBTYPE_UNKNOWN;
    if (s == VISIT_MISSED && k != VISIT_CHECKUP)
        return VISIT_MISSED_NOT_CHECKUP;
    return VISIT_CONSISTENT;
}

bool visit_kind_is_companion(visit_kind k)
{
    return k == VISIT_COMPANION_NOTIFICATION || k == VISIT_COMPANION_8M ||
           k == VISIT_COMPANION_POSTNATAL;
}
