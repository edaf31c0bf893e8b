/* /api/v1/users: accounts. The admin creates and changes them; a director reads them and
 * approves the pending ones (the two-person rule, auth/accounts.h). */
#include "api/common.h"
#include "api/input.h"
#include "api/page.h"
#include "api/resources.h"
#include "auth/accounts.h"
#include "auth/password.h"
#include "store/sessions.h"
#include "store/users.h"

#include <sodium.h>
#include <string.h>

static const char *const role_codes[] = {"director", "coordinator", "health", "welfare",
                                         "clerk",    "partner",     "admin",  NULL};

static json_t *user_json(const store_user *u)
{
    role r = role_from_code(u->role);
    json_t *j =
        json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:b, s:o, s:o}", "id", u->id, "version",
                  (json_int_t)u->version, "login", u->login, "name", u->name, "role", u->role,
                  "role_label", role_label(r), "disabled", u->disabled, "created_at",
                  api_json_instant(u->created_at), "updated_at", api_json_instant(u->updated_at));
    json_object_set_new(j, "status", json_string(u->status));
    json_object_set_new(j, "pending_reason", api_json_string_or_null(u->pending_reason));
    json_object_set_new(j, "approved_by", api_json_string_or_null(u->approved_by));
    json_object_set_new(j, "approved_at",
                        u->approved_at ? api_json_instant(u->approved_at) : json_null());
    return j;
}

static int add_user(void *arg, const store_user *u)
{
    api_page *pg = arg;
    if (api_page_full(pg))
        return 1;
    api_page_add(pg, user_json(u), u->login, NULL);
    return 0;
}

void api_users_list(http_req *req)
{
    int limit;
    if (api_limit(req, &limit) != 0)
        return;
    const char *status = http_query(req, "status");
    if (status && strcmp(status, ACCOUNT_ACTIVE) != 0 && strcmp(status, ACCOUNT_PENDING) != 0) {
        api_invalid(req, "status", "状態は active か pending で指定してください。");
        return;
    }
    char *after[1];
    if (api_page_cursor(req, after, 1) != 0)
        return;
    api_page pg;
    api_page_start(&pg, req, limit, 1);
    api_page_answer(
        &pg, store_user_list(req->db, req->pool, status, after[0], limit + 1, add_user, &pg));
}

static void answer_user(http_req *req, const char *id, int status)
{
    store_user u;
    if (store_user_by_id(req->db, req->pool, id, &u) != STORE_OK) {
        http_reply_internal(req);
        return;
    }
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)u.version));
    http_reply_json(req, status, user_json(&u));
}

void api_users_create(http_req *req)
{
    static const char *const allowed[] = {"login", "name", "role", "password", NULL};
    json_t *body;
    const char *login, *name, *role_code, *password;
    if (api_body(req, allowed, &body) != 0 ||
        api_string(req, body, "login", API_NAME_MAX, true, &login) != 0 ||
        api_string(req, body, "name", API_NAME_MAX, true, &name) != 0 ||
        api_enum(req, body, "role", role_codes, true, &role_code) != 0 ||
        api_text(req, body, "password", PASSWORD_MAX_BYTES, true, &password) != 0)
        return;
    if (!accounts_login_valid(login)) {
        api_invalid(req, "login", "ログインIDは半角英数字と . _ - @ で入力してください。");
        return;
    }
    if (!accounts_password_acceptable(password)) {
        api_invalid(req, "password", "パスワードは10文字以上にしてください。");
        return;
    }
    if (api_begin(req) != 0)
        return;
    char id[32];
    int rc = accounts_create(req->db, login, name, role_code, password, ACCOUNT_BY_API,
                             req->user->id, req->now, id);
    if (rc == ACCOUNT_LOGIN_TAKEN) {
        store_rollback(req->db);
        api_invalid(req, "login", "このログインIDは既に使われています。");
        return;
    }
    if (rc != ACCOUNT_OK) {
        api_fail(req);
        return;
    }
    if (api_commit(req) != 0)
        return;
    http_add_header(req, "Location", pool_printf(req->pool, "/api/v1/users/%s", id));
    answer_user(req, id, 201);
}

/* After a change with these flags, the account waits for a director, or not (accounts.h). A
 * change that makes it wait withdraws the approval it had. */
static void apply_two_person_rule(store_user *u, unsigned changes)
{
    const char *reason = accounts_pending_reason(u->role, changes, u->pending_reason);
    bool was_pending = strcmp(u->status, ACCOUNT_PENDING) == 0;
    u->pending_reason = (char *)reason;
    u->status = reason ? ACCOUNT_PENDING : ACCOUNT_ACTIVE;
    if (reason && !was_pending) {
        u->approved_by = NULL;
        u->approved_at = 0;
    }
}

