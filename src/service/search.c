#include "service/search.h"

#include "domain/kana.h"
#include "domain/person_keys.h"
#include "domain/validate.h"

#include <string.h>

typedef struct hits {
    svc_search_page *page;
    const char *prefix;
    int limit;
    int rows; /* key rows read */
    pool *pool;
} hits;

/* A person matched by two keys (タナカタロウ and タロウ for タ) is listed once, at its first. */
static bool first_match(const store_person *p, const char *prefix, const char *key)
{
    person_names names = {.family_name = p->family_name,
                          .given_name = p->given_name,
                          .family_name_kana = p->family_name_kana,
                          .given_name_kana = p->given_name_kana};
    return person_names_first_match(&names, prefix, key);
}

static int add_hit(void *arg, const store_person *p, const char *key)
{
    hits *h = arg;
    svc_search_page *page = h->page;
    bool listed = first_match(p, h->prefix, key);
    if (listed && page->count == h->limit) {
        page->more = true;
        return 1;
    }
    h->rows++;
    page->next_key = pool_strdup(h->pool, key);
    page->next_id = p->id; /* the pool's: store_person_search was given it */
    if (listed)
        page->items[page->count++] = *p;
    return 0;
}

/* Every person a search lists is audited, so the audit log shows who saw whom. */
static bool audit_hits(svc_ctx *ctx, const svc_search_page *page)
{
    if (page->count == 0)
        return svc_audit_read_action(ctx, "search", "person", "-", NULL);
    for (int i = 0; i < page->count; i++)
        if (!svc_audit_read_action(ctx, "search", "person", page->items[i].id, page->items[i].id))
            return false;
    return true;
}

static svc_result search_key(svc_ctx *ctx, const char *q, char **out)
{
    if (!q || !*q)
        return svc_missing("q");
    if (validate_utf8_chars(q, strlen(q)) > SVC_SEARCH_QUERY_MAX)
        return svc_invalid("q", "検索語が長すぎます。");
    *out = pool_adopt(ctx->pool, kana_search_key(q, strlen(q)));
    if (!*out)
        return svc_invalid("q", "使用できない文字が含まれています。");
    return **out ? svc_ok() : svc_missing("q");
}

svc_result svc_search_persons(svc_ctx *ctx, const svc_search_input *in, svc_search_page *out)
{
    *out = (svc_search_page){0};
    if (!svc_may(ctx, PERM_PERSON_READ))
        return svc_forbidden(NULL);
    char *key = NULL;
    svc_result r = search_key(ctx, in->q, &key);
    if (r.status != SVC_OK)
        return r;
    if (in->limit < 1)
        return svc_invalid("limit", "limit が正しくありません。");
    out->items = pool_alloc(ctx->pool, sizeof *out->items * (size_t)in->limit);
    hits h = {.page = out, .prefix = key, .limit = in->limit, .pool = ctx->pool};
    /* Each person has up to four keys, so a page may read more rows than it lists. */
    int rows_max = in->limit * 2 + 2;
    int rc = store_person_search(ctx->db, ctx->pool, key, in->after_key, in->after_id, rows_max,
                                 add_hit, &h);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    if (h.rows == rows_max)
        out->more = true;
    return audit_hits(ctx, out) ? svc_ok() : svc_error();
}
