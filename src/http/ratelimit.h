/* Per client address: a token bucket each, in memory. Each server keeps its own, so with several
 * servers in front of one database the limits are per server. */
#ifndef TSUNAGU_HTTP_RATELIMIT_H
#define TSUNAGU_HTTP_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

typedef struct rate_limiter rate_limiter;

/* rate tokens a second sustained, burst at once. */
rate_limiter *rate_limiter_create(double rate, double burst);
void rate_limiter_destroy(rate_limiter *rl);
/* Takes one token from key's bucket at now_ms (a monotonic clock in milliseconds, the caller's:
 * tests pass their own); false when the bucket is empty. */
bool rate_limiter_take(rate_limiter *rl, const char *key, int64_t now_ms);
/* True when key's bucket holds a token at now_ms; takes none. */
bool rate_limiter_peek(rate_limiter *rl, const char *key, int64_t now_ms);

#endif
