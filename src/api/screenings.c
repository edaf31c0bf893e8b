/* /api/v1/screenings: EPDS, 赤ちゃんへの気持ち質問票, 育児支援チェックリスト (service/screenings.c;
 * the follow-up: service/followups.c). */
#include "api/common.h"
#include "api/input.h"
#include "api/page.h"
#include "api/resources.h"
#include "api/result.h"
#include "service/followups.h"
#include "service/screenings.h"

#include <string.h>

static const char *const screening_fields[] = {
    "person_id", "instrument", "administered_on", "answers", "visit_id", "notes", NULL};

/* answers: an array of integers; count and range are the service's to judge. */
static int read_answers(http_req *req, json_t *body, int answers[SCREENING_MAX_ITEMS + 1],
                        int *count)
{
    json_t *v = json_object_get(body, "answers");
    if (!v || json_is_null(v))
        return api_missing(req, "answers");
    if (!json_is_array(v) || json_array_size(v) > SCREENING_MAX_ITEMS + 1)
        return api_invalid(req, "answers", "回答の数が質問票の項目数と合いません。");
    size_t i;
    json_t *a;
    json_array_foreach(v, i, a)
    {
        if (!json_is_integer(a))
            return api_invalid(req, pool_printf(req->pool, "answers[%zu]", i),
                               "回答は選択肢の番号（整数）で指定してください。");
        json_int_t n = json_integer_value(a);
        answers[i] = n < -1 || n > 99 ? 99 : (int)n;
    }
    *count = (int)json_array_size(v);
    return 0;
}

static json_t *int_array(const int *v, int n)
{
    json_t *a = json_array();
    for (int i = 0; a && i < n; i++)
        a = api_json_append(a, json_integer(v[i]));
    return a;
}

static json_t *flags_json(const store_screening *s)
{
    json_t *a = json_array();
    for (int i = 0; a && i < s->flag_count; i++)
        a = api_json_append(
            a, json_pack("{s:s, s:s}", "code", s->flags[i].code, "label", s->flags[i].label));
    return a;
}

static json_t *screening_json(const store_screening *s, date_ymd today)
{
    json_t *o = json_pack(
        "{s:s, s:I, s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:b, s:o}", "id", s->id,
        "version", (json_int_t)s->version, "person_id", s->person_id, "instrument", s->instrument,
        "instrument_label", screening_label(screening_from_code(s->instrument)), "administered_on",
        s->administered_on, "score", (json_int_t)s->score, "answers",
        int_array(s->answers, s->answer_count), "item_scores",
        int_array(s->item_scores, s->item_count), "flags", flags_json(s), "visit_id",
        api_json_string_or_null(s->visit_id), "notes", api_json_string_or_null(s->notes),
        "needs_followup", s->needs_followup, "followup", api_followup_json(&s->followup));
    o = api_json_set(o, "person", api_person_brief_json(&s->person, today));
    o = api_json_set(o, "created_at", api_json_instant(s->created_at));
    return api_json_set(o, "updated_at", api_json_instant(s->updated_at));
}

void api_screenings_create(http_req *req)
{
    json_t *body;
    int answers[SCREENING_MAX_ITEMS + 1] = {0};
    svc_screening_input in = {.answers = answers};
    if (api_body(req, screening_fields, &body) != 0 ||
        api_string(req, body, "person_id", 64, true, &in.person_id) != 0 ||
        api_vocab(req, body, "instrument", &screening_instruments, true, &in.instrument) != 0 ||
        api_date(req, body, "administered_on", true, &in.administered_on) != 0 ||
        read_answers(req, body, answers, &in.answer_count) != 0 ||
        api_string(req, body, "visit_id", 64, false, &in.visit_id) != 0 ||
        api_text(req, body, "notes", API_TEXT_MAX, false, &in.notes) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    store_screening s;
    if (api_answer_failure(req, svc_screenings_record(&ctx, &in, &s)))
        return;
    http_add_header(req, "Location", pool_printf(req->pool, "/api/v1/screenings/%s", s.id));
    http_reply_json(req, 201, screening_json(&s, api_today(req)));
}

void api_screenings_get(http_req *req)
{
    svc_ctx ctx;
    api_ctx(req, &ctx);
    store_screening s;
    if (api_answer_failure(req, svc_screenings_get(&ctx, req->params[0], &s)))
        return;
    api_hold_reads(req, &ctx);
    http_reply_json(req, 200, screening_json(&s, api_today(req)));
}

static json_t *followed_up_json(const svc_followed_up *record, date_ymd today)
{
    return screening_json(&record->screening, today);
}

void api_screenings_followup(http_req *req)
{
    api_followup(req, SVC_FOLLOWUP_SCREENING, followed_up_json);
}

static int add_item(void *arg, const store_screening *s)
{
    api_page *pg = arg;
    if (api_page_full(pg))
        return 1;
    api_page_add(pg, screening_json(s, api_today(pg->req)), s->administered_on, s->id);
    return 0;
}

void api_screenings_list(http_req *req)
{
    svc_screening_filter f = {.person_id = http_query(req, "person_id")};
    if (api_limit(req, &f.limit) != 0)
        return;
    int open = api_query_bool(req, "needs_followup");
    if (open == -2)
        return;
    f.open_only = open == 1;
    char *after[2];
    if (api_page_cursor(req, after, 2) != 0)
        return;
    f.after_on = after[0];
    f.after_id = after[1];
    svc_ctx ctx;
    api_ctx(req, &ctx);
    api_page pg;
    api_page_start(&pg, req, f.limit, 2);
    if (api_answer_failure(req, svc_screenings_list(&ctx, &f, add_item, &pg)))
        return;
    api_hold_reads(req, &ctx);
    api_page_answer(&pg, STORE_OK);
}
