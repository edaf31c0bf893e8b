#include "service/users.h"

#include "auth/accounts.h"
#include "auth/password.h"
#include "domain/validate.h"
#include "store/agencies.h"
#include "store/sessions.h"
#include "util/random.h"

#include <string.h>

enum { NAME_MAX_CHARS = 100 };

static svc_result check_name(const char *name)
{
    long chars = name ? validate_utf8_chars(name, strlen(name)) : 0;
    if (chars < 1)
        return svc_missing("name");
    if (chars > NAME_MAX_CHARS)
        return svc_invalid("name", "氏名は100文字以内で入力してください。");
    return svc_ok();
}

static svc_result check_role(const char *role_code)
{
    if (!role_code)
        return svc_missing("role");
    if (role_from_code(role_code) == ROLE_NONE)
        return svc_invalid("role", "選択肢にない値です。");
    return svc_ok();
}

static svc_result check_password(const char *password)
{
    if (!password)
        return svc_missing("password");
    if (!accounts_password_acceptable(password))
        return svc_invalid("password", "パスワードは10文字以上にしてください。");
    return svc_ok();
}

static svc_result check_new_user(const svc_user_new *in)
{
    if (!in->login)
        return svc_missing("login");
    if (!accounts_login_valid(in->login))
        return svc_invalid("login", "ログインIDは半角英数字と . _ - @ で入力してください。");
    svc_result r = check_name(in->name);
    if (r.status == SVC_OK)
        r = check_role(in->role);
    if (r.status == SVC_OK)
        r = check_password(in->password);
    return r;
}

/* A partner belongs to an existing agency; no other role has one. The system (the operator's
 * command line) may add a partner before its agency is entered: it then sees no case. */
static svc_result check_agency(svc_ctx *ctx, const char *role_code, const char *agency_id)
{
    bool partner = role_from_code(role_code) == ROLE_PARTNER;
    if (!partner && agency_id)
        return svc_invalid("agency_id",
                           "所属機関は関係機関（partner）のアカウントにだけ設定します。");
    if (!agency_id)
        return partner && !ctx->system ? svc_missing("agency_id") : svc_ok();
    store_agency a;
    int rc = store_agency_get(ctx->db, ctx->pool, agency_id, &a);
    if (rc == STORE_NOT_FOUND)
        return svc_invalid("agency_id", "指定された関係機関が見つかりません。");
    return svc_from_store(rc);
}

/* Hashed before the write: argon2id is slow and must not hold the write transaction. */
static svc_result hash_password(svc_ctx *ctx, const char *password, char **out)
{
    *out = pool_alloc(ctx->pool, PASSWORD_HASH_MAX);
    return password_hash(password, *out) == 0 ? svc_ok() : svc_error();
}

static int insert_user(svc_ctx *ctx, const store_user *u)
{
    int rc = store_user_insert(ctx->db, u);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, "create", "user", u->id, NULL);
    return rc;
}

typedef struct collected {
    svc_users_page *page;
    int cap;
} collected;

static int collect_user(void *arg, const store_user *u)
{
    collected *c = arg;
    if (c->page->count == c->cap - 1) {
        c->page->more = true;
        return 1;
    }
    c->page->items[c->page->count++] = *u;
    return 0;
}

svc_result svc_users_list(svc_ctx *ctx, const svc_users_query *q, svc_users_page *out)
{
    *out = (svc_users_page){0};
    if (!svc_may(ctx, PERM_USER_READ))
        return svc_forbidden(NULL);
    if (q->status && strcmp(q->status, ACCOUNT_ACTIVE) != 0 &&
        strcmp(q->status, ACCOUNT_PENDING) != 0)
        return svc_invalid("status", "状態は active か pending で指定してください。");
    collected c = {.page = out, .cap = q->limit + 1};
    out->items = pool_alloc(ctx->pool, sizeof *out->items * (size_t)c.cap);
    return svc_from_store(
        store_user_list(ctx->db, ctx->pool, q->status, q->after, c.cap, collect_user, &c));
}

/* Keeps the active accounts of the roles that work on cases, up to SVC_STAFF_MAX. */
static int collect_staff(void *arg, const store_user *u)
{
    collected *c = arg;
    if (u->disabled || !role_may(role_from_code(u->role), PERM_CASE_WRITE))
        return 0;
    if (c->page->count == c->cap) {
        c->page->more = true;
        return 1;
    }
    c->page->items[c->page->count++] = *u;
    return 0;
}

