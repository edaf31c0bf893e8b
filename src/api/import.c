/* POST /api/v1/import/{kind}: the CSV file as the body (text/csv, up to 64 MiB: the route's flag
 * ROUTE_LARGE_BODY), the import's answer as interchange.md gives it. The file name for the
 * errors and the imports row is ?file_name= (default "upload.csv"); ?encoding=utf-8|cp932
 * overrides the detection; ?alerts_from=YYYY-MM-DD (default: today). */
#include "api/input.h"
#include "api/resources.h"
#include "api/result.h"
#include "service/import.h"

#include <string.h>
#include <strings.h>

static bool is_csv(http_req *req)
{
    const char *type = http_header(req, "Content-Type");
    size_t n = strlen("text/csv");
    return type && strncasecmp(type, "text/csv", n) == 0 && (type[n] == '\0' || type[n] == ';');
}

static int read_encoding(http_req *req, svc_import_encoding *out)
{
    const char *e = http_query(req, "encoding");
    *out = SVC_IMPORT_DETECT;
    if (!e)
        return 0;
    if (strcasecmp(e, "utf-8") == 0)
        *out = SVC_IMPORT_UTF8;
    else if (strcasecmp(e, "cp932") == 0)
        *out = SVC_IMPORT_CP932;
    else
        return api_invalid(req, "encoding", "utf-8 または cp932 で指定してください。");
    return 0;
}

static int read_input(http_req *req, svc_import_input *in)
{
    *in = (svc_import_input){.kind = import_kind_from_code(req->params[0]),
                             .file_name = http_query(req, "file_name"),
                             .data = req->body ? req->body : "",
                             .len = req->body_len,
                             .alerts_from = http_query(req, "alerts_from")};
    if (in->kind == IMPORT_KIND_NONE)
        return api_invalid(req, "kind", "persons, pregnancies, reports, visits のいずれかです。");
    if (!is_csv(req))
        return api_invalid(req, "Content-Type", "CSV（text/csv）を送ってください。");
    if (!in->file_name || !*in->file_name)
        in->file_name = "upload.csv";
    else if (strlen(in->file_name) > 255)
        return api_invalid(req, "file_name", "255バイト以内で指定してください。");
    return read_encoding(req, &in->encoding);
}

static json_t *rows_json(const svc_import_result *r)
{
    json_t *rows = json_array();
    for (int i = 0; rows && i < r->error_count; i++) {
        const svc_import_error *e = &r->errors[i];
        json_t *row = json_pack("{s:I, s:s, s:s}", "line", (json_int_t)e->line, "column", e->column,
                                "reason", e->reason);
        if (!row || json_array_append_new(rows, row) != 0) {
            json_decref(rows);
            return NULL;
        }
    }
    return rows;
}

static void answer_invalid_csv(http_req *req, svc_result res, const svc_import_result *r)
{
    const char *message = r->errors_not_listed
                              ? pool_printf(req->pool, "%s（ほかに %ld 件の誤りがあります）",
                                            res.message, r->errors_not_listed)
                              : res.message;
    json_t *rows = rows_json(r);
    http_reply_json(req, 400,
                    rows ? json_pack("{s:{s:s, s:s}, s:o}", "error", "code", "invalid_csv",
                                     "message", message, "rows", rows)
                         : NULL);
}

void api_import(http_req *req)
{
    svc_import_input in;
    if (read_input(req, &in) != 0)
        return;
    svc_ctx ctx;
    api_ctx(req, &ctx);
    svc_import_result r;
    svc_result res = svc_import_run(&ctx, &in, &r);
    if (res.status == SVC_INVALID && res.code && strcmp(res.code, "invalid_csv") == 0) {
        answer_invalid_csv(req, res, &r);
        return;
    }
    if (api_answer_failure(req, res))
        return;
    const char *kind = import_kind_code(in.kind);
    http_reply_json(req, 200,
                    json_pack("{s:{s:I}, s:{s:I}}", "imported", kind, (json_int_t)r.imported,
                              "skipped", kind, (json_int_t)r.skipped));
}
