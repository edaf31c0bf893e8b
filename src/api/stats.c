/* GET /api/v1/stats/…: the range in (fy_from, fy_to, format), the service's table out as JSON
 * or CSV. One reader of the query and one writer of each format serve every table: a table says
 * its columns (service/stats.h). */
#include "api/common.h"
#include "api/input.h"
#include "api/resources.h"
#include "api/result.h"
#include "domain/csv.h"
#include "service/stats.h"

#include <stdlib.h>
#include <string.h>

typedef svc_result (*stats_fn)(svc_ctx *ctx, const svc_stats_query *q, svc_stats_table *out);

static int read_year(http_req *req, const char *name, int *out)
{
    const char *s = http_query(req, name);
    if (!s)
        return api_missing(req, name);
    long long v = api_plain_number(s, 9999);
    if (v < 0)
        return api_invalid(req, name, "年度は西暦4桁で指定してください。");
    *out = (int)v;
    return 0;
}

static int read_query(http_req *req, svc_stats_query *q)
{
    *q = (svc_stats_query){0};
    if (read_year(req, "fy_from", &q->fy_from) != 0 || read_year(req, "fy_to", &q->fy_to) != 0)
        return -1;
    return api_query_format(req, &q->export);
}

static json_t *value_json(svc_stats_kind kind, int64_t v)
{
    if (kind != SVC_STATS_HOURS && kind != SVC_STATS_DAYS)
        return json_integer(v);
    if (v == SVC_STATS_NONE)
        return json_null();
    return kind == SVC_STATS_HOURS ? json_real((double)v / 10.0) : json_integer(v);
}

static json_t *row_json(const svc_stats_table *t, const svc_stats_row *row)
{
    json_t *o = json_pack("{s:i, s:s, s:s}", "fiscal_year", row->fiscal_year, "label", row->label,
                          "short", row->short_label);
    for (int c = 0; o && c < t->column_count; c++) {
        const svc_stats_column *col = &t->columns[c];
        const int64_t *v = &row->values[t->offset[c]];
        if (col->kind != SVC_STATS_CODES) {
            o = api_json_set(o, col->key, value_json(col->kind, v[0]));
            continue;
        }
        json_t *codes = json_object();
        for (int i = 0; codes && i < svc_stats_column_width(col); i++)
            if (json_object_set_new(codes, svc_stats_code(col, i), json_integer(v[i])) != 0) {
                json_decref(codes);
                codes = NULL;
            }
        o = api_json_set(o, col->key, codes);
    }
    return o;
}

static json_t *table_json(const svc_stats_table *t)
{
    json_t *rows = json_array();
    for (int i = 0; rows && i < t->row_count; i++)
        rows = api_json_append(rows, row_json(t, &t->rows[i]));
    return rows ? json_pack("{s:o}", "rows", rows) : NULL;
}

/* 年度, then each column's label, or each code's label for a group of codes. */
static void csv_header(csv_buf *b, pool *p, const svc_stats_table *t)
{
    csv_cell(b, "年度", true);
    for (int c = 0; c < t->column_count; c++) {
        const svc_stats_column *col = &t->columns[c];
        if (col->kind != SVC_STATS_CODES)
            csv_cell(b, col->label, false);
        for (int i = 0; col->kind == SVC_STATS_CODES && i < svc_stats_column_width(col); i++)
            csv_cell(b,
                     col->label ? pool_printf(p, "%s %s", col->label, svc_stats_code_label(col, i))
                                : svc_stats_code_label(col, i),
                     false);
    }
    csv_end_line(b);
}

static void csv_value(csv_buf *b, svc_stats_kind kind, int64_t v)
{
    char cell[32];
    if ((kind == SVC_STATS_HOURS || kind == SVC_STATS_DAYS) && v == SVC_STATS_NONE)
        cell[0] = '\0';
    else if (kind == SVC_STATS_HOURS)
        snprintf(cell, sizeof cell, "%lld.%lld", (long long)(v / 10), (long long)(v % 10));
    else
        snprintf(cell, sizeof cell, "%lld", (long long)v);
    csv_cell(b, cell, false);
}

static void answer_csv(http_req *req, const svc_stats_table *t, date_ymd today)
{
    csv_buf b;
    api_csv_start(req, &b);
    csv_header(&b, req->pool, t);
    for (int i = 0; i < t->row_count; i++) {
        const svc_stats_row *row = &t->rows[i];
        csv_cell(&b, row->label, true);
        for (int c = 0; c < t->column_count; c++)
            for (int k = 0; k < svc_stats_column_width(&t->columns[c]); k++)
                csv_value(&b, t->columns[c].kind, row->values[t->offset[c] + k]);
        csv_end_line(&b);
    }
    api_reply_csv(req, &b, t->name, today);
}

static void answer_stats(http_req *req, stats_fn fn)
{
    svc_stats_query q;
    if (read_query(req, &q) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_stats_table t;
    if (api_answer_failure(req, fn(&ctx, &q, &t)))
        return;
    api_hold_reads(req, &ctx);
    if (q.export)
        answer_csv(req, &t, ctx.today);
    else
        http_reply_json(req, 200, table_json(&t));
}

void api_stats_reports(http_req *req)
{
    answer_stats(req, svc_stats_reports);
}

void api_stats_safety(http_req *req)
{
    answer_stats(req, svc_stats_safety);
}

void api_stats_pregnancies(http_req *req)
{
    answer_stats(req, svc_stats_pregnancies);
}

void api_stats_newborn_visits(http_req *req)
{
    answer_stats(req, svc_stats_newborn_visits);
}

void api_stats_companion_interviews(http_req *req)
{
    answer_stats(req, svc_stats_companion_interviews);
}

void api_stats_checkups(http_req *req)
{
    answer_stats(req, svc_stats_checkups);
}

void api_stats_support_lead(http_req *req)
{
    answer_stats(req, svc_stats_support_lead);
}

void api_stats_designations(http_req *req)
{
    answer_stats(req, svc_stats_designations);
}

void api_stats_national_reports(http_req *req)
{
    answer_stats(req, svc_stats_national_reports);
}