svc_result svc_staff_list(svc_ctx *ctx, svc_users_page *out)
{
    *out = (svc_users_page){0};
    if (!svc_may(ctx, PERM_CASE_READ))
        return svc_forbidden(NULL);
    collected c = {.page = out, .cap = SVC_STAFF_MAX};
    out->items = pool_alloc(ctx->pool, sizeof *out->items * (size_t)c.cap);
    return svc_from_store(store_user_list(ctx->db, ctx->pool, ACCOUNT_ACTIVE, NULL,
                                          SVC_STAFF_SCAN_MAX, collect_staff, &c));
}

svc_result svc_users_get(svc_ctx *ctx, const char *id, store_user *out)
{
    if (!svc_may(ctx, PERM_USER_READ))
        return svc_forbidden(NULL);
    return svc_from_store(store_user_by_id(ctx->db, ctx->pool, id, out));
}

svc_result svc_users_create(svc_ctx *ctx, const svc_user_new *in, store_user *out)
{
    if (!svc_may(ctx, PERM_USER_ADMIN))
        return svc_forbidden(NULL);
    svc_result r = check_new_user(in);
    char *hash = NULL;
    if (r.status == SVC_OK)
        r = check_agency(ctx, in->role, in->agency_id);
    if (r.status == SVC_OK)
        r = hash_password(ctx, in->password, &hash);
    if (r.status != SVC_OK)
        return r;
    char id[RANDOM_ID_LEN + 1];
    random_id(id);
    store_user u = {.id = pool_strdup(ctx->pool, id),
                    .version = 1,
                    .login = pool_strdup(ctx->pool, in->login),
                    .name = pool_strdup(ctx->pool, in->name),
                    .role = pool_strdup(ctx->pool, in->role),
                    .password_hash = hash,
                    .agency_id = in->agency_id ? pool_strdup(ctx->pool, in->agency_id) : NULL,
                    .created_at = ctx->now,
                    .updated_at = ctx->now};
    /* The operator on the server is trusted; an account a user creates waits (accounts.h). */
    if (!ctx->system)
        u.pending_reason = (char *)accounts_pending_reason(u.role, ACCOUNT_CREATED, NULL);
    u.status = u.pending_reason ? ACCOUNT_PENDING : ACCOUNT_ACTIVE;
    r = svc_begin(ctx);
    if (r.status == SVC_OK) {
        int rc = insert_user(ctx, &u);
        r = rc == STORE_CONSTRAINT ? svc_invalid("login", "このログインIDは既に使われています。")
                                   : svc_from_store(rc);
    }
    r = svc_end(ctx, r);
    if (r.status == SVC_OK)
        *out = u;
    return r;
}

/* After a change with these flags the account waits for a director, or not (accounts.h). A
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

static bool nothing_to_change(const svc_user_changes *in)
{
    return !in->name && !in->role && !in->password && !in->set_disabled && !in->set_agency;
}

/* Whoever manages accounts cannot take that away from themselves, by a new role or by
 * disabling their own account: someone must be left who can. */
static svc_result check_self(const svc_ctx *ctx, const store_user *u, const svc_user_changes *in)
{
    if (!ctx->user_id || strcmp(u->id, ctx->user_id) != 0)
        return svc_ok();
    bool demoted = in->role && !role_may(role_from_code(in->role), PERM_USER_ADMIN);
    if (demoted || (in->set_disabled && in->disabled))
        return svc_invalid(in->role ? "role" : "disabled",
                           "自分自身の管理者権限を外したり、無効にしたりはできません。");
    return svc_ok();
}

static svc_result check_changes(const svc_ctx *ctx, const store_user *u, const svc_user_changes *in)
{
    svc_result r = in->role ? check_role(in->role) : svc_ok();
    if (r.status == SVC_OK)
        r = check_self(ctx, u, in);
    if (r.status == SVC_OK && in->name)
        r = check_name(in->name);
    if (r.status == SVC_OK && in->password)
        r = check_password(in->password);
    return r;
}

/* The agency the account will have: the one given, else the one it has unless its new role is
 * not a partner's (then none). */
static const char *agency_after(const store_user *u, const svc_user_changes *in)
{
    if (in->set_agency)
        return in->agency_id;
    const char *role_code = in->role ? in->role : u->role;
    return role_from_code(role_code) == ROLE_PARTNER ? u->agency_id : NULL;
}

