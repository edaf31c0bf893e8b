/* The council's exports (api.md: persons and reports as CSV for the 要対協): every person, every
 * report with its children. PERM_COUNCIL_EXPORT (the director and the coordinator; a partner
 * never). Each person named is audited as an `export` of the record against that person, and the
 * export itself as an `export` of {"type":"export","id":"persons"|"reports"}. */
#ifndef TSUNAGU_SERVICE_EXPORTS_H
#define TSUNAGU_SERVICE_EXPORTS_H

#include "service/service.h"
#include "store/persons.h"
#include "store/reports.h"

/* Each person, by kana name; one under address protection (住所秘匿) with address and phone
 * left out (NULL, address_withheld set: ADDRESS_VIEW_PAPER). fn returning non-zero fails the
 * export. */
typedef int (*svc_export_person_fn)(void *arg, const store_person *p);
svc_result svc_export_persons(svc_ctx *ctx, svc_export_person_fn fn, void *arg);

/* Each child of each report and consultation, oldest report first. The reporter is never
 * exported (児童虐待防止法 第7条), nor the summary or any note. */
typedef int (*svc_export_report_fn)(void *arg, const store_report_export_row *r);
svc_result svc_export_reports(svc_ctx *ctx, svc_export_report_fn fn, void *arg);

#endif
