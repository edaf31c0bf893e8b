/* 伴走型相談支援 (domain/companion.h): the pregnancies whose interviews are not yet done (the
 * alert board's three kinds) and, for the statistics, every pregnancy with the dates its
 * interviews were done. An interview is a visit of its kind done by the mother on or after the
 * notification (出産後面談: on or after the birth). */
#ifndef TSUNAGU_STORE_COMPANION_H
#define TSUNAGU_STORE_COMPANION_H

#include "store/alerts.h"
#include "store/store.h"
#include "util/pool.h"

/* Notified on or after `since`, not after the birth, no child recorded yet, no 妊娠届出時面談 done:
 * base_date is notified_on, ref_id the pregnancy, the person the mother. */
int store_companion_notification_open(store_conn *c, pool *p, const char *since, store_alert_fn fn,
                                      void *ctx) STORE_WUR;
/* The same for 妊娠8か月頃面談: base_date is the recorded due date (NULL when none);
 * notified_on and weeks_at_notification (-1: none) for an estimate. */
int store_companion_8m_open(store_conn *c, pool *p, const char *since, store_alert_fn fn,
                            void *ctx) STORE_WUR;
/* The pregnancies with a child born on or after `since` and no 出産後面談 done on or after that
 * birth: base_date is the first child's birth date. */
int store_companion_postnatal_open(store_conn *c, pool *p, const char *since, store_alert_fn fn,
                                   void *ctx) STORE_WUR;

/* A pregnancy as the statistics count its interviews (strings last until fn returns). */
typedef struct store_stats_companion_row {
    const char *notified_on;
    int weeks_at_notification; /* -1: not recorded */
    bool notified_after_birth;
    const char *due_date;        /* NULL: not recorded */
    const char *birth_date;      /* the first child's; NULL: no child recorded */
    const char *notification_on; /* the first 妊娠届出時面談 done on or after notified_on */
    const char *eighth_month_on; /* the first 妊娠8か月頃面談 done on or after notified_on */
    const char *postnatal_on;    /* the last 出産後面談 done on or after notified_on */
} store_stats_companion_row;

typedef int (*store_stats_companion_fn)(void *ctx, const store_stats_companion_row *c);
/* The pregnancies notified in [from, until) ("YYYY-MM-DD"). */
int store_stats_companion(store_conn *c, const char *from, const char *until,
                          store_stats_companion_fn fn, void *ctx) STORE_WUR;

#endif
