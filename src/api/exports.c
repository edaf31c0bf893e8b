/* The council's exports as CSV (GET /api/v1/persons?format=csv, GET /api/v1/reports?format=csv):
 * every record, never a page of them, so the list's own parameters are refused with the CSV; the
 * service's rows out, in UTF-8 with a BOM or in CP932 (?encoding=cp932, api_csv_start). */
#include "api/common.h"
#include "api/input.h"
#include "api/resources.h"
#include "api/result.h"
#include "domain/csv.h"
#include "domain/person_codes.h"
#include "domain/report_codes.h"
#include "domain/workflow.h"
#include "service/exports.h"

#include <stdlib.h>
#include <string.h>

/* 0, or -1 after answering 400 invalid_field naming the first of names the query carries. */
static int refuse_list_parameters(http_req *req, const char *const names[], size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (http_query(req, names[i]))
            return api_invalid(req, names[i], "CSV の書き出しはすべての記録です。絞り込めません。");
    return 0;
}

static void csv_line(csv_buf *b, const char *const cells[], size_t n)
{
    for (size_t i = 0; i < n; i++)
        csv_cell(b, cells[i], i == 0);
    csv_end_line(b);
}

typedef struct csv_writing {
    http_req *req;
    csv_buf b;
} csv_writing;

static int person_line(void *arg, const store_person *p)
{
    csv_writing *w = arg;
    const char *cells[] = {
        p->id,
        p->family_name,
        p->given_name,
        p->family_name_kana,
        p->given_name_kana,
        p->birth_date,
        vocab_label(&person_sexes, p->sex),
        p->address,
        p->phone,
        p->resident_id,
        p->address_protected ? "住所秘匿" : NULL,
    };
    csv_line(&w->b, cells, sizeof cells / sizeof cells[0]);
    return 0;
}

static svc_result write_persons(svc_ctx *ctx, csv_writing *w)
{
    return svc_export_persons(ctx, person_line, w);
}

/* What one export is: its file name, the list parameters it refuses, its header, its writer. */
typedef struct export_kind {
    const char *name;
    const char *const *list_parameters;
    size_t list_parameter_count;
    const char *const *header;
    size_t header_count;
    svc_result (*write)(svc_ctx *ctx, csv_writing *w);
} export_kind;

#define ITEMS(a) a, sizeof a / sizeof a[0]

/* The CSV when the service wrote it all, else its failure. */
static void answer_export(http_req *req, const export_kind *k)
{
    if (refuse_list_parameters(req, k->list_parameters, k->list_parameter_count) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    csv_writing w = {.req = req};
    api_csv_start(req, &w.b);
    csv_line(&w.b, k->header, k->header_count);
    if (api_answer_failure(req, k->write(&ctx, &w))) {
        free(w.b.text);
        return;
    }
    api_hold_reads(req, &ctx);
    api_reply_csv(req, &w.b, k->name, ctx.today);
}

void api_persons_export(http_req *req)
{
    static const char *const list_parameters[] = {"q", "cursor", "limit"};
    static const char *const header[] = {"ID",         "氏",       "名",      "氏（カナ）",
                                         "名（カナ）", "生年月日", "性別",    "住所",
                                         "電話番号",   "住民番号", "住所秘匿"};
    const export_kind k = {"persons", ITEMS(list_parameters), ITEMS(header), write_persons};
    answer_export(req, &k);
}

/* The report's types by their labels, "、" between them (a code without one as it is). */
static const char *type_labels(pool *p, const char *column)
{
    char **types;
    int n;
    if (store_report_list_decode(p, column, &types, &n) != STORE_OK)
        return NULL;
    const char *out = "";
    for (int i = 0; i < n; i++) {
        const char *label = report_abuse_type_label(types[i]);
        out = pool_printf(p, "%s%s%s", out, i ? "、" : "", label ? label : types[i]);
    }
    return out;
}

static int report_line(void *arg, const store_report_export_row *r)
{
    csv_writing *w = arg;
    pool *p = w->req->pool;
    char received[26];
    date_format_instant_jst(r->received_at, received);
    received[10] = ' '; /* "2024-04-01 10:00" in Japan time, as a spreadsheet reads one */
    received[16] = '\0';
    const char *cells[] = {
        r->id,
        workflow_kind_label(workflow_kind_from_code(r->kind)),
        received,
        report_route_label(r->route),
        type_labels(p, r->abuse_types),
        r->main_perpetrator ? report_perpetrator_label(r->main_perpetrator) : NULL,
        workflow_step_label(workflow_step_from_code(r->status)),
        r->child_id,
        pool_printf(p, "%s%s%s", r->family_name, r->given_name ? "　" : "",
                    r->given_name ? r->given_name : ""),
        r->birth_date,
    };
    csv_line(&w->b, cells, sizeof cells / sizeof cells[0]);
    return 0;
}

static svc_result write_reports(svc_ctx *ctx, csv_writing *w)
{
    return svc_export_reports(ctx, report_line, w);
}

void api_reports_export(http_req *req)
{
    static const char *const list_parameters[] = {"kind", "child_id", "guardian_id",
                                                  "open", "cursor",   "limit"};
    static const char *const header[] = {"ID",       "種別",         "受理日時", "経路",
                                         "虐待種別", "主たる虐待者", "状況",     "児童ID",
                                         "児童氏名", "生年月日"};
    const export_kind k = {"reports", ITEMS(list_parameters), ITEMS(header), write_reports};
    answer_export(req, &k);
}

bool api_answered_as_export(http_req *req, void (*export)(http_req *req))
{
    bool csv;
    if (api_query_format(req, &csv) != 0)
        return true;
    if (csv)
        export(req);
    return csv;
}
