/* /api/v1/pregnancies: 妊娠届・たまご面接. The risk is judged by the table in force (settings.c)
 * every time the record is written, and stored with it. */
#include "api/common.h"
#include "api/input.h"
#include "api/page.h"
#include "api/resources.h"
#include "api/settings.h"
#include "domain/date.h"
#include "domain/risk.h"
#include "domain/subject.h"
#include "store/pregnancies.h"
#include "store/persons.h"
#include "util/random.h"

#include <stdlib.h>
#include <string.h>

enum { CHILDREN_MAX = 8, WEEKS_MAX = 45 };

static const char *const pregnancy_fields[] = {"mother_id",
                                               "notified_on",
                                               "weeks_at_notification",
                                               "notified_after_birth",
                                               "due_date",
                                               "multiple",
                                               "answers",
                                               "notes",
                                               "child_ids",
                                               NULL};

/* What a write sends, read onto the record (creating: every field; else those present). */
typedef struct pregnancy_input {
    store_pregnancy g;
    risk_answer answers[RISK_CODE_COUNT]; /* RISK_UNASKED (zero) until asked */
} pregnancy_input;

/* answers, merged by code onto *answers (a new record starts with every question unasked): true
 * and false answer a question, null makes it unasked again, a code left out keeps its answer. */
static int read_answers(http_req *req, json_t *v, risk_answer answers[RISK_CODE_COUNT])
{
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_object(v))
        return api_invalid(
            req, "answers",
            "answers は項目コードと true/false/null（未確認）の組で指定してください。");
    const char *key;
    json_t *val;
    json_object_foreach(v, key, val)
    {
        int idx = risk_code_index(key);
        const char *field = pool_printf(req->pool, "answers.%s", key);
        if (idx < 0 || risk_code_is_derived(idx))
            return api_invalid(req, field, "この質問項目はありません。");
        if (json_is_null(val))
            answers[idx] = RISK_UNASKED;
        else if (json_is_boolean(val))
            answers[idx] = json_is_true(val) ? RISK_YES : RISK_NO;
        else
            return api_invalid(
                req, field, "true（あり）、false（なし）または null（未確認）で指定してください。");
    }
    return 0;
}

/* The stored answers object back into answers by index: a code not stored was not asked. */
static void parse_answers(const char *stored, risk_answer answers[RISK_CODE_COUNT])
{
    memset(answers, 0, sizeof(risk_answer) * RISK_CODE_COUNT);
    json_t *v = stored ? json_loads(stored, 0, NULL) : NULL;
    const char *key;
    json_t *val;
    json_object_foreach(v, key, val)
    {
        int idx = risk_code_index(key);
        if (idx >= 0 && !risk_code_is_derived(idx) && json_is_boolean(val))
            answers[idx] = json_is_true(val) ? RISK_YES : RISK_NO;
    }
    json_decref(v);
}

/* Only the questions asked: {"dv": false, "smoking": true}. */
static json_t *answers_json(const risk_answer answers[RISK_CODE_COUNT])
{
    json_t *o = json_object();
    for (int i = 0; i < RISK_CODE_COUNT; i++)
        if (!risk_code_is_derived(i) && (answers[i] == RISK_YES || answers[i] == RISK_NO))
            json_object_set_new(o, risk_codes[i], json_boolean(answers[i] == RISK_YES));
    return o;
}

/* The questions not asked, in table order (the same rule as risk_evaluate's unasked). */
static json_t *unasked_json(const risk_answer answers[RISK_CODE_COUNT])
{
    json_t *a = json_array();
    for (int i = 0; i < RISK_CODE_COUNT; i++)
        if (!risk_code_is_derived(i) && answers[i] != RISK_YES && answers[i] != RISK_NO)
            json_array_append_new(a, json_string(risk_codes[i]));
    return a;
}

static int read_weeks(http_req *req, json_t *body, int64_t *weeks)
{
    json_t *v = json_object_get(body, "weeks_at_notification");
    *weeks = -1;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > WEEKS_MAX)
        return api_invalid(req, "weeks_at_notification",
                           "妊娠週数は0〜45の整数で入力してください。");
    *weeks = json_integer_value(v);
    return 0;
}

