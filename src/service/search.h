/* Name search: persons whose name or kana starts with the text typed, each listed once. */
#ifndef TSUNAGU_SERVICE_SEARCH_H
#define TSUNAGU_SERVICE_SEARCH_H

#include "service/service.h"
#include "store/persons.h"

enum { SVC_SEARCH_QUERY_MAX = 201 }; /* characters: a full name of two names at most */

typedef struct svc_search_input {
    const char *q; /* as typed: any width, hiragana or katakana, spaces */
    int limit;     /* persons listed, at least 1 */
    /* where the page starts: after this key row (NULL for the first page) */
    const char *after_key, *after_id;
} svc_search_input;

typedef struct svc_search_page {
    store_person *items; /* in the pool */
    int count;
    bool more;                      /* another page follows, starting after next_key/next_id */
    const char *next_key, *next_id; /* the last key row read */
} svc_search_page;

/* One page of persons matching q, in key order, each audited as a search hit (one row "-"
 * when nothing matched: the search itself is on record). INVALID "q" when q is missing,
 * too long or has nothing to search by; FORBIDDEN without PERM_PERSON_READ. */
svc_result svc_search_persons(svc_ctx *ctx, const svc_search_input *in, svc_search_page *out);

#endif
