#include "http/ratelimit.h"
#include "util/pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { BUCKETS = 1024 };

typedef struct bucket {
    char key[64];
    double tokens;
    int64_t last_ms;
} bucket;

/* A fixed table: addresses that hash to a slot share it with the slot's last user, which
 * errs on the side of allowing. Memory stays bounded whatever the number of clients. */
struct rate_limiter {
    pthread_mutex_t lock;
    double rate, burst;
    bucket slots[BUCKETS];
};

rate_limiter *rate_limiter_create(double rate, double burst)
{
    rate_limiter *rl = calloc(1, sizeof *rl);
    if (!rl)
        util_oom();
    pthread_mutex_init(&rl->lock, NULL);
    rl->rate = rate;
    rl->burst = burst;
    return rl;
}

void rate_limiter_destroy(rate_limiter *rl)
{
    if (!rl)
        return;
    pthread_mutex_destroy(&rl->lock);
    free(rl);
}

static size_t hash_key(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h % BUCKETS;
}

/* key's bucket, refilled up to now_ms. Called with the lock held. */
static bucket *refilled(rate_limiter *rl, const char *key, int64_t now_ms)
{
    bucket *b = &rl->slots[hash_key(key)];
    if (strncmp(b->key, key, sizeof b->key) != 0) {
        strncpy(b->key, key, sizeof b->key - 1);
        b->key[sizeof b->key - 1] = '\0';
        b->tokens = rl->burst;
        b->last_ms = now_ms;
    }
    if (now_ms > b->last_ms) {
        double tokens = b->tokens + (double)(now_ms - b->last_ms) * rl->rate / 1000.0;
        b->tokens = tokens > rl->burst ? rl->burst : tokens;
        b->last_ms = now_ms;
    }
    return b;
}

bool rate_limiter_take(rate_limiter *rl, const char *key, int64_t now_ms)
{
    pthread_mutex_lock(&rl->lock);
    bucket *b = refilled(rl, key, now_ms);
    bool ok = b->tokens >= 1.0;
    if (ok)
        b->tokens -= 1.0;
    pthread_mutex_unlock(&rl->lock);
    return ok;
}

bool rate_limiter_peek(rate_limiter *rl, const char *key, int64_t now_ms)
{
    pthread_mutex_lock(&rl->lock);
    bool ok = refilled(rl, key, now_ms)->tokens >= 1.0;
    pthread_mutex_unlock(&rl->lock);
    return ok;
}
