/* /api/v1/persons: search, create, read, update, timeline. */
#include "api/common.h"
#include "api/input.h"
#include "api/resources.h"
#include "domain/date.h"
#include "domain/kana.h"
#include "domain/person_keys.h"
#include "domain/validate.h"
#include "store/events.h"
#include "store/households.h"
#include "store/persons.h"
#include "util/random.h"

#include <stdlib.h>
#include <string.h>

static const char *const person_fields[] = {
    "family_name", "given_name", "family_name_kana", "given_name_kana",
    "birth_date",  "sex",        "address",          "phone",
    "resident_id", NULL};
static const char *const sexes[] = {"female", "male", "unknown", NULL};

static void free_keys(void *k)
{
    person_keys_free(k);
}

/* The search keys of p, owned by the request's pool. */
static int person_keys_for(http_req *req, const store_person *p, store_person_keys *out)
{
    person_names names = {.family_name = p->family_name,
                          .given_name = p->given_name,
                          .family_name_kana = p->family_name_kana,
                          .given_name_kana = p->given_name_kana,
                          .birth_date = p->birth_date};
    person_keys *k = pool_alloc(req->pool, sizeof *k);
    if (person_keys_make(&names, k) != 0) {
        http_reply_internal(req);
        return -1;
    }
    pool_on_destroy(req->pool, free_keys, k);
    out->count = PERSON_KEY_COUNT;
    for (int i = 0; i < PERSON_KEY_COUNT; i++)
        out->keys[i] = k->keys[i];
    out->duplicate_key = k->duplicate_key;
    return 0;
}

/* A kana field: normalised to katakana for storage; anything else is refused. */
static int read_kana(http_req *req, json_t *body, const char *name, bool required, char **out)
{
    const char *raw;
    *out = NULL;
    if (api_string(req, body, name, API_NAME_MAX, required, &raw) != 0)
        return -1;
    if (!raw)
        return 0;
    char *norm = kana_normalize(raw, strlen(raw));
    if (!norm || !kana_is_katakana(norm) || !*norm) {
        free(norm);
        return api_invalid(req, name, "フリガナはカタカナまたはひらがなで入力してください。");
    }
    /* NFKC may expand (㌀ → アパート): the limit holds for what is stored. */
    if (validate_utf8_chars(norm, strlen(norm)) > API_NAME_MAX) {
        free(norm);
        return api_invalid(req, name, "100文字以内で入力してください。");
    }
    *out = pool_adopt(req->pool, norm);
    return 0;
}

static int read_birth_date(http_req *req, json_t *body, char **out)
{
    const char *s;
    if (api_date(req, body, "birth_date", false, &s) != 0)
        return -1;
    *out = (char *)s;
    date_ymd d;
    if (s && date_parse(s, strlen(s), &d) && date_compare(d, date_today_jst()) > 0)
        return api_invalid(req, "birth_date", "生年月日に未来の日付は入力できません。");
    return 0;
}

static int read_resident_id(http_req *req, json_t *body, char **out)
{
    const char *s;
    if (api_string(req, body, "resident_id", 20, false, &s) != 0)
        return -1;
    for (const char *c = s; c && *c; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
              *c == '-'))
            return api_invalid(req, "resident_id", "住民番号は半角英数字で入力してください。");
    *out = (char *)s;
    return 0;
}

