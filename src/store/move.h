/* Moving a whole center from one database to another (tsunagu migrate-to-pg: SQLite to
 * PostgreSQL): every table but schema_migrations, in an order that satisfies the foreign keys,
 * into an empty target, in one transaction of the target. Both databases are at the same schema
 * version (store_migrate on both first). */
#ifndef TSUNAGU_STORE_MOVE_H
#define TSUNAGU_STORE_MOVE_H

#include "store/store.h"

#include <stdint.h>

/* A table moved, with every column it has (tests/unit/store/move_test.c compares the list with
 * the schema the migrations make: a migration that adds a table or a column fails it until the
 * table is named here). */
typedef struct store_move_table {
    const char *name;
    const char *columns; /* "id, version, …": what is read and copied, in that order */
} store_move_table;

enum { STORE_MOVE_TABLES = 40 };
/* In the order they are copied: a table after every table its foreign keys name. */
extern const store_move_table store_move_tables[STORE_MOVE_TABLES];

/* The schema version of a migrated database (the latest migration applied). */
int store_move_schema_version(store_conn *c, int *version) STORE_WUR;

/* Rows per table, in store_move_tables' order, read in one snapshot. */
int store_move_count(store_conn *c, int64_t rows[STORE_MOVE_TABLES]) STORE_WUR;

/* Copies every table of `from` (read in one snapshot) into `to` (store_copy_begin …), all in one
 * transaction of `to`: STORE_OK once it is committed, rows[] the rows copied per table.
 * STORE_CONFLICT, nothing written, when `to` holds rows already (*table: the first such one).
 * Any other status is a failure of the copy (*table: where it stopped; logged): `to` is left as
 * it was. */
int store_move(store_conn *from, store_conn *to, int64_t rows[STORE_MOVE_TABLES],
               const char **table) STORE_WUR;

#endif
