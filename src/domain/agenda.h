/* The generated agendas of the joint case's meetings (api.md "Conferences", GET
 * /conferences/agenda): which open cases and which 特定妊婦 candidates a meeting of a kind on a
 * date must take up, and why. Pure: the caller gathers the lines (the store's open cases, the
 * candidate pregnancies, the overdue alerts) and this file decides.
 *
 * The rules:
 * - `registered`: at a youtaikyo_jitsumusha, every open case with a subject registered in the
 *   要対協 ledger (the 実務者会議 reviews every registered case);
 * - `candidate`: at every kind, a 特定妊婦 candidate not yet decided (no decision names the
 *   pregnancy, and its mother is not designated in a case) whose due date is less than a year
 *   before the date (without a due date: the notification date plus 10 months). It is listed by
 *   its pregnancy, or as the open case its mother is a subject of;
 * - `review_overdue`: at every kind, an open case whose next review date is before the date;
 * - `alert`: at every kind, an open case with an overdue alert (on one of its subjects, its
 *   actions or its review) at the meeting.
 * An item lists its reasons in that order; items are ordered by their first reason, then by kana
 * (the case's first subject, the candidate's mother), then by id. */
#ifndef TSUNAGU_DOMAIN_AGENDA_H
#define TSUNAGU_DOMAIN_AGENDA_H

#include "domain/date.h"

#include <stdbool.h>

typedef enum agenda_reason {
    AGENDA_REGISTERED = 0,
    AGENDA_CANDIDATE,
    AGENDA_REVIEW_OVERDUE,
    AGENDA_ALERT,
    AGENDA_REASON_COUNT
} agenda_reason;

/* The agenda kinds (conference_kind_has_agenda). */
typedef enum agenda_kind {
    AGENDA_KIND_NONE = -1,
    AGENDA_JOINT_CASE,
    AGENDA_LISTUP,
    AGENDA_YOUTAIKYO_JITSUMUSHA,
} agenda_kind;

/* A candidate is listed while its due date is less than this many months past. */
enum { AGENDA_CANDIDATE_MONTHS = 12, AGENDA_DUE_FROM_NOTIFICATION_MONTHS = 10 };

/* An open case as the agenda sees it. */
typedef struct agenda_case {
    const char *case_id;
    const char *kana;           /* sort key: the first subject's kana */
    bool registered;            /* a current subject is in the 要対協 ledger */
    const char *next_review_on; /* YYYY-MM-DD; NULL: none set */
    bool overdue_alert;         /* an alert of the case is overdue at the meeting */
} agenda_case;

/* A pregnancy whose interview made its mother a 特定妊婦 candidate. */
typedef struct agenda_pregnancy {
    const char *pregnancy_id;
    const char *kana;        /* the mother's */
    const char *due_date;    /* YYYY-MM-DD; NULL: not known */
    const char *notified_on; /* YYYY-MM-DD */
    bool decided;        /* a decision names the pregnancy, or the mother is designated in a case */
    const char *case_id; /* the open case the mother is a subject of; NULL: none */
} agenda_pregnancy;

typedef struct agenda_item {
    const char *case_id; /* exactly one of case_id and pregnancy_id */
    const char *pregnancy_id;
    const char *kana;
    unsigned reasons;             /* bit (1u << agenda_reason) */
    const char *candidate_ids[4]; /* a case's line: the candidate pregnancies it holds */
    int candidate_count;
} agenda_item;

agenda_kind agenda_kind_from_code(const char *code); /* AGENDA_KIND_NONE for others */
const char *agenda_reason_code(agenda_reason r);

/* Whether a candidate pregnancy is still to be decided at a meeting on `on`. */
bool agenda_candidate_open(const agenda_pregnancy *p, date_ymd on);

/* The agenda of a meeting of kind on `on`: writes the items into out (room for ncases +
 * npregnancies) and returns their count, ordered as above. Strings are borrowed from the input. */
int agenda_build(agenda_kind kind, date_ymd on, const agenda_case *cases, int ncases,
                 const agenda_pregnancy *pregnancies, int npregnancies, agenda_item *out);

#endif
