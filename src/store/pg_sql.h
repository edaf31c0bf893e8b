/* The pure parts of the PostgreSQL backend (pg.c), apart so that they are unit-tested. */
#ifndef TSUNAGU_STORE_PG_SQL_H
#define TSUNAGU_STORE_PG_SQL_H

#include <stdbool.h>

/* The repositories' `?` placeholders as PostgreSQL's $1, $2, … in order, outside quoted text
 * ('…' literals and "…" identifiers). Returns a malloc'd string; *count is the number of
 * parameters. */
char *pg_sql_numbered(const char *sql, int *count);

/* What an SQLSTATE means to a caller of store.h (enum store_status): a constraint (class 23),
 * busy (a serialisation failure, a deadlock, a lock not obtained, or the connection lost: class
 * 08, 57P01-57P03, or no state at all), or any other error. */
int pg_sql_status(const char *sqlstate, bool connection_ok);

#endif
