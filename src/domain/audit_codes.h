/* The codes of the audit log: what was done (action) and to what (object type), with the labels
 * the audit screen shows ("audit_actions", "audit_object_types" in GET /api/v1/meta). */
#ifndef TSUNAGU_DOMAIN_AUDIT_CODES_H
#define TSUNAGU_DOMAIN_AUDIT_CODES_H

#include "domain/vocab.h"

extern const vocab audit_actions_vocab;
extern const vocab audit_object_types_vocab;

#endif
