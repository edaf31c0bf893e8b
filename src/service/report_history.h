/* Inside the reports service (reports.c, report_steps.c): a report's events as the workflow sees
 * them, and the loading of a report as it is shown. Not for other callers. */
#ifndef TSUNAGU_SERVICE_REPORT_HISTORY_H
#define TSUNAGU_SERVICE_REPORT_HISTORY_H

#include "service/reports.h"

/* A report's events, oldest first, and the same as the workflow sees them (flow[i]): which steps
 * a correction took back and, for each 現認, the children it still confirms (named[i]: those it
 * named when it was recorded). Pool memory. */
typedef struct svc_report_history {
    const store_report *report;
    store_report_event *events;
    workflow_event *flow;
    uint32_t *named;
    int count, cap;
} svc_report_history;

/* A store status. */
int svc_report_history_load(svc_ctx *ctx, const store_report *r, svc_report_history *h);
/* Appends an event; a correction takes its step back (a 現認: the children it names). A store
 * status (STORE_ERROR: a malformed child_ids column). */
int svc_report_history_push(pool *p, svc_report_history *h, const store_report_event *e);
/* The index of the event with this seq, or -1. */
int svc_report_history_find(const svc_report_history *h, int64_t seq);
/* The bit of the report's child id (0: not a child of the report). */
uint32_t svc_report_child_bit(const store_report *r, const char *id);
/* The ids of the report's children in bits, as pool strings. */
char **svc_report_child_ids(pool *p, const store_report *r, uint32_t bits, int *count);
bool svc_report_all_confirmed(const store_report *r);
/* The same id twice in ids: the field of the second ("name[i]suffix"), or NULL. */
const char *svc_report_repeated(pool *p, const char *name, const char *const *ids, int n,
                                const char *suffix);
/* The end of every write on a report: each child's timeline (an event dated at) and the audit
 * of the change (action) about each child. A store status. */
int svc_report_tell_children(svc_ctx *ctx, const store_report *r, int64_t at, const char *summary,
                             const char *action);

/* Loads report id as the acting user may see it. audit_read: audited as a read of the report
 * about each child (a write audits its change instead); the guardians shown are audited as a
 * read always, and the reporter, when shown, as a read of report_reporter about each child.
 * own_intake: the answer to the acting user's own intake. */
svc_result svc_report_view_load(svc_ctx *ctx, const char *id, bool audit_read, bool own_intake,
                                svc_report_view *out);

#endif
