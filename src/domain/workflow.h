/* The workflow of abuse reports and consultations (通告・相談, domain.md): which step may be
 * recorded on a report, the status it leaves, the 48-hour deadline of the safety confirmation
 * (現認), and the urgency decided at the 受理会議. Pure: no I/O, no allocation, no state. Every
 * string returned here is a static literal (borrowed, never freed). */
#ifndef TSUNAGU_DOMAIN_WORKFLOW_H
#define TSUNAGU_DOMAIN_WORKFLOW_H

#include <stdbool.h>
#include <stdint.h>

typedef enum report_kind { REPORT_ABUSE, REPORT_CONSULTATION, REPORT_KIND_NONE = -1 } report_kind;

/* "abuse_report" -> REPORT_ABUSE, "consultation" -> REPORT_CONSULTATION (exact, case-sensitive);
 * REPORT_KIND_NONE when unknown or NULL. */
__attribute__((warn_unused_result)) report_kind workflow_kind_from_code(const char *code);
/* "abuse_report" "consultation"; NULL for a value outside the enum (REPORT_KIND_NONE included). */
const char *workflow_kind_code(report_kind k);
/* "虐待通告" "相談"; NULL for a value outside the enum. */
const char *workflow_kind_label(report_kind k);

/* A report's status is the step it last reached. */
typedef enum report_step {
    STEP_RECEIVED,
    STEP_JURI,
    STEP_INVESTIGATION,
    STEP_SAFETY_CONFIRMED,
    STEP_POLICY,
    STEP_SUPPORT,
    STEP_REFERRED,
    STEP_CLOSED,
    STEP_COUNT,
    STEP_NONE = -1
} report_step;

/* received juri investigation safety_confirmed policy support referred closed (exact,
 * case-sensitive); STEP_NONE when unknown or NULL ("count" is not a step). */
__attribute__((warn_unused_result)) report_step workflow_step_from_code(const char *code);
/* The code of a step; NULL for STEP_COUNT, STEP_NONE or any other value outside the steps. */
const char *workflow_step_code(report_step s);
/* 受付 受理会議 調査 現認（安全確認） 支援方針 支援 送致（児童相談所） 終結; NULL outside the
 * steps. */
const char *workflow_step_label(report_step s);

/* May `step` be recorded on a report of kind k whose status is `status`?
 *   abuse_report: received -> juri; juri and investigation -> investigation | safety_confirmed |
 *   referred; safety_confirmed -> policy | referred; policy -> support | closed | referred;
 *   support -> closed | referred; referred -> closed; closed -> nothing.
 *   consultation: received -> juri -> policy -> support -> closed, nothing else.
 * received is never recorded (it is the creation). A safety_confirmed step is allowed only from
 * juri or investigation: from safety_confirmed on, every child is confirmed. False for any
 * argument outside its enum. */
bool workflow_allowed(report_kind k, report_step status, report_step step);

/* The status after recording `step`: the step itself, except that a safety_confirmed step that
 * leaves a child of the report unconfirmed (all_children_confirmed false) keeps the status
 * (partial confirmation); all_children_confirmed matters for nothing else. STEP_NONE when the
 * step is not allowed (workflow_allowed). */
__attribute__((warn_unused_result)) report_step
workflow_after(report_kind k, report_step status, report_step step, bool all_children_confirmed);

/* Writes the steps that may be recorded next, in display order (the way forward first, then
 * closed, then referred), and returns their count: 0 for closed and for any argument outside its
 * enum. out has room for STEP_COUNT; entries past the count are left untouched. */
int workflow_next_steps(report_kind k, report_step status, report_step out[STEP_COUNT]);

enum { SAFETY_DEADLINE_SECONDS = 48 * 3600 };

/* When the in-person safety confirmation is due: received_at + 48 clock hours (weekends and
 * holidays included; Japan has no daylight saving time). Unix seconds; saturates at INT64_MAX. */
int64_t workflow_safety_due(int64_t received_at);

/* The urgency decided at the 受理会議. */
typedef enum urgency { URGENCY_AA, URGENCY_A, URGENCY_B, URGENCY_C, URGENCY_NONE = -1 } urgency;

/* "aa" "a" "b" "c" (exact, lower case); URGENCY_NONE when unknown or NULL. */
__attribute__((warn_unused_result)) urgency workflow_urgency_from_code(const char *code);
/* "aa" "a" "b" "c"; NULL for a value outside the enum. */
const char *workflow_urgency_code(urgency u);
/* AA（緊急介入） A（早期対応） B（継続支援） C（助言・情報提供）; NULL for a value outside the
 * enum. */
const char *workflow_urgency_label(urgency u);

#endif
