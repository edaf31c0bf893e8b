/* /api/v1/pregnancies: 妊娠届・たまご面接 (service/pregnancies.c). */
#include "api/common.h"
#include "api/input.h"
#include "api/page.h"
#include "api/resources.h"
#include "api/result.h"
#include "domain/date.h"
#include "service/pregnancies.h"

#include <string.h>

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

/* answers by code: true and false answer a question, null makes it unasked again, a code left
 * out keeps its answer. */
static int read_answers(http_req *req, json_t *v, svc_answer answers[RISK_CODE_COUNT])
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
            answers[idx] = SVC_ANSWER_UNASKED;
        else if (json_is_boolean(val))
            answers[idx] = json_is_true(val) ? SVC_ANSWER_YES : SVC_ANSWER_NO;
        else
            return api_invalid(
                req, field, "true（あり）、false（なし）または null（未確認）で指定してください。");
    }
    return 0;
}

static int read_weeks(http_req *req, json_t *body, int *weeks)
{
    json_t *v = json_object_get(body, "weeks_at_notification");
    *weeks = -1;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0 ||
        json_integer_value(v) > SVC_PREGNANCY_WEEKS_MAX)
        return api_invalid(req, "weeks_at_notification",
                           "妊娠週数は0〜45の整数で入力してください。");
    *weeks = (int)json_integer_value(v);
    return 0;
}

static int read_children(http_req *req, json_t *body, svc_pregnancy_input *in)
{
    json_t *v = json_object_get(body, "child_ids");
    in->child_ids = NULL;
    in->child_count = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v) || json_array_size(v) > SVC_PREGNANCY_CHILDREN_MAX)
        return api_invalid(req, "child_ids", "子どもは8人までの配列で指定してください。");
    const char **ids = pool_zalloc(req->pool, sizeof(char *) * (json_array_size(v) + 1));
    size_t i;
    json_t *id;
    json_array_foreach(v, i, id)
    {
        if (!json_is_string(id) || json_string_length(id) == 0 || json_string_length(id) > 64)
            return api_invalid(req, pool_printf(req->pool, "child_ids[%zu]", i),
                               "利用者IDで指定してください。");
        ids[in->child_count++] = json_string_value(id);
    }
    in->child_ids = ids;
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

/* The fields present in body (every one when creating), format-checked. */
static int read_input(http_req *req, json_t *body, bool creating, svc_pregnancy_input *in,
                      svc_pregnancy_fields *set)
{
    *in = (svc_pregnancy_input){.weeks = -1};
#define PRESENT(flag, name) (set->flag = creating || api_has(body, name))
    if (PRESENT(mother_id, "mother_id") &&
        api_string(req, body, "mother_id", 64, true, &in->mother_id) != 0)
        return -1;
    if (PRESENT(notified_on, "notified_on") &&
        api_date(req, body, "notified_on", true, &in->notified_on) != 0)
        return -1;
    if (PRESENT(weeks, "weeks_at_notification") && read_weeks(req, body, &in->weeks) != 0)
        return -1;
    if (PRESENT(after_birth, "notified_after_birth") &&
        read_bool_field(req, body, "notified_after_birth", &in->after_birth) != 0)
        return -1;
    if (PRESENT(due_date, "due_date") && api_date(req, body, "due_date", false, &in->due_date) != 0)
        return -1;
    if (PRESENT(multiple, "multiple") && read_bool_field(req, body, "multiple", &in->multiple) != 0)
        return -1;
    if (read_answers(req, json_object_get(body, "answers"), in->answers) != 0)
        return -1;
    if (PRESENT(notes, "notes") &&
        api_text(req, body, "notes", API_TEXT_MAX, false, &in->notes) != 0)
        return -1;
    if (PRESENT(child_ids, "child_ids") && read_children(req, body, in) != 0)
        return -1;
#undef PRESENT
    return 0;
}

/* Only the questions asked: {"dv": false, "smoking": true}. */
static json_t *answers_json(const risk_answer answers[RISK_CODE_COUNT])
{
    json_t *o = json_object();
    for (int i = 0; o && i < RISK_CODE_COUNT; i++)
        if (!risk_code_is_derived(i) && (answers[i] == RISK_YES || answers[i] == RISK_NO))
            o = api_json_set(o, risk_codes[i], json_boolean(answers[i] == RISK_YES));
    return o;
}

/* The questions not asked, in table order (the same rule as risk_evaluate's unasked). */
static json_t *unasked_json(const risk_answer answers[RISK_CODE_COUNT])
{
    json_t *a = json_array();
    for (int i = 0; a && i < RISK_CODE_COUNT; i++)
        if (!risk_code_is_derived(i) && answers[i] != RISK_YES && answers[i] != RISK_NO)
            a = api_json_append(a, json_string(risk_codes[i]));
    return a;
}

static json_t *flags_json(const store_pregnancy *g)
{
    json_t *a = json_array();
    for (int i = 0; a && i < g->flag_count; i++)
        a = api_json_append(a, json_pack("{s:s, s:s, s:i}", "code", g->flags[i].code, "label",
                                         g->flags[i].label, "weight", g->flags[i].weight));
    return a;
}

