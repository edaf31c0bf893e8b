/* /api/v1/screenings: EPDS, 赤ちゃんへの気持ち質問票, 育児支援チェックリスト. Scored by the
 * domain rules when recorded; the answers and the result are kept as given. */
#include "api/common.h"
#include "api/input.h"
#include "api/page.h"
#include "api/resources.h"
#include "api/settings.h"
#include "domain/date.h"
#include "domain/screening.h"
#include "domain/subject.h"
#include "store/persons.h"
#include "store/screenings.h"
#include "store/visits.h"
#include "util/random.h"

#include <string.h>

static const char *const screening_fields[] = {
    "person_id", "instrument", "administered_on", "answers", "visit_id", "notes", NULL};
static const char *const instruments[] = {"epds", "bonding", "ikuji_support", NULL};

/* answers: an array of integers; count and range are the domain's to judge. */
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
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_integer(v[i]));
    return a;
}

static json_t *screening_json(const store_screening *s, const store_person *person)
{
    screening_instrument instr = screening_from_code(s->instrument);
    json_t *o = json_pack(
        "{s:s, s:I, s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:b, s:o}", "id", s->id,
        "version", (json_int_t)s->version, "person_id", s->person_id, "instrument", s->instrument,
        "instrument_label", screening_label(instr), "administered_on", s->administered_on, "score",
        (json_int_t)s->score, "answers", json_loads(s->answers, 0, NULL), "item_scores",
        json_loads(s->item_scores, 0, NULL), "flags", json_loads(s->flags, 0, NULL), "visit_id",
        api_json_string_or_null(s->visit_id), "notes", api_json_string_or_null(s->notes),
        "needs_followup", s->needs_followup, "followup", api_followup_json(&s->followup));
    o = api_json_set(o, "person", person ? api_person_brief_json(person) : json_null());
    o = api_json_set(o, "created_at", api_json_instant(s->created_at));
    return api_json_set(o, "updated_at", api_json_instant(s->updated_at));
}

static int score(http_req *req, store_screening *s, screening_instrument instr, const int *answers,
                 int count)
{
    int threshold = -1, bad = -1;
    if (instr == SCREEN_BONDING && api_bonding_threshold(req, &threshold) != 0)
        return -1;
    screening_result r;
    int rc = screening_score(instr, answers, count, threshold, &r, &bad);
    if (rc == SCREENING_BAD_COUNT)
        return api_invalid(
            req, "answers",
            pool_printf(req->pool, "この質問票の回答は%d項目です。", screening_item_count(instr)));
    if (rc == SCREENING_BAD_VALUE)
        return api_invalid(req, pool_printf(req->pool, "answers[%d]", bad),
                           pool_printf(req->pool, "回答は0〜%dの番号で指定してください。",
                                       screening_option_count(instr) - 1));
    json_t *flags = json_array();
    for (int i = 0; i < r.flag_count; i++)
        json_array_append_new(
            flags, json_pack("{s:s, s:s}", "code", r.flags[i].code, "label", r.flags[i].label));
    json_t *a = int_array(answers, count), *items = int_array(r.item_scores, r.item_count);
    s->answers = pool_adopt(req->pool, json_dumps(a, JSON_COMPACT));
    s->item_scores = pool_adopt(req->pool, json_dumps(items, JSON_COMPACT));
    s->flags = pool_adopt(req->pool, json_dumps(flags, JSON_COMPACT));
    json_decref(a);
    json_decref(items);
    json_decref(flags);
    s->score = r.score;
    s->needs_followup = r.flag_count > 0;
    s->self_harm = screening_has_flag(&r, "epds_self_harm");
    return 0;
}

static const char *summary_of(http_req *req, const store_screening *s, screening_instrument instr)
{
    return pool_printf(req->pool, "%sを実施しました（%lld点%s）", screening_label(instr),
                       (long long)s->score, s->needs_followup ? "・要フォロー" : "");
}

