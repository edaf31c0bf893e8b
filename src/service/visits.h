/* Visits and check-ups: こんにちは赤ちゃん訪問, 産後ケア, 乳幼児健診 (scheduled, done or 未受診).
 * The follow-up of a missed check-up is recorded by service/followups.c. */
#ifndef TSUNAGU_SERVICE_VISITS_H
#define TSUNAGU_SERVICE_VISITS_H

#include "service/service.h"
#include "store/visits.h"

typedef struct svc_visit_input {
    const char *person_id;
    const char *kind;    /* visit_kinds */
    const char *subtype; /* of the kind; NULL for a newborn visit */
    const char *on;      /* YYYY-MM-DD; not after today unless scheduled */
    const char *status;  /* visit_statuses; "missed" for a check-up only */
    const char *staff;
    const char *notes;
    visit_form form; /* domain/visit_form.h: the newborn items and the next contact */
} svc_visit_input;

/* Which fields an update sets (the others keep the record's). */
typedef struct svc_visit_fields {
    bool person_id, kind, subtype, on, status, staff, notes;
    bool infant_weight_g, feeding, mother_mood, mother_sleep, home_environment, home_note,
        next_contact_on, next_contact_kind;
} svc_visit_fields;

/* Records a visit or check-up, with its event (checkup_missed for 未受診) and audit row.
 * Invalid: person_id (missing or unknown), kind, status, on (not a date; after today when done
 * or missed), subtype (missing, unknown, or given for a newborn visit), status (missed but not
 * a check-up), the form (visit_form_check: the field it names), person_id (a 伴走型 interview
 * of someone who cannot be a mother). */
svc_result svc_visits_record(svc_ctx *ctx, const svc_visit_input *in, store_visit *out);
/* Sets the fields named on version `expected` of visit id: not found, conflict (stale version),
 * or invalid as above for the record as it would become. */
svc_result svc_visits_update(svc_ctx *ctx, const char *id, int64_t expected,
                             const svc_visit_input *in, const svc_visit_fields *set,
                             store_visit *out);
/* One visit with its person's brief columns; the read is audited. */
svc_result svc_visits_get(svc_ctx *ctx, const char *id, store_visit *out);

typedef struct svc_visit_filter {
    const char *person_id; /* a person's visits, newest first */
    const char *on;        /* or a day's (YYYY-MM-DD) */
    const char *after_on, *after_id;
    int limit; /* the rows shown; one more is read to tell whether more follow */
} svc_visit_filter;
/* Called with each row: 0 when it is shown (then audited), else stop. */
typedef int (*svc_visit_fn)(void *arg, const store_visit *v);
/* Invalid on (not a date); person_id missing when neither is given. */
svc_result svc_visits_list(svc_ctx *ctx, const svc_visit_filter *f, svc_visit_fn fn, void *arg);

/* The worklist's plans (store_visit_planned): scheduled visits and next contacts on a day in
 * [from, to], by that day, at most limit; each person shown is audited. Invalid from, to (not
 * dates, or to before from, or more than 400 days apart). */
svc_result svc_visits_planned(svc_ctx *ctx, const char *from, const char *to, int limit,
                              svc_visit_fn fn, void *arg);

#endif
