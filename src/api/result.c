#include "api/result.h"
#include "api/input.h"

void api_ctx(http_req *req, svc_ctx *ctx)
{
    svc_ctx_init(ctx, req->db, req->pool, req->user ? req->user->id : NULL,
                 req->user ? req->user->role : ROLE_NONE, req->now);
}

bool api_answer_failure(http_req *req, svc_result r)
{
    switch (r.status) {
    case SVC_OK:
        return false;
    case SVC_INVALID:
        if (r.code && r.message)
            http_reply_error(req, 400, r.code, r.message, r.field);
        else if (r.code)
            api_missing(req, r.field);
        else
            api_invalid(req, r.field, r.message ? r.message : "入力内容が正しくありません。");
        return true;
    case SVC_NOT_FOUND:
        api_not_found(req);
        return true;
    case SVC_CONFLICT:
        api_version_conflict(req);
        return true;
    case SVC_INVALID_TRANSITION:
        http_reply_error(req, 409, r.code ? r.code : "invalid_transition",
                         r.message ? r.message : "この操作は今の状態ではできません。", r.field);
        return true;
    case SVC_FORBIDDEN:
        http_reply_error(req, 403, r.code ? r.code : "forbidden",
                         r.message ? r.message : "この操作を行う権限がありません。", NULL);
        return true;
    case SVC_BUSY:
        http_reply_busy(req);
        return true;
    case SVC_ERROR:
    default:
        http_reply_internal(req);
        return true;
    }
}

void api_hold_reads(http_req *req, svc_ctx *ctx)
{
    svc_reads_drop_shown(ctx);
    if (ctx->read_count)
        http_hold_for_audit(req, ctx->reads, ctx->read_count);
    ctx->read_count = 0;
}