static int read_children(http_req *req, json_t *body, store_pregnancy *g)
{
    json_t *v = json_object_get(body, "child_ids");
    g->child_ids = NULL;
    g->child_count = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v) || json_array_size(v) > CHILDREN_MAX)
        return api_invalid(req, "child_ids", "子どもは8人までの配列で指定してください。");
    g->child_ids = pool_zalloc(req->pool, sizeof(char *) * (json_array_size(v) + 1));
    size_t i;
    json_t *id;
    json_array_foreach(v, i, id)
    {
        if (!json_is_string(id) || json_string_length(id) == 0 || json_string_length(id) > 64)
            return api_invalid(req, pool_printf(req->pool, "child_ids[%zu]", i),
                               "利用者IDで指定してください。");
        g->child_ids[g->child_count++] = (char *)json_string_value(id);
    }
    return 0;
}

static int read_bool_field(http_req *req, json_t *body, const char *name, bool *out)
{
    bool present;
    bool v = false;
    if (api_bool(req, body, name, &v, &present) != 0)
        return -1;
    *out = present ? v : false;
    return 0;
}

static int not_in_future(http_req *req, const char *field, const char *date)
{
    date_ymd d;
    if (date && date_parse(date, strlen(date), &d) && date_compare(d, date_today_jst()) > 0)
        return api_invalid(req, field, "未来の日付は入力できません。");
    return 0;
}

static int apply_input(http_req *req, json_t *body, pregnancy_input *in, bool creating)
{
    store_pregnancy *g = &in->g;
    const char *s;
#define PRESENT(name) (creating || api_has(body, name))
    if (PRESENT("mother_id")) {
        if (api_string(req, body, "mother_id", 64, true, &s) != 0)
            return -1;
        g->mother_id = (char *)s;
    }
    if (PRESENT("notified_on")) {
        if (api_date(req, body, "notified_on", true, &s) != 0 ||
            not_in_future(req, "notified_on", s) != 0)
            return -1;
        g->notified_on = (char *)s;
    }
    if (PRESENT("weeks_at_notification") && read_weeks(req, body, &g->weeks) != 0)
        return -1;
    if (PRESENT("notified_after_birth") &&
        read_bool_field(req, body, "notified_after_birth", &g->after_birth) != 0)
        return -1;
    if (PRESENT("due_date")) {
        if (api_date(req, body, "due_date", false, &s) != 0)
            return -1;
        g->due_date = (char *)s;
    }
    if (PRESENT("multiple") && read_bool_field(req, body, "multiple", &g->multiple) != 0)
        return -1;
    if (PRESENT("answers") && read_answers(req, json_object_get(body, "answers"), in->answers) != 0)
        return -1;
    if (PRESENT("notes")) {
        if (api_text(req, body, "notes", API_TEXT_MAX, false, &s) != 0)
            return -1;
        g->notes = (char *)s;
    }
    if (PRESENT("child_ids") && read_children(req, body, g) != 0)
        return -1;
#undef PRESENT
    return 0;
}

/* A mother who is male or under 10 on notified_on cannot be right (domain/subject.c). */
static int check_mother(http_req *req, const store_person *mother, const char *notified_on)
{
    switch (subject_check_mother(mother->sex, mother->birth_date, notified_on)) {
    case SUBJECT_MALE:
        return api_invalid(req, "mother_id",
                           "男性は妊娠届の母（妊婦）として登録できません。"
                           "選んだ人と、その人の性別の記録を確認してください。");
    case SUBJECT_TOO_YOUNG:
        return api_invalid(req, "mother_id",
                           "届出日に10歳未満の人は妊娠届の母（妊婦）として登録できません。"
                           "選んだ人と、その人の生年月日の記録を確認してください。");
    case SUBJECT_OK:
        break;
    }
    return 0;
}

/* Checks the persons named exist (inside the transaction) and returns the mother. */
static int load_persons(http_req *req, const store_pregnancy *g, store_person *mother)
{
    int rc = store_person_get(req->db, req->pool, g->mother_id, mother);
    if (rc == STORE_NOT_FOUND)
        return api_invalid(req, "mother_id", "指定された母が見つかりません。");
    for (int i = 0; rc == STORE_OK && i < g->child_count; i++) {
        store_person child;
        rc = store_person_get(req->db, req->pool, g->child_ids[i], &child);
        if (rc == STORE_NOT_FOUND)
            return api_invalid(req, pool_printf(req->pool, "child_ids[%d]", i),
                               "指定された子どもが見つかりません。");
    }
    if (rc != STORE_OK) {
        http_reply_internal(req);
        return -1;
    }
    return 0;
}

