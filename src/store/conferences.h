/* Conferences (会議): the meeting, the cases it took up (with what was discussed and the next
 * review it set), attendees, decisions and actions; the effects of a decision on a case's subjects
 * and on the case; what a generated agenda is made of (the open cases with their subjects, the
 * 特定妊婦 candidates, the last meeting of a kind, what changed for a person since). */
#ifndef TSUNAGU_STORE_CONFERENCES_H
#define TSUNAGU_STORE_CONFERENCES_H

#include "store/persons.h"
#include "store/store.h"
#include "util/pool.h"

#include <stdbool.h>

typedef struct store_conference_case {
    char *case_id;
    char *discussion;
    char *next_review_on; /* what the meeting set */
} store_conference_case;

typedef struct store_conference_attendee {
    char *name, *agency, *agency_id, *user_id;
} store_conference_attendee;

typedef struct store_conference_decision {
    char *case_id, *pregnancy_id, *person_id;
    char *category;
    int reg; /* 1 enter the ledger, 0 take out, -1 not decided */
    char *policy;
    bool plan_approval_asked;
    char *close_reason;
    char *note;
} store_conference_decision;

typedef struct store_conference_action {
    char *id;
    char *what;
    char *owner_id, *owner_agency_id;
    char *due_on;
    char *case_id;
    char *done_on, *done_by;
    int64_t done_at;
    char *owner_name; /* read: the user's or the agency's name */
} store_conference_action;

typedef struct store_conference {
    char *id;
    int64_t version;
    char *kind;
    char *held_on;
    char *place;
    char *chair_id, *chair_name;
    char *minutes;
    char *created_by;
    int64_t created_at, updated_at;
    store_conference_case *cases;
    int case_count;
    store_conference_attendee *attendees;
    int attendee_count;
    store_conference_decision *decisions;
    int decision_count;
    store_conference_action *actions;
    int action_count;
} store_conference;

/* The conference and all its parts, in the open write. */
int store_conference_insert(store_conn *c, const store_conference *k) STORE_WUR;
/* With its cases, attendees, decisions and actions (owners' names joined): five statements. */
int store_conference_get(store_conn *c, pool *p, const char *id, store_conference *out) STORE_WUR;

typedef struct store_conference_filter {
    const char *case_id;                    /* NULL: any */
    const char *kind;                       /* NULL: any */
    const char *from;                       /* held_on >= from; NULL: no bound */
    const char *to;                         /* held_on <= to; NULL: no bound */
    const char *before_held_on, *before_id; /* cursor: strictly older */
    int limit;
} store_conference_filter;
/* Newest first (held_on, id), the conferences only (no parts but case_ids), each with its case
 * ids in case_ids/case_count. */
int store_conference_page(store_conn *c, pool *p, const store_conference_filter *f,
                          store_conference **out, int *count) STORE_WUR;

/* Closes an action not yet done: STORE_CONFLICT when it was done already, STORE_NOT_FOUND when
 * the conference has no such action. */
int store_conference_action_done(store_conn *c, const char *conference_id, const char *action_id,
                                 const char *on, const char *by, int64_t now) STORE_WUR;

/* An agency's name (STORE_NOT_FOUND: no such agency). */
int store_conference_agency_name(store_conn *c, pool *p, const char *id, char **name) STORE_WUR;

/* ---- a case as a meeting sees it ---- */

typedef struct store_case_subject_row {
    store_person person; /* brief */
    char *category;
    char *designated_by;
    bool youtaikyo;
    bool current; /* not removed from the case */
} store_case_subject_row;

typedef struct store_case_brief {
    char *id;
    int64_t version;
    char *household_id;
    char *status;
    char *lead_id, *lead_name;
    char *policy;
    char *opened_on;
    char *last_reviewed_on, *next_review_on;
    char *last_set_by_conference;     /* the next review the last meeting set (NULL: none) */
    store_case_subject_row *subjects; /* current ones first, eldest first */
    int subject_count;
} store_case_brief;

/* A case with its subjects (their brief person columns) and the next review the last meeting
 * set: three statements. */
int store_case_brief_get(store_conn *c, pool *p, const char *id, store_case_brief *out) STORE_WUR;

/* Sets a current subject's designation (category, the conference, its date). */
int store_case_subject_designate(store_conn *c, const char *case_id, const char *person_id,
                                 const char *category, const char *conference_id,
                                 const char *on) STORE_WUR;
/* Enters (reg true) a current subject in the 要対協 ledger on `on`, or takes her or him out;
 * a subject already so is left as is. */
int store_case_subject_register(store_conn *c, const char *case_id, const char *person_id, bool reg,
                                const char *on) STORE_WUR;
/* A case reviewed at a meeting: last_reviewed_on, next_review_on, and the policy decided (NULL
 * keeps it); version + 1. Only while the case is open at the version read (STORE_CONFLICT
 * otherwise). */
int store_case_reviewed(store_conn *c, const char *case_id, int64_t version,
                        const char *reviewed_on, const char *next_review_on, const char *policy,
                        int64_t now) STORE_WUR;

/* ---- the agenda ---- */

/* Every open case and its current subjects, a row per subject (eldest first within a case). */
typedef struct store_agenda_subject {
    const char *case_id;
    const char *next_review_on;
    const char *lead_name;
    store_person person; /* brief */
    const char *category;
    bool youtaikyo;
} store_agenda_subject;
typedef int (*store_agenda_subject_fn)(void *ctx, const store_agenda_subject *s);
extern const char store_agenda_open_cases_sql[];
int store_agenda_open_cases(store_conn *c, pool *p, store_agenda_subject_fn fn,
                            void *ctx) STORE_WUR;

typedef struct store_agenda_candidate {
    const char *pregnancy_id;
    const char *notified_on, *due_date;
    store_person mother; /* brief */
    bool decided;
    const char *case_id; /* the mother's open case; NULL: none */
} store_agenda_candidate;
typedef int (*store_agenda_candidate_fn)(void *ctx, const store_agenda_candidate *a);
extern const char store_agenda_candidates_sql[];
/* 特定妊婦 candidates notified on or after notified_since. */
int store_agenda_candidates(store_conn *c, pool *p, const char *notified_since,
                            store_agenda_candidate_fn fn, void *ctx) STORE_WUR;

/* The id and date of the last meeting of kind held before `before` (STORE_NOT_FOUND: none). */
int store_conference_last_of_kind(store_conn *c, pool *p, const char *kind, const char *before,
                                  char **id, char **held_on) STORE_WUR;

/* What changed since an instant for the persons of the joint case's meetings (every current
 * subject of an open case, every mother of a 特定妊婦 candidate notified on or after
 * notified_since): reports and their steps, missed check-ups, screenings with a flag, pregnancy
 * notifications, partners' 状況報告 (their timeline events), by person (each person's rows
 * adjacent), each person's oldest first. */
typedef struct store_agenda_change {
    const char *person_id;
    const char *kind; /* the event's kind */
    int64_t at;
    const char *summary;
    const char *ref_type, *ref_id;
} store_agenda_change;
typedef int (*store_agenda_change_fn)(void *ctx, const store_agenda_change *c);
extern const char store_agenda_changes_sql[];
int store_agenda_changes(store_conn *c, pool *p, int64_t since, const char *notified_since,
                         store_agenda_change_fn fn, void *ctx) STORE_WUR;

#endif
