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

typedef struct store_report {
    char *id;
    int64_t version;
    char *kind;
    int64_t received_at;
    char *received_by;
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
    char *recorded_by;
    int64_t recorded_at;
    int64_t corrects; /* a correction: the seq of the step it takes back; 0 otherwise */
} store_report_event;

/* With children and guardians (and their brief person fields). */
int store_report_get(store_conn *c, pool *p, const char *id, store_report *out) STORE_WUR;
int store_report_insert(store_conn *c, const store_report *r) STORE_WUR;
/* status, urgency (NULL keeps it), case_id (NULL keeps it); version + 1. */
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
 * (NULL clears); version + 1. */
int store_report_set_state(store_conn *c, const char *id, const char *status, const char *urgency,
                           const char *case_id, int64_t now) STORE_WUR;
int store_report_event_add(store_conn *c, const char *report_id,
                           const store_report_event *e) STORE_WUR;
typedef int (*store_report_event_fn)(void *ctx, const store_report_event *e);
/* Oldest first. */
int store_report_events(store_conn *c, pool *p, const char *report_id, store_report_event_fn fn,
                        void *ctx) STORE_WUR;

typedef struct store_report_filter {
    const char *kind;        /* NULL: any */
    const char *child_id;    /* NULL: any */
    bool open_only;          /* not closed */
    int64_t before_received; /* cursor: strictly older than (before_received, before_id) */
    const char *before_id;
    int limit;
} store_report_filter;
typedef int (*store_report_fn)(void *ctx, const store_report *r);
/* Newest first; children and guardians are not loaded. */
int store_report_list(store_conn *c, pool *p, const store_report_filter *f, store_report_fn fn,
                      void *ctx) STORE_WUR;

typedef struct store_safety_alert {
    const char *report_id;
    int64_t due_at;
    int unconfirmed;        /* the number of children not yet seen (>= 1) */
    store_person *children; /* [unconfirmed]: each child not yet seen, in the report's order */
} store_safety_alert;
typedef int (*store_safety_fn)(void *ctx, const store_safety_alert *a);
/* Abuse reports, not closed, with a child not yet seen (report_children.confirmed_at NULL). */
extern const char store_alerts_safety_sql[]; /* for the query-plan test */
int store_alerts_safety(store_conn *c, pool *p, store_safety_fn fn, void *ctx) STORE_WUR;

#endif
