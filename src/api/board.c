/* GET /api/v1/board (the coordinator's 進行管理) and GET /api/v1/ledger (the 要対協 ledger, as
 * JSON or CSV): the query in, svc_board_get / svc_ledger_get, the rows out. */
#include "api/board.h"
#include "api/common.h"
#include "api/input.h"
#include "api/resources.h"
#include "api/result.h"
#include "domain/csv.h"
#include "domain/case_codes.h"
#include "domain/era.h"
#include "service/board.h"

#include <stdlib.h>
#include <string.h>

static json_t *ref_json(const char *id, const char *name)
{
    if (!id)
        return json_null();
    return json_pack("{s:s, s:o}", "id", id, "name", api_json_string_or_null(name));
}

static json_t *subject_json(const store_board_subject *s, date_ymd today)
{
    json_t *o = api_person_brief_json(&s->person, today);
    o = api_json_set(o, "person_id", json_string(s->person.id));
    o = api_json_set(o, "category", json_string(s->category));
    o = api_json_set(o, "youtaikyo", json_boolean(s->youtaikyo));
    o = api_json_set(o, "registered_on", api_json_string_or_null(s->registered_on));
    return api_json_set(o, "designated_on", api_json_string_or_null(s->designated_on));
}

static json_t *subjects_json(const store_board_subject *s, int n, date_ymd today)
{
    json_t *list = json_array();
    for (int i = 0; list && i < n; i++)
        list = api_json_append(list, subject_json(&s[i], today));
    return list;
}

static json_t *event_json(const svc_board_event *e)
{
    if (!e->at)
        return json_null();
    return json_pack("{s:o, s:s, s:s}", "at", api_json_instant(e->at), "kind", e->kind, "summary",
                     e->summary);
}

static json_t *board_row_json(const svc_board_row *r, date_ymd today)
{
    json_t *o = json_pack("{s:s, s:I, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:b, s:b, s:b}", "case_id",
                          r->c.id, "version", (json_int_t)r->c.version, "household",
                          ref_json(r->c.household_id, r->c.household_name), "lead",
                          ref_json(r->c.lead_id, r->c.lead_name), "deputy",
                          ref_json(r->c.deputy_id, r->c.deputy_name), "lead_agency",
                          ref_json(r->c.lead_agency_id, r->c.lead_agency_name), "lead_section",
                          section_code(r->lead_section), "last_reviewed_on",
                          api_json_string_or_null(r->c.last_reviewed_on), "next_review_on",
                          api_json_string_or_null(r->c.next_review_on), "review_overdue",
                          r->review_overdue, "overdue", r->overdue, "mine", r->mine);
    o = api_json_set(o, "subjects", subjects_json(r->subjects, r->subject_count, today));
    o = api_json_set(o, "plan",
                     json_pack("{s:s, s:o}", "status", board_plan_status_code(r->plan_status),
                               "review_on", api_json_string_or_null(r->plan_review_on)));
    o = api_json_set(o, "actions",
                     json_pack("{s:i, s:o, s:b}", "open", r->open_actions, "earliest_due_on",
                               api_json_string_or_null(r->earliest_action_due_on), "overdue",
                               r->action_overdue));
    o = api_json_set(o, "alerts",
                     json_pack("{s:i, s:o}", "open", r->open_alerts, "most_urgent",
                               r->urgent_alert == ALERT_KIND_NONE
                                   ? json_null()
                                   : json_string(alert_kind_code(r->urgent_alert))));
    return api_json_set(o, "last_events",
                        json_pack("{s:o, s:o, s:o}", "health", event_json(&r->last[0]), "welfare",
                                  event_json(&r->last[1]), "case", event_json(&r->last[2])));
}

static int read_board_filter(http_req *req, svc_board_filter *f)
{
    *f = (svc_board_filter){.category = http_query(req, "category"),
                            .lead_id = http_query(req, "lead_id"),
                            .section = http_query(req, "section"),
                            .youtaikyo = api_query_bool(req, "youtaikyo")};
    if (f->youtaikyo == -2)
        return -1;
    const char *mine = http_query(req, "mine");
    if (mine && strcmp(mine, "1") != 0 && strcmp(mine, "true") != 0 && strcmp(mine, "0") != 0 &&
        strcmp(mine, "false") != 0)
        return api_invalid(req, "mine", "mine は 1 または 0 で指定してください。");
    f->mine = mine && (strcmp(mine, "1") == 0 || strcmp(mine, "true") == 0);
    return 0;
}

json_t *api_board_json(pool *p, const svc_board *b, int offset, date_ymd today)
{
    json_t *items = json_array();
    for (int i = 0; items && i < b->count; i++)
        items = api_json_append(items, board_row_json(&b->rows[i], today));
    char on[11];
    date_format(today, on);
    json_t *next =
        b->more ? json_string(api_offset_cursor_encode(p, offset + b->count)) : json_null();
    return json_pack("{s:o, s:o, s:s, s:i, s:i}", "items", items, "next_cursor", next, "on", on,
                     "total", b->total, "overdue_total", b->overdue_total);
}

