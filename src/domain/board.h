/* The coordinator's board (進行管理, GET /api/v1/cases/board): the rules that read a case's row —
 * its plan's status, whether it is overdue, and the board's order. Pure: the service gathers the
 * facts (service/board.c), these decide. */
#ifndef TSUNAGU_DOMAIN_BOARD_H
#define TSUNAGU_DOMAIN_BOARD_H

#include "domain/date.h"
#include "domain/section.h"
#include "domain/vocab.h"

#include <stdbool.h>

/* A case's plan as the board shows it ("board_plan_statuses" in GET /api/v1/meta). */
typedef enum board_plan_status {
    BOARD_PLAN_NONE,           /* no plan written */
    BOARD_PLAN_DRAFT,          /* the newest version awaits the director's approval */
    BOARD_PLAN_APPROVED,       /* the newest approved version is within its review date */
    BOARD_PLAN_REVIEW_OVERDUE, /* the newest approved version is past its review date */
} board_plan_status;

extern const vocab board_plan_statuses;
const char *board_plan_status_code(board_plan_status s);

/* What the board knows of a case's plan versions. Dates are YYYY-MM-DD or NULL. */
typedef struct board_plan_facts {
    bool written;                   /* a plan version is written */
    bool newest_is_draft;           /* the newest version is not approved */
    bool has_approved;              /* some version is approved */
    const char *approved_review_on; /* the newest approved version's review date */
} board_plan_facts;

/* The plan's status on `today`. A review date passed wins over a draft: the approved plan in
 * force is overdue (plan_review follows it) until a newer version is approved or it is reviewed. */
board_plan_status board_plan_status_of(const board_plan_facts *f, date_ymd today);

/* Whether a date (YYYY-MM-DD; NULL or unreadable: no) is past on today: due by the end of that
 * day, overdue from the day after. */
bool board_date_overdue(const char *due_on, date_ymd today);

/* Whether a case is overdue on today: its next review, its earliest open action or its newest
 * approved plan version's review date (each YYYY-MM-DD or NULL) is past. */
bool board_case_overdue(const char *next_review_on, const char *earliest_action_due_on,
                        const char *approved_review_on, date_ymd today);

/* The facts that place a row on the board. */
typedef struct board_order_key {
    bool mine;                  /* the reader leads or deputises the case */
    bool overdue;               /* review, earliest open action or plan review past */
    const char *next_review_on; /* NULL: none set (after every date) */
    const char *kana;           /* the household's first subject's kana, for ties */
    const char *case_id;        /* the last tie-break: every row has one place */
} board_order_key;

/* The reader's own cases first, then overdue rows, then by the next review date (none last),
 * then kana and id. */
int board_compare(const board_order_key *a, const board_order_key *b);

#endif
