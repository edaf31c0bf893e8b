#include "util/clock.h"

#include <stdatomic.h>
#include <time.h>

static _Atomic int64_t fixed_at;

int64_t util_monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t clock_now(void)
{
    int64_t fixed = atomic_load(&fixed_at);
    return fixed ? fixed : (int64_t)time(NULL);
}

void clock_fix(int64_t unix_seconds)
{
    atomic_store(&fixed_at, unix_seconds);
}
