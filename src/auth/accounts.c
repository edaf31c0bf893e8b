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

int accounts_create(store_conn *c, const char *login, const char *name, const char *role_code,
                    const char *password, const char *actor_id, int64_t now, char id_out[32])
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