/* Applies the fields present in body onto p (create: p starts empty; update: p is current). */
static int apply_fields(http_req *req, json_t *body, store_person *p, bool creating)
{
    const char *s;
    char *k;
#define TAKE_STRING(field, max, required)                                                          \
    if (creating || api_has(body, #field)) {                                                       \
        if (api_string(req, body, #field, max, required, &s) != 0)                                 \
            return -1;                                                                             \
        p->field = (char *)s;                                                                      \
    }
#define TAKE(field, reader)                                                                        \
    if (creating || api_has(body, #field)) {                                                       \
        if (reader != 0)                                                                           \
            return -1;                                                                             \
    }
    TAKE_STRING(family_name, API_NAME_MAX, true)
    TAKE_STRING(given_name, API_NAME_MAX, false)
    TAKE(family_name_kana, read_kana(req, body, "family_name_kana", true, &k))
    if (creating || api_has(body, "family_name_kana"))
        p->family_name_kana = k;
    TAKE(given_name_kana, read_kana(req, body, "given_name_kana", false, &k))
    if (creating || api_has(body, "given_name_kana"))
        p->given_name_kana = k;
    TAKE(birth_date, read_birth_date(req, body, &p->birth_date))
    if (creating || api_has(body, "sex")) {
        if (api_enum(req, body, "sex", sexes, false, &s) != 0)
            return -1;
        p->sex = (char *)(s ? s : "unknown");
    }
    TAKE_STRING(address, API_ADDRESS_MAX, false)
    if (creating || api_has(body, "phone")) {
        if (api_string(req, body, "phone", 20, false, &s) != 0)
            return -1;
        if (s && !validate_phone(s))
            return api_invalid(req, "phone", "電話番号は数字とハイフンで入力してください。");
        p->phone = (char *)s;
    }
    TAKE(resident_id, read_resident_id(req, body, &p->resident_id))
#undef TAKE
#undef TAKE_STRING
    return 0;
}

typedef struct json_list_ctx {
    http_req *req;
    json_t *items;
    bool failed; /* an item could not be built: the answer fails rather than leave it out */
} json_list_ctx;

/* A possible duplicate is shown to the user: audited like a search hit. */
static int add_duplicate(void *arg, const store_person *p, const char *key)
{
    (void)key;
    json_list_ctx *ctx = arg;
    if (!api_list_add(ctx->items, api_person_brief_json(p))) {
        ctx->failed = true;
        return 1;
    }
    audit_entry e = {.at = ctx->req->now,
                     .user_id = ctx->req->user->id,
                     .action = "search",
                     .object_type = "person",
                     .object_id = p->id,
                     .person_id = p->id};
    return api_audit_reads(ctx->req, &e, 1);
}

static int add_person_event(http_req *req, const char *kind, const char *summary,
                            const char *person_id)
{
    store_event e = {.at = req->now,
                     .kind = kind,
                     .section = "common",
                     .summary = summary,
                     .ref_type = "person",
                     .ref_id = person_id,
                     .person_id = person_id};
    return store_event_add(req->db, &e);
}

static void answer_store_error(http_req *req, int rc)
{
    store_rollback(req->db);
    if (rc == STORE_CONSTRAINT)
        http_reply_error(req, 400, "invalid_field", "この住民番号は既に登録されています。",
                         "resident_id");
    else if (rc == STORE_CONFLICT)
        api_version_conflict(req);
    else
        http_reply_internal(req);
}

void api_persons_create(http_req *req)
{
    json_t *body;
    store_person p = {0};
    if (api_body(req, person_fields, &body) != 0 || apply_fields(req, body, &p, true) != 0)
        return;
    char id[RANDOM_ID_LEN + 1];
    random_id(id);
    p.id = id;
    p.version = 1;
    p.created_at = p.updated_at = req->now;
    store_person_keys keys;
    if (person_keys_for(req, &p, &keys) != 0)
        return;
    json_t *dups = api_adopt_json(req, json_array());
    json_list_ctx dctx = {.req = req, .items = dups};
    if (api_begin(req) != 0)
        return;
    int rc = store_person_insert(req->db, &p, &keys);
    if (rc == STORE_OK)
        rc = add_person_event(req, "person_created", "利用者情報を登録しました", id);
    if (rc == STORE_OK)
        rc = api_audit_change(req, "create", "person", id, id);
    if (rc == STORE_OK && keys.duplicate_key)
        rc = store_person_duplicates(req->db, req->pool, keys.duplicate_key, id, add_duplicate,
                                     &dctx);
    if (rc == STORE_OK && dctx.failed)
        rc = STORE_ERROR;
    if (rc != STORE_OK) {
        answer_store_error(req, rc);
        return;
    }
    if (api_commit(req) != 0)
        return;
    json_t *out = api_person_json(&p);
    json_object_set(out, "possible_duplicates", dups);
    json_object_set_new(out, "households", json_array());
    http_add_header(req, "Location", pool_printf(req->pool, "/api/v1/persons/%s", id));
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)p.version));
    http_reply_json(req, 201, out);
}

static int add_membership(void *arg, const store_membership *m)
{
    json_list_ctx *ctx = arg;
    ctx->failed = !api_list_add(
        ctx->items, json_pack("{s:s, s:o, s:s, s:o, s:o}", "household_id", m->household_id, "name",
                              api_json_string_or_null(m->household_name), "relation", m->relation,
                              "from", api_json_string_or_null(m->from_date), "to",
                              api_json_string_or_null(m->to_date)));
    return ctx->failed;
}

void api_persons_get(http_req *req)
{
    const char *id = req->params[0];
    store_person p;
    int rc = store_person_get(req->db, req->pool, id, &p);
    if (rc == STORE_NOT_FOUND) {
        api_not_found(req);
        return;
    }
    json_t *households = json_array();
    json_list_ctx hctx = {.req = req, .items = households};
    if (rc == STORE_OK)
        rc = store_person_memberships(req->db, id, add_membership, &hctx);
    if (rc == STORE_OK && hctx.failed)
        rc = STORE_ERROR;
    if (rc != STORE_OK) {
        json_decref(households);
        http_reply_internal(req);
        return;
    }
    if (api_audit_read(req, "person", id, id) != 0) {
        json_decref(households);
        return;
    }
    json_t *out = api_person_json(&p);
    json_object_set_new(out, "households", households);
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)p.version));
    http_reply_json(req, 200, out);
}

