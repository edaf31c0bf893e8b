/* The coordinator's board (進行管理, GET /api/v1/cases/board) and the 要対協 ledger (進行管理台帳,
 * GET /api/v1/ledger): every open case, or every registered person, with what the center must
 * know to steer it. Built from a few set queries (store/board.h) whatever the number of cases. */
#ifndef TSUNAGU_SERVICE_BOARD_H
#define TSUNAGU_SERVICE_BOARD_H

#include "domain/board.h"
#include "domain/due.h"
#include "domain/section.h"
#include "service/service.h"
#include "store/board.h"

#include <stdbool.h>

typedef struct svc_board_filter {
    const char *category; /* a subject holds this designation (case_categories); NULL: any */
    const char *lead_id;  /* led by this user; NULL: any */
    const char *section;  /* "health" | "welfare" | "case": the lead's section; NULL: any */
    int youtaikyo;        /* -1 any, 1 a subject is registered in the ledger, 0 none is */
    bool mine;            /* only the reader's cases (lead or deputy) */
    int limit;            /* the page: 1..SVC_BOARD_PAGE_MAX rows */
    int offset;           /* past that many rows of the board (0: from the top) */
} svc_board_filter;

enum { SVC_BOARD_PAGE_MAX = 500 };

/* The newest timeline event of one section about a case's subjects (at 0: none). */
typedef struct svc_board_event {
    int64_t at;
    const char *kind, *summary;
} svc_board_event;

enum { SVC_BOARD_SECTIONS = 3 }; /* health, welfare, case: svc_board_row.last */

typedef struct svc_board_row {
    store_board_case c;
    store_board_subject *subjects; /* current subjects, by kana */
    int subject_count;
    section lead_section; /* the section of the lead's role; SECTION_CASE for the director's or
                             the coordinator's own cases */
    board_plan_status plan_status;
    const char *plan_review_on; /* the newest approved version's review date */
    int open_actions;
    const char *earliest_action_due_on;
    int open_alerts;         /* alerts about its subjects */
    alert_kind urgent_alert; /* the most urgent of them; ALERT_KIND_NONE: none */
    bool review_overdue, action_overdue, overdue, mine;
    svc_board_event last[SVC_BOARD_SECTIONS]; /* health, welfare, case */
} svc_board_row;

typedef struct svc_board {
    svc_board_row *rows; /* the page, in the board's order (domain/board.h), in the pool */
    int count;
    int total;         /* rows of the whole board (the filter's) */
    int overdue_total; /* of which overdue */
    bool more;         /* rows follow the page */
} svc_board;

/* A page of the board as of ctx->today: rows the filter lets through, the reader's own cases
 * first, then overdue ones (review, open action or plan review past), then by next review. The
 * order is decided on a few keys of every open case; the rest (persons, plans, last events,
 * alerts) is read for the page only. PERM_CASE_READ (FORBIDDEN otherwise); INVALID names the
 * filter field at fault ("cursor": an offset past the end). Audited: the reading ("case_board",
 * "board") and each subject shown ("case_board", case id), hourly rows. */
svc_result svc_board_get(svc_ctx *ctx, const svc_board_filter *f, svc_board *out);

/* A row of the 進行管理台帳: one registered person. */
typedef struct svc_ledger_row {
    const store_board_case *c;
    const store_board_subject *subject;
    const char *situation;        /* the newest partner report, else the newest plan's situation */
    const char *situation_on;     /* its date (the report's on; NULL for a plan) */
    const char *situation_source; /* "partner_report" | "plan" | NULL */
} svc_ledger_row;

typedef struct svc_ledger {
    svc_ledger_row *rows; /* by household, then kana; in the pool */
    int count;
} svc_ledger;

/* The ledger: every registered person of an open case. PERM_CASE_READ. Audited per person as a
 * read of "case_ledger" (export: action "export", the CSV). Carries no address or phone at all. */
svc_result svc_ledger_get(svc_ctx *ctx, bool export, svc_ledger *out);

#endif
