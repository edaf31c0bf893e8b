/* A person's timeline: the events about them and about every household they belong or belonged
 * to, from both sections, newest first; each section only for a reader of its records. */
#ifndef TSUNAGU_SERVICE_TIMELINE_H
#define TSUNAGU_SERVICE_TIMELINE_H

#include "service/service.h"
#include "store/events.h"

typedef struct svc_timeline_input {
    const char *person_id;
    int limit;                     /* events listed, at least 1 */
    int64_t before_at, before_seq; /* the page ends before this event; before_seq 0: the newest */
} svc_timeline_input;

typedef struct svc_timeline_page {
    store_event *items; /* newest first; in the pool */
    int count;
    bool more;                 /* older events follow, before (next_at, next_seq) */
    int64_t next_at, next_seq; /* the last event listed */
} svc_timeline_page;

/* One page of the person's timeline, audited against the person and against every other person
 * whose events it shows (the mother's screening on her child's timeline). Health events need
 * PERM_HEALTH_READ, welfare events PERM_REPORT_READ, case events PERM_CASE_READ. NOT_FOUND without
 * such a person. */
svc_result svc_timeline_person(svc_ctx *ctx, const svc_timeline_input *in, svc_timeline_page *out);

#endif
