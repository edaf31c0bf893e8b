#include "auth/accounts.h"
#include "auth/password.h"
#include "auth/roles.h"
#include "domain/validate.h"

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
static const vocab_code pending_reasons[] = {
    {"created", "新規作成"},
    {"role_changed", "役割の変更"},
    {"password_reset", "パスワードの再設定"},
    {NULL, NULL},
};
const vocab pending_reasons_vocab = {"pending_reasons", pending_reasons};

static int reason_rank(const char *reason)
{
    int i = vocab_index(&pending_reasons_vocab, reason);
    return i < 0 ? 3 : i; /* 3: none */
}

const char *accounts_pending_reason(const char *role_after, unsigned changes,
                                    const char *current_reason)
{
    int rank = reason_rank(current_reason);
    if (changes == 0)
        return rank < 3 ? pending_reasons[rank].code : NULL;
    if (role_may(role_from_code(role_after), PERM_ACTIVE_WITHOUT_APPROVAL))
        return NULL;
    if ((changes & ACCOUNT_CREATED) && rank > 0)
        rank = 0;
    if ((changes & ACCOUNT_ROLE_CHANGED) && rank > 1)
        rank = 1;
    if ((changes & ACCOUNT_PASSWORD_RESET) && rank > 2)
        rank = 2;
    return rank < 3 ? pending_reasons[rank].code : NULL;
}
