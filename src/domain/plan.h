/* サポートプラン (domain.md "Cases, plans, conferences"): what one version holds, its limits, what
 * changed from the version before, and its review dates. Pure: no I/O. */
#ifndef TSUNAGU_DOMAIN_PLAN_H
#define TSUNAGU_DOMAIN_PLAN_H

#include "domain/date.h"

#include <stdbool.h>

/* The limits of one version (api.md: free text 20,000 characters; names 100). */
enum {
    PLAN_TEXT_MAX = 20000,    /* guardian_wishes, child_views, situation, goals */
    PLAN_SUBJECTS_MAX = 20,   /* target persons */
    PLAN_SERVICES_MAX = 50,   /* rows of the services table */
    PLAN_CONTACTS_MAX = 20,   /* emergency contacts */
    PLAN_WHAT_MAX = 200,      /* a service's what */
    PLAN_WHO_MAX = 100,       /* a service's who (an agency or a staff member) */
    PLAN_HOW_OFTEN_MAX = 100, /* a service's how_often */
    PLAN_CONTACT_NAME_MAX = 100,
    PLAN_RELATION_MAX = 50,
    PLAN_PHONE_MAX = 30,
};

typedef struct plan_service {
    const char *what, *who, *how_often;
    const char *from_on, *to_on; /* YYYY-MM-DD or NULL */
} plan_service;

typedef struct plan_contact {
    const char *name, *relation, *phone;
} plan_contact;

/* The content of one version: what the family is handed. Strings NULL when not given. */
typedef struct plan_content {
    const char **subject_ids;
    int subject_count;
    const char *guardian_wishes, *child_views, *situation, *long_term_goal, *short_term_goals;
    const plan_service *services;
    int service_count;
    const plan_contact *contacts;
    int contact_count;
    const char *review_on, *handed_on;
} plan_content;

/* The fields of a version, as the API names them, in the form's order. */
enum { PLAN_FIELD_COUNT = 10 };
extern const char *const plan_field_names[PLAN_FIELD_COUNT];

/* The names of the fields of cur that differ from prev (the target persons compared as a set,
 * the services and contacts row by row), in the form's order, into out; returns their count.
 * A first version (prev NULL) changed nothing. */
int plan_changes(const plan_content *prev, const plan_content *cur,
                 const char *out[PLAN_FIELD_COUNT]);

/* The review date a plan takes at its approval when none was given: months after. */
date_ymd plan_review_after_approval(date_ymd approved_on, int months);

/* Whether a review recorded on `on` may set the next review date to review_on: strictly later. */
bool plan_next_review_valid(date_ymd on, date_ymd review_on);

#endif
