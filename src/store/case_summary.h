/* What a case summary (情報提供, handed to the receiving municipality when a family moves away)
 * reads beside the case itself: the subjects' contact details with their 住所秘匿 mark, the
 * household's address, the latest plan's goals and services, the conferences held, the open
 * actions. Nothing else: no report, no note. */
#ifndef TSUNAGU_STORE_CASE_SUMMARY_H
#define TSUNAGU_STORE_CASE_SUMMARY_H

#include "store/store.h"
#include "util/pool.h"

#include <stdbool.h>

typedef struct store_summary_contact {
    char *person_id;
    char *sex;
    char *address, *phone;
    bool address_protected;
} store_summary_contact;

typedef struct store_summary_service {
    char *what, *who, *how_often, *from_on, *to_on;
} store_summary_service;

typedef struct store_summary_plan {
    char *id;
    int64_t plan_version;
    char *status;
    char *long_term_goal, *short_term_goals, *review_on, *handed_on;
    store_summary_service *services;
    int service_count;
} store_summary_plan;

typedef struct store_summary_conference {
    char *id, *kind, *held_on;
} store_summary_conference;

typedef struct store_summary_action {
    char *what, *due_on, *owner_name, *owner_agency_name;
} store_summary_action;

typedef struct store_case_summary {
    store_summary_contact *contacts; /* one per subject (current and removed) */
    int contact_count;
    char *household_address;
    bool household_protected; /* a current member of the household is marked 住所秘匿 */
    bool has_plan;
    store_summary_plan plan;               /* the newest approved version, else the newest draft */
    store_summary_conference *conferences; /* by held_on */
    int conference_count;
    store_summary_action *actions; /* not done, by due_on */
    int action_count;
} store_case_summary;

int store_case_summary_read(store_conn *c, pool *p, const char *case_id, const char *household_id,
                            store_case_summary *out) STORE_WUR;

#endif
