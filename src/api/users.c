/* /api/v1/users: accounts (service/users.h). The admin creates and changes them; a director reads
 * them and approves the pending ones (the two-person rule). */
#include "api/common.h"
#include "api/input.h"
#include "api/page.h"
#include "api/resources.h"
#include "api/result.h"
#include "auth/password.h"
#include "service/users.h"

static json_t *user_json(const store_user *u)
{
    role r = role_from_code(u->role);
    json_t *j =
        json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:b, s:o, s:o}", "id", u->id, "version",
                  (json_int_t)u->version, "login", u->login, "name", u->name, "role", u->role,
                  "role_label", role_label(r), "disabled", u->disabled, "created_at",
                  api_json_instant(u->created_at), "updated_at", api_json_instant(u->updated_at));
    j = api_json_set(j, "status", json_string(u->status));
    j = api_json_set(j, "pending_reason", api_json_string_or_null(u->pending_reason));
    j = api_json_set(j, "approved_by", api_json_string_or_null(u->approved_by));
    j = api_json_set(j, "agency_id", api_json_string_or_null(u->agency_id));
    return api_json_set(j, "approved_at",
                        u->approved_at ? api_json_instant(u->approved_at) : json_null());
}

static void answer_user(http_req *req, const store_user *u, int status)
{
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)u->version));
    http_reply_json(req, status, user_json(u));
}

void api_users_list(http_req *req)
{
    svc_users_query q = {.status = http_query(req, "status")};
    char *after[1];
    if (api_limit(req, &q.limit) != 0 || api_page_cursor(req, after, 1) != 0)
        return;
    q.after = after[0];
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_users_page page;
    if (api_answer_failure(req, svc_users_list(&ctx, &q, &page)))
        return;
    api_page pg;
    api_page_start(&pg, req, q.limit, 1);
    for (int i = 0; i < page.count; i++)
        api_page_add(&pg, user_json(&page.items[i]), page.items[i].login, NULL);
    pg.more = page.more;
    api_page_answer(&pg, STORE_OK);
}

void api_users_create(http_req *req)
{
    static const char *const allowed[] = {"login", "name", "role", "password", "agency_id", NULL};
    json_t *body;
    svc_user_new in = {0};
    if (api_body(req, allowed, &body) != 0 ||
        api_string(req, body, "login", API_NAME_MAX, true, &in.login) != 0 ||
        api_string(req, body, "name", API_NAME_MAX, true, &in.name) != 0 ||
        api_string(req, body, "role", 64, true, &in.role) != 0 ||
        api_text(req, body, "password", PASSWORD_MAX_BYTES, true, &in.password) != 0 ||
        api_string(req, body, "agency_id", 64, false, &in.agency_id) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    store_user u;
    if (api_answer_failure(req, svc_users_create(&ctx, &in, &u)))
        return;
    http_add_header(req, "Location", pool_printf(req->pool, "/api/v1/users/%s", u.id));
    answer_user(req, &u, 201);
}

void api_users_update(http_req *req)
{
    static const char *const allowed[] = {"name",     "role",      "disabled",
                                          "password", "agency_id", NULL};
    json_t *body;
    int64_t version;
    svc_user_changes in = {0};
    if (api_if_match(req, &version) != 0 || api_body(req, allowed, &body) != 0 ||
        api_string(req, body, "name", API_NAME_MAX, false, &in.name) != 0 ||
        api_string(req, body, "role", 64, false, &in.role) != 0 ||
        api_bool(req, body, "disabled", &in.disabled, &in.set_disabled) != 0 ||
        api_text(req, body, "password", PASSWORD_MAX_BYTES, false, &in.password) != 0 ||
        api_string(req, body, "agency_id", 64, false, &in.agency_id) != 0)
        return;
    in.set_agency = api_has(body, "agency_id");
    svc_ctx ctx;
    api_ctx(req, &ctx);
    store_user u;
    if (api_answer_failure(req, svc_users_update(&ctx, req->params[0], version, &in, &u)))
        return;
    answer_user(req, &u, 200);
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
    svc_ctx ctx;
    api_ctx(req, &ctx);
    store_user u;
    if (api_answer_failure(req, svc_users_approve(&ctx, req->params[0], version, &u)))
        return;
    answer_user(req, &u, 200);
}

/* GET /api/v1/staff: who may be named on a case or at a conference (id, name, role) — no login,
 * no account state. */
void api_staff_list(http_req *req)
{
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_users_page page;
    if (api_answer_failure(req, svc_staff_list(&ctx, &page)))
        return;
    json_t *items = json_array();
    for (int i = 0; i < page.count; i++) {
        const store_user *u = &page.items[i];
        items = api_json_append(items, json_pack("{s:s, s:s, s:s, s:s}", "id", u->id, "name",
                                                 u->name, "role", u->role, "role_label",
                                                 role_label(role_from_code(u->role))));
    }
    http_reply_json(req, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}
