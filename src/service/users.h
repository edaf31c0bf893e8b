/* Accounts: list, create, change and approve them. The admin creates and changes accounts; a
 * director reads them and approves the pending ones. The two-person rule (auth/accounts.h): an
 * account other than admin that a user creates, gives a new role or a new password waits for a
 * director's approval before it can log in. The system (the command line, run on the server by
 * its operator) is trusted: its accounts are active at once. */
#ifndef TSUNAGU_SERVICE_USERS_H
#define TSUNAGU_SERVICE_USERS_H

#include "service/service.h"
#include "store/users.h"

typedef struct svc_users_query {
    const char *status; /* "active", "pending" or NULL: all */
    const char *after;  /* the login the previous page ended with; NULL: from the start */
    int limit;
} svc_users_query;

/* A page of accounts ordered by login; more: another page follows. Strings live in the pool. */
typedef struct svc_users_page {
    store_user *items;
    int count;
    bool more;
} svc_users_page;

typedef struct svc_user_new {
    const char *login; /* 1..100 of A-Z a-z 0-9 . _ - @ */
    const char *name;  /* 1..100 characters */
    const char *role;  /* a role code */
    const char *password;
    const char *agency_id; /* a partner's agency: required through the API, refused for others */
} svc_user_new;

/* What to change; NULL (and set_disabled false) leaves it as it is. */
typedef struct svc_user_changes {
    const char *name;
    const char *role;
    const char *password;
    bool set_disabled;
    bool disabled;
    bool set_agency;       /* agency_id given (NULL: none) */
    const char *agency_id; /* a partner's agency; changing it makes the account wait, as a new
                            * role does (it changes what the account reads) */
} svc_user_changes;

/* PERM_USER_READ. INVALID (status) for a status other than active or pending. */
svc_result svc_users_list(svc_ctx *ctx, const svc_users_query *q, svc_users_page *out);
/* The staff a case or a conference names (lead, deputy, action owner, attendee): the active,
 * enabled accounts of the roles that write cases, by login, at most SVC_STAFF_MAX of the first
 * SVC_STAFF_SCAN_MAX accounts (more: cut). PERM_CASE_READ: the staff directory of the case
 * screens, which the account list (PERM_USER_READ) is not. */
#define SVC_STAFF_MAX      1000
#define SVC_STAFF_SCAN_MAX 5000
svc_result svc_staff_list(svc_ctx *ctx, svc_users_page *out);
/* PERM_USER_READ. */
svc_result svc_users_get(svc_ctx *ctx, const char *id, store_user *out);
/* PERM_USER_ADMIN. INVALID (login: malformed or taken, name, role, password, agency_id: a
 * partner names an existing agency — the command line may leave it for later: such a partner
 * sees no case —, other roles none). Audited as
 * "create"; pending ("created") unless the account is an admin or the system creates it. */
svc_result svc_users_create(svc_ctx *ctx, const svc_user_new *in, store_user *out);
/* PERM_USER_ADMIN. The account as it is at `version`: NOT_FOUND, CONFLICT (another version),
 * INVALID (role or disabled: one's own admin role or account; password). A new role or password
 * makes it wait for a director again and ends its sessions, as disabling it does. Nothing to
 * change: the account as it is, nothing written. Audited as "update". */
svc_result svc_users_update(svc_ctx *ctx, const char *id, int64_t version,
                            const svc_user_changes *in, store_user *out);
/* PERM_USER_APPROVE. Makes the pending account at `version` (< 0: any, the command line) active,
 * approved by the acting user (NULL for the system). NOT_FOUND, CONFLICT, FORBIDDEN (one's own
 * account), INVALID_TRANSITION (not pending). Audited as "approve". */
svc_result svc_users_approve(svc_ctx *ctx, const char *id, int64_t version, store_user *out);

#endif
