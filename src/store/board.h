/* The rows behind the coordinator's board and the 要対協 ledger (service/board.c, ledger.c): a few
 * set queries over every open case, or over one page of them — the keys that order the board, the
 * cases, their subjects, their plans' versions, their open actions, the last timeline event of each
 * section, the newest partner report — never one query per case. Each row is handed to fn with its
 * strings in the pool. */
#ifndef TSUNAGU_STORE_BOARD_H
#define TSUNAGU_STORE_BOARD_H

#include "store/case_ids.h"
#include "store/persons.h"
#include "store/store.h"
#include "util/pool.h"

#include <stdbool.h>

/* What places an open case on the board (domain/board.h decides the order from it). */
typedef struct store_board_key {
    char *case_id, *lead_id, *lead_role, *deputy_id, *next_review_on;
    char *earliest_action_due_on; /* of its open actions; NULL: none */
    char *approved_review_on;     /* the newest approved plan version's; NULL: none or undated */
    char *newest_plan_status;     /* the newest plan version's ("draft", "approved"); NULL: none */
} store_board_key;

/* A case's first subject's family-name kana: the board's tie-break, asked only for ties. */
typedef struct store_board_kana {
    const char *case_id, *kana;
} store_board_kana;

/* Which open cases the keys are asked for. */
typedef struct store_board_key_filter {
    const char *lead_or_deputy_id; /* only those led or deputised by this user; NULL: any */
    const char *lead_id;           /* only those led by this user; NULL: any */
    const char *category;          /* a current subject holds this designation; NULL: any */
    int youtaikyo;                 /* -1 any; 1 a current subject is registered; 0 none is */
} store_board_key_filter;

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

typedef int (*store_board_key_fn)(void *ctx, const store_board_key *k);
typedef int (*store_board_kana_fn)(void *ctx, const store_board_kana *k);
typedef int (*store_board_case_fn)(void *ctx, const store_board_case *c);
typedef int (*store_board_subject_fn)(void *ctx, const store_board_subject *s);
typedef int (*store_board_plan_fn)(void *ctx, const store_board_plan *p);
typedef int (*store_board_actions_fn)(void *ctx, const store_board_actions *a);
typedef int (*store_board_event_fn)(void *ctx, const store_board_event *e);
typedef int (*store_board_partner_report_fn)(void *ctx, const store_board_partner_report *r);

/* The keys of every open case the filter lets through, in no order. */
int store_board_keys(store_conn *c, pool *p, const store_board_key_filter *f, store_board_key_fn fn,
                     void *ctx) STORE_WUR;
/* Below, `page` names a few open cases (a page of the board). */
/* Their first subjects' family-name kana (strings borrowed for the call). */
int store_board_kanas(store_conn *c, const store_case_ids *page, store_board_kana_fn fn,
                      void *ctx) STORE_WUR;
/* The open cases: those of the page, or every one (page NULL: the ledger). */
int store_board_cases(store_conn *c, pool *p, const store_case_ids *page, store_board_case_fn fn,
                      void *ctx) STORE_WUR;
/* Their current subjects (registered_only: only those in the ledger), by case and kana: those of
 * the page's cases, or of every open case (page NULL). */
int store_board_subjects(store_conn *c, pool *p, const store_case_ids *page, bool registered_only,
                         store_board_subject_fn fn, void *ctx) STORE_WUR;
/* Every plan version of every open case (strings borrowed for the call): the ledger's. */
int store_board_plans(store_conn *c, store_board_plan_fn fn, void *ctx) STORE_WUR;
/* Per case of the page with open actions: their number and the earliest due date. */
int store_board_open_actions(store_conn *c, const store_case_ids *page, store_board_actions_fn fn,
                             void *ctx) STORE_WUR;
/* Per current subject of the page's cases, the newest event of section (health, welfare, case). */
int store_board_last_events(store_conn *c, const store_case_ids *page, const char *section,
                            store_board_event_fn fn, void *ctx) STORE_WUR;
/* The newest partner report of each open case that has one. */
int store_board_last_partner_reports(store_conn *c, store_board_partner_report_fn fn,
                                     void *ctx) STORE_WUR;

#endif
