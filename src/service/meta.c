#include "service/meta.h"
#include "auth/accounts.h"
#include "domain/audit_codes.h"
#include "domain/board.h"
#include "domain/case_codes.h"
#include "domain/due.h"
#include "domain/event_kinds.h"
#include "domain/import_rows.h"
#include "domain/person_codes.h"
#include "domain/report_codes.h"
#include "domain/risk.h"
#include "domain/screening.h"
#include "domain/section.h"
#include "domain/stats.h"
#include "domain/visit_kinds.h"
#include "domain/companion.h"
#include "domain/visit_form.h"
#include "domain/workflow.h"

/* One line per table (kept so against clang-format, which would pack them in columns); each is
 * defined beside the rules that use it. */
const vocab *const *svc_meta_tables(void)
{
    /* clang-format off */
    static const vocab *const all[] = {
        &alert_kinds_vocab,
        &person_sexes,
        &person_sex_marks,
        &household_relations,
        &report_abuse_types,
        &report_perpetrators,
        &report_routes,
        &workflow_report_kinds,
        &workflow_report_steps,
        &workflow_urgencies,
        &risk_levels,
        &notification_bands,
        &screening_instruments,
        &visit_kinds,
        &visit_statuses,
        &companion_interviews,
        &feeding_methods,
        &mother_moods,
        &mother_sleeps,
        &home_environments,
        &contact_kinds,
        &checkup_statuses,
        &postpartum_subtypes,
        &checkup_subtypes,
        &roles_vocab,
        &sections_vocab,
        &timeline_kinds_vocab,
        &audit_actions_vocab,
        &audit_object_types_vocab,
        &pending_reasons_vocab,
        &case_categories,
        &case_statuses,
        &case_close_reasons,
        &case_opened_from,
        &conference_kinds,
        &agency_kinds,
        &agenda_reasons,
        &plan_statuses,
        &board_plan_statuses,
        &stats_age_bands,
        &stats_extra_codes,
        &import_kinds,
        &import_columns_persons,
        &import_columns_pregnancies,
        &import_columns_reports,
        &import_columns_visits,
        NULL,
    };
    /* clang-format on */
    return all;
}

svc_result svc_meta_get(svc_ctx *ctx, svc_meta *out)
{
    *out = (svc_meta){.codes = svc_meta_tables(), .role = ctx->role};
    for (int p = PERM_NONE + 1; p < PERM_COUNT; p++)
        if (svc_may(ctx, (permission)p) && permission_code((permission)p))
            out->permissions[out->permission_count++] = permission_code((permission)p);
    return svc_ok();
}
