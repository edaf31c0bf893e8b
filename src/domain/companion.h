/* 伴走型相談支援 (妊婦等包括相談支援事業, 子ども・子育て支援法, since 1 April 2025): the three
 * interviews of a pregnancy — at the notification (妊娠届出時面談), around the 8th month
 * (妊娠8か月頃面談) and after the birth (出産後面談) — and when each falls due, in Japan time.
 * Pure: no I/O. The reasons for each rule are in docs/companion.md. */
#ifndef TSUNAGU_DOMAIN_COMPANION_H
#define TSUNAGU_DOMAIN_COMPANION_H

#include "domain/date.h"
#include "domain/vocab.h"

#include <stdbool.h>
#include <stdint.h>

enum {
    COMPANION_NOTIFICATION_DAYS = 14, /* the notification's interview: within 14 days */
    COMPANION_8M_FROM_WEEKS = 28, /* 満28週0日: the 8th month begins, the interview is listed */
    COMPANION_8M_DUE_WEEKS = 32,  /* 満32週0日: the 8th month is over, it is overdue */
    COMPANION_TERM_WEEKS = 40,    /* 満40週0日 is the due date (分娩予定日) */
};

/* "companion_interviews": notification 妊娠届出時, eighth_month 妊娠8か月頃, postnatal 出産後 (the
 * statistics' columns). */
extern const vocab companion_interviews;
typedef enum companion_interview {
    COMPANION_AT_NOTIFICATION,
    COMPANION_AT_EIGHTH_MONTH,
    COMPANION_AFTER_BIRTH,
    COMPANION_INTERVIEW_COUNT
} companion_interview;

/* The first day the scheme counts: an interview falling due before it is not asked for. */
extern const date_ymd companion_scheme_start;

/* Whether an interview due on `day` belongs to the scheme (on or after 2025-04-01). */
bool companion_in_scheme(date_ymd day);

/* The expected date of delivery: the recorded due date when there is one (has_due_date), else
 * estimated from the completed weeks at the notification (notified_on + (40 − weeks) × 7 days,
 * weeks 0–45). False when neither is known. */
bool companion_expected_delivery(bool has_due_date, date_ymd due_date, date_ymd notified_on,
                                 int weeks_at_notification, date_ymd *out);

/* 妊娠届出時面談: by the end of the 14th day after the notification (00:00 JST the day after). */
int64_t due_companion_notification(date_ymd notified_on);
/* 妊娠8か月頃面談, from the expected delivery: listed from 満28週0日 (delivery − 84 days), overdue
 * from 満32週0日 (00:00 JST of delivery − 56 days). */
date_ymd companion_8m_listed_from(date_ymd expected_delivery);
int64_t due_companion_8m(date_ymd expected_delivery);
/* 出産後面談: before the day the infant turns 4 months (as こんにちは赤ちゃん訪問, where it is
 * usually held). */
int64_t due_companion_postnatal(date_ymd birth);

#endif
