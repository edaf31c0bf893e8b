/* What the UI is given once after sign-in (GET /api/v1/meta): every code table with its
 * Japanese labels (domain/vocab.h), the caller's role and the permissions it holds, so that the
 * screens keep no copy of either and offer only what the server would allow. */
#ifndef TSUNAGU_SERVICE_META_H
#define TSUNAGU_SERVICE_META_H

#include "domain/vocab.h"
#include "service/service.h"

typedef struct svc_meta {
    const vocab *const *codes; /* vocab_all(): ended by NULL */
    role role;
    const char *permissions[PERM_COUNT]; /* the codes of those held, PERM_NONE left out */
    int permission_count;
} svc_meta;

/* Any signed-in user. Names no person: nothing to audit. */
svc_result svc_meta_get(svc_ctx *ctx, svc_meta *out);

#endif
