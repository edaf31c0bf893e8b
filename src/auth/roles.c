#include "auth/roles.h"

#include <stddef.h>

static const vocab_code roles[ROLE_COUNT + 1] = {
    [ROLE_DIRECTOR] = {"director", "センター長"},
    [ROLE_COORDINATOR] = {"coordinator", "統括支援員"},
    [ROLE_HEALTH] = {"health", "保健師・助産師等"},
    [ROLE_WELFARE] = {"welfare", "児童福祉担当"},
    [ROLE_CLERK] = {"clerk", "受付・事務"},
    [ROLE_PARTNER] = {"partner", "関係機関（要対協）"},
    [ROLE_ADMIN] = {"admin", "システム管理"},
    [ROLE_COUNT] = {NULL, NULL},
};
const vocab roles_vocab = {"roles", roles};

/* The UI decides what to offer from these (GET /api/v1/meta); one per permission. */
static const char *const permission_codes[PERM_COUNT] = {
    [PERM_NONE] = "none",
    [PERM_PERSON_READ] = "person_read",
    [PERM_PERSON_WRITE] = "person_write",
    [PERM_AUDIT_READ] = "audit_read",
    [PERM_USER_ADMIN] = "user_admin",
    [PERM_HEALTH_READ] = "health_read",
    [PERM_HEALTH_WRITE] = "health_write",
    [PERM_SETTINGS_WRITE] = "settings_write",
    [PERM_REPORT_CREATE] = "report_create",
    [PERM_REPORT_READ] = "report_read",
    [PERM_REPORT_WRITE] = "report_write",
    [PERM_REPORT_NOTES_READ] = "report_notes_read",
    [PERM_REPORTER_READ] = "reporter_read",
    [PERM_REPORTER_READ_OWN_INTAKE] = "reporter_read_own_intake",
    [PERM_USER_READ] = "user_read",
    [PERM_USER_APPROVE] = "user_approve",
    [PERM_ACTIVE_WITHOUT_APPROVAL] = "active_without_approval",
    [PERM_CASE_READ] = "case_read",
    [PERM_CASE_WRITE] = "case_write",
    [PERM_PLAN_APPROVE] = "plan_approve",
    [PERM_AGENCY_READ] = "agency_read",
    [PERM_AGENCY_WRITE] = "agency_write",
    [PERM_CASE_PARTNER_VIEW] = "case_partner_view",
    [PERM_PARTNER_REPORT_WRITE] = "partner_report_write",
    [PERM_ADDRESS_PROTECT] = "address_protect",
    [PERM_STATS_READ] = "stats_read",
    [PERM_COUNCIL_EXPORT] = "council_export",
    [PERM_IMPORT] = "import",
    [PERM_PERSON_MERGE] = "person_merge",
    [PERM_ONCALL_WRITE] = "oncall_write",
};

/* The permission table: for each permission, the roles that hold it.
 * admin manages accounts and reads the audit log but no case content; partner reads only what a
 * 要対協 case shares with it (a later issue), so no person search. The welfare section reads the
 * health section's records (one record for both) but records none; clerks register persons but
 * read no health content (mental illness, DV answers). Anyone at the center may take a call
 * (report intake); clerks read reports without the investigation notes; partners never read
 * reports. The reporter is read only by the roles that act on a report (director, coordinator,
 * welfare); a clerk sees it only in the answer to their own intake (api.md), a health worker not
 * even there. Accounts: the admin manages them; the director reads them and approves the pending
 * ones (the two-person rule), but changes none. */
#define R(x)            (1u << ROLE_##x)
#define CENTER_STAFF    (R(DIRECTOR) | R(COORDINATOR) | R(HEALTH) | R(WELFARE) | R(CLERK))
#define ACTS_ON_REPORTS (R(DIRECTOR) | R(COORDINATOR) | R(WELFARE))
#define CASE_STAFF      (R(DIRECTOR) | R(COORDINATOR) | R(HEALTH) | R(WELFARE))
static const unsigned holders[PERM_COUNT] = {
    [PERM_NONE] = (1u << ROLE_COUNT) - 1,
    [PERM_PERSON_READ] = CENTER_STAFF,
    [PERM_PERSON_WRITE] = CENTER_STAFF,
    [PERM_AUDIT_READ] = R(DIRECTOR) | R(ADMIN),
    [PERM_USER_ADMIN] = R(ADMIN),
    [PERM_HEALTH_READ] = R(DIRECTOR) | R(COORDINATOR) | R(HEALTH) | R(WELFARE),
    [PERM_HEALTH_WRITE] = R(DIRECTOR) | R(COORDINATOR) | R(HEALTH),
    [PERM_SETTINGS_WRITE] = R(DIRECTOR),
    [PERM_REPORT_CREATE] = CENTER_STAFF,
    [PERM_REPORT_READ] = CENTER_STAFF,
    [PERM_REPORT_NOTES_READ] = R(DIRECTOR) | R(COORDINATOR) | R(HEALTH) | R(WELFARE),
    [PERM_REPORT_WRITE] = ACTS_ON_REPORTS,
    [PERM_REPORTER_READ] = ACTS_ON_REPORTS,
    [PERM_REPORTER_READ_OWN_INTAKE] = ACTS_ON_REPORTS | R(CLERK),
    [PERM_USER_READ] = R(DIRECTOR) | R(ADMIN),
    [PERM_USER_APPROVE] = R(DIRECTOR),
    [PERM_ACTIVE_WITHOUT_APPROVAL] = R(ADMIN),
    [PERM_CASE_READ] = CASE_STAFF,
    [PERM_CASE_WRITE] = CASE_STAFF,
    [PERM_PLAN_APPROVE] = R(DIRECTOR),
    [PERM_AGENCY_READ] = CASE_STAFF | R(ADMIN),
    [PERM_AGENCY_WRITE] = R(DIRECTOR) | R(COORDINATOR),
    [PERM_CASE_PARTNER_VIEW] = R(PARTNER),
    [PERM_PARTNER_REPORT_WRITE] = R(PARTNER),
    [PERM_ADDRESS_PROTECT] = CASE_STAFF,
    [PERM_STATS_READ] = CASE_STAFF,
    [PERM_COUNCIL_EXPORT] = R(DIRECTOR) | R(COORDINATOR),
    [PERM_IMPORT] = R(DIRECTOR) | R(ADMIN),
    [PERM_PERSON_MERGE] = R(DIRECTOR) | R(COORDINATOR),
    [PERM_ONCALL_WRITE] = R(DIRECTOR) | R(COORDINATOR),
};
#undef CASE_STAFF
#undef ACTS_ON_REPORTS
#undef CENTER_STAFF
#undef R

role role_from_code(const char *code)
{
    int r = vocab_index(&roles_vocab, code);
    return r < 0 ? ROLE_NONE : (role)r;
}

const char *role_code(role r)
{
    return r >= 0 && r < ROLE_COUNT ? roles[r].code : "";
}

const char *role_label(role r)
{
    return r >= 0 && r < ROLE_COUNT ? roles[r].label : "";
}

bool role_may(role r, permission p)
{
    return r >= 0 && r < ROLE_COUNT && p >= 0 && p < PERM_COUNT && (holders[p] >> r & 1u);
}

section role_section(role r)
{
    return r == ROLE_HEALTH ? SECTION_HEALTH : r == ROLE_WELFARE ? SECTION_WELFARE : SECTION_CASE;
}

const char *permission_code(permission p)
{
    return p >= 0 && p < PERM_COUNT ? permission_codes[p] : NULL;
}
