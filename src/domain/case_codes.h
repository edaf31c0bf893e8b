/* The codes of the joint case (domain.md "Cases, plans, conferences", api.md): designations,
 * case statuses and closing reasons, how a case opened, conference kinds, agency kinds, the
 * reasons a line is on a generated agenda, plan statuses — each a vocab with its Japanese labels,
 * served to the UI by svc_meta_tables. */
#ifndef TSUNAGU_DOMAIN_CASE_CODES_H
#define TSUNAGU_DOMAIN_CASE_CODES_H

#include "domain/vocab.h"

#include <stdbool.h>

extern const vocab case_categories;    /* "case_categories": tokutei_ninpu, youshien, … */
extern const vocab case_statuses;      /* "case_statuses": open, closed */
extern const vocab case_close_reasons; /* "case_close_reasons" */
extern const vocab case_opened_from;   /* "case_opened_from": pregnancy, report, transfer */
extern const vocab conference_kinds;   /* "conference_kinds" */
extern const vocab agency_kinds;       /* "agency_kinds" */
extern const vocab agenda_reasons;     /* "agenda_reasons", in the agenda's order */
extern const vocab plan_statuses;      /* "plan_statuses": draft, approved */

/* Whether a conference of this kind may designate (set a subject's category): juri and
 * joint_case only (domain.md). */
bool conference_kind_designates(const char *kind);
/* Whether a generated agenda exists for this kind: joint_case, listup, youtaikyo_jitsumusha. */
bool conference_kind_has_agenda(const char *kind);

#endif
