/* /api/v1/households: households with dated membership. JSON in, a use case of
 * service/households.c, JSON out. */
#include "api/common.h"
#include "api/input.h"
#include "api/resources.h"
#include "api/result.h"
#include "service/households.h"

#include <string.h>

static const char *const household_fields[] = {"name", "address", "members", NULL};
static const char *const member_fields[] = {"person_id", "relation", "from", "to", NULL};

/* Reads members[i]'s JSON; errors name the field as members[i].name. */
static int read_member_fields(http_req *req, json_t *v, store_member *m)
{
    const char *key;
    json_t *val;
    json_object_foreach(v, key, val)
    {
        bool known = false;
        for (int k = 0; member_fields[k]; k++)
            known |= strcmp(key, member_fields[k]) == 0;
        if (!known)
            return api_invalid(req, pool_strdup(req->pool, key), "この項目は受け付けられません。");
    }
    const char *id, *relation, *from, *to;
    if (api_string(req, v, "person_id", 64, true, &id) != 0 ||
        api_string(req, v, "relation", 64, true, &relation) != 0 ||
        api_date(req, v, "from", false, &from) != 0 || api_date(req, v, "to", false, &to) != 0)
        return -1;
    *m = (store_member){.person_id = (char *)id,
                        .relation = (char *)relation,
                        .from_date = (char *)from,
                        .to_date = (char *)to};
    return 0;
}

static int read_member(http_req *req, json_t *v, int i, store_member *m)
{
    const char *prefix = pool_printf(req->pool, "members[%d]", i);
    if (!json_is_object(v))
        return api_invalid(req, prefix, "世帯員の形式が正しくありません。");
    api_field_prefix(prefix);
    int rc = read_member_fields(req, v, m);
    api_field_prefix(NULL);
    return rc;
}

static int read_members(http_req *req, json_t *body, svc_household_input *in)
{
    json_t *arr = json_object_get(body, "members");
    if (!arr || json_is_null(arr))
        return 0;
    if (!json_is_array(arr))
        return api_invalid(req, "members", "世帯員は配列で指定してください。");
    size_t n = json_array_size(arr);
    if (n > SVC_HOUSEHOLD_MEMBERS_MAX) /* before reading them: a bound on the work */
        return api_invalid(req, "members", "世帯員は30人までです。");
    store_member *members = pool_zalloc(req->pool, sizeof *members * (n ? n : 1));
    for (size_t i = 0; i < n; i++)
        if (read_member(req, json_array_get(arr, i), (int)i, &members[i]) != 0)
            return -1;
    in->members = members;
    in->member_count = (int)n;
    return 0;
}

static int read_household_input(http_req *req, json_t *body, svc_household_input *in)
{
    *in = (svc_household_input){0};
    if (api_has(body, "name")) {
        in->present |= SVC_HOUSEHOLD_NAME;
        if (api_string(req, body, "name", API_NAME_MAX, false, &in->name) != 0)
            return -1;
    }
    if (api_has(body, "address")) {
        in->present |= SVC_HOUSEHOLD_ADDRESS;
        if (api_string(req, body, "address", API_ADDRESS_MAX, false, &in->address) != 0)
            return -1;
    }
    if (!api_has(body, "members"))
        return 0;
    in->present |= SVC_HOUSEHOLD_MEMBERS;
    return read_members(req, body, in);
}

static json_t *member_json(const store_member *m, date_ymd today)
{
    return json_pack("{s:s, s:s, s:o, s:o, s:o, s:b}", "person_id", m->person_id, "relation",
                     m->relation, "from", api_json_string_or_null(m->from_date), "to",
                     api_json_string_or_null(m->to_date), "person",
                     m->person.family_name ? api_person_brief_json(&m->person, today) : json_null(),
                     "address_protected", m->person.address_protected);
}

/* A current member marked 住所秘匿 protects the household's address. */
static bool household_protected(const store_household *h)
{
    for (int i = 0; i < h->member_count; i++)
        if (!h->members[i].to_date && h->members[i].person.address_protected)
            return true;
    return false;
}

static json_t *household_json(const store_household *h, date_ymd today)
{
    json_t *members = json_array();
    for (int i = 0; members && i < h->member_count; i++)
        members = api_json_append(members, member_json(&h->members[i], today));
    json_t *o =
        json_pack("{s:s, s:I, s:o, s:o, s:o, s:o, s:o}", "id", h->id, "version",
                  (json_int_t)h->version, "name", api_json_string_or_null(h->name), "address",
                  api_json_string_or_null(h->address), "members", members, "created_at",
                  api_json_instant(h->created_at), "updated_at", api_json_instant(h->updated_at));
    o = api_json_set(o, "address_protected", json_boolean(household_protected(h)));
    return api_json_set(o, "address_withheld", json_boolean(h->address_withheld));
}

static void answer_household(http_req *req, int status, const store_household *h)
{
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)h->version));
    if (status == 201)
        http_add_header(req, "Location", pool_printf(req->pool, "/api/v1/households/%s", h->id));
    http_reply_json(req, status, household_json(h, api_today(req)));
}

void api_households_create(http_req *req)
{
    json_t *body;
    svc_household_input in;
    if (api_body(req, household_fields, &body) != 0 || read_household_input(req, body, &in) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    store_household h;
    if (api_answer_failure(req, svc_households_create(&ctx, &in, &h)))
        return;
    answer_household(req, 201, &h);
}

void api_households_get(http_req *req)
{
    svc_ctx ctx;
    api_ctx(req, &ctx);
    store_household h;
    if (api_answer_failure(req, svc_households_get(&ctx, req->params[0], &h)))
        return;
    api_hold_reads(req, &ctx);
    answer_household(req, 200, &h);
}

void api_households_update(http_req *req)
{
    json_t *body;
    int64_t version;
    svc_household_input in;
    if (api_if_match(req, &version) != 0 || api_body(req, household_fields, &body) != 0 ||
        read_household_input(req, body, &in) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    store_household h;
    if (api_answer_failure(req, svc_households_update(&ctx, req->params[0], version, &in, &h)))
        return;
    api_hold_reads(req, &ctx); /* when nothing changed, the answer is a read */
    answer_household(req, 200, &h);
}
