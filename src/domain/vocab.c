#include "domain/vocab.h"
#include "domain/due.h"
#include "domain/person_codes.h"
#include "domain/risk.h"
#include "domain/screening.h"
#include "domain/visit_kinds.h"

#include "domain/report_codes.h"
#include "domain/workflow.h"

#include <string.h>

int vocab_index(const vocab *v, const char *code)
{
    for (int i = 0; code && v->codes[i].code; i++)
        if (strcmp(v->codes[i].code, code) == 0)
            return i;
    return -1;
}

const char *vocab_label(const vocab *v, const char *code)
{
    int i = vocab_index(v, code);
    return i < 0 ? NULL : v->codes[i].label;
}

/* One line per table; each is defined beside the rules that use it. */
const vocab *const *vocab_all(void)
{
    static const vocab *const all[] = {
        &alert_kinds_vocab,
        &person_sexes,
        &household_relations,
        &report_abuse_types,
        &report_perpetrators,
        &report_routes,
        &workflow_report_kinds,
        &workflow_report_steps,
        &workflow_urgencies,
        &risk_levels,
        &notification_bands,
        &screening_instruments,
        &visit_kinds,
        &visit_statuses,
        &checkup_statuses,
        &postpartum_subtypes,
        &checkup_subtypes,
        NULL,
    };
    return all;
}
