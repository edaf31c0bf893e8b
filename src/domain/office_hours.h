/* Office hours (開庁時間) and the on-call roster's rules (当番): when the center is open, when an
 * open safety confirmation needs the person on call, and which roster entry is in force at an
 * instant. Japan time; no I/O.
 *
 * The center is open on weekdays from 8:30 to 17:15. tsunagu keeps no list of national holidays
 * (祝日) yet: a holiday on a weekday counts as open, so the on-call is not shown for it unless
 * its window runs past 17:15 (a known gap, docs/architecture.md "Nights and weekends"). */
#ifndef TSUNAGU_DOMAIN_OFFICE_HOURS_H
#define TSUNAGU_DOMAIN_OFFICE_HOURS_H

#include <stdbool.h>
#include <stdint.h>

enum {
    OFFICE_OPENS_MINUTE = 8 * 60 + 30,   /* 8:30 JST */
    OFFICE_CLOSES_MINUTE = 17 * 60 + 15, /* 17:15 JST */
    /* An open safety confirmation with this little left (or overdue) outside office hours
     * shows who is on call. */
    ONCALL_HOURS_LEFT = 12,
    /* A roster entry spans at most this many days. */
    ONCALL_MAX_DAYS = 31,
};

/* Day of the week of the Japan-time day holding t: 0 Sunday .. 6 Saturday. */
int office_weekday_jst(int64_t t);
/* Whether the center is open at t (weekday, 8:30 <= time < 17:15 JST). */
bool office_open_at(int64_t t);
/* Whether every instant from `from` to `to` (from <= to) lies within one day's office hours. */
bool office_hours_cover(int64_t from, int64_t to);
/* Whether an open safety confirmation due at due_at, seen at now, needs the person on call:
 * ONCALL_HOURS_LEFT hours or less left (or overdue), and the time from now to its deadline (now
 * alone when overdue) not all within office hours. */
bool oncall_needed(int64_t now, int64_t due_at);
/* The instant whose roster entry is shown for an alert: its deadline, or now once overdue. */
int64_t oncall_instant(int64_t now, int64_t due_at);

typedef struct oncall_span {
    int64_t starts_at, ends_at; /* the entry covers starts_at <= t < ends_at */
    bool cancelled;
} oncall_span;

/* The entry in force at t among n: not cancelled, covering t, and of those the one that started
 * last (a shorter shift set over a longer one wins; ties: the first given). -1 when none. */
int oncall_pick(const oncall_span *spans, int n, int64_t t);

#endif