/* Reads the changes onto u; *revoke says whether existing sessions must end. */
static int apply_user_changes(http_req *req, json_t *body, store_user *u, bool *revoke)
{
    const char *name, *role_code, *password;
    bool disabled, has_disabled;
    if (api_string(req, body, "name", API_NAME_MAX, false, &name) != 0 ||
        api_enum(req, body, "role", role_codes, false, &role_code) != 0 ||
        api_bool(req, body, "disabled", &disabled, &has_disabled) != 0 ||
        api_text(req, body, "password", PASSWORD_MAX_BYTES, false, &password) != 0)
        return -1;
    bool self = strcmp(u->id, req->user->id) == 0;
    *revoke = false;
    if (self && ((role_code && strcmp(role_code, "admin") != 0) || (has_disabled && disabled)))
        return api_invalid(req, role_code ? "role" : "disabled",
                           "自分自身の管理者権限を外したり、無効にしたりはできません。");
    unsigned changes = 0;
    if (name)
        u->name = (char *)name;
    if (role_code) {
        if (strcmp(role_code, u->role) != 0)
            changes |= ACCOUNT_ROLE_CHANGED;
        u->role = (char *)role_code;
    }
    if (has_disabled) {
        *revoke |= disabled && !u->disabled;
        u->disabled = disabled;
    }
    if (password) {
        if (!accounts_password_acceptable(password))
            return api_invalid(req, "password", "パスワードは10文字以上にしてください。");
        char *hash = pool_alloc(req->pool, PASSWORD_HASH_MAX);
        if (password_hash(password, hash) != 0) {
            http_reply_internal(req);
            return -1;
        }
        u->password_hash = hash;
        changes |= ACCOUNT_PASSWORD_RESET;
    }
    *revoke |= changes != 0;
    apply_two_person_rule(u, changes);
    return 0;
}

void api_users_update(http_req *req)
{
    static const char *const allowed[] = {"name", "role", "disabled", "password", NULL};
    json_t *body;
    int64_t version;
    if (api_if_match(req, &version) != 0 || api_body(req, allowed, &body) != 0)
        return;
    store_user u;
    int rc = store_user_by_id(req->db, req->pool, req->params[0], &u);
    if (rc == STORE_NOT_FOUND) {
        api_not_found(req);
        return;
    }
    if (rc != STORE_OK) {
        http_reply_internal(req);
        return;
    }
    if (u.version != version) {
        api_version_conflict(req);
        return;
    }
    if (json_object_size(body) == 0) {
        answer_user(req, u.id, 200);
        return;
    }
    bool revoke = false;
    if (apply_user_changes(req, body, &u, &revoke) != 0)
        return;
    u.updated_at = req->now;
    if (api_begin(req) != 0)
        return;
    rc = store_user_update(req->db, &u, version);
    if (rc == STORE_OK && revoke)
        rc = store_session_delete_user(req->db, u.id);
    if (rc == STORE_OK)
        rc = api_audit_change(req, "update", "user", u.id, NULL);
    if (rc == STORE_CONFLICT) {
        store_rollback(req->db);
        api_version_conflict(req);
        return;
    }
    if (rc != STORE_OK) {
        api_fail(req);
        return;
    }
    if (api_commit(req) != 0)
        return;
    answer_user(req, u.id, 200);
}

/* POST /users/{id}/approve: a director approves a pending account as it is (If-Match: the version
 * the director saw), so that it can log in. No body, or {}. */
void api_users_approve(http_req *req)
{
    static const char *const none[] = {NULL};
    json_t *body;
    int64_t version;
    if (api_if_match(req, &version) != 0 || (req->body_len > 0 && api_body(req, none, &body) != 0))
        return;
    if (api_begin(req) != 0)
        return;
    int rc = accounts_approve(req->db, req->pool, req->params[0], req->user->id, req->now, version);
    if (rc != ACCOUNT_OK)
        store_rollback(req->db);
    switch (rc) {
    case ACCOUNT_OK:
        if (api_commit(req) == 0)
            answer_user(req, req->params[0], 200);
        return;
    case STORE_NOT_FOUND:
        api_not_found(req);
        return;
    case STORE_CONFLICT:
        api_version_conflict(req);
        return;
    case ACCOUNT_NOT_PENDING:
        http_reply_error(req, 409, "invalid_transition", "このアカウントは承認待ちではありません。",
                         NULL);
        return;
    case ACCOUNT_SELF_APPROVAL:
        http_reply_error(req, 403, "forbidden", "自分のアカウントを承認することはできません。",
                         NULL);
        return;
    default:
        http_reply_internal(req);
        return;
    }
}
