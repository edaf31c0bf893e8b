/* Every handler of the API, one file per resource; routes.c binds them to paths. */
#ifndef TSUNAGU_API_RESOURCES_H
#define TSUNAGU_API_RESOURCES_H

#include "http/request.h"

void api_session_create(http_req *req);
void api_session_get(http_req *req);
void api_session_delete(http_req *req);
void api_meta_get(http_req *req);

void api_persons_search(http_req *req);
void api_persons_create(http_req *req);
void api_persons_get(http_req *req);
void api_persons_update(http_req *req);
void api_persons_timeline(http_req *req);
/* possible duplicates and merges (api/person_merges.c) */
void api_duplicates_list(http_req *req);
void api_duplicates_decide(http_req *req);
void api_merges_preview(http_req *req);
void api_merges_create(http_req *req);
void api_merges_undo(http_req *req);

void api_households_create(http_req *req);
void api_households_get(http_req *req);
void api_households_update(http_req *req);

void api_users_list(http_req *req);
void api_users_create(http_req *req);
void api_users_update(http_req *req);
void api_users_approve(http_req *req);
void api_staff_list(http_req *req);

void api_audit_list(http_req *req);

void api_settings_risk_get(http_req *req);
void api_settings_risk_put(http_req *req);
void api_settings_screening_get(http_req *req);
void api_settings_screening_put(http_req *req);
void api_settings_case_intervals_get(http_req *req);
void api_settings_case_intervals_put(http_req *req);

void api_plans_list(http_req *req);
void api_plans_create(http_req *req);
void api_plans_get(http_req *req);
void api_plans_approve(http_req *req);
void api_plans_reviewed(http_req *req);
void api_plans_handed(http_req *req);

void api_pregnancies_list(http_req *req);
void api_pregnancies_create(http_req *req);
void api_pregnancies_get(http_req *req);
void api_pregnancies_update(http_req *req);

void api_screenings_list(http_req *req);
void api_screenings_create(http_req *req);
void api_screenings_get(http_req *req);
void api_screenings_followup(http_req *req);

void api_visits_list(http_req *req);
void api_visits_create(http_req *req);
void api_visits_get(http_req *req);
void api_visits_update(http_req *req);
void api_visits_followup(http_req *req);

void api_alerts_list(http_req *req);

void api_reports_list(http_req *req);
void api_reports_create(http_req *req);
void api_reports_get(http_req *req);
void api_reports_event(http_req *req);
void api_reports_owner(http_req *req);

void api_cases_list(http_req *req);
void api_cases_create(http_req *req);
void api_cases_get(http_req *req);
void api_cases_update(http_req *req);
void api_cases_close(http_req *req);
void api_cases_records(http_req *req);
void api_cases_summary(http_req *req);

void api_agencies_list(http_req *req);
void api_agencies_create(http_req *req);
void api_agencies_get(http_req *req);
void api_agencies_update(http_req *req);
void api_on_call_list(http_req *req);
void api_on_call_create(http_req *req);
void api_on_call_update(http_req *req);

void api_conferences_list(http_req *req);
void api_conferences_create(http_req *req);
void api_conferences_get(http_req *req);
void api_conferences_agenda(http_req *req);
void api_conferences_action_done(http_req *req);
void api_board_get(http_req *req);
/* GET /cases and /cases/{id}: the staff's answer (api_cases_list/get), or a partner's summary. */
void api_cases_list_any(http_req *req);
void api_cases_get_any(http_req *req);
void api_partner_reports_list(http_req *req);
void api_partner_reports_create(http_req *req);
void api_ledger_get(http_req *req);

void api_stats_reports(http_req *req);
void api_stats_safety(http_req *req);
void api_stats_pregnancies(http_req *req);
void api_stats_newborn_visits(http_req *req);
/* The council's CSV exports, reached through GET /persons and GET /reports with ?format=csv
 * (api/exports.c). */
void api_persons_export(http_req *req);
void api_reports_export(http_req *req);
/* ?format=csv: answers with export and returns true; a bad format: answers 400, returns true;
 * JSON: returns false (the list answers). */
bool api_answered_as_export(http_req *req, void (*export)(http_req *req));
void api_stats_checkups(http_req *req);
void api_stats_companion_interviews(http_req *req);
void api_stats_support_lead(http_req *req);
void api_stats_designations(http_req *req);
void api_stats_national_reports(http_req *req);

/* import.c: POST /api/v1/import/{kind} (interchange.md) */
void api_import(http_req *req);

#endif
