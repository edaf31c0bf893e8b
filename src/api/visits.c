/* /api/v1/visits: こんにちは赤ちゃん訪問, 産後ケア, 乳幼児健診 (attended or 未受診). */
#include "api/common.h"
#include "api/input.h"
#include "api/page.h"
#include "api/resources.h"
#include "domain/date.h"
#include "store/persons.h"
#include "store/visits.h"
#include "util/random.h"

#include <string.h>

static const char *const visit_fields[] = {"person_id", "kind",  "subtype", "on",
                                           "status",    "staff", "notes",   NULL};
static const char *const kinds[] = {"newborn_visit", "postpartum_care", "checkup", NULL};
static const char *const statuses[] = {"scheduled", "done", "missed", NULL};
static const char *const postpartum_subtypes[] = {"stay", "day", "home", NULL};
static const char *const checkup_subtypes[] = {"4m", "18m", "3y", NULL};

static const char *label_of(const char *const codes[], const char *const labels[], const char *c)
{
    for (int i = 0; c && codes[i]; i++)
        if (strcmp(codes[i], c) == 0)
            return labels[i];
    return "";
}

static const char *kind_label(const char *kind)
{
    static const char *const labels[] = {"こんにちは赤ちゃん訪問", "産後ケア", "乳幼児健診"};
    return label_of(kinds, labels, kind);
}

static const char *subtype_label(const char *kind, const char *subtype)
{
    static const char *const postpartum[] = {"宿泊型", "日帰り型", "訪問型"};
    static const char *const checkup[] = {"4か月児", "1歳6か月児", "3歳児"};
    if (kind && strcmp(kind, "postpartum_care") == 0)
        return label_of(postpartum_subtypes, postpartum, subtype);
    if (kind && strcmp(kind, "checkup") == 0)
        return label_of(checkup_subtypes, checkup, subtype);
    return "";
}

static const char *status_label(const char *kind, const char *status)
{
    if (strcmp(status, "scheduled") == 0)
        return "予定";
    if (strcmp(status, "missed") == 0)
        return "未受診";
    return kind && strcmp(kind, "checkup") == 0 ? "受診" : "実施";
}

/* Subtype and status must fit the kind: 未受診 is a check-up's; a check-up and 産後ケア name
 * their type; a newborn visit has none. */
static int check_consistency(http_req *req, const store_visit *v)
{
    bool postpartum = strcmp(v->kind, "postpartum_care") == 0;
    bool checkup = strcmp(v->kind, "checkup") == 0;
    const char *const *allowed = postpartum ? postpartum_subtypes
                                 : checkup  ? checkup_subtypes
                                            : NULL;
    if (!allowed && v->subtype)
        return api_invalid(req, "subtype", "こんにちは赤ちゃん訪問に種別はありません。");
    if (allowed) {
        bool known = false;
        for (int i = 0; v->subtype && allowed[i]; i++)
            known |= strcmp(allowed[i], v->subtype) == 0;
        if (!v->subtype)
            return api_missing(req, "subtype");
        if (!known)
            return api_invalid(req, "subtype", "種別が正しくありません。");
    }
    if (strcmp(v->status, "missed") == 0 && !checkup)
        return api_invalid(req, "status", "未受診は乳幼児健診にだけ記録できます。");
    date_ymd d;
    if (strcmp(v->status, "scheduled") != 0 && date_parse(v->on, strlen(v->on), &d) &&
        date_compare(d, date_today_jst()) > 0)
        return api_invalid(req, "on", "実施・未受診の記録に未来の日付は入力できません。");
    return 0;
}

