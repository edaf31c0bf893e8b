/* One page of a list: {"items": [...], "next_cursor": …}. The store is asked for limit + 1 rows,
 * so the page knows whether another follows; the cursor is the last listed row's sort key. */
#ifndef TSUNAGU_API_PAGE_H
#define TSUNAGU_API_PAGE_H

#include "http/request.h"

#include <jansson.h>

typedef struct api_page {
    http_req *req;
    json_t *items;
    int limit, count;
    const char *last[2]; /* sort key of the last row listed (borrowed; pool or store memory) */
    int key_parts;
    bool more, failed;
    bool has_total; /* a working list's answer: "total", the rows its filter matches */
    int64_t total;
} api_page;

void api_page_start(api_page *pg, http_req *req, int limit, int key_parts);
/* In a row callback: true when the page is full (the row is not listed: stop the store). */
bool api_page_full(api_page *pg);
/* Lists item (handed over) with the row's sort key. A NULL item (a failed json_pack) fails the
 * page: api_page_answer then answers 500. */
void api_page_add(api_page *pg, json_t *item, const char *key0, const char *key1);
/* ?cursor= split into n parts; all NULL when absent. -1 after answering 400. */
int api_page_cursor(http_req *req, char *parts[], int n);
/* Answers 200 with the page (and "total" when has_total: an extension of api.md's list shape), or
 * 500 when rc is not STORE_OK or a row failed. */
void api_page_answer(api_page *pg, int rc);

#endif
