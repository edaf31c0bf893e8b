/* /api/v1/households: households with dated membership. */
#include "api/common.h"
#include "api/input.h"
#include "api/resources.h"
#include "domain/date.h"
#include "store/events.h"
#include "store/households.h"
#include "util/random.h"

#include <string.h>

enum { HOUSEHOLD_MEMBERS_MAX = 30 };

static const char *const household_fields[] = {"name", "address", "members", NULL};
static const char *const member_fields[] = {"person_id", "relation", "from", "to", NULL};
static const char *const relations[] = {"mother",      "father",  "child", "partner",
                                        "grandparent", "sibling", "other", NULL};

static const char *relation_label(const char *r)
{
    static const char *const labels[] = {"母",     "父",         "子",    "パートナー",
                                         "祖父母", "きょうだい", "その他"};
    for (int i = 0; relations[i]; i++)
        if (strcmp(relations[i], r) == 0)
            return labels[i];
    return r;
}

/* Reads members[i]; errors name the field as members[i].name. */
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
        api_enum(req, v, "relation", relations, true, &relation) != 0 ||
        api_date(req, v, "from", false, &from) != 0 || api_date(req, v, "to", false, &to) != 0)
        return -1;
    if (from && to && strcmp(from, to) > 0)
        return api_invalid(req, "to", "終了日は開始日以降の日付にしてください。");
    m->person_id = (char *)id;
    m->relation = (char *)relation;
    m->from_date = (char *)from;
    m->to_date = (char *)to;
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

/* The same person twice in one household is allowed only for periods apart (left, came back).
 * Dates compare as text (YYYY-MM-DD); a missing from or to is open-ended. */
static bool periods_overlap(const store_member *a, const store_member *b)
{
    if (strcmp(a->person_id, b->person_id) != 0)
        return false;
    bool a_before_b = a->to_date && b->from_date && strcmp(a->to_date, b->from_date) < 0;
    bool b_before_a = b->to_date && a->from_date && strcmp(b->to_date, a->from_date) < 0;
    return !a_before_b && !b_before_a;
}

static int read_members(http_req *req, json_t *body, store_household *h)
{
    json_t *arr = json_object_get(body, "members");
    h->members = NULL;
    h->member_count = 0;
    if (!arr || json_is_null(arr))
        return 0;
    if (!json_is_array(arr))
        return api_invalid(req, "members", "世帯員は配列で指定してください。");
    size_t n = json_array_size(arr);
    if (n > HOUSEHOLD_MEMBERS_MAX)
        return api_invalid(req, "members", "世帯員は30人までです。");
    h->members = pool_zalloc(req->pool, sizeof *h->members * (n ? n : 1));
    for (size_t i = 0; i < n; i++)
        if (read_member(req, json_array_get(arr, i), (int)i, &h->members[i]) != 0)
            return -1;
    h->member_count = (int)n;
    for (int i = 1; i < h->member_count; i++)
        for (int j = 0; j < i; j++)
            if (periods_overlap(&h->members[i], &h->members[j]))
                return api_invalid(req, pool_printf(req->pool, "members[%d].person_id", i),
                                   "同じ人が同じ期間に二度含まれています。");
    return 0;
}

static int read_fields(http_req *req, json_t *body, store_household *h, bool creating)
{
    const char *s;
    if (creating || api_has(body, "name")) {
        if (api_string(req, body, "name", API_NAME_MAX, false, &s) != 0)
            return -1;
        h->name = (char *)s;
    }
    if (creating || api_has(body, "address")) {
        if (api_string(req, body, "address", API_ADDRESS_MAX, false, &s) != 0)
            return -1;
        h->address = (char *)s;
    }
    if (creating || api_has(body, "members"))
        return read_members(req, body, h);
    return 0;
}

