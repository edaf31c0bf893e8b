/* Reports and consultations (通告・相談), from the call to support: the intake, the workflow's
 * steps (domain/workflow.c) and their corrections, reading one report and listing them.
 *
 * Every step is a dated event; a step recorded by mistake is corrected by a new event that names
 * it, never erased, and the report's status is the replay of its standing steps. The children's
 * safety confirmation (現認) runs against the 48-hour clock and names its children: a child is
 * never recorded as seen by default. Clerks take calls but do not read investigation notes
 * (PERM_REPORT_NOTES_READ); the reporter is answered only to the roles that act on the report
 * (PERM_REPORTER_READ), and to a clerk in the answer to their own intake
 * (PERM_REPORTER_READ_OWN_INTAKE), each such answer audited as a read of report_reporter.
 *
 * Field formats (JSON types, lengths, characters) are the caller's; everything else is checked
 * here: codes, required fields, duplicates, dates against ctx->now, the persons named. An invalid
 * field is named as api.md names it ("child_ids[1]", "guardians[0].person_id"). */
#ifndef TSUNAGU_SERVICE_REPORTS_H
#define TSUNAGU_SERVICE_REPORTS_H

#include "domain/workflow.h"
#include "service/service.h"
#include "store/imports.h"
#include "store/reports.h"

enum {
    SVC_REPORT_CHILDREN_MAX = 20,
    SVC_REPORT_GUARDIANS_MAX = 10,
    SVC_REPORT_ATTENDEES_MAX = 30,
    SVC_REPORT_ABUSE_TYPES_MAX = 4,
};

typedef struct svc_report_guardian_in {
    const char *person_id;
    const char *relation; /* free text, NULL: not given */
} svc_report_guardian_in;

typedef struct svc_report_intake {
    const char *kind;               /* abuse_report | consultation */
    bool has_received_at;           /* false: received now */
    int64_t received_at;            /* kept to the minute (the form's precision) */
    const char *received_by;        /* a user id; NULL: the acting user */
    const char *route;              /* report_routes */
    const char *const *abuse_types; /* abuse_types; at least one for an abuse report */
    int abuse_type_count;
    const char *main_perpetrator; /* perpetrators; NULL: not given */
    const char *summary;
    bool urgent;
    const char *const *child_ids; /* at least one */
    int child_count;
    const svc_report_guardian_in *guardians;
    int guardian_count;
    bool has_reporter;
    const char *reporter_name, *reporter_relation, *reporter_contact, *reporter_intent;
    bool reporter_anonymous;
} svc_report_intake;

/* A step, or with step "correction" the correction of an earlier one (corrects, note required). */
typedef struct svc_report_step_in {
    const char *report_id;
    const char *step;
    bool has_at; /* false: now (a correction is always dated now; giving `at` is refused) */
    int64_t at;
    const char *note;
    const char *urgency;          /* juri: required */
    const char *const *attendees; /* juri: names */
    int attendee_count;
    bool has_child_ids;
    const char *const *child_ids; /* safety_confirmed: the children seen (required); a correction
                                   * of one: those it takes back (absent: all it confirms) */
    int child_count;
    const char *seen_by;             /* safety_confirmed: NULL: the acting user's name */
    const char *case_id;             /* support */
    const char *lead_id, *deputy_id; /* juri: the owner and deputy (optional; the UI asks) */
    int64_t corrects;                /* a correction: the seq of the step it takes back */
    /* Fields the caller received but a correction does not take (api.md names them): "at",
     * "urgency", "attendees", "seen_by", "case_id"; NULL: none. */
    const char *given_but_not_for_correction;
} svc_report_step_in;

/* One event as it is shown. */
typedef struct svc_report_event_view {
    const store_report_event *event; /* recorded_by_name joined */
    const char *step_label;
    bool note_hidden; /* the note is withheld from this reader (an investigation's) */
    bool corrected;   /* a correction took the whole step back */
    bool correctable; /* workflow_may_correct allows a correction now */
    char **attendees; /* decoded; NULL: none recorded */
    int attendee_count;
    char **child_ids; /* decoded; NULL: none recorded */
    int child_id_count;
    char **corrected_child_ids; /* a 現認: the children a correction took back */
    int corrected_child_count;
} svc_report_event_view;

/* A report as it is shown: the record (children and guardians with their brief person columns,
 * staff names joined), what the reader may see of it, and what follows from the rules. */
typedef struct svc_report_view {
    store_report report;
    char **abuse_types; /* decoded */
    int abuse_type_count;
    bool with_reporter; /* the reporter is part of this answer */
    bool safety_all_confirmed;
    bool safety_overdue; /* an abuse report with a child unseen at ctx->now past the deadline */
    report_step next_steps[STEP_COUNT];
    int next_step_count;
    svc_report_event_view *events; /* oldest first; NULL in a list */
    int event_count;
    store_import_origin *imported; /* NULL: taken in tsunagu, or in a list */
} svc_report_view;

typedef struct svc_report_page {
    svc_report_view *items;
    int count;
    bool more;     /* another page follows */
    int64_t total; /* the reports the filter matches, every page together */
} svc_report_page;

/* A reassignment: the new owner (required) and deputy (NULL: none). */
typedef struct svc_report_owner_in {
    const char *report_id;
    const char *lead_id;
    const char *deputy_id;
} svc_report_owner_in;

/* Takes the call: the report, its children and guardians, the `received` event, the children's
 * timelines, the audit; out: the report as created (the reporter when the acting user may read
 * it in the answer to their own intake). */
svc_result svc_report_create(svc_ctx *ctx, const svc_report_intake *in, svc_report_view *out);

/* Records a step (or a correction) on a report and writes the state its standing steps add up
 * to; out: the report as it now stands. */
svc_result svc_report_add_event(svc_ctx *ctx, const svc_report_step_in *in, svc_report_view *out);

/* One report with its events; audited as a read of the report about each child and guardian. */
svc_result svc_report_get(svc_ctx *ctx, const char *id, svc_report_view *out);

/* A page of reports in the filter's order (f->limit: the page size) with the filter's total;
 * each report shown audited as a read. f->mine lists the acting user's own (lead or deputy). */
svc_result svc_report_list(svc_ctx *ctx, store_report_filter *f, svc_report_page *out);

/* Changes a report's owner and deputy (担当者の変更): each must be an active account of a role
 * that acts on reports, the two different. The change is a report_events row (step "owner",
 * never a workflow step: the replay and corrections pass it by), each child's timeline and an
 * audited update about each child; nothing changes when both stay as they are. */
svc_result svc_report_set_owner(svc_ctx *ctx, const svc_report_owner_in *in, svc_report_view *out);

/* The checks of a lead and deputy (the reassignment's and the 受理会議's), inside the write. */
svc_result svc_report_check_owner(svc_ctx *ctx, const char *lead_id, const char *deputy_id);
/* The code of the owner event in report_events, and its label. */
extern const char svc_report_owner_step[];

#endif
