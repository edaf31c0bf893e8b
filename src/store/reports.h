/* Reports and consultations (通告・相談): the intake, the children and guardians, the workflow's
 * dated events, and each child's safety confirmation. */
#ifndef TSUNAGU_STORE_REPORTS_H
#define TSUNAGU_STORE_REPORTS_H

#include "store/persons.h"
#include "store/store.h"
#include "util/pool.h"

typedef struct store_report_child {
    char *child_id;
    int64_t confirmed_at; /* 0: not yet seen */
    char *confirmed_by;
    store_person person; /* brief fields, filled by store_report_get */
} store_report_child;

typedef struct store_report_guardian {
    char *person_id;
    char *relation;
    store_person person; /* brief fields, filled by store_report_get */
} store_report_guardian;

/* What received_by and recorded_by hold for a report or a step the CSV import made (its author
 * is no staff member). The columns are NOT NULL, and SQLite cannot drop that without rebuilding
 * reports, which four tables reference: the repository writes a NULL author as this marker,
 * which no user id can be (ids are random and longer), and reads it back as NULL. */
#define STORE_REPORT_NO_AUTHOR "import"

typedef struct store_report {
    char *id;
    int64_t version;
    char *kind;
    int64_t received_at;
    char *received_by; /* NULL: an imported report (STORE_REPORT_NO_AUTHOR) */
    char *route;
    char *abuse_types; /* JSON array */
    char *main_perpetrator;
    char *summary;
    bool urgent;
    char *reporter_name, *reporter_relation, *reporter_contact, *reporter_intent;
    bool reporter_anonymous;
    bool has_reporter;
    char *status;
    char *urgency;
    int64_t safety_due_at; /* 0: not an abuse report */
    char *case_id;
    int64_t created_at, updated_at;
    char *received_by_name;    /* read: the taker's name, joined from users (NULL: account gone) */
    char *lead_id, *deputy_id; /* the owner (担当者) and deputy: NULL until assigned */
    char *lead_name, *deputy_name; /* read: joined from users */
    store_report_child *children;
    int child_count;
    store_report_guardian *guardians;
    int guardian_count;
} store_report;

typedef struct store_report_event {
    int64_t seq;
    char *step;
    int64_t at;
    char *note;
    char *urgency;
    char *attendees; /* JSON array */
    char *child_ids; /* JSON array */
    char *seen_by;
    char *case_id;
    char *recorded_by; /* NULL: a step the import recorded (STORE_REPORT_NO_AUTHOR) */
    int64_t recorded_at;
    int64_t corrects;       /* a correction: the seq of the step it takes back; 0 otherwise */
    char *recorded_by_name; /* read: joined from users (NULL: account gone) */
} store_report_event;

/* The JSON-array columns (abuse_types, attendees, child_ids) are the store's format: a list of
 * strings encoded for the column (n 0: "[]"), and a column decoded (NULL column: *items NULL,
 * *n 0; "[]": an empty, non-NULL list). Pool memory; decode gives STORE_ERROR on a malformed
 * column. */
char *store_report_list_encode(pool *p, const char *const *items, int n);
int store_report_list_decode(pool *p, const char *column, char ***items, int *n) STORE_WUR;

/* With children and guardians (and their brief person fields) and the taker's name: three
 * statements. */
int store_report_get(store_conn *c, pool *p, const char *id, store_report *out) STORE_WUR;
int store_report_insert(store_conn *c, const store_report *r) STORE_WUR;
/* status, urgency (NULL keeps it), case_id (NULL keeps it); version + 1. Unconditional: for
 * bench/gen_history.c, which writes a planned history; a use case writes
 * store_report_set_state. */
int store_report_advance(store_conn *c, const char *id, const char *status, const char *urgency,
                         const char *case_id, int64_t now) STORE_WUR;
/* Marks these children seen (those not already confirmed). */
int store_report_confirm_child(store_conn *c, const char *report_id, const char *child_id,
                               int64_t at, const char *by) STORE_WUR;
/* Sets a child's 現認 as it now stands: at 0 (and by NULL) makes the child unseen again (a
 * correction took the 現認 back). */
int store_report_set_child_confirmation(store_conn *c, const char *report_id, const char *child_id,
                                        int64_t at, const char *by) STORE_WUR;
/* Writes the state the standing steps add up to: status, urgency and case_id exactly as given
 * (NULL clears); version + 1 — only while the report is still at the version and status it was
 * read at (was): STORE_CONFLICT when another writer moved it in between (safe without a write
 * lock that serialises writers), STORE_NOT_FOUND when it does not exist. */
