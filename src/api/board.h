/* The coordinator's board's answer (GET /api/v1/board), apart from the request: the
 * handler and bench/cases_bench.c build it with the same function. */
#ifndef TSUNAGU_API_BOARD_H
#define TSUNAGU_API_BOARD_H

#include "domain/date.h"
#include "service/board.h"
#include "util/pool.h"

#include <jansson.h>

/* {"items":[…],"next_cursor","on","total","overdue_total"}: the page b, read from `offset`, as
 * of today. */
json_t *api_board_json(pool *p, const svc_board *b, int offset, date_ymd today);

#endif
