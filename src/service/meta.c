#include "service/meta.h"

svc_result svc_meta_get(svc_ctx *ctx, svc_meta *out)
{
    *out = (svc_meta){.codes = vocab_all(), .role = ctx->role};
    for (int p = PERM_NONE + 1; p < PERM_COUNT; p++)
        if (svc_may(ctx, (permission)p) && permission_code((permission)p))
            out->permissions[out->permission_count++] = permission_code((permission)p);
    return svc_ok();
}
