/* The codes of a report (domain.md): abuse types, main perpetrator, route (経路), with their
 * Japanese labels, as vocab tables (served to the UI by svc_meta_tables). Statistics count by these
 * codes. */
#ifndef TSUNAGU_DOMAIN_REPORT_CODES_H
#define TSUNAGU_DOMAIN_REPORT_CODES_H

#include "domain/vocab.h"

#include <stdbool.h>

/* In the order of the national forms. */
extern const vocab report_abuse_types;  /* "abuse_types" */
extern const vocab report_perpetrators; /* "perpetrators" */
extern const vocab report_routes;       /* "report_routes" */

/* The label of a code, or NULL when the code is not one of the table's. */
const char *report_abuse_type_label(const char *code);
const char *report_perpetrator_label(const char *code);
const char *report_route_label(const char *code);

#endif
