/* Visits and check-ups: こんにちは赤ちゃん訪問, 産後ケア, 乳幼児健診. */
#ifndef TSUNAGU_STORE_VISITS_H
#define TSUNAGU_STORE_VISITS_H

#include "domain/visit_form.h"
#include "store/persons.h"
#include "store/screenings.h"
#include "store/store.h"
#include "util/pool.h"

typedef struct store_visit {
    char *id;
    int64_t version;
    char *person_id;
    char *kind;
    char *subtype;
    char *on;
    char *status;
    char *staff;
    char *notes;
    visit_form form; /* the structured items (migration 014); none on an older record */
    store_followup followup;
    int64_t created_at;
    int64_t updated_at;
    store_person person; /* the person's brief columns: filled by get and list */
    /* store_visit_planned only: the day planned, and whether it is the next contact (else the
     * scheduled visit itself) */
    char *planned_on;
    bool planned_next_contact;
} store_visit;

int store_visit_get(store_conn *c, pool *p, const char *id, store_visit *out) STORE_WUR;
int store_visit_insert(store_conn *c, const store_visit *v) STORE_WUR;
/* Writes kind, subtype, on, status, staff, notes, the form; STORE_CONFLICT on a stale version. */
int store_visit_update(store_conn *c, const store_visit *v, int64_t expected) STORE_WUR;
/* Records the follow-up of a missed check-up; version + 1. Only once: STORE_CONFLICT when the
 * visit is not a missed check-up, has a follow-up already or does not exist. */
int store_visit_followup(store_conn *c, const char *id, const store_followup *f,
                         int64_t now) STORE_WUR;

typedef int (*store_visit_fn)(void *ctx, const store_visit *v);
/* A person's visits (newest first), or a day's visits (on, person_id NULL). */
int store_visit_list(store_conn *c, pool *p, const char *person_id, const char *on,
                     const char *after_on, const char *after_id, int limit, store_visit_fn fn,
                     void *ctx) STORE_WUR;

/* The worklist's plans: visits scheduled on a day in [from, to], and visits whose next contact
 * falls in it, by that day (a visit may come twice: once for each), at most limit rows. */
int store_visit_planned(store_conn *c, pool *p, const char *from, const char *to, int limit,
                        store_visit_fn fn, void *ctx) STORE_WUR;

#endif
