#include "auth/roles.h"

#include <string.h>

static const struct {
    const char *code;
    const char *label;
} roles[ROLE_COUNT] = {
    [ROLE_DIRECTOR] = {"director", "センター長"},
    [ROLE_COORDINATOR] = {"coordinator", "統括支援員"},
    [ROLE_HEALTH] = {"health", "保健師・助産師等"},
    [ROLE_WELFARE] = {"welfare", "児童福祉担当"},
    [ROLE_CLERK] = {"clerk", "受付・事務"},
    [ROLE_PARTNER] = {"partner", "関係機関（要対協）"},
    [ROLE_ADMIN] = {"admin", "システム管理"},
};

/* The permission table. admin manages accounts and reads the audit log but no case content;
 * partner reads only what a 要対協 case shares with it (a later issue), so no person search.
 * The welfare section reads the health section's records (one record for both) but records
 * none; clerks register persons but read no health content (mental illness, DV answers).
 * Anyone at the center may take a call (report intake); clerks read reports without the
 * investigation notes; partners never read reports. Accounts: the admin manages them; the
 * director reads them and approves the pending ones (the two-person rule), but changes none. */
static const bool allowed[ROLE_COUNT][PERM_COUNT] = {
    /*                    NONE  P_READ P_WRITE AUDIT  USERS  H_READ H_WRITE SETTNG R_NEW  R_READ
       R_WRITE U_READ U_APPROVE */
    [ROLE_DIRECTOR] = {true, true, true, true, false, true, true, true, true, true, true, true,
                       true},
    [ROLE_COORDINATOR] = {true, true, true, false, false, true, true, false, true, true, true,
                          false, false},
    [ROLE_HEALTH] = {true, true, true, false, false, true, true, false, true, true, false, false,
                     false},
    [ROLE_WELFARE] = {true, true, true, false, false, true, false, false, true, true, true, false,
                      false},
    [ROLE_CLERK] = {true, true, true, false, false, false, false, false, true, true, false, false,
                    false},
    [ROLE_PARTNER] = {true, false, false, false, false, false, false, false, false, false, false,
                      false, false},
    [ROLE_ADMIN] = {true, false, false, true, true, false, false, false, false, false, false, true,
                    false},
};

role role_from_code(const char *code)
{
    if (!code)
        return ROLE_NONE;
    for (int r = 0; r < ROLE_COUNT; r++)
        if (strcmp(roles[r].code, code) == 0)
            return (role)r;
    return ROLE_NONE;
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
    return r >= 0 && r < ROLE_COUNT && p >= 0 && p < PERM_COUNT && allowed[r][p];
}
