/* What the benchmark programs share: a seeded PRNG (deterministic output for a seed), a monotonic
 * clock, percentiles. Header-only, static functions. */
#ifndef TSUNAGU_BENCH_UTIL_H
#define TSUNAGU_BENCH_UTIL_H

#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* xoshiro256** seeded through splitmix64. */
typedef struct bench_rng {
    uint64_t s[4];
} bench_rng;

static inline uint64_t bench_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline void bench_rng_seed(bench_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = bench_splitmix64(&seed);
}

static inline uint64_t bench_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t bench_next(bench_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = bench_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = bench_rotl(s[3], 45);
    return result;
}

/* Uniform in [0, 1). */
static inline double bench_uniform(bench_rng *r)
{
    return (double)(bench_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in [lo, hi] (inclusive); lo when hi < lo. */
static inline int bench_range(bench_rng *r, int lo, int hi)
{
    if (hi <= lo)
        return lo;
    return lo + (int)(bench_next(r) % (uint64_t)(hi - lo + 1));
}

/* True with probability p. */
static inline int bench_chance(bench_rng *r, double p)
{
    return bench_uniform(r) < p;
}

/* The ids the services draw (random_id: libsodium's randombytes) from a seeded stream, so that a
 * generator makes the same database, ids included, for a seed. Before sodium_init; false when
 * libsodium refuses. Never for anything but a benchmark database. */
static bench_rng bench_id_rng;

static inline void bench_seeded_buf(void *const buf, const size_t size)
{
    unsigned char *out = buf;
    for (size_t i = 0; i < size; i += 8) {
        uint64_t v = bench_next(&bench_id_rng);
        memcpy(out + i, &v, size - i < 8 ? size - i : 8);
    }
}

static inline uint32_t bench_seeded_random(void)
{
    return (uint32_t)bench_next(&bench_id_rng);
}

static inline const char *bench_seeded_name(void)
{
    return "bench seeded stream";
}

static inline bool bench_seed_randombytes(uint64_t seed)
{
    static randombytes_implementation seeded = {
        .implementation_name = bench_seeded_name,
        .random = bench_seeded_random,
        .buf = bench_seeded_buf,
    };
    bench_rng_seed(&bench_id_rng, seed);
    return randombytes_set_implementation(&seeded) == 0;
}

static inline int64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int bench_cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Sorts v[0..n) and returns the nearest-rank percentile q (0..100); 0 when n is 0. */
static inline int64_t bench_percentile(int64_t *v, size_t n, double q)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, bench_cmp_i64);
    size_t rank = (size_t)(q / 100.0 * (double)n + 0.999999);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return v[rank - 1];
}

#endif