/* Judges the risk with the table in force and writes the result onto the record. */
static int judge(http_req *req, pregnancy_input *in, const store_person *mother)
{
    risk_table t;
    int64_t version;
    if (api_risk_table_current(req, &t, &version) != 0)
        return -1;
    risk_facts f = {.mother_age = -1, .weeks = (int)in->g.weeks, .multiple = in->g.multiple};
    memcpy(f.answers, in->answers, sizeof f.answers);
    date_ymd birth, notified;
    if (mother->birth_date && date_parse(mother->birth_date, strlen(mother->birth_date), &birth) &&
        date_parse(in->g.notified_on, strlen(in->g.notified_on), &notified))
        f.mother_age = date_age_on(birth, notified);
    risk_result r;
    risk_evaluate(&t, &f, &r);
    json_t *flags = json_array();
    for (int i = 0; i < RISK_CODE_COUNT; i++)
        if (r.flagged[i])
            flags =
                api_json_append(flags, json_pack("{s:s, s:s, s:i}", "code", risk_codes[i], "label",
                                                 t.items[i].label, "weight", t.items[i].weight));
    json_t *answers = answers_json(in->answers);
    store_pregnancy *g = &in->g;
    g->flags = flags ? pool_adopt(req->pool, json_dumps(flags, JSON_COMPACT)) : NULL;
    g->answers = answers ? pool_adopt(req->pool, json_dumps(answers, JSON_COMPACT)) : NULL;
    json_decref(flags);
    json_decref(answers);
    if (!g->flags || !g->answers) { /* a flag is never left out of the record */
        http_reply_internal(req);
        return -1;
    }
    g->risk_score = r.score;
    g->risk_level = (char *)risk_level_code(r.level);
    g->candidate = r.candidate;
    g->unasked_count = r.unasked_count;
    g->band = (char *)risk_band_code(risk_notification_band((int)g->weeks, g->after_birth));
    g->risk_table_version = version;
    return 0;
}

static json_t *pregnancy_json(const store_pregnancy *g, const store_person *mother)
{
    risk_answer answers[RISK_CODE_COUNT];
    parse_answers(g->answers, answers);
    json_t *flags = json_loads(g->flags, 0, NULL);
    json_t *children = json_array();
    for (int i = 0; i < g->child_count; i++)
        json_array_append_new(children, json_string(g->child_ids[i]));
    risk_level level = strcmp(g->risk_level, "high") == 0     ? RISK_HIGH
                       : strcmp(g->risk_level, "medium") == 0 ? RISK_MEDIUM
                                                              : RISK_LOW;
    notification_band band = BAND_UNKNOWN;
    for (int b = BAND_WITHIN_11W; b <= BAND_UNKNOWN; b++)
        if (strcmp(risk_band_code((notification_band)b), g->band) == 0)
            band = (notification_band)b;
    json_t *age = json_null();
    date_ymd birth, notified;
    if (mother && mother->birth_date &&
        date_parse(mother->birth_date, strlen(mother->birth_date), &birth) &&
        date_parse(g->notified_on, strlen(g->notified_on), &notified))
        age = json_integer(date_age_on(birth, notified));
    json_t *o = json_pack(
        "{s:s, s:I, s:s, s:s, s:o, s:b, s:o, s:b, s:o, s:o, s:o}", "id", g->id, "version",
        (json_int_t)g->version, "mother_id", g->mother_id, "notified_on", g->notified_on,
        "weeks_at_notification", g->weeks >= 0 ? json_integer(g->weeks) : json_null(),
        "notified_after_birth", g->after_birth, "due_date", api_json_string_or_null(g->due_date),
        "multiple", g->multiple, "answers", answers_json(answers), "notes",
        api_json_string_or_null(g->notes), "child_ids", children);
    json_object_set_new(o, "unasked", unasked_json(answers));
    json_object_set_new(o, "mother", mother ? api_person_brief_json(mother) : json_null());
    json_object_set_new(o, "mother_age_at_notification", age);
    json_object_set_new(o, "risk_score", json_integer(g->risk_score));
    json_object_set_new(o, "risk_level", json_string(g->risk_level));
    json_object_set_new(o, "risk_level_label", json_string(risk_level_label(level)));
    json_object_set_new(o, "flags", flags ? flags : json_array());
    json_object_set_new(o, "tokutei_ninpu_candidate", json_boolean(g->candidate));
    json_object_set_new(o, "notification_band",
                        json_pack("{s:s, s:s}", "code", g->band, "label", risk_band_label(band)));
    json_object_set_new(o, "risk_table_version", json_integer(g->risk_table_version));
    json_object_set_new(o, "created_at", api_json_instant(g->created_at));
    json_object_set_new(o, "updated_at", api_json_instant(g->updated_at));
    return o;
}

