/* The rules of the statistics (domain.md, Statistics): the age band of a child on a date (福祉行政
 * 報告例), and percentiles by nearest rank. Pure; nothing here allocates. */
#ifndef TSUNAGU_DOMAIN_STATS_H
#define TSUNAGU_DOMAIN_STATS_H

#include "domain/date.h"
#include "domain/vocab.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum age_band {
    AGE_BAND_UNDER3,            /* 0〜3歳未満 */
    AGE_BAND_PRESCHOOL,         /* 3歳〜学齢前 */
    AGE_BAND_ELEMENTARY,        /* 小学生 */
    AGE_BAND_JUNIOR_HIGH,       /* 中学生 */
    AGE_BAND_HIGH_SCHOOL_OTHER, /* 高校生・その他 */
    AGE_BAND_UNKNOWN,           /* 年齢不明 */
    AGE_BAND_COUNT
} age_band;

/* The bands in the enum's order, with their labels ("age_bands"). */
extern const vocab stats_age_bands;

/* The codes a statistics table adds after a code table's own ("stats_extra_codes"): `unknown`
 * (不明: a report without main_perpetrator), `incomplete` (未確認の項目あり: an interview with
 * unasked items, counted by no risk level). */
extern const vocab stats_extra_codes;

/* The band of a child born on *birth (NULL: not known → unknown) on the date `on`: under3 while
 * under 3 in completed years (also before birth); otherwise by school grade in the fiscal year of
 * `on`. A child enters elementary school in the April after turning 6, one born January 1 –
 * April 1 with the year before (早生まれ): born 2019-04-01 → April 2025, 2019-04-02 → April
 * 2026. Six grades of elementary school, three of junior high, then high_school_other. */
age_band stats_age_band(const date_ymd *birth, date_ymd on);

/* The value of rank ceil(percent/100 × n) (1-based) in sorted (ascending, n > 0): the nearest-rank
 * percentile; the median is percent 50. percent 1..100. */
int64_t stats_nearest_rank(const int64_t *sorted, int n, int percent);

/* Seconds as hours rounded to one decimal, in tenths of an hour (half up): 5400 s → 15 (1.5 h). */
int64_t stats_tenths_of_hour(int64_t seconds);

/* The day a child is due for a check-up (乳幼児健診, checkup_subtypes): the day it turns 4 months
 * (4m), 18 months (18m) or 3 years (3y), by date_add_months. False for an unknown check-up. */
bool stats_checkup_due_on(date_ymd birth, const char *checkup, date_ymd *out);

/* The one main type (主たる虐待種別) of a report's child in the national table (福祉行政報告例):
 * the first of the report's types in the 様式's order — physical, sexual, neglect, psychological
 * (report_abuse_types) — whatever order they were named in; NULL when none is a known type. */
const char *stats_main_abuse_type(char *const *types, int n);

/* A person on a case (case_subjects) as the designation table reads it; NULL: no such date. */
typedef struct stats_subject_dates {
    date_ymd opened, added;                    /* the case's opening; the person's joining it */
    const date_ymd *closed, *removed;          /* the case's closing; the person's leaving it */
    const date_ymd *designated;                /* the conference that set the current category */
    const date_ymd *registered, *unregistered; /* 要対協 registration */
    bool youtaikyo;                            /* registered now */
} stats_subject_dates;

/* Whether the person stood on the case with its current category at the end of the day `on`:
 * the case opened and the person added on or before it, neither closed nor removed on or before
 * it (closed on March 31 is closed at the year's end), designated on or before it. */
bool stats_subject_stands(const stats_subject_dates *s, date_ymd on);
/* …and registered in the 要対協 ledger then: registered on or before `on`, and either registered
 * still or unregistered after `on`. */
bool stats_subject_registered(const stats_subject_dates *s, date_ymd on);

#endif