static bool same_person_fields(const store_person *a, const store_person *b)
{
    return api_same_text(a->family_name, b->family_name) &&
           api_same_text(a->given_name, b->given_name) &&
           api_same_text(a->family_name_kana, b->family_name_kana) &&
           api_same_text(a->given_name_kana, b->given_name_kana) &&
           api_same_text(a->birth_date, b->birth_date) && api_same_text(a->sex, b->sex) &&
           api_same_text(a->address, b->address) && api_same_text(a->phone, b->phone) &&
           api_same_text(a->resident_id, b->resident_id);
}

void api_persons_update(http_req *req)
{
    json_t *body;
    int64_t version;
    if (api_if_match(req, &version) != 0 || api_body(req, person_fields, &body) != 0)
        return;
    const char *id = req->params[0];
    if (api_begin(req) != 0)
        return;
    store_person p;
    int rc = store_person_get(req->db, req->pool, id, &p);
    if (rc == STORE_NOT_FOUND) {
        store_rollback(req->db);
        api_not_found(req);
        return;
    }
    if (rc == STORE_OK && p.version != version)
        rc = STORE_CONFLICT;
    if (rc != STORE_OK) {
        answer_store_error(req, rc);
        return;
    }
    store_person before = p;
    if (apply_fields(req, body, &p, false) != 0) {
        store_rollback(req->db);
        return;
    }
    if (same_person_fields(&before, &p)) {
        /* Nothing changed: no new version and no event; the answer shows the record, so it is
         * audited as a read. */
        store_rollback(req->db);
        api_audit_read(req, "person", id, id);
        http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)p.version));
        http_reply_json(req, 200, api_person_json(&p));
        return;
    }
    p.updated_at = req->now;
    store_person_keys keys;
    if (person_keys_for(req, &p, &keys) != 0) {
        store_rollback(req->db);
        return;
    }
    rc = store_person_update(req->db, &p, version, &keys);
    if (rc == STORE_OK)
        rc = add_person_event(req, "person_updated", "利用者情報を更新しました", id);
    if (rc == STORE_OK)
        rc = api_audit_change(req, "update", "person", id, id);
    if (rc != STORE_OK) {
        answer_store_error(req, rc);
        return;
    }
    if (api_commit(req) != 0)
        return;
    p.version = version + 1;
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)p.version));
    http_reply_json(req, 200, api_person_json(&p));
}