/* 「…（リスク中・特定妊婦候補）」; an incomplete interview never reads as low:
 * 「…（面接未完了：未確認3項目・確認済みの項目でリスク中）」. */
static const char *event_summary(http_req *req, const char *what, const store_pregnancy *g)
{
    risk_level level = strcmp(g->risk_level, "high") == 0     ? RISK_HIGH
                       : strcmp(g->risk_level, "medium") == 0 ? RISK_MEDIUM
                                                              : RISK_LOW;
    const char *candidate = g->candidate ? "・特定妊婦候補" : "";
    if (g->unasked_count == 0)
        return pool_printf(req->pool, "%s（リスク%s%s）", what, risk_level_label(level), candidate);
    return pool_printf(req->pool, "%s（面接未完了：未確認%lld項目%s%s%s）", what,
                       (long long)g->unasked_count,
                       level == RISK_LOW ? "" : "・確認済みの項目でリスク",
                       level == RISK_LOW ? "" : risk_level_label(level), candidate);
}

/* Event, audit rows (mother and children), commit and the answer: shared by create and update. */
static void finish_write(http_req *req, pregnancy_input *in, const store_person *mother,
                         bool creating, int rc)
{
    store_pregnancy *g = &in->g;
    if (rc == STORE_OK)
        rc = api_add_event(
            req, "health", creating ? "pregnancy_registered" : "pregnancy_updated",
            event_summary(req, creating ? "妊娠届を受け付けました" : "妊娠届の内容を更新しました",
                          g),
            "pregnancy", g->id, g->mother_id);
    if (rc == STORE_OK)
        rc =
            api_audit_change(req, creating ? "create" : "update", "pregnancy", g->id, g->mother_id);
    for (int i = 0; rc == STORE_OK && i < g->child_count; i++)
        rc = api_audit_change(req, creating ? "create" : "update", "pregnancy", g->id,
                              g->child_ids[i]);
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
        http_add_header(req, "Location", pool_printf(req->pool, "/api/v1/pregnancies/%s", g->id));
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)g->version));
    http_reply_json(req, creating ? 201 : 200, pregnancy_json(g, mother));
}

void api_pregnancies_create(http_req *req)
{
    json_t *body;
    pregnancy_input in = {.g = {.weeks = -1}};
    if (api_body(req, pregnancy_fields, &body) != 0 || apply_input(req, body, &in, true) != 0)
        return;
    char id[RANDOM_ID_LEN + 1];
    random_id(id);
    in.g.id = id;
    in.g.version = 1;
    in.g.created_at = in.g.updated_at = req->now;
    store_person mother;
    if (api_begin(req) != 0)
        return;
    if (load_persons(req, &in.g, &mother) != 0 ||
        check_mother(req, &mother, in.g.notified_on) != 0 || judge(req, &in, &mother) != 0) {
        store_rollback(req->db);
        return;
    }
    finish_write(req, &in, &mother, true, store_pregnancy_insert(req->db, &in.g));
}

static bool same_input(const pregnancy_input *a, const pregnancy_input *b)
{
    const store_pregnancy *x = &a->g, *y = &b->g;
    if (!api_same_text(x->mother_id, y->mother_id) ||
        !api_same_text(x->notified_on, y->notified_on) || x->weeks != y->weeks ||
        x->after_birth != y->after_birth || !api_same_text(x->due_date, y->due_date) ||
        x->multiple != y->multiple || !api_same_text(x->notes, y->notes) ||
        memcmp(a->answers, b->answers, sizeof a->answers) != 0 || x->child_count != y->child_count)
        return false;
    for (int i = 0; i < x->child_count; i++)
        if (strcmp(x->child_ids[i], y->child_ids[i]) != 0)
            return false;
    return true;
}

