/* The monotonic clock, for intervals (rate limits, timeouts): it never jumps with the wall clock.
 */
#ifndef TSUNAGU_UTIL_CLOCK_H
#define TSUNAGU_UTIL_CLOCK_H

#include <stdint.h>

int64_t util_monotonic_ms(void);

#endif
