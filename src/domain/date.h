/* Calendar dates and instants. Pure: no I/O, no state, no clock (today is the caller's: svc_ctx).
 * Dates are proleptic Gregorian; instants are Unix seconds and are shown in Japan time (+09:00,
 * Japan has no daylight saving time). Nothing here allocates. */
#ifndef TSUNAGU_DOMAIN_DATE_H
#define TSUNAGU_DOMAIN_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    int y, m, d;
} date_ymd;

/* Strict "YYYY-MM-DD" (exactly 10 bytes, ASCII digits, zero-padded), a real calendar date in the
 * years 1868..9999. On success fills *out and returns true; on failure leaves *out untouched.
 * "2024-02-29" true, "2023-02-29" false, "2024-02-30" false, "2024-2-1" false. */
__attribute__((warn_unused_result)) bool date_parse(const char *s, size_t len, date_ymd *out);

/* Writes "YYYY-MM-DD" and a NUL. d should be a valid date; out-of-range fields are clamped
 * (year to 0..9999, month and day to 0..99) so the output is always exactly 10 characters. */
void date_format(date_ymd d, char out[11]);

/* Whether d is a real calendar date of the years 1..9999 (2023-02-29 and 2024-13-01 are not). */
bool date_is_valid(date_ymd d);

/* <0, 0 or >0 as a is before, equal to, or after b. */
int date_compare(date_ymd a, date_ymd b);

/* Days since 1970-01-01 (negative before it). d should be a valid date. */
int64_t date_to_days(date_ymd d);
/* The inverse of date_to_days, for any day whose year fits in an int. */
date_ymd date_from_days(int64_t days);

/* Age in completed years on the date `on`. The age goes up ON the birthday; someone born on
 * 29 February has a birthday on 1 March in common years. -1 when on is before birth. */
int date_age_on(date_ymd birth, date_ymd on);

/* d plus `months` (may be negative), the day clamped to the end of the target month:
 * 2024-01-31 + 1 -> 2024-02-29, 2023-01-31 + 1 -> 2023-02-28. */
date_ymd date_add_months(date_ymd d, int months);

/* RFC 3339 date-time with a REQUIRED offset: "2026-11-20T17:00:00+09:00", "...Z", "...-05:00".
 * 'T' and 'Z' may be lower case; fractional seconds ("...:00.123Z") are accepted and dropped.
 * The date is validated like date_parse (1868..9999), hours 00..23, minutes and seconds 00..59
 * (no leap second), offset up to ±23:59. On success fills *unix_seconds and returns true. */
__attribute__((warn_unused_result)) bool date_parse_instant(const char *s, size_t len,
                                                            int64_t *unix_seconds);

/* Writes "YYYY-MM-DDTHH:MM:SS+09:00" and a NUL (25 characters). Instants outside the years
 * 0001..9999 in Japan time are clamped to that range. */
void date_format_instant_jst(int64_t unix_seconds, char out[26]);

/* The calendar date in Japan time of an instant. */
date_ymd date_jst_of_instant(int64_t unix_seconds);

/* 00:00 in Japan of a date, as an instant (what a date-only event or deadline means). */
int64_t date_jst_midnight(date_ymd d);

#endif
