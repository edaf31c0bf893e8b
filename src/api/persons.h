/* The JSON of the persons resource, for the handlers and for a benchmark that measures them
 * in-process: each takes the use case's record and returns the answer's body (NULL when it
 * could not be built). */
#ifndef TSUNAGU_API_PERSONS_H
#define TSUNAGU_API_PERSONS_H

#include "service/persons.h"
#include "service/search.h"

#include <jansson.h>

/* GET /persons/{id}: the person with their households. */
json_t *api_person_record_json(const svc_person_record *r, date_ymd today);
/* GET /persons?q=: {items, next_cursor}; the cursor is encoded in p. */
json_t *api_person_search_json(pool *p, const svc_search_page *page, date_ymd today);

#endif