static int apply_fields(http_req *req, json_t *body, store_visit *v, bool creating)
{
    const char *s;
#define TAKE(name, reader, field)                                                                  \
    if (creating || api_has(body, name)) {                                                         \
        if (reader != 0)                                                                           \
            return -1;                                                                             \
        v->field = (char *)s;                                                                      \
    }
    TAKE("person_id", api_string(req, body, "person_id", 64, true, &s), person_id)
    TAKE("kind", api_enum(req, body, "kind", kinds, true, &s), kind)
    TAKE("subtype", api_string(req, body, "subtype", 16, false, &s), subtype)
    TAKE("on", api_date(req, body, "on", true, &s), on)
    TAKE("status", api_enum(req, body, "status", statuses, true, &s), status)
    TAKE("staff", api_string(req, body, "staff", API_NAME_MAX, false, &s), staff)
    TAKE("notes", api_text(req, body, "notes", API_TEXT_MAX, false, &s), notes)
#undef TAKE
    return check_consistency(req, v);
}

static json_t *visit_json(const store_visit *v, const store_person *person)
{
    json_t *o = json_pack(
        "{s:s, s:I, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "id", v->id, "version",
        (json_int_t)v->version, "person_id", v->person_id, "kind", v->kind, "kind_label",
        kind_label(v->kind), "subtype", api_json_string_or_null(v->subtype), "subtype_label",
        subtype_label(v->kind, v->subtype), "on", v->on, "status", v->status, "status_label",
        status_label(v->kind, v->status), "staff", api_json_string_or_null(v->staff), "notes",
        api_json_string_or_null(v->notes), "followup", api_followup_json(&v->followup));
    o = api_json_set(o, "person", person ? api_person_brief_json(person) : json_null());
    o = api_json_set(o, "created_at", api_json_instant(v->created_at));
    return api_json_set(o, "updated_at", api_json_instant(v->updated_at));
}

static const char *summary_of(http_req *req, const store_visit *v)
{
    const char *sub = subtype_label(v->kind, v->subtype);
    return pool_printf(req->pool, "%s%s%s%s：%s", kind_label(v->kind), *sub ? "（" : "", sub,
                       *sub ? "）" : "", status_label(v->kind, v->status));
}

static void finish_write(http_req *req, store_visit *v, bool creating, int rc)
{
    store_person person;
    if (rc == STORE_OK)
        rc = store_person_get(req->db, req->pool, v->person_id, &person);
    if (rc == STORE_NOT_FOUND) {
        store_rollback(req->db);
        api_invalid(req, "person_id", "指定された利用者が見つかりません。");
        return;
    }
    bool missed = strcmp(v->status, "missed") == 0;
    if (rc == STORE_OK)
        rc = api_add_event(req, "health",
                           missed     ? "checkup_missed"
                           : creating ? "visit_recorded"
                                      : "visit_updated",
                           summary_of(req, v), "visit", v->id, v->person_id);
    if (rc == STORE_OK)
        rc = api_audit_change(req, creating ? "create" : "update", "visit", v->id, v->person_id);
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
    if (creating)
        http_add_header(req, "Location", pool_printf(req->pool, "/api/v1/visits/%s", v->id));
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)v->version));
    http_reply_json(req, creating ? 201 : 200, visit_json(v, &person));
}

void api_visits_create(http_req *req)
{
    json_t *body;
    store_visit v = {0};
    if (api_body(req, visit_fields, &body) != 0 || apply_fields(req, body, &v, true) != 0)
        return;
    char id[RANDOM_ID_LEN + 1];
    random_id(id);
    v.id = id;
    v.version = 1;
    v.created_at = v.updated_at = req->now;
    if (api_begin(req) != 0)
        return;
    store_person person;
    int rc = store_person_get(req->db, req->pool, v.person_id, &person);
    if (rc == STORE_OK)
        rc = store_visit_insert(req->db, &v);
    finish_write(req, &v, true, rc);
}

void api_visits_update(http_req *req)
{
    json_t *body;
    int64_t version;
    if (api_if_match(req, &version) != 0 || api_body(req, visit_fields, &body) != 0 ||
        api_begin(req) != 0)
        return;
    store_visit v;
    int rc = store_visit_get(req->db, req->pool, req->params[0], &v);
    if (rc != STORE_OK || v.version != version) {
        store_rollback(req->db);
        if (rc == STORE_NOT_FOUND)
            api_not_found(req);
        else if (rc == STORE_OK)
            api_version_conflict(req);
        else
            http_reply_internal(req);
        return;
    }
    if (apply_fields(req, body, &v, false) != 0) {
        store_rollback(req->db);
        return;
    }
    v.updated_at = req->now;
    store_person person;
    rc = store_person_get(req->db, req->pool, v.person_id, &person);
    if (rc == STORE_OK)
        rc = store_visit_update(req->db, &v, version);
    v.version = version + 1;
    finish_write(req, &v, false, rc);
}

