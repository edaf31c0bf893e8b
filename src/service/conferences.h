/* Conferences (会議): recording a meeting with its decisions and actions, reading one, listing
 * them, closing an action, and the generated agenda of a meeting (domain/agenda.c).
 *
 * A decision takes effect when its conference is recorded, in the same transaction: `category`
 * designates a subject of the case (case_subjects.category, designated_by, designated_on) and is
 * allowed only at juri and joint_case; `register` enters the subject in the 要対協 ledger or
 * takes her or him out; `policy` becomes the case's policy; a decision on a pregnancy without a
 * category records that the candidate was discussed and set aside; `close_reason` records that
 * the meeting decided to close the case — the case itself is closed with POST /cases/{id}/close
 * (its date, the receiving municipality). Every case listed counts as reviewed on held_on: its
 * next review is held_on plus the review interval (svc_settings_case_intervals_get), unless a
 * date set by hand since the last meeting is earlier (domain/conference_rules.c).
 *
 * Field formats are the caller's; everything else is checked here, each invalid field named as
 * api.md names it ("decisions[0].category", "case_ids[2]"). */
#ifndef TSUNAGU_SERVICE_CONFERENCES_H
#define TSUNAGU_SERVICE_CONFERENCES_H

#include "domain/agenda.h"
#include "service/alerts.h"
#include "service/service.h"
#include "store/conferences.h"

/* The limits of a conference's lists (an 実務者会議 reviews every registered case). */
enum {
    SVC_CONFERENCE_CASES_MAX = 500,
    SVC_CONFERENCE_ATTENDEES_MAX = 100,
    SVC_CONFERENCE_DECISIONS_MAX = 1000,
    SVC_CONFERENCE_ACTIONS_MAX = 500,
    SVC_CONFERENCE_ACTION_WHAT_MAX = 2000,
    SVC_AGENDA_CHANGES_PER_PERSON = 20,
};

typedef struct svc_conference_discussion_in {
    const char *case_id;
    const char *text;
} svc_conference_discussion_in;

typedef struct svc_conference_decision_in {
    const char *case_id, *pregnancy_id, *person_id;
    const char *category;
    bool has_register, reg;
    const char *policy;
    bool plan_approval_asked;
    const char *close_reason;
    const char *note;
} svc_conference_decision_in;

typedef struct svc_conference_action_in {
    const char *what;
    const char *owner_id, *owner_agency_id; /* exactly one */
    const char *due_on;
    const char *case_id; /* NULL: none */
} svc_conference_action_in;

typedef struct svc_conference_attendee_in {
    const char *name, *agency, *agency_id, *user_id;
} svc_conference_attendee_in;

typedef struct svc_conference_in {
    const char *kind;
    const char *held_on;
    const char *place;
    const char *chair_id, *chair_name;
    const char *minutes;
    const char *const *case_ids;
    int case_count;
    const svc_conference_discussion_in *discussions;
    int discussion_count;
    const svc_conference_attendee_in *attendees;
    int attendee_count;
    const svc_conference_decision_in *decisions;
    int decision_count;
    const svc_conference_action_in *actions;
    int action_count;
} svc_conference_in;

/* A conference as it is shown: the record and each case it took up with its subjects. */
typedef struct svc_conference_view {
    store_conference conference;
    store_case_brief *cases; /* [conference.case_count], in the record's order */
} svc_conference_view;

typedef struct svc_conference_page {
    store_conference *items;
    int count;
    bool more;
} svc_conference_page;

/* Records the meeting and makes its decisions take effect; out: the conference as recorded. */
svc_result svc_conference_create(svc_ctx *ctx, const svc_conference_in *in,
                                 svc_conference_view *out);
/* One conference; audited as a read of it about every subject of its cases. */
svc_result svc_conference_get(svc_ctx *ctx, const char *id, svc_conference_view *out);
/* A page, newest first (f->limit: the page size); each audited as a read (no persons shown). */
svc_result svc_conference_list(svc_ctx *ctx, const store_conference_filter *f,
                               svc_conference_page *out);
/* Closes an action on `on` (NULL: today; not in the future): INVALID_TRANSITION when done
 * already. out: the conference. */
svc_result svc_conference_action_done(svc_ctx *ctx, const char *conference_id,
                                      const char *action_id, const char *on,
                                      svc_conference_view *out);

/* ---- the agenda ---- */

typedef struct svc_agenda_change {
    const char *person_id;
    store_agenda_change change;
} svc_agenda_change;

typedef struct svc_agenda_line {
    agenda_item item;
    /* a case's line */
    const char *next_review_on, *lead_name;
    store_agenda_subject *subjects; /* the current subjects, eldest first */
    int subject_count;
    /* a pregnancy's line (and the candidates a case's line holds) */
    const store_agenda_candidate *candidate;
    const svc_alert **alerts; /* the overdue alerts of the line */
    int alert_count;
    svc_agenda_change *changes; /* since the last meeting of the kind, oldest first */
    int change_count;
} svc_agenda_line;

typedef struct svc_agenda {
    const char *kind;
    date_ymd on;
    const char *last_conference_id; /* the last meeting of the kind before `on` (NULL: none) */
    const char *since;              /* the date changes are counted from */
    svc_agenda_line *lines;
    int count;
} svc_agenda;

/* The agenda of a meeting of kind (joint_case, listup, youtaikyo_jitsumusha) on `on`, each line
 * with its subjects, overdue alerts and what changed since the last meeting of the same kind
 * (without one: since the case review interval before `on`). Audited as a read of "agenda"
 * about every person shown. */
svc_result svc_conference_agenda(svc_ctx *ctx, const char *kind, const char *on, svc_agenda *out);

#endif
