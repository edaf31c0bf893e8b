/* GET /api/v1/meta: the code tables, the caller's role and permissions (service/meta.h). */
#include "api/common.h"
#include "api/resources.h"
#include "api/result.h"
#include "service/meta.h"

static json_t *codes_json(const vocab *v)
{
    json_t *list = json_array();
    for (int i = 0; list && v->codes[i].code; i++)
        list = api_json_append(
            list, json_pack("{s:s, s:s}", "code", v->codes[i].code, "label", v->codes[i].label));
    return list;
}

static json_t *meta_json(const svc_meta *m)
{
    json_t *codes = json_object();
    for (int i = 0; codes && m->codes[i]; i++)
        codes = api_json_set(codes, m->codes[i]->name, codes_json(m->codes[i]));
    json_t *permissions = json_array();
    for (int i = 0; permissions && i < m->permission_count; i++)
        permissions = api_json_append(permissions, json_string(m->permissions[i]));
    return json_pack("{s:o, s:o, s:{s:s, s:s}}", "codes", codes, "permissions", permissions, "role",
                     "code", role_code(m->role), "label", role_label(m->role));
}

void api_meta_get(http_req *req)
{
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_meta m;
    if (api_answer_failure(req, svc_meta_get(&ctx, &m)))
        return;
    http_reply_json(req, 200, meta_json(&m));
}
