#include "api/routes.h"
#include "api/resources.h"

static const http_route routes[] = {
    {"POST", "/api/v1/session", api_session_create, PERM_NONE, ROUTE_PUBLIC | ROUTE_NO_CSRF},
    {"GET", "/api/v1/session", api_session_get, PERM_NONE, 0},
    {"DELETE", "/api/v1/session", api_session_delete, PERM_NONE, 0},
    {"GET", "/api/v1/meta", api_meta_get, PERM_NONE, 0},

    {"GET", "/api/v1/persons", api_persons_search, PERM_PERSON_READ, 0},
    {"POST", "/api/v1/persons", api_persons_create, PERM_PERSON_WRITE, 0},
    {"GET", "/api/v1/persons/duplicates", api_duplicates_list, PERM_PERSON_MERGE, 0},
    {"GET", "/api/v1/persons/merges/preview", api_merges_preview, PERM_PERSON_MERGE, 0},
    {"POST", "/api/v1/persons/merges", api_merges_create, PERM_PERSON_MERGE, 0},
    {"POST", "/api/v1/persons/merges/{id}/undo", api_merges_undo, PERM_PERSON_MERGE, 0},
    {"POST", "/api/v1/persons/{id}/duplicates/{other}/decision", api_duplicates_decide,
     PERM_PERSON_MERGE, 0},
    {"GET", "/api/v1/persons/{id}", api_persons_get, PERM_PERSON_READ, 0},
    {"PATCH", "/api/v1/persons/{id}", api_persons_update, PERM_PERSON_WRITE, 0},
    {"GET", "/api/v1/persons/{id}/timeline", api_persons_timeline, PERM_PERSON_READ, 0},

    {"POST", "/api/v1/households", api_households_create, PERM_PERSON_WRITE, 0},
    {"GET", "/api/v1/households/{id}", api_households_get, PERM_PERSON_READ, 0},
    {"PATCH", "/api/v1/households/{id}", api_households_update, PERM_PERSON_WRITE, 0},

    {"GET", "/api/v1/users", api_users_list, PERM_USER_READ, 0},
    {"POST", "/api/v1/users", api_users_create, PERM_USER_ADMIN, 0},
    {"PATCH", "/api/v1/users/{id}", api_users_update, PERM_USER_ADMIN, 0},
    {"POST", "/api/v1/users/{id}/approve", api_users_approve, PERM_USER_APPROVE, 0},
    {"GET", "/api/v1/staff", api_staff_list, PERM_CASE_READ, 0},

    {"GET", "/api/v1/audit", api_audit_list, PERM_AUDIT_READ, 0},

    {"GET", "/api/v1/settings/risk_table", api_settings_risk_get, PERM_HEALTH_READ, 0},
    {"PUT", "/api/v1/settings/risk_table", api_settings_risk_put, PERM_SETTINGS_WRITE, 0},
    {"GET", "/api/v1/settings/screening", api_settings_screening_get, PERM_HEALTH_READ, 0},
    {"PUT", "/api/v1/settings/screening", api_settings_screening_put, PERM_SETTINGS_WRITE, 0},
    {"GET", "/api/v1/settings/case_intervals", api_settings_case_intervals_get, PERM_CASE_READ, 0},
    {"PUT", "/api/v1/settings/case_intervals", api_settings_case_intervals_put, PERM_SETTINGS_WRITE,
     0},

    {"GET", "/api/v1/cases/{id}/plans", api_plans_list, PERM_CASE_READ, 0},
    {"POST", "/api/v1/cases/{id}/plans", api_plans_create, PERM_CASE_WRITE, 0},
    {"GET", "/api/v1/cases/{id}/plans/{pid}", api_plans_get, PERM_CASE_READ, 0},
    {"POST", "/api/v1/cases/{id}/plans/{pid}/approve", api_plans_approve, PERM_PLAN_APPROVE, 0},
    {"POST", "/api/v1/cases/{id}/plans/{pid}/reviewed", api_plans_reviewed, PERM_CASE_WRITE, 0},
    {"POST", "/api/v1/cases/{id}/plans/{pid}/handed", api_plans_handed, PERM_CASE_WRITE, 0},

    {"GET", "/api/v1/pregnancies", api_pregnancies_list, PERM_HEALTH_READ, 0},
    {"POST", "/api/v1/pregnancies", api_pregnancies_create, PERM_HEALTH_WRITE, 0},
    {"GET", "/api/v1/pregnancies/{id}", api_pregnancies_get, PERM_HEALTH_READ, 0},
    {"PATCH", "/api/v1/pregnancies/{id}", api_pregnancies_update, PERM_HEALTH_WRITE, 0},

    {"GET", "/api/v1/screenings", api_screenings_list, PERM_HEALTH_READ, 0},
    {"POST", "/api/v1/screenings", api_screenings_create, PERM_HEALTH_WRITE, 0},
    {"GET", "/api/v1/screenings/{id}", api_screenings_get, PERM_HEALTH_READ, 0},
    {"POST", "/api/v1/screenings/{id}/followup", api_screenings_followup, PERM_HEALTH_WRITE, 0},

    {"GET", "/api/v1/visits", api_visits_list, PERM_HEALTH_READ, 0},
    {"POST", "/api/v1/visits", api_visits_create, PERM_HEALTH_WRITE, 0},
    {"GET", "/api/v1/visits/{id}", api_visits_get, PERM_HEALTH_READ, 0},
    {"PATCH", "/api/v1/visits/{id}", api_visits_update, PERM_HEALTH_WRITE, 0},
    {"POST", "/api/v1/visits/{id}/followup", api_visits_followup, PERM_HEALTH_WRITE, 0},

    {"GET", "/api/v1/alerts", api_alerts_list, PERM_HEALTH_READ, 0},
    {"GET", "/api/v1/on_call", api_on_call_list, PERM_HEALTH_READ, 0},
    {"POST", "/api/v1/on_call", api_on_call_create, PERM_ONCALL_WRITE, 0},
    {"PATCH", "/api/v1/on_call/{id}", api_on_call_update, PERM_ONCALL_WRITE, 0},

    {"GET", "/api/v1/reports", api_reports_list, PERM_REPORT_READ, 0},
    {"POST", "/api/v1/reports", api_reports_create, PERM_REPORT_CREATE, 0},
    {"GET", "/api/v1/reports/{id}", api_reports_get, PERM_REPORT_READ, 0},
    {"POST", "/api/v1/reports/{id}/events", api_reports_event, PERM_REPORT_WRITE, 0},
    {"POST", "/api/v1/reports/{id}/owner", api_reports_owner, PERM_REPORT_WRITE, 0},

    {"GET", "/api/v1/board", api_board_get, PERM_CASE_READ, 0},
    {"GET", "/api/v1/cases", api_cases_list_any, PERM_CASE_READ, ROUTE_PARTNER_VIEW},
    {"POST", "/api/v1/cases", api_cases_create, PERM_CASE_WRITE, 0},
    {"GET", "/api/v1/cases/{id}", api_cases_get_any, PERM_CASE_READ, ROUTE_PARTNER_VIEW},
    {"PATCH", "/api/v1/cases/{id}", api_cases_update, PERM_CASE_WRITE, 0},
    {"POST", "/api/v1/cases/{id}/close", api_cases_close, PERM_CASE_WRITE, 0},
    {"GET", "/api/v1/cases/{id}/records", api_cases_records, PERM_CASE_READ, 0},
    {"GET", "/api/v1/cases/{id}/summary", api_cases_summary, PERM_CASE_READ, 0},
    {"GET", "/api/v1/cases/{id}/partner_reports", api_partner_reports_list, PERM_CASE_READ, 0},
    {"POST", "/api/v1/cases/{id}/partner_reports", api_partner_reports_create,
     PERM_PARTNER_REPORT_WRITE, 0},

    {"GET", "/api/v1/agencies", api_agencies_list, PERM_AGENCY_READ, 0},
    {"POST", "/api/v1/agencies", api_agencies_create, PERM_AGENCY_WRITE, 0},
    {"GET", "/api/v1/agencies/{id}", api_agencies_get, PERM_AGENCY_READ, 0},
    {"PATCH", "/api/v1/agencies/{id}", api_agencies_update, PERM_AGENCY_WRITE, 0},

    {"GET", "/api/v1/conferences", api_conferences_list, PERM_CASE_READ, 0},
    {"POST", "/api/v1/conferences", api_conferences_create, PERM_CASE_WRITE, 0},
    {"GET", "/api/v1/conferences/agenda", api_conferences_agenda, PERM_CASE_READ, 0},
    {"GET", "/api/v1/conferences/{id}", api_conferences_get, PERM_CASE_READ, 0},
    {"POST", "/api/v1/conferences/{id}/actions/{aid}/done", api_conferences_action_done,
     PERM_CASE_WRITE, 0},
    {"GET", "/api/v1/ledger", api_ledger_get, PERM_CASE_READ, 0},

    {"GET", "/api/v1/stats/reports", api_stats_reports, PERM_STATS_READ, 0},
    {"GET", "/api/v1/stats/safety", api_stats_safety, PERM_STATS_READ, 0},
    {"GET", "/api/v1/stats/pregnancies", api_stats_pregnancies, PERM_STATS_READ, 0},
    {"GET", "/api/v1/stats/newborn_visits", api_stats_newborn_visits, PERM_STATS_READ, 0},
    {"GET", "/api/v1/stats/checkups", api_stats_checkups, PERM_STATS_READ, 0},
    {"GET", "/api/v1/stats/companion_interviews", api_stats_companion_interviews, PERM_STATS_READ,
     0},
    {"GET", "/api/v1/stats/support_lead", api_stats_support_lead, PERM_STATS_READ, 0},
    {"GET", "/api/v1/stats/designations", api_stats_designations, PERM_STATS_READ, 0},
    {"GET", "/api/v1/stats/national_reports", api_stats_national_reports, PERM_STATS_READ, 0},

    {"POST", "/api/v1/import/{kind}", api_import, PERM_IMPORT, ROUTE_LARGE_BODY},
};

const http_route *api_routes(size_t *count)
{
    *count = sizeof routes / sizeof routes[0];
    return routes;
}
