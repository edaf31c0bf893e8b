#include "auth/accounts.h"
#include "auth/audit.h"
#include "auth/password.h"
#include "auth/roles.h"
#include "domain/validate.h"
#include "store/users.h"
#include "util/random.h"

#include <stdio.h>
#include <string.h>

bool accounts_login_valid(const char *login)
{
    size_t n = login ? strlen(login) : 0;
    if (n == 0 || n > 100)
        return false;
    for (const char *c = login; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '.' || *c == '_' || *c == '-' || *c == '@'))
            return false;
    return true;
}

bool accounts_password_acceptable(const char *password)
{
    if (!password)
        return false;
    long chars = validate_utf8_chars(password, strlen(password));
    return chars >= PASSWORD_MIN_CHARS && strlen(password) <= PASSWORD_MAX_BYTES;
}

/* The reasons, weightiest first. */
static const char *const pending_reasons[] = {"created", "role_changed", "password_reset"};

static int reason_rank(const char *reason)
{
    for (int i = 0; i < 3; i++)
        if (reason && strcmp(reason, pending_reasons[i]) == 0)
            return i;
    return 3; /* none */
}

const char *accounts_pending_reason(const char *role_after, unsigned changes,
                                    const char *current_reason)
{
    int rank = reason_rank(current_reason);
    if (changes == 0)
        return rank < 3 ? pending_reasons[rank] : NULL;
    if (role_after && strcmp(role_after, "admin") == 0)
        return NULL;
    if ((changes & ACCOUNT_CREATED) && rank > 0)
        rank = 0;
    if ((changes & ACCOUNT_ROLE_CHANGED) && rank > 1)
        rank = 1;
    if ((changes & ACCOUNT_PASSWORD_RESET) && rank > 2)
        rank = 2;
    return rank < 3 ? pending_reasons[rank] : NULL;
}

int accounts_create(store_conn *c, const char *login, const char *name, const char *role_code,
                    const char *password, account_origin origin, const char *actor_id, int64_t now,
                    char id_out[32])
{
    if (!accounts_login_valid(login))
        return ACCOUNT_BAD_LOGIN;
    long name_chars = name ? validate_utf8_chars(name, strlen(name)) : -1;
    if (name_chars < 1 || name_chars > 100)
        return ACCOUNT_BAD_NAME;
    if (role_from_code(role_code) == ROLE_NONE)
        return ACCOUNT_BAD_ROLE;
    if (!accounts_password_acceptable(password))
        return ACCOUNT_WEAK_PASSWORD;
    char hash[PASSWORD_HASH_MAX];
    if (password_hash(password, hash) != 0)
        return STORE_ERROR;
    char id[RANDOM_ID_LEN + 1];
    random_id(id);
    store_user u = {.id = id,
                    .login = (char *)login,
                    .name = (char *)name,
                    .role = (char *)role_code,
                    .password_hash = hash,
                    .created_at = now,
                    .updated_at = now};
    if (origin == ACCOUNT_BY_API)
        u.pending_reason = (char *)accounts_pending_reason(role_code, ACCOUNT_CREATED, NULL);
    u.status = u.pending_reason ? ACCOUNT_PENDING : ACCOUNT_ACTIVE;
    int rc = store_user_insert(c, &u);
    if (rc == STORE_CONSTRAINT)
        return ACCOUNT_LOGIN_TAKEN;
    if (rc != STORE_OK)
        return rc;
    audit_entry e = {
        .at = now, .user_id = actor_id, .action = "create", .object_type = "user", .object_id = id};
    rc = audit_append(c, &e);
    if (rc == STORE_OK)
        snprintf(id_out, 32, "%s", id);
    return rc;
}

int accounts_approve(store_conn *c, pool *p, const char *id, const char *approver_id, int64_t now,
                     int64_t expected_version)
{
    store_user u;
    int rc = store_user_by_id(c, p, id, &u);
    if (rc != STORE_OK)
        return rc;
    if (expected_version >= 0 && u.version != expected_version)
        return STORE_CONFLICT;
    if (approver_id && strcmp(approver_id, u.id) == 0)
        return ACCOUNT_SELF_APPROVAL;
    if (strcmp(u.status, ACCOUNT_PENDING) != 0)
        return ACCOUNT_NOT_PENDING;
    int64_t version = u.version;
    u.status = ACCOUNT_ACTIVE;
    u.pending_reason = NULL;
    u.approved_by = (char *)approver_id;
    u.approved_at = now;
    u.updated_at = now;
    rc = store_user_update(c, &u, version);
    if (rc != STORE_OK)
        return rc;
    audit_entry e = {.at = now,
                     .user_id = approver_id,
                     .action = "approve",
                     .object_type = "user",
                     .object_id = id};
    return audit_append(c, &e);
}
