/* tsunagu migrate-to-pg: a center's SQLite database moved into an empty PostgreSQL database
 * (store/move.h), then checked: every table has as many rows on both sides, and the audit chain
 * verifies on PostgreSQL with the same tip as in SQLite. */
#ifndef TSUNAGU_CLI_MIGRATE_TO_PG_H
#define TSUNAGU_CLI_MIGRATE_TO_PG_H

#include "store/store.h"

/* Both stores open and migrated, the SQLite center's audit key loaded (audit_key_load; none when
 * its chain was never keyed). Prints what it moved and the tip on standard output, what went
 * wrong on standard error. The exit status: 0 when moved and checked, 1 otherwise. */
int cli_migrate_to_pg(store *sqlite, store *pg);

#endif
