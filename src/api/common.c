#include "api/common.h"
#include "api/input.h"
#include "api/result.h"
#include "domain/date.h"
#include "util/cp932.h"

#include <stdlib.h>
#include <string.h>

static void decref(void *v)
{
    json_decref(v);
}

json_t *api_adopt_json(http_req *req, json_t *v)
{
    pool_on_destroy(req->pool, decref, v);
    return v;
}

static void free_text(void *text)
{
    free(text);
}

static bool in_cp932(http_req *req)
{
    const char *encoding = http_query(req, "encoding");
    return encoding && strcmp(encoding, "cp932") == 0;
}

void api_csv_start(http_req *req, csv_buf *b)
{
    *b = (csv_buf){0};
    if (in_cp932(req))
        b->flag = cp932_lacks_any;
    else
        csv_bom(b);
}

/* The CSV b, in CP932, in the pool (NULL: not UTF-8, which the writers never make). */
static char *cp932_text(http_req *req, csv_buf *b, size_t *len)
{
    if (b->flagged > 0) {
        csv_cell(b,
                 pool_printf(req->pool, "警告: CP932にない文字を〓に置き換えたセルが%zu個あります",
                             b->flagged),
                 true);
        csv_end_line(b);
    }
    char *text;
    size_t replaced;
    if (cp932_from_utf8(b->text, b->len, &text, len, &replaced, NULL) != 0)
        return NULL;
    pool_on_destroy(req->pool, free_text, text);
    http_add_header(req, "X-Tsunagu-Replaced-Cells", pool_printf(req->pool, "%zu", b->flagged));
    return text;
}

void api_reply_csv(http_req *req, csv_buf *b, const char *name, date_ymd today)
{
    pool_on_destroy(req->pool, free_text, b->text);
    char *text = b->text;
    size_t len = b->len;
    bool cp932 = in_cp932(req);
    if (cp932 && !(text = cp932_text(req, b, &len))) {
        http_reply_internal(req);
        return;
    }
    char on[11];
    date_format(today, on);
    http_add_header(req, "Content-Disposition",
                    pool_printf(req->pool, "attachment; filename=\"%s-%s.csv\"", name, on));
    http_reply_bytes(req, 200, cp932 ? "text/csv; charset=Windows-31J" : "text/csv; charset=utf-8",
                     text, len);
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

static json_t *age_json(const char *birth_date, date_ymd today)
{
    date_ymd b;
    if (!birth_date || !date_parse(birth_date, strlen(birth_date), &b))
        return json_null();
    int age = date_age_on(b, today);
    return age >= 0 ? json_integer(age) : json_null();
}

date_ymd api_today(const http_req *req)
{
    return date_jst_of_instant(req->now);
}

json_t *api_person_brief_json(const store_person *p, date_ymd today)
{
    return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "id", p->id, "family_name",
                     api_json_string_or_null(p->family_name), "given_name",
                     api_json_string_or_null(p->given_name), "family_name_kana",
                     api_json_string_or_null(p->family_name_kana), "given_name_kana",
                     api_json_string_or_null(p->given_name_kana), "birth_date",
                     api_json_string_or_null(p->birth_date), "age", age_json(p->birth_date, today));
}

json_t *api_person_json(const store_person *p, date_ymd today)
{
    json_t *o = api_person_brief_json(p, today);
    o = api_json_set(o, "version", json_integer(p->version));
    o = api_json_set(o, "sex", api_json_string_or_null(p->sex));
    o = api_json_set(o, "address", api_json_string_or_null(p->address));
    o = api_json_set(o, "phone", api_json_string_or_null(p->phone));
    o = api_json_set(o, "resident_id", api_json_string_or_null(p->resident_id));
    o = api_json_set(o, "affiliation", api_json_string_or_null(p->affiliation));
    o = api_json_set(o, "address_protected", json_boolean(p->address_protected));
    o = api_json_set(o, "address_withheld", json_boolean(p->address_withheld));
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

void api_followup(http_req *req, svc_followup_of of, api_followed_up_json render)
{
    static const char *const allowed[] = {"on", "note", NULL};
    svc_followup_input in = {.of = of, .id = req->params[0]};
    json_t *body;
    if (api_body(req, allowed, &body) != 0 || api_date(req, body, "on", false, &in.on) != 0 ||
        api_text(req, body, "note", API_TEXT_MAX, false, &in.note) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_followed_up out;
    if (!api_answer_failure(req, svc_followups_record(&ctx, &in, &out)))
        http_reply_json(req, 200, render(&out, ctx.today));
}

json_t *api_import_origin_json(const store_import_origin *o)
{
    if (!o)
        return json_null();
    return json_pack("{s:s, s:s, s:I, s:s, s:o}", "import_id", o->import_id, "file_name",
                     o->file_name, "line", (json_int_t)o->line, "external_id", o->external_id, "at",
                     api_json_instant(o->at));
}