static bool same_household(const store_household *a, const store_household *b)
{
    if (!api_same_text(a->name, b->name) || !api_same_text(a->address, b->address) ||
        a->member_count != b->member_count)
        return false;
    for (int i = 0; i < a->member_count; i++) {
        const store_member *x = &a->members[i], *y = &b->members[i];
        if (!api_same_text(x->person_id, y->person_id) ||
            !api_same_text(x->relation, y->relation) ||
            !api_same_text(x->from_date, y->from_date) || !api_same_text(x->to_date, y->to_date))
            return false;
    }
    return true;
}

/* Every member must be an existing person (inside the transaction). */
static int check_members_exist(http_req *req, const store_household *h)
{
    for (int i = 0; i < h->member_count; i++) {
        store_person p;
        int rc = store_person_get(req->db, req->pool, h->members[i].person_id, &p);
        if (rc == STORE_NOT_FOUND) {
            store_rollback(req->db);
            return api_invalid(req, pool_printf(req->pool, "members[%d].person_id", i),
                               "指定された利用者が見つかりません。");
        }
        if (rc != STORE_OK) {
            api_fail(req);
            return -1;
        }
    }
    return 0;
}

static int64_t date_instant(const char *date, int64_t fallback)
{
    date_ymd d;
    if (!date || !date_parse(date, strlen(date), &d))
        return fallback;
    return date_jst_midnight(d);
}

static const store_member *find_member(const store_household *h, const char *person_id)
{
    for (int i = 0; h && i < h->member_count; i++)
        if (strcmp(h->members[i].person_id, person_id) == 0)
            return &h->members[i];
    return NULL;
}

static int add_event(http_req *req, int64_t at, const char *kind, const char *summary,
                     const char *household_id, const char *person_id)
{
    store_event e = {.at = at,
                     .kind = kind,
                     .section = "common",
                     .summary = summary,
                     .ref_type = "household",
                     .ref_id = household_id,
                     .person_id = person_id,
                     .household_id = person_id ? NULL : household_id};
    return store_event_add(req->db, &e);
}

/* Timeline events for members who joined or left, compared with the previous list (or none),
 * and one audit row for each member whose household data changed. */
static int record_membership(http_req *req, const store_household *before,
                             const store_household *after, const char *action)
{
    int rc = STORE_OK;
    for (int i = 0; i < after->member_count && rc == STORE_OK; i++) {
        const store_member *m = &after->members[i];
        const store_member *old = find_member(before, m->person_id);
        if (!old)
            rc = add_event(
                req, date_instant(m->from_date, req->now), "household_joined",
                pool_printf(req->pool, "世帯に加わりました（%s）", relation_label(m->relation)),
                after->id, m->person_id);
        if (rc == STORE_OK && m->to_date && (!old || !old->to_date))
            rc = add_event(req, date_instant(m->to_date, req->now), "household_left",
                           "世帯から離れました", after->id, m->person_id);
        if (rc == STORE_OK)
            rc = api_audit_change(req, action, "household", after->id, m->person_id);
    }
    for (int i = 0; before && i < before->member_count && rc == STORE_OK; i++)
        if (!find_member(after, before->members[i].person_id))
            rc =
                api_audit_change(req, action, "household", after->id, before->members[i].person_id);
    if (rc == STORE_OK && after->member_count == 0)
        rc = api_audit_change(req, action, "household", after->id, NULL);
    return rc;
}

static json_t *household_json(const store_household *h)
{
    json_t *members = json_array();
    for (int i = 0; i < h->member_count; i++) {
        const store_member *m = &h->members[i];
        members = api_json_append(
            members,
            json_pack("{s:s, s:s, s:o, s:o, s:o}", "person_id", m->person_id, "relation",
                      m->relation, "from", api_json_string_or_null(m->from_date), "to",
                      api_json_string_or_null(m->to_date), "person",
                      m->person.family_name ? api_person_brief_json(&m->person) : json_null()));
    }
    return json_pack("{s:s, s:I, s:o, s:o, s:o, s:o, s:o}", "id", h->id, "version",
                     (json_int_t)h->version, "name", api_json_string_or_null(h->name), "address",
                     api_json_string_or_null(h->address), "members", members, "created_at",
                     api_json_instant(h->created_at), "updated_at",
                     api_json_instant(h->updated_at));
}

