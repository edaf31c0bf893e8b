/* The codes of a report (domain.md): abuse types, main perpetrator, route (経路), with their
 * Japanese labels. Statistics count by these codes. */
#ifndef TSUNAGU_DOMAIN_REPORT_CODES_H
#define TSUNAGU_DOMAIN_REPORT_CODES_H

typedef struct report_code {
    const char *code;
    const char *label;
} report_code;

/* NULL-terminated tables, in the order of the national forms. */
extern const report_code report_abuse_types[];
extern const report_code report_perpetrators[];
extern const report_code report_routes[];

/* The label of code in table, or NULL when the code is not in it. */
const char *report_code_label(const report_code table[], const char *code);

#endif