void api_visits_get(http_req *req)
{
    store_visit v;
    store_person person;
    int rc = store_visit_get(req->db, req->pool, req->params[0], &v);
    if (rc == STORE_NOT_FOUND) {
        api_not_found(req);
        return;
    }
    if (rc == STORE_OK)
        rc = store_person_get(req->db, req->pool, v.person_id, &person);
    if (rc != STORE_OK) {
        http_reply_internal(req);
        return;
    }
    api_audit_read(req, "visit", v.id, v.person_id);
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)v.version));
    http_reply_json(req, 200, visit_json(&v, &person));
}

void api_visits_followup(http_req *req)
{
    store_followup f;
    if (api_read_followup(req, &f) != 0 || api_begin(req) != 0)
        return;
    store_visit v;
    store_person person;
    int rc = store_visit_get(req->db, req->pool, req->params[0], &v);
    if (rc == STORE_NOT_FOUND) {
        store_rollback(req->db);
        api_not_found(req);
        return;
    }
    if (rc == STORE_OK && strcmp(v.status, "missed") != 0) {
        store_rollback(req->db);
        http_reply_error(req, 409, "invalid_transition",
                         "フォローは未受診の健診にだけ記録できます。", NULL);
        return;
    }
    if (rc == STORE_OK && v.followup.on) {
        store_rollback(req->db);
        http_reply_error(req, 409, "invalid_transition", "この健診のフォローは記録済みです。",
                         NULL);
        return;
    }
    if (rc == STORE_OK)
        rc = store_visit_followup(req->db, v.id, &f, req->now);
    if (rc == STORE_OK)
        rc =
            api_add_event(req, "health", "checkup_followup",
                          "未受診の健診についてフォローを記録しました", "visit", v.id, v.person_id);
    if (rc == STORE_OK)
        rc = api_audit_change(req, "update", "visit", v.id, v.person_id);
    if (rc == STORE_OK)
        rc = store_visit_get(req->db, req->pool, v.id, &v);
    if (rc == STORE_OK)
        rc = store_person_get(req->db, req->pool, v.person_id, &person);
    if (rc != STORE_OK) {
        api_fail(req);
        return;
    }
    if (api_commit(req) != 0)
        return;
    http_reply_json(req, 200, visit_json(&v, &person));
}

static int add_item(void *arg, const store_visit *v)
{
    api_page *pg = arg;
    if (api_page_full(pg))
        return 1;
    store_person person;
    if (store_person_get(pg->req->db, pg->req->pool, v->person_id, &person) != STORE_OK) {
        pg->failed = true;
        return 1;
    }
    api_page_add(pg, visit_json(v, &person), v->on, v->id);
    api_audit_read(pg->req, "visit", v->id, v->person_id);
    return 0;
}

void api_visits_list(http_req *req)
{
    int limit;
    if (api_limit(req, &limit) != 0)
        return;
    const char *person_id = http_query(req, "person_id");
    const char *on = http_query(req, "on");
    date_ymd d;
    if (on && !date_parse(on, strlen(on), &d)) {
        api_invalid(req, "on", "日付は YYYY-MM-DD の形式で入力してください。");
        return;
    }
    if (!person_id && !on) {
        api_missing(req, "person_id");
        return;
    }
    char *after[2];
    if (api_page_cursor(req, after, 2) != 0)
        return;
    api_page pg;
    api_page_start(&pg, req, limit, 2);
    api_page_answer(&pg, store_visit_list(req->db, req->pool, person_id, on, after[0], after[1],
                                          limit + 1, add_item, &pg));
}
