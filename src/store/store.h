/* The one storage interface. The API layer and the repositories (persons.c, users.c, …) speak SQL
 * with `?` placeholders through this file only; a backend (sqlite.c now, pg.c later) implements
 * store_ops. Statements are prepared once per connection and cached; pointers returned by
 * store_col_text are borrowed until the next store_step or store_done on that statement. */
#ifndef TSUNAGU_STORE_STORE_H
#define TSUNAGU_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORE_WUR __attribute__((warn_unused_result))

enum store_status {
    STORE_OK = 0,
    STORE_ROW = 1,         /* store_step: a row is ready */
    STORE_ERROR = -1,      /* anything unexpected; already logged */
    STORE_CONSTRAINT = -2, /* unique / foreign key violation */
    STORE_BUSY = -3,       /* lock not obtained in time */
    STORE_NOT_FOUND = -4,  /* repositories: no such row */
    STORE_CONFLICT = -5,   /* repositories: version mismatch */
};

typedef struct store store;
typedef struct store_conn store_conn;
typedef struct store_stmt store_stmt;

/* Opens (creating when new) an SQLite database file. */
int store_open_sqlite(store **out, const char *path) STORE_WUR;
void store_close(store *s);
const char *store_backend_name(const store *s);

/* A connection for the calling thread, opened on first use and closed when the thread exits. */
store_conn *store_thread_conn(store *s);
/* A connection the caller owns (CLI commands, background writers). */
store_conn *store_conn_open(store *s);
void store_conn_close(store_conn *c);

/* Applies the numbered migrations not yet applied, each in its own transaction. */
int store_migrate(store_conn *c) STORE_WUR;
/* Applies the migrations up to and including version only (the schema of an older build; tests of
 * a migration start there). */
int store_migrate_to(store_conn *c, int version) STORE_WUR;

/* A write transaction (takes the write lock at once). Every write happens inside one. */
int store_begin(store_conn *c) STORE_WUR;
/* Durable on return (synchronous=FULL). */
int store_commit(store_conn *c) STORE_WUR;
void store_rollback(store_conn *c);
/* A savepoint inside the open write transaction: a part that can be undone alone (a use case
 * run inside a caller's transaction, e.g. one row of an import). They nest like brackets:
 * each store_savepoint is ended by store_release (keep) or store_rollback_to (undo). */
int store_savepoint(store_conn *c) STORE_WUR;
int store_release(store_conn *c) STORE_WUR;
void store_rollback_to(store_conn *c);
/* A read snapshot across several statements. */
int store_begin_read(store_conn *c) STORE_WUR;
void store_end_read(store_conn *c);

/* A cached prepared statement; NULL on SQL error (logged). The same `sql` string literal must be
 * passed each time: the cache is keyed on the text. */
store_stmt *store_prepare(store_conn *c, const char *sql);
/* Parameters are numbered from 1. NULL text binds SQL NULL. */
void store_bind_text(store_stmt *st, int i, const char *s);
void store_bind_textn(store_stmt *st, int i, const char *s, size_t len);
void store_bind_int(store_stmt *st, int i, int64_t v);
void store_bind_null(store_stmt *st, int i);
/* STORE_ROW, STORE_OK (no more rows) or a negative status. */
int store_step(store_stmt *st) STORE_WUR;
/* Resets the statement for its next use; call after every use. */
void store_done(store_stmt *st);
/* Columns are numbered from 0. */
const char *store_col_text(store_stmt *st, int i); /* NULL for SQL NULL */
int64_t store_col_int(store_stmt *st, int i);
bool store_col_is_null(store_stmt *st, int i);
/* Helpers for repositories: a column copied into the pool (NULL stays NULL); a statement without
 * rows run and reset (STORE_OK or the error). */
struct pool;
char *store_col_dup(store_stmt *st, int i, struct pool *p);
int store_run(store_stmt *st) STORE_WUR;
/* Rows changed by the last statement on this connection. */
int64_t store_changes(store_conn *c);

/* Runs one statement with no parameters and no rows (DDL, pragmas). */
int store_exec(store_conn *c, const char *sql) STORE_WUR;
/* Background upkeep for a serving process: the SQLite backend moves the write-ahead log into
 * the database every interval_ms on its own connection, so that no request's commit pays for a
 * checkpoint, and keeps the WAL bounded (sqlite.c: it empties a WAL past 4 MiB when the readers
 * allow, and past 16 MiB makes writers wait until it has). */
typedef struct store_upkeep store_upkeep;
store_upkeep *store_upkeep_start(store *s, int interval_ms);
void store_upkeep_stop(store_upkeep *u);

/* A consistent online copy of the database into path. */
int store_backup(store_conn *c, const char *path) STORE_WUR;

#endif
