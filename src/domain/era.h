/* 和暦 (Japanese eras) and fiscal years (年度, April to March). Pure; nothing here allocates. */
#ifndef TSUNAGU_DOMAIN_ERA_H
#define TSUNAGU_DOMAIN_ERA_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/date.h"

/* Writes d in 和暦 into out (caller's buffer of cap bytes, NUL-terminated): "令和6年4月1日",
 * "令和元年5月1日" (the first year is 元年), "平成31年4月30日". Eras and their first days:
 * 明治 1868-01-25, 大正 1912-07-30, 昭和 1926-12-25, 平成 1989-01-08, 令和 2019-05-01.
 * Returns 0, or -1 (out set to "" when cap > 0) when d is not a valid date of the years
 * 1..9999, is before 明治, or cap is too small. 32 bytes is always enough. */
__attribute__((warn_unused_result)) int era_format_date(date_ymd d, char *out, size_t cap);

/* The fiscal year (年度) a Japan-time date falls in: 2025-03-31 -> 2024, 2025-04-01 -> 2025. */
int era_fiscal_year(date_ymd d);

/* Labels of a fiscal year, written into the caller's buffers: label "令和6年度", short_label
 * "R6". The era is the one in force for the greater part of the year, that is on 1 October:
 * FY2018 "平成30年度"/"H30", FY2019 "令和元年度"/"R1", FY1988 "昭和63年度"/"S63",
 * FY1989 "平成元年度"/"H1". Initials: M 明治, T 大正, S 昭和, H 平成, R 令和. Either buffer may be
 * NULL (with its cap ignored) to skip it. Returns 0, or -1 (buffers set to "" where cap > 0) when
 * fiscal_year is outside 1868..9999 or a buffer is too small. 32 and 8 bytes are always enough. */
__attribute__((warn_unused_result)) int era_fiscal_label(int fiscal_year, char *label,
                                                         size_t label_cap, char *short_label,
                                                         size_t short_cap);

enum {
    ERA_UNKNOWN = -1,      /* no era of that name or initial */
    ERA_NOT_A_DATE = -2,   /* year < 1, or no such month or day (令和2年2月30日, R0.1.1) */
    ERA_BEFORE_START = -3, /* before the era's first day (R1.4.30) */
    ERA_AFTER_END = -4,    /* after its last day (H31.5.1, 平成32年1月1日) */
};

/* An era's name and days, for a reader's error message. */
typedef struct {
    const char *name; /* "平成" (static) */
    date_ymd first;   /* 1989-01-08 */
    date_ymd last;    /* 2019-04-30, when has_last */
    bool has_last;    /* false for the era in force */
} era_span;

/* The Gregorian date of a date written in an era: era is its name ("令和", era_len bytes) or its
 * initial in either case ("R", "r"), year its year (1 for 元年). Returns 0 with *out set, or an
 * ERA_ code with *out untouched. A date outside the era is refused, including the years old
 * systems kept counting after an era ended (平成32年 for 2020): the reading is a guess about
 * what the writer meant, and an import must not guess. When span is not NULL and the era is
 * known, *span describes it (also on failure). */
__attribute__((warn_unused_result)) int era_to_date(const char *era, size_t era_len, int year,
                                                    int month, int day, date_ymd *out,
                                                    era_span *span);

#endif