static json_t *pregnancy_json(const store_pregnancy *g, date_ymd today)
{
    json_t *children = json_array();
    for (int i = 0; children && i < g->child_count; i++)
        children = api_json_append(children, json_string(g->child_ids[i]));
    int level = risk_level_from_code(g->risk_level);
    notification_band band = risk_band_from_code(g->band);
    json_t *age = json_null();
    date_ymd birth, notified;
    if (g->mother.birth_date &&
        date_parse(g->mother.birth_date, strlen(g->mother.birth_date), &birth) &&
        date_parse(g->notified_on, strlen(g->notified_on), &notified))
        age = json_integer(date_age_on(birth, notified));
    json_t *o = json_pack(
        "{s:s, s:I, s:s, s:s, s:o, s:b, s:o, s:b, s:o, s:o, s:o}", "id", g->id, "version",
        (json_int_t)g->version, "mother_id", g->mother_id, "notified_on", g->notified_on,
        "weeks_at_notification", g->weeks >= 0 ? json_integer(g->weeks) : json_null(),
        "notified_after_birth", g->after_birth, "due_date", api_json_string_or_null(g->due_date),
        "multiple", g->multiple, "answers", answers_json(g->answers), "notes",
        api_json_string_or_null(g->notes), "child_ids", children);
    o = api_json_set(o, "unasked", unasked_json(g->answers));
    o = api_json_set(o, "mother", api_person_brief_json(&g->mother, today));
    o = api_json_set(o, "mother_age_at_notification", age);
    o = api_json_set(o, "risk_score", json_integer(g->risk_score));
    o = api_json_set(o, "risk_level", json_string(g->risk_level));
    o = api_json_set(o, "risk_level_label",
                     json_string(level < 0 ? "" : risk_level_label((risk_level)level)));
    o = api_json_set(o, "flags", flags_json(g));
    o = api_json_set(o, "tokutei_ninpu_candidate", json_boolean(g->candidate));
    o = api_json_set(o, "notification_band",
                     json_pack("{s:s, s:s}", "code", g->band, "label", risk_band_label(band)));
    o = api_json_set(o, "risk_table_version", json_integer(g->risk_table_version));
    o = api_json_set(o, "created_at", api_json_instant(g->created_at));
    return api_json_set(o, "updated_at", api_json_instant(g->updated_at));
}

static void answer(http_req *req, int status, const store_pregnancy *g)
{
    if (status == 201)
        http_add_header(req, "Location", pool_printf(req->pool, "/api/v1/pregnancies/%s", g->id));
    http_add_header(req, "ETag", pool_printf(req->pool, "\"%lld\"", (long long)g->version));
    http_reply_json(req, status, pregnancy_json(g, api_today(req)));
}

void api_pregnancies_create(http_req *req)
{
    json_t *body;
    svc_pregnancy_input in;
    svc_pregnancy_fields set;
    if (api_body(req, pregnancy_fields, &body) != 0 || read_input(req, body, true, &in, &set) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    store_pregnancy g;
    if (!api_answer_failure(req, svc_pregnancies_record(&ctx, &in, &g)))
        answer(req, 201, &g);
}

void api_pregnancies_update(http_req *req)
{
    json_t *body;
    int64_t version;
    svc_pregnancy_input in;
    svc_pregnancy_fields set;
    if (api_if_match(req, &version) != 0 || api_body(req, pregnancy_fields, &body) != 0 ||
        read_input(req, body, false, &in, &set) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    store_pregnancy g;
    if (api_answer_failure(req,
                           svc_pregnancies_update(&ctx, req->params[0], version, &in, &set, &g)))
        return;
    api_hold_reads(req, &ctx); /* an update that changed nothing shows the record: a read */
    answer(req, 200, &g);
}

void api_pregnancies_get(http_req *req)
{
    svc_ctx ctx;
    api_ctx(req, &ctx);
    store_pregnancy g;
    if (api_answer_failure(req, svc_pregnancies_get(&ctx, req->params[0], &g)))
        return;
    api_hold_reads(req, &ctx);
    answer(req, 200, &g);
}

static int add_item(void *arg, const store_pregnancy *g)
{
    api_page *pg = arg;
    if (api_page_full(pg))
        return 1;
    api_page_add(pg, pregnancy_json(g, api_today(pg->req)), g->notified_on, g->id);
    return 0;
}

void api_pregnancies_list(http_req *req)
{
    svc_pregnancy_filter f = {.mother_id = http_query(req, "mother_id"),
                              .child_id = http_query(req, "child_id"),
                              .risk_level = http_query(req, "risk_level")};
    if (api_limit(req, &f.limit) != 0)
        return;
    if (f.risk_level && !vocab_has(&risk_levels, f.risk_level)) {
        api_invalid(req, "risk_level", "low, medium, high のいずれかで指定してください。");
        return;
    }
    int candidate = api_query_bool(req, "candidate");
    if (candidate == -2 || (f.incomplete = api_query_bool(req, "incomplete")) == -2)
        return;
    f.candidates_only = candidate == 1;
    char *after[2];
    if (api_page_cursor(req, after, 2) != 0)
        return;
    f.after_notified_on = after[0];
    f.after_id = after[1];
    svc_ctx ctx;
    api_ctx(req, &ctx);
    api_page pg;
    api_page_start(&pg, req, f.limit, 2);
    if (api_answer_failure(req, svc_pregnancies_list(&ctx, &f, add_item, &pg)))
        return;
    api_hold_reads(req, &ctx);
    api_page_answer(&pg, STORE_OK);
}
