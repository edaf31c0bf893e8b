/* A database of a unit test's own: a new folder under /tmp holding an SQLite store, and one
 * connection to it. tempdb_close removes it all. */
#ifndef TSUNAGU_TEST_TEMPDB_H
#define TSUNAGU_TEST_TEMPDB_H

#include "store/store.h"

enum { TEMPDB_LATEST = -1 };

typedef struct tempdb {
    char dir[64];
    char path[96]; /* dir/t.db */
    store *s;
    store_conn *c;
} tempdb;

/* Opens a new database migrated to schema version (TEMPDB_LATEST: every migration; 0: none).
 * 0, or -1 with nothing left behind. */
int tempdb_open(tempdb *t, int version);
void tempdb_close(tempdb *t);

#endif