typedef struct store_report_was {
    int64_t version;
    const char *status;
} store_report_was;
int store_report_set_state(store_conn *c, const char *id, const char *status, const char *urgency,
                           const char *case_id, int64_t now, store_report_was was) STORE_WUR;
int store_report_event_add(store_conn *c, const char *report_id,
                           const store_report_event *e) STORE_WUR;
/* Writes the owner (lead, deputy; NULL clears). With was_version > 0 only while the report is
 * at that version, and version + 1 (a reassignment: STORE_CONFLICT when another writer moved it,
 * STORE_NOT_FOUND when there is none); with 0 as part of a step whose state write already
 * guarded and counted the version. */
int store_report_set_owner(store_conn *c, const char *id, const char *lead_id,
                           const char *deputy_id, int64_t now, int64_t was_version) STORE_WUR;
typedef int (*store_report_event_fn)(void *ctx, const store_report_event *e);
/* Oldest first, with the recorder's name: one statement. */
int store_report_events(store_conn *c, pool *p, const char *report_id, store_report_event_fn fn,
                        void *ctx) STORE_WUR;

/* A child of a report as the council's export lists it (no reporter, no summary, no notes); its
 * strings last until fn returns. */
typedef struct store_report_export_row {
    const char *id, *kind;
    int64_t received_at;
    const char *route, *abuse_types, *main_perpetrator, *status; /* abuse_types: a list */
    const char *child_id, *family_name, *given_name, *birth_date;
} store_report_export_row;

typedef int (*store_report_export_fn)(void *ctx, const store_report_export_row *r);

/* Every report, oldest first, one row per child (in the order named). */
int store_report_export_rows(store_conn *c, store_report_export_fn fn, void *ctx) STORE_WUR;

/* The orders of a working list (sort=…): received_at (the default, newest first), safety_due_at,
 * status (workflow order), urgency (AA first), lead (the owner's name), route, kind. */
typedef enum store_report_sort {
    STORE_REPORT_SORT_RECEIVED,
    STORE_REPORT_SORT_SAFETY_DUE,
    STORE_REPORT_SORT_STATUS,
    STORE_REPORT_SORT_URGENCY,
    STORE_REPORT_SORT_LEAD,
    STORE_REPORT_SORT_ROUTE,
    STORE_REPORT_SORT_KIND,
    STORE_REPORT_SORT_COUNT
} store_report_sort;
const char *store_report_sort_code(store_report_sort s);
store_report_sort store_report_sort_from_code(const char *code); /* COUNT: unknown */

typedef struct store_report_filter {
    const char *kind;        /* NULL: any */
    const char *child_id;    /* NULL: any */
    const char *guardian_id; /* NULL: any; else the reports naming this person as a guardian */
    bool open_only;          /* not closed */
    const char *status;      /* NULL: any; a workflow step code */
    const char *urgency;     /* NULL: any */
    const char *route;       /* NULL: any */
    bool has_received_from, has_received_before;
    int64_t received_from, received_before; /* received_at in [from, before) */
    const char *owner_id;                   /* NULL: any; else the lead or the deputy */
    bool unassigned;                        /* no lead */
    bool mine;                              /* the service sets owner_id to the acting user */
    store_report_sort sort;
    bool ascending;          /* the default order (received_at) is newest first */
    int64_t before_received; /* cursor of the default order: strictly older than (…, before_id) */
    const char *before_id;
    int64_t offset; /* cursor of another order: the rows already listed */
    int limit;
} store_report_filter;
/* Up to f->limit reports in the filter's order (ties newest first), each with its children,
 * guardians and the staff's names, in *out (pool memory): three statements whatever the count.
 * Run it inside a read snapshot (store_begin_read) or a transaction: the children are those of
 * the same page. */
int store_report_page(store_conn *c, pool *p, const store_report_filter *f, store_report **out,
                      int *count) STORE_WUR;
/* How many reports the filter matches (cursor and limit aside): the list's total. */
int store_report_count(store_conn *c, const store_report_filter *f, int64_t *total) STORE_WUR;

typedef struct store_safety_alert {
    const char *report_id;
    int64_t due_at;
    int unconfirmed;        /* the number of children not yet seen (>= 1) */
    store_person *children; /* [unconfirmed]: each child not yet seen, in the report's order,
                             * with the address (and whether it is protected) */
    const char *urgency;    /* the report's 緊急度 (NULL: not set yet) */
} store_safety_alert;
typedef int (*store_safety_fn)(void *ctx, const store_safety_alert *a);
/* Abuse reports, not closed, with a child not yet seen (report_children.confirmed_at NULL). */
extern const char store_alerts_safety_sql[]; /* for the query-plan test */
int store_alerts_safety(store_conn *c, pool *p, store_safety_fn fn, void *ctx) STORE_WUR;

#endif
