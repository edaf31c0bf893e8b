/* The rows behind the statistics (service/stats.c): a few set queries over a span of time —
 * the abuse reports received in it, the children of those reports, the pregnancy notifications, the
 * infants —
 * never one query per year or per record. Each row is handed to fn; its strings last until fn
 * returns. */
#ifndef TSUNAGU_STORE_STATS_H
#define TSUNAGU_STORE_STATS_H

#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

/* An abuse report (kind abuse_report) as the statistics count it. */
typedef struct store_stats_report {
    const char *id;
    int64_t received_at;
    const char *route;
    const char *abuse_types;      /* the column: a list (store_report_list_decode) */
    const char *main_perpetrator; /* NULL: not known */
} store_stats_report;

/* One child of an abuse report. */
typedef struct store_stats_child {
    const char *report_id;
    int64_t received_at;    /* the report's */
    const char *birth_date; /* NULL: not known */
    int64_t confirmed_at;   /* the child's 現認 (safety confirmed) standing; 0: not seen */
} store_stats_child;

typedef int (*store_stats_report_fn)(void *ctx, const store_stats_report *r);
typedef int (*store_stats_child_fn)(void *ctx, const store_stats_child *c);

/* The abuse reports received in [from, until) (Unix seconds); fn returning non-zero stops. */
int store_stats_reports(store_conn *c, int64_t from, int64_t until, store_stats_report_fn fn,
                        void *ctx) STORE_WUR;
/* The children of those reports, by report. */
int store_stats_report_children(store_conn *c, int64_t from, int64_t until, store_stats_child_fn fn,
                                void *ctx) STORE_WUR;

/* A pregnancy notification (妊娠届) as the statistics count it. */
typedef struct store_stats_pregnancy {
    const char *notified_on;
    int weeks; /* weeks_at_notification; -1: not known */
    bool after_birth;
    const char *risk_level;
    int unasked_count; /* > 0: the interview is incomplete */
} store_stats_pregnancy;

typedef int (*store_stats_pregnancy_fn)(void *ctx, const store_stats_pregnancy *p);

/* The notifications of [from, until) ("YYYY-MM-DD" dates). */
int store_stats_pregnancies(store_conn *c, const char *from, const char *until,
                            store_stats_pregnancy_fn fn, void *ctx) STORE_WUR;

/* A person born in the span, with the date of their first newborn visit done (こんにちは赤ちゃん
 * 訪問, status done; NULL: none). */
typedef struct store_stats_infant {
    const char *birth_date;
    const char *first_newborn_visit_on;
} store_stats_infant;

typedef int (*store_stats_infant_fn)(void *ctx, const store_stats_infant *i);

/* The persons born in [from, until) ("YYYY-MM-DD" dates). */
int store_stats_infants(store_conn *c, const char *from, const char *until,
                        store_stats_infant_fn fn, void *ctx) STORE_WUR;

/* A person born in the span with one of their check-ups (乳幼児健診; subtype NULL: none at all,
 * one row for the person), ordered by person. */
typedef struct store_stats_checkup {
    const char *person_id;
    const char *birth_date;
    const char *checkup;     /* 4m, 18m, 3y; NULL: no check-up recorded */
    const char *status;      /* scheduled, done, missed */
    const char *followup_on; /* a missed check-up's follow-up; NULL: none */
} store_stats_checkup;

typedef int (*store_stats_checkup_fn)(void *ctx, const store_stats_checkup *c);

/* The persons born in [from, until) ("YYYY-MM-DD" dates) and their check-ups. */
int store_stats_checkups(store_conn *c, const char *from, const char *until,
                         store_stats_checkup_fn fn, void *ctx) STORE_WUR;

/* An abuse report with the instant of its first `support` step that no correction took back (0:
 * none). */
typedef struct store_stats_support {
    int64_t received_at;
    int64_t support_at;
} store_stats_support;

typedef int (*store_stats_support_fn)(void *ctx, const store_stats_support *s);

/* The abuse reports received in [from, until) (Unix seconds). */
int store_stats_support_starts(store_conn *c, int64_t from, int64_t until,
                               store_stats_support_fn fn, void *ctx) STORE_WUR;

/* A person on a case with a category, the case's and the registration's dates (NULL: none),
 * ordered by person and category. */
typedef struct store_stats_subject {
    const char *person_id;
    const char *category;
    const char *opened_on, *closed_on, *added_on, *removed_on, *designated_on;
    const char *registered_on, *unregistered_on;
    bool youtaikyo;
} store_stats_subject;

typedef int (*store_stats_subject_fn)(void *ctx, const store_stats_subject *s);

/* The persons of the cases opened before `until` ("YYYY-MM-DD") and not closed before `from`. */
int store_stats_subjects(store_conn *c, const char *from, const char *until,
                         store_stats_subject_fn fn, void *ctx) STORE_WUR;

/* A child of an abuse report handled (対応: its first 支援方針 or 送致 — policy or referred — that
 * no correction took back) in the span, with the report's codes. */
typedef struct store_stats_handled_child {
    int64_t received_at;
    int64_t handled_at;
    const char *route;
    const char *abuse_types; /* a list (store_report_list_decode) */
    const char *main_perpetrator;
    const char *birth_date;
} store_stats_handled_child;

typedef int (*store_stats_handled_child_fn)(void *ctx, const store_stats_handled_child *h);

/* The children of the abuse reports handled in [from, until) (Unix seconds). */
int store_stats_handled_children(store_conn *c, int64_t from, int64_t until,
                                 store_stats_handled_child_fn fn, void *ctx) STORE_WUR;

#endif
