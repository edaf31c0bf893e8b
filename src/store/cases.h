/* Cases (the joint case, issue 11): one per household in support, with its subjects (each with
 * her or his own designation and 要対協 registration, written only by a conference decision: the
 * conferences' repository), the agencies it is shared with, and its closing. At most one open
 * case per household: the partial unique index cases_open_household refuses a second one
 * (STORE_CONSTRAINT from store_case_insert). */
#ifndef TSUNAGU_STORE_CASES_H
#define TSUNAGU_STORE_CASES_H

#include "store/persons.h"
#include "store/store.h"
#include "util/pool.h"

#include <stdbool.h>

typedef struct store_case_subject {
    char *person_id;
    char *category;      /* tokutei_ninpu | youshien | youhogo | general */
    char *designated_by; /* the conference; NULL: not designated yet */
    char *designated_on;
    bool youtaikyo; /* registered in the 要対協 ledger */
    char *registered_on;
    char *unregistered_on;
    char *added_on;
    char *removed_on;    /* NULL: a subject now */
    store_person person; /* brief columns (names, kana, birth date), filled by the reads */
} store_case_subject;

typedef struct store_case {
    char *id;
    int64_t version;
    char *household_id;
    char *status; /* open | closed */
    char *lead_id;
    char *deputy_id;      /* NULL: none */
    char *lead_agency_id; /* NULL: the center itself */
    char *opened_on;
    char *opened_from_type; /* pregnancy | report | transfer; NULL: opened directly */
    char *opened_from_id;
    char *opened_from_municipality;
    char *policy;
    char *last_reviewed_on;
    char *next_review_on;
    char *closed_on, *close_reason, *close_note, *moved_to, *closed_by;
    char *created_by;
    int64_t created_at, updated_at;
    /* read: joined (NULL when gone or none) */
    char *lead_name, *deputy_name, *lead_agency_name, *household_name, *closed_by_name;
    store_case_subject *subjects; /* current subjects first (in the order added), then removed */
    int subject_count;
    char **agency_ids; /* the agencies it is shared with, by id */
    int agency_count;
} store_case;

/* The case row, its subjects (added_on = opened_on) and agencies. STORE_CONSTRAINT when the
 * household already has an open case (or a key named does not exist: check those first). */
int store_case_insert(store_conn *c, const store_case *k) STORE_WUR;
/* The case with its subjects (brief person columns), agencies and the staff's names: three
 * statements. STORE_NOT_FOUND. */
int store_case_get(store_conn *c, pool *p, const char *id, store_case *out) STORE_WUR;
/* The open case of a household: its id in *id (pool), or STORE_NOT_FOUND. */
int store_case_open_of_household(store_conn *c, pool *p, const char *household_id,
                                 char **id) STORE_WUR;

/* Writes lead_id, deputy_id, lead_agency_id, next_review_on as given (NULL clears), version + 1,
 * only while the case is open and at expected_version: STORE_CONFLICT otherwise (or
 * STORE_NOT_FOUND). */
int store_case_update(store_conn *c, const store_case *k, int64_t expected_version,
                      int64_t now) STORE_WUR;
/* Makes person a subject again or for the first time (added_on; removed_on cleared; the
 * designation it had stays on its row). */
int store_case_subject_add(store_conn *c, const char *case_id, const char *person_id,
                           const char *on) STORE_WUR;
/* Takes a subject off the case on that date; the row stays (removed_on). */
int store_case_subject_remove(store_conn *c, const char *case_id, const char *person_id,
                              const char *on) STORE_WUR;
/* Replaces the agencies the case is shared with. */
int store_case_agencies_set(store_conn *c, const char *case_id, char *const *agency_ids,
                            int n) STORE_WUR;

typedef struct store_case_closing {
    const char *on, *reason, *note, *moved_to, *by;
} store_case_closing;
/* Closes the case while it is open (`WHERE status = 'open'`), version + 1: STORE_CONFLICT when
 * it is closed already (a concurrent closing), STORE_NOT_FOUND when there is none. */
int store_case_close(store_conn *c, const char *id, const store_case_closing *cl,
                     int64_t now) STORE_WUR;

/* The orders of the cases' working list (sort=…): opened_on (the default, newest first),
 * next_review_on (none last), lead (the lead's name). */
typedef enum store_case_sort {
    STORE_CASE_SORT_OPENED,
    STORE_CASE_SORT_NEXT_REVIEW,
    STORE_CASE_SORT_LEAD,
    STORE_CASE_SORT_COUNT
} store_case_sort;
store_case_sort store_case_sort_from_code(const char *code); /* COUNT: unknown */

typedef struct store_case_filter {
    const char *category; /* NULL: any; else a current subject has it */
    const char *lead_id;  /* NULL: any */
    const char *owner_id; /* NULL: any; else the lead or the deputy */
    bool mine;            /* the service sets owner_id to the acting user */
    int youtaikyo;        /* -1: any; 1: a current subject registered; 0: none registered */
    const char *status;   /* NULL: any */
    const char *opened_from, *opened_to; /* NULL: open-ended; else opened_on in [from, to] */
    store_case_sort sort;
    bool ascending;               /* the default order (opened_on) is newest first */
    const char *before_opened_on; /* cursor of the default order: strictly older than (…, id) */
    const char *before_id;
    int64_t offset; /* cursor of another order: the rows already listed */
    int limit;
} store_case_filter;
/* Up to f->limit cases in the filter's order (ties newest opened first), each with subjects,
 * agencies and names (one statement for the cases, two per case). Run inside a read snapshot
 * or a transaction. */
int store_case_page(store_conn *c, pool *p, const store_case_filter *f, store_case **out,
                    int *count) STORE_WUR;
/* How many cases the filter matches (cursor and limit aside): the list's total. */
int store_case_count(store_conn *c, const store_case_filter *f, int64_t *total) STORE_WUR;

#endif
