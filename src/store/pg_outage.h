/* The outages of a PostgreSQL database as one server sees them (pg.c). While the database is
 * unreachable, a thread of the outage's own tries to connect every pause; the server's
 * connections do not try (they answer STORE_BUSY at once), so that no request thread waits a
 * connect_timeout on a host that does not answer, and the database is not asked by every
 * connection at once while it starts. Once the watch connects, the connections connect again at
 * their next use. */
#ifndef TSUNAGU_STORE_PG_OUTAGE_H
#define TSUNAGU_STORE_PG_OUTAGE_H

#include <stdbool.h>

typedef struct pg_outage pg_outage;

/* reachable(ctx): one attempt to connect (blocking up to connect_timeout); true when it did. */
typedef bool (*pg_reach_fn)(void *ctx);

/* The watch thread, idle until an outage begins. NULL when it cannot be started (logged). */
pg_outage *pg_outage_watch(pg_reach_fn reachable, void *ctx, int pause_ms);
/* Ends the watch (waits for an attempt under way) and frees it. NULL: nothing to do. */
void pg_outage_stop(pg_outage *o);

/* A connection could not connect (why: libpq's message): the outage begins, logged once. */
void pg_outage_begin(pg_outage *o, const char *why);
/* Whether an outage is under way: connections do not try to connect then. */
bool pg_outage_known(pg_outage *o);

#endif
