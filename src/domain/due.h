/* When the follow-ups of the alert board are due (domain.md, "Health services" and "Screenings"),
 * in Japan time, and the board's kinds: code, label, due rule, who sees them, rank. */
#ifndef TSUNAGU_DOMAIN_DUE_H
#define TSUNAGU_DOMAIN_DUE_H

#include "auth/roles.h"
#include "domain/date.h"
#include "domain/vocab.h"

#include <stdint.h>

enum { NEWBORN_VISIT_MONTHS = 4, CHECKUP_FOLLOWUP_DAYS = 14, SCREENING_FOLLOWUP_DAYS = 7 };

/* こんにちは赤ちゃん訪問: before the day the infant turns 4 months old (00:00 JST that day). */
int64_t due_newborn_visit(date_ymd birth);
/* A missed check-up's follow-up: 14 days after the missed date. */
int64_t due_checkup_followup(date_ymd missed_on);
/* A flagged EPDS's follow-up: within 7 days of the screening. */
int64_t due_screening_followup(date_ymd administered_on);
/* EPDS item 10 (自傷の考え) scored >= 1: due the day after the screening, that is by its end in
 * Japan (00:00 JST two days after administered_on). Raised instead of the 7-day follow-up. */
int64_t due_epds_self_harm(date_ymd administered_on);
/* A dated item of the joint case (a conference action's due_on, a case's next_review_on): due
 * by the end of that day in Japan. Listed from ALERT_LISTED_DAYS_BEFORE days before. */
int64_t due_end_of_day(date_ymd on);
enum { ALERT_LISTED_DAYS_BEFORE = 7 };

/* The kinds of the alert board (GET /alerts), in rank order. */
typedef enum alert_kind {
    ALERT_KIND_NONE = -1,
    ALERT_SAFETY_CONFIRMATION,
    ALERT_EPDS_SELF_HARM,
    ALERT_NEWBORN_VISIT,
    ALERT_CHECKUP_MISSED,
    ALERT_SCREENING_FOLLOWUP,
    ALERT_ACTION_DUE,  /* a conference action past due_on and not done */
    ALERT_CASE_REVIEW, /* a registered case past its next_review_on */
    ALERT_PLAN_REVIEW, /* the newest approved plan of an open case past its review_on */
    /* 伴走型相談支援 (domain/companion.h): a pregnancy's interview not yet done; ref pregnancy */
    ALERT_COMPANION_NOTIFICATION, /* 妊娠届出時面談 */
    ALERT_COMPANION_8M,           /* 妊娠8か月頃面談 (listed from 満28週) */
    ALERT_COMPANION_POSTNATAL,    /* 出産後面談 */
    ALERT_KIND_COUNT
} alert_kind;

/* The section that acts on a kind; a board may be asked for one section only. */
typedef enum alert_section {
    ALERT_SECTION_NONE = -1,
    ALERT_SECTION_HEALTH,
    ALERT_SECTION_WELFARE,
    ALERT_SECTION_CASE, /* the joint case: both sections and the coordinator */
} alert_section;

typedef struct alert_kind_rule {
    alert_section section;
    const char *ref_type; /* what the item's ref names: person, visit, screening, report */
    /* The due instant from the item's base date; NULL when the item carries its own (a safety
     * confirmation: received_at + 48 hours, fixed when the call was taken). */
    int64_t (*due)(date_ymd base);
    permission permission; /* who sees the kind on the board */
    /* The board lists by rank first (a child not yet seen, then a mother who may harm herself,
     * then everything else), then overdue first, then by due time. */
    int rank;
} alert_kind_rule;

/* "alert_kinds": code and label of each kind, indexed by alert_kind. */
extern const vocab alert_kinds_vocab;

/* The kind of code; ALERT_KIND_NONE when unknown (NULL included). */
alert_kind alert_kind_from_code(const char *code);
const char *alert_kind_code(alert_kind k);
const char *alert_kind_label(alert_kind k); /* Japanese, as the board shows it */
const alert_kind_rule *alert_kind_rule_of(alert_kind k);

/* An item not yet overdue and due within ALERT_UPCOMING_DAYS days of the board's instant is
 * upcoming (今後14日): listed apart from the overdue ones. */
enum { ALERT_UPCOMING_DAYS = 14 };
bool alert_upcoming(int64_t due_at, int64_t at);

/* "health", "welfare" or "case"; ALERT_SECTION_NONE when none (NULL included). */
alert_section alert_section_from_code(const char *code);
const char *alert_section_code(alert_section s);

#endif
