/* The rules of a conference's record (api.md "Conferences", domain.md "Designations"): what a
 * decision may say at a meeting of a kind, and the next review date of a case the meeting
 * reviewed. Pure: the caller states the facts (is the person a subject of the case, is the case
 * listed) and this file decides. */
#ifndef TSUNAGU_DOMAIN_CONFERENCE_RULES_H
#define TSUNAGU_DOMAIN_CONFERENCE_RULES_H

#include "domain/date.h"

#include <stdbool.h>

/* What a decision says, and what the caller knows about the persons and cases it names. */
typedef struct conference_decision_facts {
    const char *conference_kind;
    bool has_case, has_pregnancy;
    bool case_listed;         /* the decision's case is among the conference's case_ids */
    bool has_person;          /* person_id given */
    bool person_is_subject;   /* … and is a current subject of the decision's case */
    const char *category;     /* NULL: none decided */
    bool category_known;      /* a code of case_categories */
    bool has_register;        /* register true or false given */
    const char *close_reason; /* NULL: none */
    bool close_reason_known;
} conference_decision_facts;

typedef enum conference_decision_fault {
    DECISION_OK = 0,
    DECISION_NO_TARGET,              /* neither case_id nor pregnancy_id */
    DECISION_CASE_NOT_LISTED,        /* case_id not in case_ids */
    DECISION_CATEGORY_UNKNOWN,       /* not a code of case_categories */
    DECISION_CATEGORY_NOT_AT_KIND,   /* only juri and joint_case designate */
    DECISION_CATEGORY_NEEDS_SUBJECT, /* a designation names a subject of the case */
    DECISION_REGISTER_NEEDS_SUBJECT, /* registration names a subject of the case */
    DECISION_PERSON_NOT_SUBJECT,     /* person_id is not a current subject of the case */
    DECISION_PERSON_WITHOUT_CASE,    /* person_id on a pregnancy's line without a case */
    DECISION_CLOSE_UNKNOWN,          /* close_reason not a code of case_close_reasons */
    DECISION_CLOSE_NEEDS_CASE,
} conference_decision_fault;

/* The first fault of a decision, with the field it is about ("case_id", "category",
 * "person_id", "register", "close_reason") in *field; DECISION_OK and *field NULL when none. */
conference_decision_fault conference_decision_check(const conference_decision_facts *f,
                                                    const char **field);
/* The Japanese message of a fault. */
const char *conference_decision_message(conference_decision_fault fault);

/* Whether held_on (the date the meeting was held) may be recorded on today: not in the future. */
bool conference_held_on_ok(date_ymd held_on, date_ymd today);

/* The next review of a case reviewed at a meeting held on held_on: held_on plus the review
 * interval, unless a date set by hand (a PATCH since the last meeting; has_set_by_hand) is after
 * held_on and earlier than that. */
date_ymd conference_next_review(date_ymd held_on, int review_months, bool has_set_by_hand,
                                date_ymd set_by_hand);

#endif