void api_pregnancies_update(http_req *req)
{
    json_t *body;
    int64_t version;
    if (api_if_match(req, &version) != 0 || api_body(req, pregnancy_fields, &body) != 0)
        return;
    if (api_begin(req) != 0)
        return;
    pregnancy_input in;
    int rc = store_pregnancy_get(req->db, req->pool, req->params[0], &in.g);
    if (rc != STORE_OK || in.g.version != version) {
        store_rollback(req->db);
        if (rc == STORE_NOT_FOUND)
            api_not_found(req);
        else if (rc == STORE_OK)
            api_version_conflict(req);
        else
            http_reply_internal(req);
        return;
    }
    parse_answers(in.g.answers, in.answers);
    pregnancy_input before = in;
    store_person mother;
    if (apply_input(req, body, &in, false) != 0 || load_persons(req, &in.g, &mother) != 0) {
        store_rollback(req->db);
        return;
    }
    /* A record made before the rule keeps its mother until someone changes her or the date. */
    bool subject_changed = !api_same_text(before.g.mother_id, in.g.mother_id) ||
                           !api_same_text(before.g.notified_on, in.g.notified_on);
    if (subject_changed && check_mother(req, &mother, in.g.notified_on) != 0) {
        store_rollback(req->db);
        return;
    }
    if (same_input(&before, &in)) {
        /* Nothing changed: no new version, no event; the answer shows the record (a read). */
        store_rollback(req->db);
        api_audit_read(req, "pregnancy", before.g.id, before.g.mother_id);
        http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)version));
        http_reply_json(req, 200, pregnancy_json(&before.g, &mother));
        return;
    }
    if (judge(req, &in, &mother) != 0) {
        store_rollback(req->db);
        return;
    }
    in.g.updated_at = req->now;
    rc = store_pregnancy_update(req->db, &in.g, version);
    in.g.version = version + 1;
    finish_write(req, &in, &mother, false, rc);
}

/* The mother, or NULL when she cannot be read (then the answer is 500). */
static int mother_of(http_req *req, const store_pregnancy *g, store_person *mother)
{
    int rc = store_person_get(req->db, req->pool, g->mother_id, mother);
    if (rc != STORE_OK) {
        http_reply_internal(req);
        return -1;
    }
    return 0;
}

void api_pregnancies_get(http_req *req)
{
    store_pregnancy g;
    int rc = store_pregnancy_get(req->db, req->pool, req->params[0], &g);
    if (rc == STORE_NOT_FOUND) {
        api_not_found(req);
        return;
    }
    store_person mother;
    if (rc != STORE_OK) {
        http_reply_internal(req);
        return;
    }
    if (mother_of(req, &g, &mother) != 0 ||
        api_audit_read(req, "pregnancy", g.id, g.mother_id) != 0)
        return;
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)g.version));
    http_reply_json(req, 200, pregnancy_json(&g, &mother));
}

static int add_item(void *arg, const store_pregnancy *g)
{
    api_page *pg = arg;
    if (api_page_full(pg))
        return 1;
    store_person mother;
    if (store_person_get(pg->req->db, pg->req->pool, g->mother_id, &mother) != STORE_OK) {
        pg->failed = true;
        return 1;
    }
    api_page_add(pg, pregnancy_json(g, &mother), g->notified_on, g->id);
    api_audit_read(pg->req, "pregnancy", g->id, g->mother_id);
    return 0;
}

void api_pregnancies_list(http_req *req)
{
    int limit;
    if (api_limit(req, &limit) != 0)
        return;
    static const char *const levels[] = {"low", "medium", "high", NULL};
    const char *level = http_query(req, "risk_level");
    const char *candidate = http_query(req, "candidate");
    if (level) {
        bool known = false;
        for (int i = 0; levels[i]; i++)
            known |= strcmp(levels[i], level) == 0;
        if (!known) {
            api_invalid(req, "risk_level", "low, medium, high のいずれかで指定してください。");
            return;
        }
    }
    if (candidate && strcmp(candidate, "true") != 0 && strcmp(candidate, "false") != 0) {
        api_invalid(req, "candidate", "true または false で指定してください。");
        return;
    }
    const char *incomplete = http_query(req, "incomplete");
    if (incomplete && strcmp(incomplete, "true") != 0 && strcmp(incomplete, "false") != 0) {
        api_invalid(req, "incomplete", "true または false で指定してください。");
        return;
    }
    store_pregnancy_filter f = {.mother_id = http_query(req, "mother_id"),
                                .child_id = http_query(req, "child_id"),
                                .candidates_only = candidate && strcmp(candidate, "true") == 0,
                                .risk_level = level,
                                .incomplete = incomplete ? strcmp(incomplete, "true") == 0 : -1,
                                .limit = limit + 1};
    char *after[2];
    if (api_page_cursor(req, after, 2) != 0)
        return;
    f.after_notified_on = after[0];
    f.after_id = after[1];
    api_page pg;
    api_page_start(&pg, req, limit, 2);
    api_page_answer(&pg, store_pregnancy_list(req->db, req->pool, &f, add_item, &pg));
}
