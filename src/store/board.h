/* The rows behind the coordinator's board and the 要対協 ledger (service/board.c, ledger.c): a few
 * set queries over every open case — the cases, their subjects, their plans' versions, their open
 * actions, the last timeline event of each section, the newest partner report — never one query
 * per case. Each row is handed to fn with its strings in the pool. */
#ifndef TSUNAGU_STORE_BOARD_H
#define TSUNAGU_STORE_BOARD_H

#include "store/persons.h"
#include "store/store.h"
#include "util/pool.h"

#include <stdbool.h>

typedef struct store_board_case {
    char *id;
    int64_t version;
    char *household_id, *household_name;
    char *lead_id, *lead_name, *lead_role, *deputy_id, *deputy_name;
    char *lead_agency_id, *lead_agency_name; /* NULL: the center itself */
    char *opened_on, *policy, *last_reviewed_on, *next_review_on;
} store_board_case;

typedef struct store_board_subject {
    char *case_id;
    store_person person; /* brief fields and address_protected */
    char *category, *designated_on, *registered_on;
    bool youtaikyo;
} store_board_subject;

typedef struct store_board_plan {
    const char *case_id;
    int64_t plan_version;
    bool approved;
    const char *review_on;
    const char *situation;
} store_board_plan;

typedef struct store_board_actions {
    const char *case_id;
    int64_t open_count;
    const char *earliest_due_on;
} store_board_actions;

typedef struct store_board_event {
    const char *case_id;
    int64_t at;
    const char *kind, *summary;
} store_board_event;

typedef struct store_board_partner_report {
    const char *case_id, *agency_name, *on_date, *text;
} store_board_partner_report;

typedef int (*store_board_case_fn)(void *ctx, const store_board_case *c);
typedef int (*store_board_subject_fn)(void *ctx, const store_board_subject *s);
typedef int (*store_board_plan_fn)(void *ctx, const store_board_plan *p);
typedef int (*store_board_actions_fn)(void *ctx, const store_board_actions *a);
typedef int (*store_board_event_fn)(void *ctx, const store_board_event *e);
typedef int (*store_board_partner_report_fn)(void *ctx, const store_board_partner_report *r);

/* Every open case (lead_id not NULL: only those led or deputised by lead_id). */
int store_board_cases(store_conn *c, pool *p, const char *lead_or_deputy_id, store_board_case_fn fn,
                      void *ctx) STORE_WUR;
/* The current subjects of every open case (registered_only: only those in the ledger), by case
 * and kana. */
int store_board_subjects(store_conn *c, pool *p, bool registered_only, store_board_subject_fn fn,
                         void *ctx) STORE_WUR;
/* Every plan version of every open case (strings borrowed for the call). */
int store_board_plans(store_conn *c, store_board_plan_fn fn, void *ctx) STORE_WUR;
/* Per open case with open actions: their number and the earliest due date. */
int store_board_open_actions(store_conn *c, store_board_actions_fn fn, void *ctx) STORE_WUR;
/* Per current subject of an open case, the newest event of section (health, welfare, case). */
int store_board_last_events(store_conn *c, const char *section, store_board_event_fn fn,
                            void *ctx) STORE_WUR;
/* The newest partner report of each open case that has one. */
int store_board_last_partner_reports(store_conn *c, store_board_partner_report_fn fn,
                                     void *ctx) STORE_WUR;

#endif
