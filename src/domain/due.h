/* When the health section's follow-ups are due (domain.md, "Health services" and "Screenings"):
 * the rules behind the alert board, in Japan time, and the board's kinds and their order. */
#ifndef TSUNAGU_DOMAIN_DUE_H
#define TSUNAGU_DOMAIN_DUE_H

#include "domain/date.h"

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

/* The kinds of the alert board (GET /alerts). The board lists them by `rank` first (a child not
 * yet seen, then a mother who may harm herself, then everything else), then overdue first, then
 * by due time. */
typedef struct due_kind {
    const char *code;
    const char *label;   /* Japanese, as the board shows it */
    const char *section; /* "health" or "welfare": the section that acts on it */
    int rank;
} due_kind;
/* Every kind, in rank order; ends with a NULL code. */
extern const due_kind due_kinds[];
/* The kind of this code; NULL when unknown (NULL included). */
const due_kind *due_kind_of(const char *code);

#endif
