#include "api/common.h"
#include "api/input.h"
#include "domain/date.h"
#include "store/audit.h"
#include "store/events.h"
#include "store/households.h"

#include <stdlib.h>
#include <string.h>

int api_audit_reads(http_req *req, const audit_entry *entries, int n)
{
    http_hold_for_audit(req, entries, n);
    return 0;
}

/* The keys of audit_shown as "person US type US id", sorted for bsearch. */
typedef struct shown_keys {
    char **keys;
    int count, cap;
    pool *pool;
} shown_keys;

static char *shown_key(pool *p, const char *person_id, const char *object_type,
                       const char *object_id)
{
    return pool_printf(p, "%s\x1f%s\x1f%s", person_id ? person_id : "", object_type,
                       object_id ? object_id : "");
}

static int add_shown(void *arg, const char *person_id, const char *object_type,
                     const char *object_id)
{
    shown_keys *s = arg;
    if (s->count == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        char **grown = pool_alloc(s->pool, sizeof *grown * (size_t)s->cap);
        if (s->count)
            memcpy(grown, s->keys, sizeof *grown * (size_t)s->count);
        s->keys = grown;
    }
    s->keys[s->count++] = shown_key(s->pool, person_id, object_type, object_id);
    return 0;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int api_audit_read_hourly(http_req *req, audit_entry *entries, int n)
{
    shown_keys shown = {.pool = req->pool};
    const char *user_id = req->user ? req->user->id : NULL;
    if (user_id && store_audit_shown_scan(req->db, user_id, audit_hour(req->now), add_shown,
                                          &shown) != STORE_OK)
        shown.count = 0; /* nothing is left out here; the writer still writes each key once */
    if (shown.count > 1)
        qsort(shown.keys, (size_t)shown.count, sizeof *shown.keys, by_text);
    int kept = 0;
    for (int i = 0; i < n; i++) {
        audit_entry e = entries[i];
        e.at = req->now;
        e.user_id = user_id;
        e.action = "read";
        e.once_per_hour = true;
        char *key = shown_key(req->pool, e.person_id, e.object_type, e.object_id);
        if (shown.count &&
            bsearch(&key, shown.keys, (size_t)shown.count, sizeof *shown.keys, by_text))
            continue;
        entries[kept++] = e;
    }
    return kept ? api_audit_reads(req, entries, kept) : 0;
}

int api_audit_read(http_req *req, const char *object_type, const char *object_id,
                   const char *person_id)
{
    audit_entry e = {
        .at = req->now,
        .user_id = req->user ? req->user->id : NULL,
        .action = "read",
        .object_type = object_type,
        .object_id = object_id,
        .person_id = person_id,
    };
    return api_audit_reads(req, &e, 1);
}

int api_audit_change(http_req *req, const char *action, const char *object_type,
                     const char *object_id, const char *person_id)
{
    audit_entry e = {
        .at = req->now,
        .user_id = req->user ? req->user->id : NULL,
        .action = action,
        .object_type = object_type,
        .object_id = object_id,
        .person_id = person_id,
    };
    return audit_append(req->db, &e);
}

int api_begin(http_req *req)
{
    int rc = store_begin(req->db);
    if (rc == STORE_OK)
        return 0;
    if (rc == STORE_BUSY)
        http_reply_error(req, 503, "busy", "混み合っています。少し待ってから再度お試しください。",
                         NULL);
    else
        http_reply_internal(req);
    return -1;
}

int api_commit(http_req *req)
{
    if (store_commit(req->db) == STORE_OK)
        return 0;
    api_fail(req);
    return -1;
}

void api_fail(http_req *req)
{
    store_rollback(req->db);
    http_reply_internal(req);
}

static void decref(void *v)
{
    json_decref(v);
}

json_t *api_adopt_json(http_req *req, json_t *v)
{
    pool_on_destroy(req->pool, decref, v);
    return v;
}

static int first_current(void *arg, const store_membership *m)
{
    char **out = arg;
    if (m->to_date)
        return 0;
    *out = util_xstrdup(m->household_id);
    return 1;
}

int api_add_event(http_req *req, const char *section, const char *kind, const char *summary,
                  const char *ref_type, const char *ref_id, const char *person_id)
{
    return api_add_event_at(req, req->now, section, kind, summary, ref_type, ref_id, person_id);
}

int api_add_event_at(http_req *req, int64_t at, const char *section, const char *kind,
                     const char *summary, const char *ref_type, const char *ref_id,
                     const char *person_id)
{
    char *household = NULL;
    int rc = store_person_memberships(req->db, person_id, first_current, &household);
    pool_adopt(req->pool, household);
    if (rc != STORE_OK)
        return rc;
    store_event e = {.at = at,
                     .kind = kind,
                     .section = section,
                     .summary = summary,
                     .ref_type = ref_type,
                     .ref_id = ref_id,
                     .person_id = person_id,
                     .household_id = household};
    return store_event_add(req->db, &e);
}

bool api_same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

json_t *api_json_instant(int64_t unix_seconds)
{
    char buf[32];
    date_format_instant_jst(unix_seconds, buf);
    return json_string(buf);
}

json_t *api_json_string_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *api_json_set(json_t *o, const char *key, json_t *value)
{
    if (json_object_set_new(o, key, value) == 0) /* releases value on failure */
        return o;
    json_decref(o);
    return NULL;
}

json_t *api_json_append(json_t *array, json_t *item)
{
    if (json_array_append_new(array, item) == 0) /* releases item on failure */
        return array;
    json_decref(array);
    return NULL;
}

bool api_list_add(json_t *items, json_t *item)
{
    return item && json_array_append_new(items, item) == 0;
}

static json_t *age_json(const char *birth_date)
{
    date_ymd b;
    if (!birth_date || !date_parse(birth_date, strlen(birth_date), &b))
        return json_null();
    int age = date_age_on(b, date_today_jst());
    return age >= 0 ? json_integer(age) : json_null();
}

json_t *api_person_brief_json(const store_person *p)
{
    return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "id", p->id, "family_name",
                     api_json_string_or_null(p->family_name), "given_name",
                     api_json_string_or_null(p->given_name), "family_name_kana",
                     api_json_string_or_null(p->family_name_kana), "given_name_kana",
                     api_json_string_or_null(p->given_name_kana), "birth_date",
                     api_json_string_or_null(p->birth_date), "age", age_json(p->birth_date));
}