void api_board_get(http_req *req)
{
    svc_board_filter f;
    if (read_board_filter(req, &f) != 0 || api_limit(req, &f.limit) != 0 ||
        api_offset_cursor(req, &f.offset) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_board b;
    if (api_answer_failure(req, svc_board_get(&ctx, &f, &b)))
        return;
    api_hold_reads(req, &ctx);
    http_reply_json(req, 200, api_board_json(req->pool, &b, f.offset, ctx.today));
}

static json_t *ledger_row_json(const svc_ledger_row *r, date_ymd today)
{
    json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "case_id", r->c->id,
                          "household", ref_json(r->c->household_id, r->c->household_name),
                          "lead_agency", ref_json(r->c->lead_agency_id, r->c->lead_agency_name),
                          "lead", ref_json(r->c->lead_id, r->c->lead_name), "policy",
                          api_json_string_or_null(r->c->policy), "last_confirmed_on",
                          api_json_string_or_null(r->c->last_reviewed_on), "next_review_on",
                          api_json_string_or_null(r->c->next_review_on), "situation",
                          r->situation ? json_pack("{s:s, s:o, s:s}", "text", r->situation, "on",
                                                   api_json_string_or_null(r->situation_on),
                                                   "source", r->situation_source)
                                       : json_null());
    return api_json_set(o, "person", subject_json(r->subject, today));
}

static const char *person_name(pool *p, const store_person *s)
{
    return pool_printf(p, "%s%s%s", s->family_name ? s->family_name : "", s->given_name ? "　" : "",
                       s->given_name ? s->given_name : "");
}

static const char *person_kana(pool *p, const store_person *s)
{
    return pool_printf(p, "%s%s%s", s->family_name_kana ? s->family_name_kana : "",
                       s->given_name_kana ? "　" : "",
                       s->given_name_kana ? s->given_name_kana : "");
}

static const char *wareki(pool *p, const char *iso)
{
    date_ymd d;
    char buf[64];
    if (!iso || !date_parse(iso, strlen(iso), &d) || era_format_date(d, buf, sizeof buf) != 0)
        return iso;
    return pool_strdup(p, buf);
}

static void ledger_csv_row(csv_buf *b, pool *p, const svc_ledger_row *r, date_ymd today)
{
    const store_person *s = &r->subject->person;
    int age = -1;
    date_ymd birth;
    if (s->birth_date && date_parse(s->birth_date, strlen(s->birth_date), &birth))
        age = date_age_on(birth, today);
    const char *cells[] = {
        person_name(p, s),
        person_kana(p, s),
        wareki(p, s->birth_date),
        age >= 0 ? pool_printf(p, "%d", age) : NULL,
        r->c->household_name,
        vocab_label(&case_categories, r->subject->category),
        wareki(p, r->subject->registered_on),
        r->c->lead_agency_name ? r->c->lead_agency_name : "こども家庭センター",
        r->c->lead_name,
        r->c->policy,
        wareki(p, r->c->last_reviewed_on),
        wareki(p, r->c->next_review_on),
        r->situation_on ? pool_printf(p, "%s %s", wareki(p, r->situation_on), r->situation)
                        : r->situation,
    };
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
        csv_cell(b, cells[i], i == 0);
    csv_end_line(b);
}

static void answer_ledger_csv(http_req *req, const svc_ledger *l, date_ymd today)
{
    static const char *const header[] = {
        "氏名",       "フリガナ", "生年月日", "年齢",       "世帯",       "区分",      "登録日",
        "主担当機関", "担当者",   "支援方針", "最終確認日", "次回見直し", "現在の状況"};
    csv_buf b;
    api_csv_start(req, &b);
    for (size_t i = 0; i < sizeof header / sizeof header[0]; i++)
        csv_cell(&b, header[i], i == 0);
    csv_end_line(&b);
    for (int i = 0; i < l->count; i++)
        ledger_csv_row(&b, req->pool, &l->rows[i], today);
    api_reply_csv(req, &b, "ledger", today);
}

void api_ledger_get(http_req *req)
{
    bool csv;
    if (api_query_format(req, &csv) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_ledger l;
    if (api_answer_failure(req, svc_ledger_get(&ctx, csv, &l)))
        return;
    api_hold_reads(req, &ctx);
    if (csv) {
        answer_ledger_csv(req, &l, ctx.today);
        return;
    }
    json_t *items = json_array();
    for (int i = 0; items && i < l.count; i++)
        items = api_json_append(items, ledger_row_json(&l.rows[i], ctx.today));
    char on[11];
    date_format(ctx.today, on);
    http_reply_json(
        req, 200,
        json_pack("{s:o, s:o, s:s}", "items", items, "next_cursor", json_null(), "on", on));
}
