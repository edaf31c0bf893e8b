/* What a case gathers, for its page (GET /cases/{id}/records): each subject's pregnancies,
 * screenings, visits and check-ups (missed ones marked), reports and consultations, and the
 * case's conferences, plans and partners' 状況報告 — each a dated line with its kind, a short
 * Japanese label and the id to open it. No reporter, no notes, no summary of a report: a line
 * names the record; opening it applies that record's own rules. Each section only for a reader
 * of it (PERM_HEALTH_READ, PERM_REPORT_READ). Audited as a read of the case about each subject
 * (removed ones too). */
#ifndef TSUNAGU_SERVICE_CASE_RECORDS_H
#define TSUNAGU_SERVICE_CASE_RECORDS_H

#include "service/service.h"
#include "store/case_records.h"
#include "store/cases.h"

typedef struct svc_case_record {
    const char *type; /* pregnancy | screening | visit | report | conference | plan |
                       * partner_report */
    const char *id;
    const char *person_id; /* NULL: the case's own */
    char on[11];           /* YYYY-MM-DD (an instant's date in Japan) */
    const char *kind;      /* the record's own code: visit kind, instrument, report kind, … */
    const char *label;     /* Japanese, one line */
    bool attention; /* a missed check-up, a follow-up due, a 特定妊婦 candidate, a high risk */
} svc_case_record;

typedef struct svc_case_records {
    store_case kase;
    svc_case_record *items; /* newest first */
    int count;
} svc_case_records;

svc_result svc_case_records_get(svc_ctx *ctx, const char *case_id, svc_case_records *out);

#endif
