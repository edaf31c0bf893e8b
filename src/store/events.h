/* The shared timeline: dated events about persons and households, from both sections. Later
 * issues (pregnancies, screenings, reports, cases) add their events here. */
#ifndef TSUNAGU_STORE_EVENTS_H
#define TSUNAGU_STORE_EVENTS_H

#include "store/store.h"

typedef struct store_event {
    int64_t seq; /* set by the store */
    int64_t at;
    const char *kind;
    const char *section; /* health, welfare, common, case */
    const char *summary;
    const char *ref_type;
    const char *ref_id;
    const char *person_id;    /* may be NULL */
    const char *household_id; /* may be NULL */
} store_event;

int store_event_add(store_conn *c, const store_event *e) STORE_WUR;

typedef int (*store_event_fn)(void *ctx, const store_event *e);
/* Events of the person and of every household the person belongs or belonged to, newest first,
 * strictly before (before_at, before_seq) when before_seq > 0; a section's events only for a
 * reader allowed to see that section's records. */
int store_timeline(store_conn *c, const char *person_id, int64_t before_at, int64_t before_seq,
                   int limit, bool with_health, bool with_welfare, bool with_case,
                   store_event_fn fn, void *ctx) STORE_WUR;

#endif
