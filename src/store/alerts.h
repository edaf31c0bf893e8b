/* What is due: the rows behind the alert board (service/alerts.c). Due dates are computed by the
 * caller from base_date (domain/due.c); the store only finds the open items, one query per kind.
 * The safety confirmations come from store_alerts_safety (store/reports.h). */
#ifndef TSUNAGU_STORE_ALERTS_H
#define TSUNAGU_STORE_ALERTS_H

#include "store/case_ids.h"
#include "store/persons.h"
#include "store/store.h"
#include "util/pool.h"

typedef struct store_alert_row {
    const char *base_date; /* birth date, missed check-up date, screening date */
    const char *ref_id;    /* the child, the visit, the screening */
    store_person person;   /* brief fields and address; id NULL when the item names no one */
    const char *case_id;   /* the joint case's kinds: the case concerned (NULL: none) */
    /* 妊娠8か月頃面談 (store/companion.h): for an estimated due date when none is recorded */
    const char *notified_on;
    int weeks_at_notification; /* -1: not recorded */
} store_alert_row;

typedef int (*store_alert_fn)(void *ctx, const store_alert_row *a);

/* The SQL of the queries, for the query-plan test and the benchmark's plans. Newborn: ?1 the
 * first birth date; EPDS: ?1 self_harm (0: screening_followup, 1: epds_self_harm). */
extern const char store_alerts_newborn_sql[];
extern const char store_alerts_missed_sql[];
extern const char store_alerts_epds_sql[];

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

/* The same four, of the current subjects of open cases only (case_subjects.removed_on NULL, the
 * case open): the persons the joint case follows — of every open case (page NULL) or of a page
 * of open cases (the board's). One SQL each with the above. */
extern const char store_alerts_newborn_of_cases_sql[];
extern const char store_alerts_missed_of_cases_sql[];
extern const char store_alerts_epds_of_cases_sql[];
extern const char store_alerts_newborn_of_page_sql[];
extern const char store_alerts_missed_of_page_sql[];
extern const char store_alerts_epds_of_page_sql[];
int store_alerts_newborn_visits_of_cases(store_conn *c, pool *p, const char *born_since,
                                         const store_case_ids *page, store_alert_fn fn,
                                         void *ctx) STORE_WUR;
int store_alerts_missed_checkups_of_cases(store_conn *c, pool *p, const store_case_ids *page,
                                          store_alert_fn fn, void *ctx) STORE_WUR;
int store_alerts_screening_followups_of_cases(store_conn *c, pool *p, const store_case_ids *page,
                                              store_alert_fn fn, void *ctx) STORE_WUR;
int store_alerts_epds_self_harm_of_cases(store_conn *c, pool *p, const store_case_ids *page,
                                         store_alert_fn fn, void *ctx) STORE_WUR;

/* The joint case's dated items due on or before due_by (YYYY-MM-DD: the board's day plus the
 * days they are listed ahead): conference actions not done (ref: the action; person: the first
 * current subject of its case), and open cases with a registered subject past their next review
 * (ref: the case; person: its first registered subject). Base date: due_on / next_review_on. */
extern const char store_alerts_actions_sql[];
extern const char store_alerts_case_reviews_sql[];
/* The newest approved plan of each open case whose review_on is due by due_by (a newer approved
 * version replaces it, a newer draft does not); ref the plan, person its first target. Each of
 * the three: of every case (page NULL) or of a page of cases. */
extern const char store_alerts_plan_review_sql[];
extern const char store_alerts_actions_of_page_sql[];
extern const char store_alerts_case_reviews_of_page_sql[];
extern const char store_alerts_plan_review_of_page_sql[];
int store_alerts_actions_due(store_conn *c, pool *p, const char *due_by, const store_case_ids *page,
                             store_alert_fn fn, void *ctx) STORE_WUR;
int store_alerts_case_reviews(store_conn *c, pool *p, const char *due_by,
                              const store_case_ids *page, store_alert_fn fn, void *ctx) STORE_WUR;
int store_alerts_plan_reviews(store_conn *c, pool *p, const char *due_by,
                              const store_case_ids *page, store_alert_fn fn, void *ctx) STORE_WUR;

#endif
