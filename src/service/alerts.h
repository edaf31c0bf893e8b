/* The alert board (GET /alerts): everything due, built once per request from the store's open
 * items and the due rules of domain/due.c, sorted by urgency, and answered a page at a time.
 *
 * A board is the list as of one instant, `at`: the newborn window, each due date's "overdue" and
 * so the order all follow from it. The first page is the board at ctx->now; the pages after it
 * are asked with the board's instant and the sort key of the last item shown (svc_alerts_key),
 * so they continue the same board: an item acted on meanwhile drops out without shifting an
 * unseen one onto a page already read, and a page never mixes two instants. */
#ifndef TSUNAGU_SERVICE_ALERTS_H
#define TSUNAGU_SERVICE_ALERTS_H

#include "domain/due.h"
#include "service/service.h"
#include "store/case_ids.h"
#include "store/on_call.h"
#include "store/persons.h"

#include <stdbool.h>
#include <stdint.h>

/* How old a board's instant may be when a later page is asked (a page of an older board would
 * show as not overdue what is overdue now). */
enum { SVC_ALERTS_MAX_AGE_SECONDS = 15 * 60 };
/* The newborn-visit alert looks at the children born in the 12 months before the board's day: a
 * child born earlier never raises it again (the import marks only younger ones as history). */
enum { SVC_ALERTS_NEWBORN_WINDOW_MONTHS = 12 };

/* Where an item sits on the board: the page after it starts past it. */
typedef struct svc_alerts_key {
    alert_kind kind;
    int64_t due_at;
    const char *ref_id;
} svc_alerts_key;

typedef struct svc_alerts_filter {
    alert_kind only_kind;       /* ALERT_KIND_NONE: every kind the user may see */
    alert_section only_section; /* ALERT_SECTION_NONE: both */
    int limit;                  /* items on the page: 1..500 */
    /* The page's start. A later page: the board's instant (`at`, 0 for the first page) and the
     * last item shown (`after`). An offset (1..) is the older cursor: past that many items of
     * the board at ctx->now; beyond the end it is refused. */
    int64_t at;
    const svc_alerts_key *after;
    int offset;
} svc_alerts_filter;

typedef struct svc_alert {
    alert_kind kind;
    int64_t due_at;
    bool overdue; /* due_at <= the board's instant */
    const char *ref_id;
    store_person person;          /* brief fields; for a safety confirmation, its first child */
    const store_person *children; /* safety confirmations: every child not yet seen */
    int unconfirmed;              /* the number of children */
    const char *case_id;          /* action_due, case_review: the case concerned (or NULL) */
    bool upcoming;                /* not overdue, due within ALERT_UPCOMING_DAYS (今後14日) */
    /* Set on the board's page only (svc_alerts_board): */
    const char *urgency; /* a safety confirmation's 緊急度 (NULL: not set) */
    /* The address to visit: the person's (a safety confirmation's first child with one), never a
     * protected one (address NULL, address_protected true). */
    const char *address;
    bool address_protected;
    /* A safety confirmation near its deadline outside office hours (oncall_needed): the roster
     * entry in force at its deadline (or now, once overdue); NULL when nobody is on call. */
    bool on_call_needed;
    const store_on_call *on_call;
} svc_alert;

typedef struct svc_alerts_page {
    int64_t at;       /* the board's instant */
    int total;        /* items on the whole board */
    svc_alert *items; /* the page, in the pool */
    int count;
    bool more; /* another page follows: ask it after items[count - 1] */
} svc_alerts_page;

/* The page of the board asked for, each item with its address and, for safety confirmations,
 * urgency and on-call (see svc_alert). Records the reading (object "alerts", id the kind filter,
 * else the section, else "-") and each person the page names (object "alerts"/"board"), hourly
 * rows in ctx->reads. Results: OK; FORBIDDEN without PERM_HEALTH_READ; INVALID "cursor" for a
 * board instant in the future or older than SVC_ALERTS_MAX_AGE_SECONDS, or an offset past the
 * end; ERROR. Kinds the user may not see (safety confirmations without PERM_REPORT_READ) are
 * left off the board, as if there were none. */
svc_result svc_alerts_board(svc_ctx *ctx, const svc_alerts_filter *filter, svc_alerts_page *out);

/* Every item of the whole board at `at` (any instant) of the kinds the user may see, sorted,
 * unaudited: for a use case that derives something from it (a meeting's agenda), which audits
 * what it shows itself. */
svc_result svc_alerts_all(svc_ctx *ctx, int64_t at, svc_alert **items, int *count);

/* The same (same kinds, rules and order) for the joint case: the items of the newborn visits,
 * missed check-ups and EPDS kinds that name a current subject of an open case (not removed, the
 * case open), the safety confirmations whole and the case's own kinds (actions, reviews) — of
 * every open case (page NULL: the agenda) or of a page of open cases (the board's: the person
 * kinds of their subjects, the case kinds of those cases). Items naming others are among them (a
 * report's other children, its first child in no case): a caller matches the persons itself. */
svc_result svc_alerts_of_case_subjects(svc_ctx *ctx, int64_t at, const store_case_ids *page,
                                       svc_alert **items, int *count);

/* Every item of one kind of the whole board at `at` if the user may see it (else none), sorted,
 * unaudited. */
svc_result svc_alerts_of_kind(svc_ctx *ctx, int64_t at, alert_kind kind, svc_alert **items,
                              int *count);

/* Sorts items as the board lists them (by the kind's rank, overdue first, earliest due …). */
void svc_alerts_sort(svc_alert *items, int count);

/* The key of an item, for the page after it. */
svc_alerts_key svc_alerts_key_of(const svc_alert *a);

#endif
