/* サポートプラン versions (plans, plan_subjects, plan_services, plan_contacts). A version is
 * written once; afterwards only its approval, its reviews and the date it was handed over change
 * it, each guarded in the UPDATE that makes it. */
#ifndef TSUNAGU_STORE_PLANS_H
#define TSUNAGU_STORE_PLANS_H

#include "domain/plan.h"
#include "store/persons.h"
#include "store/store.h"
#include "util/pool.h"

typedef struct store_plan {
    char *id;
    int64_t version;
    char *case_id;
    int64_t plan_version;
    char *status; /* draft | approved */
    plan_content content;
    store_person *subjects; /* brief fields, in content.subject_ids' order */
    char *last_reviewed_on;
    char *approved_by, *approved_by_name;
    int64_t approved_at; /* 0: not approved */
    char *created_by, *created_by_name;
    int64_t created_at, updated_at;
} store_plan;

/* What a plan needs of its case. */
typedef struct store_plan_case {
    char *id;
    char *status; /* open | closed */
    char *household_id;
} store_plan_case;

/* STORE_OK or STORE_NOT_FOUND. */
int store_plan_case_get(store_conn *c, pool *p, const char *case_id,
                        store_plan_case *out) STORE_WUR;
/* STORE_OK when person_id is a current subject of the case, else STORE_NOT_FOUND. */
int store_plan_case_subject(store_conn *c, const char *case_id, const char *person_id) STORE_WUR;

/* Inserts plan (id, case_id, content, created_by, created_at) as the case's next version, its
 * number assigned in the INSERT (the largest + 1) and set in *plan_version. Two writers racing
 * for one number: the second gets STORE_CONSTRAINT from UNIQUE (case_id, plan_version). */
int store_plan_insert(store_conn *c, const store_plan *plan, int64_t *plan_version) STORE_WUR;

/* The version id of case_id with its subjects, services and contacts; STORE_NOT_FOUND. */
int store_plan_get(store_conn *c, pool *p, const char *case_id, const char *id,
                   store_plan *out) STORE_WUR;
/* Version number plan_version of case_id; STORE_NOT_FOUND. */
int store_plan_get_number(store_conn *c, pool *p, const char *case_id, int64_t plan_version,
                          store_plan *out) STORE_WUR;
/* The versions of case_id below before_version (INT64_MAX: all), newest first, at most limit,
 * each complete; *out in the pool. */
int store_plans_of_case(store_conn *c, pool *p, const char *case_id, int64_t before_version,
                        int limit, store_plan **out, int *count) STORE_WUR;

/* Approves id when it is a draft and the newest version of its case; review_on is set when the
 * plan has none. STORE_CONFLICT otherwise (nothing changed). */
int store_plan_approve(store_conn *c, const char *id, const char *user_id, int64_t now,
                       const char *review_on) STORE_WUR;
/* Records a review of id on `on`, its next review on review_on, when it is approved, no newer
 * version of its case is approved and (expected > 0) its version is expected. STORE_CONFLICT
 * otherwise. */
int store_plan_reviewed(store_conn *c, const char *id, int64_t expected, const char *on,
                        const char *review_on, int64_t now) STORE_WUR;
/* Records the date the approved plan id was handed to the family, once. STORE_CONFLICT when it
 * is a draft or was handed already. */
int store_plan_handed(store_conn *c, const char *id, const char *on, int64_t now) STORE_WUR;

#endif
