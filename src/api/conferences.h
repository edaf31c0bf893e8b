/* A meeting's generated agenda as GET /api/v1/conferences/agenda answers it, apart from the
 * request: the handler and bench/cases_bench.c build it with the same function. */
#ifndef TSUNAGU_API_CONFERENCES_H
#define TSUNAGU_API_CONFERENCES_H

#include "domain/date.h"
#include "service/conferences.h"

#include <jansson.h>

/* {"kind","on","last_conference_id","since","items":[…]}; ages as of today. */
json_t *api_agenda_json(const svc_agenda *a, date_ymd today);

#endif