/* Reloads the household after a write, so the answer carries the members' names. */
static void answer_household(http_req *req, const char *id, int status)
{
    store_household h;
    if (store_household_get(req->db, req->pool, id, &h) != STORE_OK) {
        http_reply_internal(req);
        return;
    }
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)h.version));
    if (status == 201)
        http_add_header(req, "Location", pool_printf(req->pool, "/api/v1/households/%s", id));
    http_reply_json(req, status, household_json(&h));
}

void api_households_create(http_req *req)
{
    json_t *body;
    store_household h = {0};
    if (api_body(req, household_fields, &body) != 0 || read_fields(req, body, &h, true) != 0)
        return;
    if (h.member_count == 0) {
        api_missing(req, "members");
        return;
    }
    char id[RANDOM_ID_LEN + 1];
    random_id(id);
    h.id = id;
    h.version = 1;
    h.created_at = h.updated_at = req->now;
    if (api_begin(req) != 0 || check_members_exist(req, &h) != 0)
        return;
    int rc = store_household_insert(req->db, &h);
    if (rc == STORE_OK)
        rc = add_event(req, req->now, "household_created", "世帯を登録しました", id, NULL);
    if (rc == STORE_OK)
        rc = record_membership(req, NULL, &h, "create");
    if (rc != STORE_OK) {
        api_fail(req);
        return;
    }
    if (api_commit(req) != 0)
        return;
    answer_household(req, id, 201);
}

/* One read row per member: the answer shows each of them. */
static void audit_household_read(http_req *req, const store_household *h)
{
    int n = h->member_count ? h->member_count : 1;
    audit_entry *entries = pool_zalloc(req->pool, sizeof *entries * (size_t)n);
    for (int i = 0; i < n; i++)
        entries[i] = (audit_entry){.at = req->now,
                                   .user_id = req->user->id,
                                   .action = "read",
                                   .object_type = "household",
                                   .object_id = h->id,
                                   .person_id = h->member_count ? h->members[i].person_id : NULL};
    api_audit_reads(req, entries, n);
}

void api_households_get(http_req *req)
{
    store_household h;
    int rc = store_household_get(req->db, req->pool, req->params[0], &h);
    if (rc == STORE_NOT_FOUND) {
        api_not_found(req);
        return;
    }
    if (rc != STORE_OK) {
        http_reply_internal(req);
        return;
    }
    audit_household_read(req, &h);
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)h.version));
    http_reply_json(req, 200, household_json(&h));
}

void api_households_update(http_req *req)
{
    json_t *body;
    int64_t version;
    if (api_if_match(req, &version) != 0 || api_body(req, household_fields, &body) != 0)
        return;
    if (api_begin(req) != 0)
        return;
    store_household before, after;
    int rc = store_household_get(req->db, req->pool, req->params[0], &before);
    if (rc == STORE_NOT_FOUND) {
        store_rollback(req->db);
        api_not_found(req);
        return;
    }
    if (rc != STORE_OK) {
        api_fail(req);
        return;
    }
    if (before.version != version) {
        store_rollback(req->db);
        api_version_conflict(req);
        return;
    }
    after = before;
    if (read_fields(req, body, &after, false) != 0) {
        store_rollback(req->db);
        return;
    }
    if (same_household(&before, &after)) {
        /* Nothing changed: no new version and no event; the answer shows the members, so it
         * is audited as a read. */
        store_rollback(req->db);
        audit_household_read(req, &before);
        answer_household(req, after.id, 200);
        return;
    }
    if (check_members_exist(req, &after) != 0)
        return;
    after.updated_at = req->now;
    rc = store_household_update(req->db, &after, version);
    if (rc == STORE_OK)
        rc = add_event(req, req->now, "household_updated", "世帯の情報を更新しました", after.id,
                       NULL);
    if (rc == STORE_OK)
        rc = record_membership(req, &before, &after, "update");
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
    answer_household(req, after.id, 200);
}
