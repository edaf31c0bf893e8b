/* What a 要対協 partner sees of a case (service/partners.c): only open cases with a subject
 * registered in the ledger and shared with the partner's agency — their registered subjects,
 * the agency's own actions, the 状況報告 — and the 状況報告 themselves. */
#ifndef TSUNAGU_STORE_PARTNERS_H
#define TSUNAGU_STORE_PARTNERS_H

#include "store/persons.h"
#include "store/store.h"
#include "util/pool.h"

typedef struct store_partner_case {
    char *id, *next_review_on, *household_name;
} store_partner_case;

typedef struct store_partner_subject {
    char *case_id;
    store_person person; /* brief fields */
    char *category;
} store_partner_subject;

typedef struct store_partner_action {
    char *case_id, *id, *what, *due_on, *done_on, *conference_held_on;
} store_partner_action;

typedef struct store_partner_report {
    char *id, *case_id, *agency_id, *agency_name, *on_date, *text, *created_by, *created_by_name;
    int64_t created_at;
} store_partner_report;

typedef int (*store_partner_case_fn)(void *ctx, const store_partner_case *c);
typedef int (*store_partner_subject_fn)(void *ctx, const store_partner_subject *s);
typedef int (*store_partner_action_fn)(void *ctx, const store_partner_action *a);
typedef int (*store_partner_report_fn)(void *ctx, const store_partner_report *r);

/* The agency of a user (NULL when none). STORE_NOT_FOUND: no such user. */
int store_partner_agency_of(store_conn *c, pool *p, const char *user_id,
                            char **agency_id) STORE_WUR;
/* The cases shared with agency_id that have a registered subject and are open (case_id NULL:
 * every one, else that one only), by id. */
int store_partner_cases(store_conn *c, pool *p, const char *agency_id, const char *case_id,
                        store_partner_case_fn fn, void *ctx) STORE_WUR;
/* The registered subjects of those cases, by case and kana. */
int store_partner_subjects(store_conn *c, pool *p, const char *agency_id, const char *case_id,
                           store_partner_subject_fn fn, void *ctx) STORE_WUR;
/* The actions of those cases owned by agency_id, by due date. */
int store_partner_actions(store_conn *c, pool *p, const char *agency_id, const char *case_id,
                          store_partner_action_fn fn, void *ctx) STORE_WUR;
/* The 状況報告 of a case (agency_id not NULL: that agency's only), newest first. */
int store_partner_reports(store_conn *c, pool *p, const char *case_id, const char *agency_id,
                          store_partner_report_fn fn, void *ctx) STORE_WUR;
/* Inserts the report while its case is shared with r->agency_id, open and registered;
 * STORE_NOT_FOUND otherwise. */
int store_partner_report_insert(store_conn *c, const store_partner_report *r) STORE_WUR;

#endif
