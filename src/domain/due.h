/* When the health section's follow-ups are due (domain.md, "Health services" and "Screenings"):
 * the rules behind the alert board, in Japan time. */
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

#endif