void api_screenings_create(http_req *req)
{
    json_t *body;
    const char *person_id, *instr_code, *on, *visit_id, *notes;
    int answers[SCREENING_MAX_ITEMS + 1] = {0}, count = 0;
    if (api_body(req, screening_fields, &body) != 0 ||
        api_string(req, body, "person_id", 64, true, &person_id) != 0 ||
        api_enum(req, body, "instrument", instruments, true, &instr_code) != 0 ||
        api_date(req, body, "administered_on", true, &on) != 0 ||
        read_answers(req, body, answers, &count) != 0 ||
        api_string(req, body, "visit_id", 64, false, &visit_id) != 0 ||
        api_text(req, body, "notes", API_TEXT_MAX, false, &notes) != 0)
        return;
    date_ymd d;
    if (date_parse(on, strlen(on), &d) && date_compare(d, date_today_jst()) > 0) {
        api_invalid(req, "administered_on", "未来の日付は入力できません。");
        return;
    }
    screening_instrument instr = screening_from_code(instr_code);
    char id[RANDOM_ID_LEN + 1];
    random_id(id);
    store_screening s = {.id = id,
                         .version = 1,
                         .person_id = (char *)person_id,
                         .instrument = (char *)instr_code,
                         .administered_on = (char *)on,
                         .visit_id = (char *)visit_id,
                         .notes = (char *)notes,
                         .created_at = req->now,
                         .updated_at = req->now};
    if (score(req, &s, instr, answers, count) != 0)
        return;
    if (api_begin(req) != 0)
        return;
    store_person person;
    int rc = store_person_get(req->db, req->pool, person_id, &person);
    if (rc == STORE_NOT_FOUND) {
        store_rollback(req->db);
        api_invalid(req, "person_id", "指定された利用者が見つかりません。");
        return;
    }
    if (rc == STORE_OK && subject_check_respondent(person.birth_date, on) != SUBJECT_OK) {
        store_rollback(req->db);
        api_invalid(req, "person_id",
                    "実施日に10歳未満の人は質問票の回答者にできません。"
                    "回答した人（母・父など）を選んでください。");
        return;
    }
    if (rc == STORE_OK && visit_id) {
        store_visit v;
        rc = store_visit_get(req->db, req->pool, visit_id, &v);
        if (rc == STORE_NOT_FOUND) {
            store_rollback(req->db);
            api_invalid(req, "visit_id", "指定された訪問・健診の記録が見つかりません。");
            return;
        }
    }
    if (rc == STORE_OK)
        rc = store_screening_insert(req->db, &s);
    if (rc == STORE_OK)
        rc = api_add_event(req, "health", "screening_recorded", summary_of(req, &s, instr),
                           "screening", id, person_id);
    if (rc == STORE_OK)
        rc = api_audit_change(req, "create", "screening", id, person_id);
    if (rc != STORE_OK) {
        api_fail(req);
        return;
    }
    if (api_commit(req) != 0)
        return;
    http_add_header(req, "Location", pool_printf(req->pool, "/api/v1/screenings/%s", id));
    http_reply_json(req, 201, screening_json(&s, &person));
}

void api_screenings_get(http_req *req)
{
    store_screening s;
    store_person person;
    int rc = store_screening_get(req->db, req->pool, req->params[0], &s);
    if (rc == STORE_NOT_FOUND) {
        api_not_found(req);
        return;
    }
    if (rc == STORE_OK)
        rc = store_person_get(req->db, req->pool, s.person_id, &person);
    if (rc != STORE_OK) {
        http_reply_internal(req);
        return;
    }
    api_audit_read(req, "screening", s.id, s.person_id);
    http_reply_json(req, 200, screening_json(&s, &person));
}

void api_screenings_followup(http_req *req)
{
    store_followup f;
    if (api_read_followup(req, &f) != 0 || api_begin(req) != 0)
        return;
    store_screening s;
    store_person person;
    int rc = store_screening_get(req->db, req->pool, req->params[0], &s);
    if (rc == STORE_NOT_FOUND) {
        store_rollback(req->db);
        api_not_found(req);
        return;
    }
    if (rc == STORE_OK && s.followup.on) {
        store_rollback(req->db);
        http_reply_error(req, 409, "invalid_transition",
                         "このスクリーニングのフォローは記録済みです。", NULL);
        return;
    }
    if (rc == STORE_OK)
        rc = store_screening_followup(req->db, s.id, &f, req->now);
    if (rc == STORE_OK)
        rc = api_add_event(req, "health", "screening_followup",
                           "スクリーニング後のフォローを記録しました", "screening", s.id,
                           s.person_id);
    if (rc == STORE_OK)
        rc = api_audit_change(req, "update", "screening", s.id, s.person_id);
    if (rc == STORE_OK)
        rc = store_screening_get(req->db, req->pool, s.id, &s);
    if (rc == STORE_OK)
        rc = store_person_get(req->db, req->pool, s.person_id, &person);
    if (rc != STORE_OK) {
        api_fail(req);
        return;
    }
    if (api_commit(req) != 0)
        return;
    http_reply_json(req, 200, screening_json(&s, &person));
}

static int add_item(void *arg, const store_screening *sc)
{
    api_page *pg = arg;
    if (api_page_full(pg))
        return 1;
    store_person person;
    if (store_person_get(pg->req->db, pg->req->pool, sc->person_id, &person) != STORE_OK) {
        pg->failed = true;
        return 1;
    }
    api_page_add(pg, screening_json(sc, &person), sc->administered_on, sc->id);
    api_audit_read(pg->req, "screening", sc->id, sc->person_id);
    return 0;
}

void api_screenings_list(http_req *req)
{
    int limit;
    if (api_limit(req, &limit) != 0)
        return;
    const char *person_id = http_query(req, "person_id");
    const char *open = http_query(req, "needs_followup");
    if (open && strcmp(open, "true") != 0 && strcmp(open, "false") != 0) {
        api_invalid(req, "needs_followup", "true または false で指定してください。");
        return;
    }
    bool open_only = open && strcmp(open, "true") == 0;
    if (!person_id && !open_only) {
        api_missing(req, "person_id");
        return;
    }
    char *after[2];
    if (api_page_cursor(req, after, 2) != 0)
        return;
    api_page pg;
    api_page_start(&pg, req, limit, 2);
    api_page_answer(&pg, store_screening_list(req->db, req->pool, person_id, open_only, after[0],
                                              after[1], limit + 1, add_item, &pg));
}
