#include "store/pg_outage.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

struct pg_outage {
    pg_reach_fn reachable;
    void *ctx;
    int pause_ms;
    atomic_bool under_way;
    int64_t since_ms; /* when it began (under lock) */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake; /* an outage began, or stop */
    bool stopping;
};

/* libpq's message on one log line: it has a line per host tried, and hints on lines of their
 * own, indented. */
static void log_cannot_connect(const char *why)
{
    char line[512];
    size_t n = 0;
    for (const char *r = why ? why : ""; *r && n + 3 < sizeof line; r++) {
        if (*r == '\t')
            continue;
        if (*r != '\n') {
            line[n++] = *r;
        } else if (r[1]) {
            line[n++] = ';';
            line[n++] = ' ';
        }
    }
    line[n] = '\0';
    log_error("pg: cannot connect: %s", line);
}

/* Waits pause_ms (monotonic) or until stop; false on stop. Called and returns under lock. */
static bool pause_or_stop(pg_outage *o)
{
    int64_t due_ms = util_monotonic_ms() + o->pause_ms;
    struct timespec until = {.tv_sec = due_ms / 1000, .tv_nsec = due_ms % 1000 * 1000000L};
    while (!o->stopping && util_monotonic_ms() < due_ms)
        pthread_cond_timedwait(&o->wake, &o->lock, &until);
    return !o->stopping;
}

static void *watch_main(void *arg)
{
    pg_outage *o = arg;
    pthread_mutex_lock(&o->lock);
    while (!o->stopping) {
        if (!atomic_load(&o->under_way)) {
            pthread_cond_wait(&o->wake, &o->lock);
            continue;
        }
        if (!pause_or_stop(o))
            break;
        pthread_mutex_unlock(&o->lock);
        bool reached = o->reachable(o->ctx);
        pthread_mutex_lock(&o->lock);
        if (reached) {
            atomic_store(&o->under_way, false);
            log_info("pg: the database answers again (after %lld s)",
                     (long long)((util_monotonic_ms() - o->since_ms + 500) / 1000));
        }
    }
    pthread_mutex_unlock(&o->lock);
    return NULL;
}

pg_outage *pg_outage_watch(pg_reach_fn reachable, void *ctx, int pause_ms)
{
    pg_outage *o = calloc(1, sizeof *o);
    if (!o)
        util_oom();
    o->reachable = reachable;
    o->ctx = ctx;
    o->pause_ms = pause_ms;
    pthread_mutex_init(&o->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&o->wake, &attr);
    pthread_condattr_destroy(&attr);
    if (pthread_create(&o->thread, NULL, watch_main, o) != 0) {
        log_error("pg: cannot start the thread that watches for the database");
        pthread_cond_destroy(&o->wake);
        pthread_mutex_destroy(&o->lock);
        free(o);
        return NULL;
    }
    return o;
}

void pg_outage_stop(pg_outage *o)
{
    if (!o)
        return;
    pthread_mutex_lock(&o->lock);
    o->stopping = true;
    pthread_cond_signal(&o->wake);
    pthread_mutex_unlock(&o->lock);
    pthread_join(o->thread, NULL);
    pthread_cond_destroy(&o->wake);
    pthread_mutex_destroy(&o->lock);
    free(o);
}

void pg_outage_begin(pg_outage *o, const char *why)
{
    pthread_mutex_lock(&o->lock);
    if (!atomic_load(&o->under_way)) {
        log_cannot_connect(why);
        o->since_ms = util_monotonic_ms();
        atomic_store(&o->under_way, true);
        pthread_cond_signal(&o->wake);
    }
    pthread_mutex_unlock(&o->lock);
}

bool pg_outage_known(pg_outage *o)
{
    return atomic_load(&o->under_way);
}
