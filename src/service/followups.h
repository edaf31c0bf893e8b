/* The follow-up of a flagged screening or of a missed check-up (未受診): one use case for both.
 * It clears the alert it answers, so it is recorded once: the store writes it only where none is
 * yet (UPDATE … WHERE followup_on IS NULL), so two staff saving at once cannot both record one,
 * whatever the backend's locking. */
#ifndef TSUNAGU_SERVICE_FOLLOWUPS_H
#define TSUNAGU_SERVICE_FOLLOWUPS_H

#include "service/service.h"
#include "store/screenings.h"
#include "store/visits.h"

typedef enum svc_followup_of {
    SVC_FOLLOWUP_SCREENING,      /* a screening that needs a follow-up */
    SVC_FOLLOWUP_MISSED_CHECKUP, /* a check-up recorded 未受診 */
} svc_followup_of;

typedef struct svc_followup_input {
    svc_followup_of of;
    const char *id;   /* the screening's or the visit's */
    const char *on;   /* YYYY-MM-DD, not after today; NULL: today */
    const char *note; /* NULL: none */
} svc_followup_input;

/* The record followed up, as it is after the follow-up (by in->of: screening or visit). */
typedef struct svc_followed_up {
    store_screening screening;
    store_visit visit;
} svc_followed_up;

/* Records the follow-up by the acting user at ctx->now, with its timeline event and audit row.
 * Invalid on (not a date, or after today); not found; invalid transition when the record has a
 * follow-up already or is a visit that is not a missed check-up. */
svc_result svc_followups_record(svc_ctx *ctx, const svc_followup_input *in, svc_followed_up *out);

#endif
