/* The rules of the statistics (domain.md, Statistics): the age band of a child on a date (福祉行政
 * 報告例), and percentiles by nearest rank. Pure; nothing here allocates. */
#ifndef TSUNAGU_DOMAIN_STATS_H
#define TSUNAGU_DOMAIN_STATS_H

#include "domain/date.h"
#include "domain/vocab.h"

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

#endif