/* Applies the checked changes to u; *revoke: its sessions must end. */
static svc_result apply_changes(svc_ctx *ctx, const svc_user_changes *in, store_user *u,
                                bool *revoke)
{
    unsigned changes = 0;
    *revoke = false;
    if (in->name)
        u->name = pool_strdup(ctx->pool, in->name);
    if (in->role) {
        if (strcmp(in->role, u->role) != 0)
            changes |= ACCOUNT_ROLE_CHANGED;
        u->role = pool_strdup(ctx->pool, in->role);
    }
    if (in->set_disabled) {
        *revoke |= in->disabled && !u->disabled;
        u->disabled = in->disabled;
    }
    const char *agency = agency_after(u, in);
    if (!svc_same_text(agency, u->agency_id)) {
        if (u->agency_id && agency) /* a partner moved to another agency reads other cases */
            changes |= ACCOUNT_ROLE_CHANGED;
        u->agency_id = agency ? pool_strdup(ctx->pool, agency) : NULL;
    }
    if (in->password) {
        svc_result r = hash_password(ctx, in->password, &u->password_hash);
        if (r.status != SVC_OK)
            return r;
        changes |= ACCOUNT_PASSWORD_RESET;
    }
    *revoke |= changes != 0;
    apply_two_person_rule(u, changes);
    u->updated_at = ctx->now;
    return svc_ok();
}

static int write_update(svc_ctx *ctx, const store_user *u, int64_t version, bool revoke)
{
    int rc = store_user_update(ctx->db, u, version);
    if (rc == STORE_OK && revoke)
        rc = store_session_delete_user(ctx->db, u->id);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, "update", "user", u->id, NULL);
    return rc;
}

svc_result svc_users_update(svc_ctx *ctx, const char *id, int64_t version,
                            const svc_user_changes *in, store_user *out)
{
    if (!svc_may(ctx, PERM_USER_ADMIN))
        return svc_forbidden(NULL);
    store_user u;
    svc_result r = svc_from_store(store_user_by_id(ctx->db, ctx->pool, id, &u));
    if (r.status != SVC_OK)
        return r;
    if (u.version != version)
        return svc_conflict();
    if (nothing_to_change(in)) {
        *out = u;
        return svc_ok();
    }
    bool revoke;
    r = check_changes(ctx, &u, in);
    if (r.status == SVC_OK && (in->role || in->set_agency))
        r = check_agency(ctx, in->role ? in->role : u.role, agency_after(&u, in));
    if (r.status == SVC_OK)
        r = apply_changes(ctx, in, &u, &revoke);
    if (r.status != SVC_OK)
        return r;
    r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = svc_from_store(write_update(ctx, &u, version, revoke));
    r = svc_end(ctx, r);
    if (r.status == SVC_OK) {
        u.version = version + 1;
        *out = u;
    }
    return r;
}

static svc_result approve(svc_ctx *ctx, const char *id, int64_t version, store_user *u)
{
    svc_result r = svc_from_store(store_user_by_id(ctx->db, ctx->pool, id, u));
    if (r.status != SVC_OK)
        return r;
    if (version >= 0 && u->version != version)
        return svc_conflict();
    if (ctx->user_id && strcmp(ctx->user_id, u->id) == 0)
        return svc_forbidden("自分のアカウントを承認することはできません。");
    if (strcmp(u->status, ACCOUNT_PENDING) != 0)
        return svc_invalid_transition("このアカウントは承認待ちではありません。");
    int64_t seen = u->version;
    u->status = ACCOUNT_ACTIVE;
    u->pending_reason = NULL;
    u->approved_by = ctx->user_id ? pool_strdup(ctx->pool, ctx->user_id) : NULL;
    u->approved_at = ctx->now;
    u->updated_at = ctx->now;
    int rc = store_user_update(ctx->db, u, seen);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, "approve", "user", u->id, NULL);
    u->version = seen + 1;
    return svc_from_store(rc);
}

svc_result svc_users_approve(svc_ctx *ctx, const char *id, int64_t version, store_user *out)
{
    if (!svc_may(ctx, PERM_USER_APPROVE))
        return svc_forbidden(NULL);
    store_user u;
    svc_result r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = approve(ctx, id, version, &u);
    r = svc_end(ctx, r);
    if (r.status == SVC_OK)
        *out = u;
    return r;
}
