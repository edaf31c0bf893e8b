/* The coordinator's board's answer (GET /api/v1/board), apart from the request: the
 * handler and bench/cases_bench.c build it with the same function. */
#ifndef TSUNAGU_API_BOARD_H
#define TSUNAGU_API_BOARD_H

#include "domain/date.h"
#include "service/board.h"

#include <jansson.h>

/* {"items":[…],"next_cursor":null,"on","total"}: every row of b as of today. */
json_t *api_board_json(const svc_board *b, date_ymd today);

#endif
