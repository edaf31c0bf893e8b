/* The workflow of abuse reports and consultations (通告・相談, domain.md): which step may be
 * recorded on a report, the status it leaves, the 48-hour deadline of the safety confirmation
 * (現認), and the urgency decided at the 受理会議. Pure: no I/O, no allocation, no state. Every
 * string returned here is a static literal (borrowed, never freed). */
#ifndef TSUNAGU_DOMAIN_WORKFLOW_H
#define TSUNAGU_DOMAIN_WORKFLOW_H

#include "domain/vocab.h"

#include <stdbool.h>
#include <stdint.h>

/* The code tables below as vocabs, in enum order (served to the UI by svc_meta_tables):
 * "report_kinds", "report_steps", "urgencies". */
extern const vocab workflow_report_kinds;
extern const vocab workflow_report_steps;
extern const vocab workflow_urgencies;

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

/* ---- A late 現認 ----
 * policy and support follow safety_confirmed, so every child was seen when they were recorded.
 * A correction may take a child's 現認 back afterwards (below): the report then stands at policy
 * or support with a child unseen, the 48-hour alert is back, and the 現認 of that child may be
 * recorded late, from there, without changing the status. */

/* True for an abuse report at policy or support (whether a child is unseen is the caller's
 * question); false for anything else, any consultation and any argument outside its enum. */
bool workflow_late_confirmation(report_kind k, report_step status);
/* workflow_allowed, or a late 現認 (workflow_late_confirmation) while child_unseen. */
bool workflow_may_record(report_kind k, report_step status, report_step step, bool child_unseen);
/* workflow_next_steps, with safety_confirmed first when a late 現認 may be recorded. */
int workflow_offered_steps(report_kind k, report_step status, bool child_unseen,
                           report_step out[STEP_COUNT]);

/* ---- Corrections (api.md, Reports) ----
 * A step recorded by mistake is never erased: a new `correction` event names it (its seq), with
 * the reason, and the step then counts nowhere. Only the latest standing step may be corrected,
 * or — at any time — a safety_confirmed step, for some or all of the children it confirms.
 * `received` (the intake itself) and a correction are never corrected; nothing twice. */

/* "correction": the step code of a correction event (not a report_step: it moves nothing). */
const char *workflow_correction_code(void);
/* "記録の取り消し". */
const char *workflow_correction_label(void);

enum { WORKFLOW_CHILDREN_MAX = 32 };

/* One event of a report as the rules of corrections see it, oldest first. */
typedef struct workflow_event {
    report_step step; /* STEP_NONE for a correction event (it counts nowhere itself) */
    bool corrected;   /* a correction took the whole step back */
    /* safety_confirmed: the report's children it still confirms, bit i for the i-th child
     * (those a correction took back are cleared); it stands while one is left. */
    uint32_t children;
} workflow_event;

/* A step that still counts: not a correction, not corrected, and for safety_confirmed, still
 * confirming a child. */
bool workflow_event_stands(const workflow_event *e);

typedef enum workflow_correction {
    CORRECTION_ALLOWED,
    CORRECTION_NO_SUCH_EVENT, /* target outside 0..n-1 */
    CORRECTION_NOT_A_STEP,    /* received, or a correction */
    CORRECTION_ALREADY,       /* already taken back entirely */
    CORRECTION_NOT_LATEST,    /* a step other than safety_confirmed with a standing step after it */
} workflow_correction;

/* May events[target] be corrected? */
__attribute__((warn_unused_result)) workflow_correction
workflow_may_correct(const workflow_event *events, int n, int target);

/* What the standing steps of a report add up to. */
typedef struct workflow_state {
    report_step status;
    int juri;    /* index of the standing juri event (its urgency is the report's), -1: none */
    int support; /* index of the standing support event (its case is the report's), -1: none */
} workflow_state;

/* Replays the standing steps, oldest first, from received: each step becomes the status, except
 * safety_confirmed, which makes it safety_confirmed only when, with the 現認 standing so far,
 * every one of the child_count children is seen and the step was allowed there (workflow_after);
 * otherwise (partial, or late) the status stays. The status of a report is always this replay:
 * after a correction it is that of the last standing step. child_count is clamped to
 * 0..WORKFLOW_CHILDREN_MAX; STEP_NONE for a kind outside its enum. */
__attribute__((warn_unused_result)) workflow_state
workflow_replay(report_kind k, const workflow_event *events, int n, int child_count);

/* ---- The intake's time ---- */

typedef enum workflow_received_check {
    RECEIVED_OK,
    RECEIVED_TOO_EARLY, /* before 1900-01-01 00:00 Japan time */
    RECEIVED_FUTURE,    /* more than a day (24 hours) after now */
} workflow_received_check;

/* When a call may have been received: from 1900-01-01T00:00:00+09:00 (inclusive) to now + 24
 * hours (inclusive). A day ahead is tolerated for a wrong clock or date on the PC that took the
 * call; anything later is a typing error. */
__attribute__((warn_unused_result)) workflow_received_check
workflow_check_received_at(int64_t received_at, int64_t now);

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
