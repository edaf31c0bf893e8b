/* What a case gathers (GET /cases/{id}/records): the records of its subjects — pregnancies,
 * screenings, visits and check-ups, reports — and the case's own conferences, plans and partners'
 * 状況報告. Read-only, one statement per kind whatever the number of subjects; only the columns a
 * line of the case page needs (never a report's reporter, notes or summary). */
#ifndef TSUNAGU_STORE_CASE_RECORDS_H
#define TSUNAGU_STORE_CASE_RECORDS_H

#include "store/store.h"
#include "util/pool.h"

typedef enum store_case_record_type {
    CASE_RECORD_PREGNANCY,
    CASE_RECORD_SCREENING,
    CASE_RECORD_VISIT,
    CASE_RECORD_REPORT,
    CASE_RECORD_CONFERENCE,
    CASE_RECORD_PLAN,
    CASE_RECORD_PARTNER_REPORT,
    CASE_RECORD_TYPE_COUNT
} store_case_record_type;

/* One record. Per type (a, b, c, n):
 *   pregnancy       mother; on notified_on; a risk_level; n candidate (0/1)
 *   screening       person; on administered_on; a instrument; n score; c "1" when a follow-up is
 * due visit           person; on on_date; a kind; b status; c subtype report          child; at
 * received_at; a kind; b status conference      —; on held_on; a kind plan            —; at
 * created_at; a status; n plan_version partner_report  —; on on_date; a the agency's name */
typedef struct store_case_record {
    store_case_record_type type;
    char *id;
    char *person_id; /* the subject it is about; NULL for the case's own */
    char *on;        /* a date, or NULL when the record is dated by `at` */
    int64_t at;      /* an instant (reports, plans); 0 otherwise */
    char *a, *b, *c;
    int64_t n;
} store_case_record;

typedef int (*store_case_record_fn)(void *ctx, const store_case_record *r);
/* Every record of the case's subjects (current and removed) and of the case, by type. */
int store_case_records(store_conn *c, pool *p, const char *case_id, store_case_record_fn fn,
                       void *ctx) STORE_WUR;

#endif
