/* Dates and instants as the CSV import takes them (docs: /work/shared/spec/interchange.md):
 * "2024-04-01", "2024/4/1", "2024年4月1日", "R6.4.1", "H30.12.25", "令和6年4月1日",
 * "令和元年5月1日", "S62.4.1", "昭和62年4月1日", T (大正) and M (明治); full-width digits,
 * letters and separators ("令和６年４月１日", "２０２４/４/１") read as their ASCII forms.
 *
 * A date written in an era must fall inside that era: H31.5.1 (平成 ended 2019-04-30) and
 * R1.4.30 (令和 began 2019-05-01) are refused, and so is 平成32年 — the year some old systems
 * kept counting into after the era ended. Reading it as 2020 would be a guess, and the import is
 * all or nothing: the row is reported and the center corrects its file (era.h era_to_date).
 *
 * Pure; nothing here allocates. Errors come with a short Japanese reason for the import's
 * "FILE:LINE: column: reason". */
#ifndef TSUNAGU_DOMAIN_INTERCHANGE_DATE_H
#define TSUNAGU_DOMAIN_INTERCHANGE_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"

/* Room for any reason written here, with its NUL. */
#define INTERCHANGE_REASON_CAP 128

enum {
    INTERCHANGE_OK = 0,
    INTERCHANGE_EMPTY = 1,    /* nothing but spaces: no date, which a column may allow */
    INTERCHANGE_INVALID = -1, /* reason says why */
};

/* A date: INTERCHANGE_OK with *out set, INTERCHANGE_EMPTY, or INTERCHANGE_INVALID with a reason
 * in the caller's buffer ("存在しない日付です", "平成は2019年4月30日までです"). Leading and
 * trailing spaces (also U+3000) are ignored. Western years are 1868..9999, as date_parse. */
__attribute__((warn_unused_result)) int interchange_parse_date(const char *s, size_t len,
                                                               date_ymd *out,
                                                               char reason[INTERCHANGE_REASON_CAP]);

/* An instant: a date of any form above, a space and "H:MM", "HH:MM" or "HH:MM:SS" in Japan time
 * ("R6.4.1 9:30"), or RFC 3339 with its offset ("2024-04-01T09:30:00+09:00", "...Z"). A date
 * without a time is refused (the time of a report matters to its deadlines). Same returns as
 * interchange_parse_date, with *unix_seconds set on success. */
__attribute__((warn_unused_result)) int
interchange_parse_instant(const char *s, size_t len, int64_t *unix_seconds,
                          char reason[INTERCHANGE_REASON_CAP]);

#endif
