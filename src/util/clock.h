/* The clocks. The wall clock is read here and nowhere else outside the CLI: a request reads it
 * once on arrival (svc_ctx.now) and every use case works from that instant; background threads
 * (audit writer, checkpoints, session expiry) read clock_now(). Tests may fix it. */
#ifndef TSUNAGU_UTIL_CLOCK_H
#define TSUNAGU_UTIL_CLOCK_H

#include <stdint.h>

/* The monotonic clock, for intervals (rate limits, timeouts): it never jumps with the wall clock.
 */
int64_t util_monotonic_ms(void);
/* The wall clock in Unix seconds, or the instant fixed by clock_fix. */
int64_t clock_now(void);
/* Fixes the wall clock at unix_seconds for this process (tests); 0 lets it run again. */
void clock_fix(int64_t unix_seconds);

#endif
