/* The kinds of timeline events, each with its label and the section it belongs to
 * ("timeline_kinds" in GET /api/v1/meta). A use case names the kind; the section follows. */
#ifndef TSUNAGU_DOMAIN_EVENT_KINDS_H
#define TSUNAGU_DOMAIN_EVENT_KINDS_H

#include "domain/section.h"
#include "domain/vocab.h"

typedef enum event_kind {
    EVENT_PERSON_CREATED,
    EVENT_PERSON_UPDATED,
    EVENT_HOUSEHOLD_CREATED,
    EVENT_HOUSEHOLD_UPDATED,
    EVENT_HOUSEHOLD_JOINED,
    EVENT_HOUSEHOLD_LEFT,
    EVENT_PREGNANCY_REGISTERED,
    EVENT_PREGNANCY_UPDATED,
    EVENT_SCREENING_RECORDED,
    EVENT_SCREENING_FOLLOWUP,
    EVENT_VISIT_RECORDED,
    EVENT_VISIT_UPDATED,
    EVENT_CHECKUP_MISSED,
    EVENT_CHECKUP_FOLLOWUP,
    EVENT_REPORT_STEP,
    EVENT_CASE_OPENED,
    EVENT_CASE_UPDATED,
    EVENT_CASE_CLOSED,
    EVENT_CONFERENCE_HELD,
    EVENT_CASE_DECISION, /* a designation, a registration, a policy decided for a subject */
    EVENT_PLAN_WRITTEN,
    EVENT_PLAN_APPROVED,
    EVENT_PLAN_REVIEWED,
    EVENT_PARTNER_REPORT,
    EVENT_ADDRESS_PROTECTION, /* 住所秘匿 marked or unmarked */
    EVENT_PERSON_MERGED,      /* two records of one person merged (or the merge undone) */
    EVENT_KIND_COUNT
} event_kind;

extern const vocab timeline_kinds_vocab;

const char *event_kind_code(event_kind k);         /* "" outside the enum */
const char *event_kind_label(event_kind k);        /* Japanese; "" outside the enum */
section event_kind_section(event_kind k);          /* SECTION_NONE outside the enum */
event_kind event_kind_from_code(const char *code); /* EVENT_KIND_COUNT when unknown */

#endif
