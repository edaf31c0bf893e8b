/* The case as the API shows it, for the other resources that answer cases (the board, the
 * partners' view): built from the record and the request's date, reading nothing. */
#ifndef TSUNAGU_API_CASES_H
#define TSUNAGU_API_CASES_H

#include "domain/date.h"
#include "store/cases.h"

#include <jansson.h>

json_t *api_case_json(const store_case *k, date_ymd today);

#endif
