/* The case summary (情報提供): what the center hands the receiving municipality when a family
 * moves away (domain.md: "the case summary is handed over"), printed on A4 by the UI — the
 * subjects (name, birth date, designation), the household, the lead, when and why the case
 * opened and closed, the policy, the latest plan's goals and services, the conferences held and
 * the open actions. Never a reporter, a report, an investigation note or a closing note; the
 * address and phone of a person marked 住所秘匿 are left out (and the household's address when
 * a current member is marked). Any case may be summarised (prepared before it closes); audited
 * as a read of the case about each subject. PERM_CASE_READ. */
#ifndef TSUNAGU_SERVICE_CASE_SUMMARY_H
#define TSUNAGU_SERVICE_CASE_SUMMARY_H

#include "service/service.h"
#include "store/case_summary.h"
#include "store/cases.h"

typedef struct svc_case_summary {
    store_case kase;
    store_case_summary s; /* contacts with address/phone NULL where withheld */
    bool *withheld;       /* [kase.subject_count]: that subject's address and phone left out */
} svc_case_summary;

svc_result svc_case_summary_get(svc_ctx *ctx, const char *case_id, svc_case_summary *out);
/* The contact of person_id in s (NULL when none). */
const store_summary_contact *svc_case_summary_contact(const store_case_summary *s,
                                                      const char *person_id);

#endif
