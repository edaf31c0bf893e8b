/* The statistics (api.md, Statistics and More statistics): tables of one row per fiscal year
 * (年度, April–March in Japan time) of a range, zero rows included, each row a few counts and
 * groups of counts by code (every code present, 0 when none). A table says what its columns are
 * (svc_stats_column), so that one JSON and one CSV writer serve every table. Readable with
 * PERM_STATS_READ; each read audited as a read of "stats" (the CSV: "export"). */
#ifndef TSUNAGU_SERVICE_STATS_H
#define TSUNAGU_SERVICE_STATS_H

#include "domain/vocab.h"
#include "service/service.h"

#include <stdbool.h>
#include <stdint.h>

enum { SVC_STATS_FY_MIN = 1989, SVC_STATS_FY_MAX = 2100, SVC_STATS_COLUMNS_MAX = 8 };

typedef enum svc_stats_kind {
    SVC_STATS_COUNT, /* one count */
    SVC_STATS_HOURS, /* hours in tenths, SVC_STATS_NONE when there is nothing to measure */
    SVC_STATS_CODES, /* one count per code of a table */
    SVC_STATS_DAYS,  /* whole days, SVC_STATS_NONE when there is nothing to measure */
} svc_stats_kind;

enum { SVC_STATS_NONE = -1 };

typedef struct svc_stats_column {
    const char *key; /* in the JSON row: "total", "by_type" */
    svc_stats_kind kind;
    /* COUNT, HOURS, DAYS: the CSV header ("件数"); CODES: when set, what each code's header
     * names before the code's label ("受診 4か月児"), where one table has two columns of the
     * same codes */
    const char *label;
    const vocab *codes;     /* CODES: the codes, whose labels head the CSV's columns */
    const char *extra_code; /* CODES: when set, one more code after the table's ("unknown"), one
                               of stats_extra_codes (domain/stats.h), which labels it */
} svc_stats_column;

typedef struct svc_stats_row {
    int fiscal_year;
    char label[32];      /* "令和元年度" */
    char short_label[8]; /* "R1" */
    int64_t *values;     /* the table's value_count values, column after column */
} svc_stats_row;

typedef struct svc_stats_table {
    const char *name; /* "reports": the audited object's id, the CSV's file name */
    const svc_stats_column *columns;
    int column_count;
    int offset[SVC_STATS_COLUMNS_MAX]; /* each column's first value in a row */
    int value_count;
    svc_stats_row *rows; /* by fiscal year, in the pool */
    int row_count;
} svc_stats_table;

typedef struct svc_stats_query {
    int fy_from, fy_to; /* fiscal years, SVC_STATS_FY_MIN..MAX, fy_from ≤ fy_to */
    bool export;        /* the CSV: audited as "export" */
} svc_stats_query;

/* How many values a column has in a row, and the code of its i-th (CODES only). */
int svc_stats_column_width(const svc_stats_column *c);
const char *svc_stats_code(const svc_stats_column *c, int i);
const char *svc_stats_code_label(const svc_stats_column *c, int i);

/* Abuse reports by the fiscal year of received_at: total, by_type (each type named), by_age_band
 * (once per child, the band on the received date), by_route, by_perpetrator (none: unknown). */
svc_result svc_stats_reports(svc_ctx *ctx, const svc_stats_query *q, svc_stats_table *out);

/* Abuse reports by the fiscal year of received_at: total; confirmed, those whose every child was
 * seen (safety confirmed, standing); within_48h, those confirmed 48 hours or less after
 * received_at; median_hours and p90_hours (nearest rank) of the hours from received_at to the
 * last child's confirmation, over the confirmed reports (none: SVC_STATS_NONE). */
svc_result svc_stats_safety(svc_ctx *ctx, const svc_stats_query *q, svc_stats_table *out);

/* Pregnancy notifications (妊娠届) by the fiscal year of notified_on: total; by_band, the national
 * band of the timing (risk_notification_band); by_risk_level, the level, or "incomplete" for an
 * interview with unasked items (never its partial level). */
svc_result svc_stats_pregnancies(svc_ctx *ctx, const svc_stats_query *q, svc_stats_table *out);

/* Infants by the fiscal year of the day they turn 4 months old (date_add_months(birth, 4)):
 * infants; visited_by_4m, those with a newborn visit done on or before that day. */
svc_result svc_stats_newborn_visits(svc_ctx *ctx, const svc_stats_query *q, svc_stats_table *out);

/* Children by the fiscal year of the day a check-up is due (stats_checkup_due_on: 4 months, 18
 * months, 3 years), each by check-up (4m, 18m, 3y): due; attended, those with a check-up of the
 * kind done (受診), on any day; missed, the others with one recorded 未受診; followed_up, the
 * missed with a follow-up recorded (svc_followups_record). */
/* 伴走型相談支援 (docs/companion.md): per fiscal year, due and done of each of the three interviews
 * (companion_interviews), each in the year of its day — the notification, 満28週, the 4-month day —
 * from 2025-04-01; done: recorded, at any time. */
svc_result svc_stats_companion_interviews(svc_ctx *ctx, const svc_stats_query *q,
                                          svc_stats_table *out);
svc_result svc_stats_checkups(svc_ctx *ctx, const svc_stats_query *q, svc_stats_table *out);

/* Abuse reports by the fiscal year of received_at: total; started, those with a `support` step
 * that stands (no correction took it back); median_days and p90_days (nearest rank) of the
 * calendar days in Japan from the received date to the first such step's (SVC_STATS_NONE:
 * none). */
svc_result svc_stats_support_lead(svc_ctx *ctx, const svc_stats_query *q, svc_stats_table *out);

/* Persons by the category they stood under on a case at the end of each fiscal year (March 31,
 * stats_subject_stands): by_category (each category once per person), registered (those also in
 * the 要対協 ledger that day, stats_subject_registered). A category changed later is counted under
 * the new one only from its designation day: the store keeps no history of categories. */
svc_result svc_stats_designations(svc_ctx *ctx, const svc_stats_query *q, svc_stats_table *out);

/* The national table (福祉行政報告例, 児童虐待相談の対応件数): the children of abuse reports
 * handled (対応: the first standing policy or referred step) by that step's fiscal year, each child
 * of each report once: total; by_main_type (stats_main_abuse_type); by_age_band (on the received
 * date); by_route; by_perpetrator (none: unknown). */
svc_result svc_stats_national_reports(svc_ctx *ctx, const svc_stats_query *q, svc_stats_table *out);

#endif