typedef struct search_ctx {
    json_t *items;
    const char *prefix;
    int limit, count;               /* persons listed */
    const char *ids[API_LIMIT_MAX]; /* their ids, for the audit */
    int rows;                       /* key rows read */
    const char *last_key, *last_id; /* the last row consumed: where the next page starts */
    bool more;
    bool failed; /* a hit could not be built: the answer fails rather than leave it out */
    pool *pool;
} search_ctx;

/* A person matched by two keys (タナカタロウ and タロウ for タ) is listed once, at its first. */
static bool first_match(const store_person *p, const char *prefix, const char *key)
{
    person_names names = {.family_name = p->family_name,
                          .given_name = p->given_name,
                          .family_name_kana = p->family_name_kana,
                          .given_name_kana = p->given_name_kana};
    return person_names_first_match(&names, prefix, key);
}

static int add_search_hit(void *arg, const store_person *p, const char *key)
{
    search_ctx *ctx = arg;
    bool listed = first_match(p, ctx->prefix, key);
    if (listed && ctx->count == ctx->limit) {
        ctx->more = true;
        return 1;
    }
    ctx->rows++;
    ctx->last_key = pool_strdup(ctx->pool, key);
    ctx->last_id = p->id;
    if (listed) {
        ctx->count++;
        json_t *item =
            api_json_set(api_person_brief_json(p), "sex", api_json_string_or_null(p->sex));
        if (!api_list_add(ctx->items, item)) {
            ctx->failed = true;
            return 1;
        }
        ctx->ids[ctx->count - 1] = p->id;
    }
    return 0;
}

/* Every person a search lists is audited (one batch), so the audit log shows who saw whom. */
static int audit_search(http_req *req, const char *const ids[], int n)
{
    audit_entry *e = pool_zalloc(req->pool, sizeof *e * (size_t)(n ? n : 1));
    for (int i = 0; i < (n ? n : 1); i++)
        e[i] = (audit_entry){.at = req->now,
                             .user_id = req->user->id,
                             .action = "search",
                             .object_type = "person",
                             .object_id = n ? ids[i] : "-",
                             .person_id = n ? ids[i] : NULL};
    return api_audit_reads(req, e, n ? n : 1);
}

void api_persons_search(http_req *req)
{
    const char *q = http_query(req, "q");
    int limit;
    if (api_limit(req, &limit) != 0)
        return;
    if (!q || !*q) {
        api_missing(req, "q");
        return;
    }
    if (validate_utf8_chars(q, strlen(q)) > API_NAME_MAX * 2 + 1) {
        api_invalid(req, "q", "検索語が長すぎます。");
        return;
    }
    char *key = kana_search_key(q, strlen(q));
    if (!key) {
        api_invalid(req, "q", "使用できない文字が含まれています。");
        return;
    }
    pool_adopt(req->pool, key);
    if (!*key) {
        api_missing(req, "q");
        return;
    }
    char *after[2] = {NULL, NULL};
    const char *cursor = http_query(req, "cursor");
    if (cursor && api_cursor_decode(req->pool, cursor, after, 2) != 2) {
        api_invalid(req, "cursor", "cursor が正しくありません。");
        return;
    }
    search_ctx ctx = {.items = json_array(), .prefix = key, .limit = limit, .pool = req->pool};
    /* Each person has up to four keys, so a page may read more rows than it lists. */
    int rows_max = limit * 2 + 2;
    int rc = store_person_search(req->db, req->pool, key, after[0], after[1], rows_max,
                                 add_search_hit, &ctx);
    if (ctx.rows == rows_max)
        ctx.more = true;
    if (rc == STORE_OK && ctx.failed)
        rc = STORE_ERROR;
    if (rc != STORE_OK) {
        json_decref(ctx.items);
        http_reply_internal(req);
        return;
    }
    if (audit_search(req, ctx.ids, ctx.count) != 0) {
        json_decref(ctx.items);
        return;
    }
    json_t *next = json_null();
    if (ctx.more) {
        const char *parts[2] = {ctx.last_key, ctx.last_id};
        next = json_string(api_cursor_encode(req->pool, parts, 2));
    }
    http_reply_json(req, 200, json_pack("{s:o, s:o}", "items", ctx.items, "next_cursor", next));
}

