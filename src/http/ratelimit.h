/* Request rate per client address: a token bucket each, in memory. */
#ifndef TSUNAGU_HTTP_RATELIMIT_H
#define TSUNAGU_HTTP_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

typedef struct rate_limiter rate_limiter;

/* rate requests per second sustained, burst at once. */
rate_limiter *rate_limiter_create(double rate, double burst);
void rate_limiter_destroy(rate_limiter *rl);
/* Takes one token for key at time now (seconds); false when the bucket is empty. */
bool rate_limiter_allow(rate_limiter *rl, const char *key, int64_t now);

#endif
