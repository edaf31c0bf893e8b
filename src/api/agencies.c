/* /api/v1/agencies: the 要対協's member agencies (service/agencies.h). */
#include "api/common.h"
#include "api/input.h"
#include "api/page.h"
#include "api/resources.h"
#include "api/result.h"
#include "domain/case_codes.h"
#include "service/agencies.h"

static json_t *agency_json(const store_agency *a)
{
    return json_pack("{s:s, s:I, s:s, s:s, s:o, s:o, s:o}", "id", a->id, "version",
                     (json_int_t)a->version, "name", a->name, "kind", a->kind, "kind_label",
                     api_json_string_or_null(vocab_label(&agency_kinds, a->kind)), "created_at",
                     api_json_instant(a->created_at), "updated_at",
                     api_json_instant(a->updated_at));
}

static void answer_agency(http_req *req, svc_result r, int status, const store_agency *a)
{
    if (api_answer_failure(req, r))
        return;
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)a->version));
    if (status == 201)
        http_add_header(req, "Location", pool_printf(req->pool, "/api/v1/agencies/%s", a->id));
    http_reply_json(req, status, agency_json(a));
}

static const char *const agency_fields[] = {"name", "kind", NULL};

void api_agencies_create(http_req *req)
{
    json_t *body;
    svc_agency_in in = {0};
    if (api_body(req, agency_fields, &body) != 0 ||
        api_string(req, body, "name", API_NAME_MAX, true, &in.name) != 0 ||
        api_string(req, body, "kind", 32, true, &in.kind) != 0)
        return;
    svc_ctx ctx;
    store_agency a;
    api_ctx(req, &ctx);
    answer_agency(req, svc_agency_create(&ctx, &in, &a), 201, &a);
}

void api_agencies_get(http_req *req)
{
    svc_ctx ctx;
    store_agency a;
    api_ctx(req, &ctx);
    answer_agency(req, svc_agency_get(&ctx, req->params[0], &a), 200, &a);
}

void api_agencies_update(http_req *req)
{
    json_t *body;
    int64_t version;
    svc_agency_in in = {0};
    if (api_if_match(req, &version) != 0 || api_body(req, agency_fields, &body) != 0 ||
        api_string(req, body, "name", API_NAME_MAX, false, &in.name) != 0 ||
        api_string(req, body, "kind", 32, false, &in.kind) != 0)
        return;
    svc_ctx ctx;
    store_agency a;
    api_ctx(req, &ctx);
    answer_agency(req, svc_agency_update(&ctx, req->params[0], version, &in, &a), 200, &a);
}

void api_agencies_list(http_req *req)
{
    int limit;
    char *after[2];
    if (api_limit(req, &limit) != 0 || api_page_cursor(req, after, 2) != 0)
        return;
    if (after[0] && !after[1])
        return (void)api_invalid(req, "cursor", "cursor が正しくありません。");
    svc_ctx ctx;
    svc_agency_page page;
    api_ctx(req, &ctx);
    if (api_answer_failure(req, svc_agency_list(&ctx, after[0], after[1], limit, &page)))
        return;
    api_page pg;
    api_page_start(&pg, req, limit, 2);
    for (int i = 0; i < page.count; i++)
        api_page_add(&pg, agency_json(&page.items[i]), page.items[i].name, page.items[i].id);
    pg.more = page.more;
    api_page_answer(&pg, STORE_OK);
}
