/* The JSON of the alert board, apart from its handler so that the benchmark renders the board as
 * the server does (bench/alerts_bench.c). */
#ifndef TSUNAGU_API_ALERTS_H
#define TSUNAGU_API_ALERTS_H

#include "service/alerts.h"

#include <jansson.h>

/* {"items":[…],"next_cursor":…,"total":N} of a page (caller owns it), or NULL when a part could
 * not be built: an item is never left out. The cursor (in p) carries the board's instant and the
 * last item's sort key. */
json_t *api_alerts_page_json(pool *p, const svc_alerts_page *board);

#endif
