#include "http/connlimit.h"
#include "util/pool.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One slot per address with open connections (count 0: free), open addressing with linear
 * probing; the table has room for twice the connections that can be open, so it never fills. */
typedef struct slot {
    conn_addr addr;
    int count;
} slot;

struct conn_limit {
    pthread_mutex_t lock;
    int total, per_address, open;
    size_t mask;
    slot *slots;
};

bool conn_addr_from(const struct sockaddr *sa, conn_addr *out)
{
    memset(out, 0, sizeof *out);
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
        memcpy(out->bytes, &in->sin_addr, 4);
        return true;
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
        out->bytes[15] = 6; /* never equal to an IPv4 key */
        memcpy(out->bytes, &in6->sin6_addr, 8);
        return true;
    }
    return false;
}

conn_limit *conn_limit_create(int total, int per_address)
{
    conn_limit *cl = calloc(1, sizeof *cl);
    if (!cl)
        util_oom();
    pthread_mutex_init(&cl->lock, NULL);
    cl->total = total;
    cl->per_address = per_address;
    /* Admission and counting are not one step (see server.c): leave room for the overshoot. */
    size_t size = 64;
    while (size < 2 * ((size_t)total + 256))
        size *= 2;
    cl->slots = calloc(size, sizeof *cl->slots);
    if (!cl->slots)
        util_oom();
    cl->mask = size - 1;
    return cl;
}

void conn_limit_destroy(conn_limit *cl)
{
    if (!cl)
        return;
    pthread_mutex_destroy(&cl->lock);
    free(cl->slots);
    free(cl);
}

static size_t home(const conn_limit *cl, const conn_addr *a)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < sizeof a->bytes; i++)
        h = (h ^ a->bytes[i]) * 1099511628211u;
    return (size_t)h & cl->mask;
}

/* The slot of addr, or the free slot where it would go. Called with the lock held. */
static slot *find(conn_limit *cl, const conn_addr *a)
{
    size_t i = home(cl, a);
    while (cl->slots[i].count && memcmp(&cl->slots[i].addr, a, sizeof *a) != 0)
        i = (i + 1) & cl->mask;
    return &cl->slots[i];
}

/* Empties slot i and moves later entries of its probe run back, so that no search stops early
 * at the hole (deletion without tombstones). Called with the lock held. */
static void remove_at(conn_limit *cl, size_t i)
{
    cl->slots[i].count = 0;
    for (size_t j = (i + 1) & cl->mask; cl->slots[j].count; j = (j + 1) & cl->mask) {
        size_t h = home(cl, &cl->slots[j].addr);
        /* The entry at j may move to the hole at i unless its home lies in (i, j]. */
        bool stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);
        if (stays)
            continue;
        cl->slots[i] = cl->slots[j];
        cl->slots[j].count = 0;
        i = j;
    }
}

bool conn_limit_admits(conn_limit *cl, const conn_addr *addr, bool exempt)
{
    pthread_mutex_lock(&cl->lock);
    bool ok = cl->open < cl->total;
    if (ok && !exempt && cl->per_address > 0)
        ok = find(cl, addr)->count < cl->per_address;
    pthread_mutex_unlock(&cl->lock);
    return ok;
}

void conn_limit_opened(conn_limit *cl, const conn_addr *addr)
{
    pthread_mutex_lock(&cl->lock);
    slot *s = find(cl, addr);
    if (!s->count)
        s->addr = *addr;
    s->count++;
    cl->open++;
    pthread_mutex_unlock(&cl->lock);
}

void conn_limit_closed(conn_limit *cl, const conn_addr *addr)
{
    pthread_mutex_lock(&cl->lock);
    slot *s = find(cl, addr);
    if (s->count) {
        cl->open--;
        if (--s->count == 0)
            remove_at(cl, (size_t)(s - cl->slots));
    }
    pthread_mutex_unlock(&cl->lock);
}

int conn_limit_open(conn_limit *cl, const conn_addr *addr)
{
    pthread_mutex_lock(&cl->lock);
    int n = addr ? find(cl, addr)->count : cl->open;
    pthread_mutex_unlock(&cl->lock);
    return n;
}
