#include "domain/vocab.h"

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
        &report_abuse_types,    /* report_codes.c */
        &report_perpetrators,   /* report_codes.c */
        &report_routes,         /* report_codes.c */
        &workflow_report_kinds, /* workflow.c */
        &workflow_report_steps, /* workflow.c */
        &workflow_urgencies,    /* workflow.c */
        NULL,
    };
    return all;
}
