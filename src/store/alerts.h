/* What is due: the rows behind GET /alerts. Due dates are computed by the caller from base_date
 * (domain rules); the store only finds the open items. */
#ifndef TSUNAGU_STORE_ALERTS_H
#define TSUNAGU_STORE_ALERTS_H

#include "store/persons.h"
#include "store/store.h"
#include "util/pool.h"

typedef struct store_alert_row {
    const char *kind;      /* newborn_visit, checkup_missed, screening_followup, epds_self_harm */
    const char *base_date; /* birth date, missed check-up date, screening date */
    const char *ref_type;
    const char *ref_id;
    store_person person; /* brief fields only */
} store_alert_row;

typedef int (*store_alert_fn)(void *ctx, const store_alert_row *a);

/* The SQL of the two heaviest queries, for the query-plan test. */
extern const char store_alerts_newborn_sql[];
extern const char store_alerts_missed_sql[];

/* Children born on or after born_since with no newborn visit done. */
int store_alerts_newborn_visits(store_conn *c, pool *p, const char *born_since, store_alert_fn fn,
                                void *ctx) STORE_WUR;
/* Missed check-ups with no follow-up and no later attended check-up of the same subtype. */
int store_alerts_missed_checkups(store_conn *c, pool *p, store_alert_fn fn, void *ctx) STORE_WUR;
/* EPDS screenings with a flag, no self-harm answer and no follow-up. */
int store_alerts_screening_followups(store_conn *c, pool *p, store_alert_fn fn,
                                     void *ctx) STORE_WUR;
/* EPDS screenings whose item 10 scored >= 1 (self_harm), with no follow-up. */
int store_alerts_epds_self_harm(store_conn *c, pool *p, store_alert_fn fn, void *ctx) STORE_WUR;

#endif