typedef struct timeline_ctx {
    http_req *req;
    const char *person_id; /* whose timeline */
    json_t *items;
    int limit, count;
    int64_t last_at, last_seq;
    bool more;
    bool failed; /* an event could not be built: the answer fails rather than leave it out */
    const char **others; /* [count]: the other persons whose events are shown (the mother …) */
    int other_count;
} timeline_ctx;

/* A household member's event (the mother's screening and its flags on her child's timeline) is
 * shown about that member: remember them, once each, for the audit. */
static void note_other_person(timeline_ctx *ctx, const char *person_id)
{
    if (!person_id || strcmp(person_id, ctx->person_id) == 0)
        return;
    for (int i = 0; i < ctx->other_count; i++)
        if (strcmp(ctx->others[i], person_id) == 0)
            return;
    ctx->others[ctx->other_count++] = pool_strdup(ctx->req->pool, person_id);
}

static int add_event(void *arg, const store_event *e)
{
    timeline_ctx *ctx = arg;
    if (ctx->count == ctx->limit) {
        ctx->more = true;
        return 1;
    }
    ctx->count++;
    note_other_person(ctx, e->person_id);
    ctx->last_at = e->at;
    ctx->last_seq = e->seq;
    ctx->failed = !api_list_add(ctx->items, json_pack("{s:o, s:s, s:s, s:s, s:{s:s, s:s}}", "at",
                                                      api_json_instant(e->at), "kind", e->kind,
                                                      "section", e->section, "summary", e->summary,
                                                      "ref", "type", e->ref_type, "id", e->ref_id));
    return ctx->failed;
}

void api_persons_timeline(http_req *req)
{
    const char *id = req->params[0];
    int limit;
    if (api_limit(req, &limit) != 0)
        return;
    int64_t before_at = 0, before_seq = 0;
    const char *cursor = http_query(req, "cursor");
    if (cursor) {
        char *parts[2];
        if (api_cursor_decode(req->pool, cursor, parts, 2) != 2) {
            api_invalid(req, "cursor", "cursor が正しくありません。");
            return;
        }
        char *end_at, *end_seq;
        before_at = strtoll(parts[0], &end_at, 10);
        before_seq = strtoll(parts[1], &end_seq, 10);
        if (*end_at || *end_seq || before_seq <= 0) {
            api_invalid(req, "cursor", "cursor が正しくありません。");
            return;
        }
    }
    store_person p;
    int rc = store_person_get(req->db, req->pool, id, &p);
    if (rc == STORE_NOT_FOUND) {
        api_not_found(req);
        return;
    }
    timeline_ctx ctx = {.req = req,
                        .person_id = id,
                        .items = json_array(),
                        .limit = limit,
                        .others = pool_alloc(req->pool, sizeof(char *) * (size_t)limit)};
    if (rc == STORE_OK)
        rc = store_timeline(req->db, id, before_at, before_seq, limit + 1,
                            role_may(req->user->role, PERM_HEALTH_READ),
                            role_may(req->user->role, PERM_REPORT_READ), add_event, &ctx);
    if (rc == STORE_OK && ctx.failed)
        rc = STORE_ERROR;
    if (rc != STORE_OK) {
        json_decref(ctx.items);
        http_reply_internal(req);
        return;
    }
    /* Audited against the person, and against every other person whose events it shows. */
    api_audit_read(req, "timeline", id, id);
    for (int i = 0; i < ctx.other_count; i++)
        api_audit_read(req, "timeline", id, ctx.others[i]);
    json_t *next = json_null();
    if (ctx.more) {
        const char *parts[2] = {pool_printf(req->pool, "%lld", (long long)ctx.last_at),
                                pool_printf(req->pool, "%lld", (long long)ctx.last_seq)};
        next = json_string(api_cursor_encode(req->pool, parts, 2));
    }
    http_reply_json(req, 200, json_pack("{s:o, s:o}", "items", ctx.items, "next_cursor", next));
}