json_t *api_person_json(const store_person *p)
{
    json_t *o = api_person_brief_json(p);
    o = api_json_set(o, "version", json_integer(p->version));
    o = api_json_set(o, "sex", api_json_string_or_null(p->sex));
    o = api_json_set(o, "address", api_json_string_or_null(p->address));
    o = api_json_set(o, "phone", api_json_string_or_null(p->phone));
    o = api_json_set(o, "resident_id", api_json_string_or_null(p->resident_id));
    o = api_json_set(o, "created_at", api_json_instant(p->created_at));
    return api_json_set(o, "updated_at", api_json_instant(p->updated_at));
}

json_t *api_followup_json(const store_followup *f)
{
    if (!f->on)
        return json_null();
    return json_pack("{s:s, s:o, s:o, s:o}", "on", f->on, "note", api_json_string_or_null(f->note),
                     "by", api_json_string_or_null(f->by), "at", api_json_instant(f->at));
}

int api_read_followup(http_req *req, svc_followup_input *in)
{
    static const char *const allowed[] = {"on", "note", NULL};
    json_t *body;
    if (api_body(req, allowed, &body) != 0 || api_date(req, body, "on", false, &in->on) != 0 ||
        api_text(req, body, "note", API_TEXT_MAX, false, &in->note) != 0)
        return -1;
    return 0;
}
