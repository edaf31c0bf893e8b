/* The risk table's JSON form: what GET/PUT /api/v1/settings/risk_table answer and take, and what
 * the settings row keeps (the same form, so a table read can be sent back). One codec for the
 * API and the store; jansson only, no I/O. */
#ifndef TSUNAGU_DOMAIN_RISK_JSON_H
#define TSUNAGU_DOMAIN_RISK_JSON_H

#include "domain/risk.h"

#include <jansson.h>

/* {items: [{code, label, weight, source}], high_from, medium_from, candidate_codes,
 * candidate_when_high}; NULL when it could not be built (caller owns the reference). */
json_t *risk_table_to_json(const risk_table *t);
/* Reads a table (every item once, weights 0..10, labels 1..100 characters, thresholds that pass
 * risk_table_check). 0, or -1 with *field naming the offending field. */
int risk_table_from_json(json_t *v, risk_table *t, const char **field);

#endif
