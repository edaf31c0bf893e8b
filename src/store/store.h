/* The one storage interface. The services and the repositories (persons.c, users.c, …) speak
 * SQL with `?` placeholders through this file only; a backend (sqlite.c now, pg.c later)
 * implements store_ops (backend.h). What follows is the contract every backend keeps and every
 * caller may rely on — and, as much, what a caller must NOT rely on.
 *
 * CONNECTIONS. A store_conn belongs to one thread (store_thread_conn; store_conn_open for a
 * background thread or the CLI) and is never shared. A transaction belongs to its connection.
 *
 * TRANSACTIONS AND ISOLATION.
 * - Every write happens inside store_begin … store_commit / store_rollback (a write statement
 *   outside one runs as a transaction of its own). store_commit returns once the transaction is
 *   durable (SQLite: WAL with synchronous=FULL; PostgreSQL: synchronous_commit on): answer a
 *   write only after it returned STORE_OK. After any failure inside a transaction the caller's
 *   one move is store_rollback (or store_rollback_to its savepoint); services do it in svc_end.
 * - A statement reads rows committed before it started plus its own transaction's writes. A
 *   write transaction sees what others committed meanwhile (at least READ COMMITTED).
 * - store_begin_read … store_end_read: one snapshot across several statements (a page and its
 *   count agree). Read-only.
 * - Today SQLite serialises writers: store_begin takes the write lock at once (BEGIN IMMEDIATE),
 *   so nothing commits between a read and a write of the same transaction. Callers must NOT rely
 *   on that: a backend with concurrent writers (PostgreSQL, READ COMMITTED) lets another
 *   transaction commit between them. Check-then-act is therefore made safe in the statement
 *   that acts, never by the read before it:
 *     - a predicate in the UPDATE's WHERE (`… WHERE id = ? AND version = ?`, `… AND status =
 *       ?`); store_changes() == 0 means the row moved on: the repository answers STORE_CONFLICT;
 *     - a unique constraint (`INSERT … ON CONFLICT DO NOTHING` and store_changes(), or the
 *       STORE_CONSTRAINT of a plain INSERT) for "at most one": a follow-up recorded once, an
 *       audit row after a given tip (the primary key on audit.seq, auth/audit.h).
 *
 * STATUSES (enum store_status) and what a caller does with each:
 * - STORE_CONSTRAINT: a unique, foreign-key, NOT NULL or CHECK constraint refused the statement,
 *   which changed nothing. On PostgreSQL the whole transaction is then aborted, so never carry on
 *   in it: roll back (a repository that expects the collision and must go on uses ON CONFLICT DO
 *   NOTHING, or runs the statement inside a savepoint). Meaning is the caller's: "login taken"
 *   (400/409), a lost race for the audit tip (retry the whole transaction), or a bug (500).
 * - STORE_CONFLICT: (repositories) a predicate matched no row: the version or status moved on.
 *   The transaction is still usable, but the use case fails: roll back and answer 409. Not
 *   retried: the user must see the newer record first.
 * - STORE_BUSY: the lock was not obtained in time (SQLite waits busy_timeout, 10 s, first; a
 *   PostgreSQL backend also answers it for a serialisation failure or a deadlock). Nothing
 *   was written; roll back. A background writer may retry the whole transaction; a request
 *   answers 503 (SVC_BUSY) rather than wait again.
 * - STORE_NOT_FOUND: (repositories) no such row. STORE_ERROR: anything else, already logged.
 *
 * STATEMENTS. store_prepare caches the prepared statement per connection, keyed on the ADDRESS
 * of the SQL text: pass a string literal or a static const string, never text built at run time
 * (it would fill the cache). One statement is in use once at a time: bind, step, then
 * store_done before its next use (also after an error or an early stop). Text returned by
 * store_col_text is borrowed until the next store_step or store_done on that statement: copy
 * it (store_col_dup) to keep it. Text bound is copied at once.
 *
 * SAVEPOINTS. Inside a write transaction, store_savepoint … store_release (keep) or
 * store_rollback_to (undo): they nest like brackets. A use case run inside a caller's
 * transaction (the CSV import, all or nothing) undoes itself this way (svc_begin/svc_end).
 *
 * PORTABLE SQL (the repositories; checked by tests/unit/store/sql_portability_test.c):
 * - Parameters are `?` only, in order; a PostgreSQL backend rewrites them to $1, $2, …. No
 *   `?NNN`, `:name`, and no `?` inside a quoted literal.
 * - `INSERT … ON CONFLICT DO NOTHING` (or `ON CONFLICT (cols) DO UPDATE SET c = excluded.c`),
 *   never `INSERT OR IGNORE`, `INSERT OR REPLACE`, `REPLACE INTO`.
 * - No `LIMIT -1` (bind INT64_MAX for "no limit"); `LIMIT ? OFFSET ?` is fine.
 * - An optional filter parameter is typed: `(CAST(? AS TEXT) IS NULL OR col = ?)`. PostgreSQL
 *   cannot type a bare `? IS NULL`. An integer flag compared with a number is typed already:
 *   `(? = 0 OR col = 1)`.
 * - Row-value comparisons `(a, b) < (?, ?)` (keyset pages) are fine in both.
 * - Booleans are INTEGER 0/1, in columns and parameters; instants are Unix seconds (INTEGER),
 *   dates ISO 'YYYY-MM-DD' text, both computed in C (svc_ctx.now / today): no julianday,
 *   strftime, datetime, now() or CURRENT_TIMESTAMP in SQL.
 * - Standard functions only: COALESCE not IFNULL, CASE not IIF, `||` to join text. GROUP BY
 *   names every column selected outside an aggregate. LIKE folds ASCII case in SQLite and not
 *   in PostgreSQL: do not depend on either (names are found through normalised keys).
 * - Text orders by bytes (SQLite BINARY; a PostgreSQL database is created with COLLATE "C").
 * - Keys are made in C (random ids, audit.seq) or assigned by the database (events.seq,
 *   report_events.seq: INTEGER PRIMARY KEY here, an identity column there). An assigned key is
 *   unique and increasing per insert, but neither gap-free nor in commit order: order and break
 *   ties by it, never take it as "everything before it is committed". No AUTOINCREMENT, no
 *   last_insert_rowid(), no rowid.
 * - Pragmas and other backend statements stay in the backend (sqlite.c), never in a repository.
 *
 * MIGRATIONS. DDL lives only in src/store/migrations/<dialect>/NNN_name.sql (dialect = the
 * backend's name: "sqlite", "postgresql"), embedded at build time (store_migrations_for). NNN is
 * the same schema change in every dialect, so schema_migrations.version means the same thing on
 * both; each migration runs in its own transaction. A dialect may use its own DDL (WITHOUT
 * ROWID, triggers), but the tables, columns, keys and constraints the repositories rely on are
 * the same. */
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
    STORE_CONSTRAINT = -2, /* a constraint refused the statement: roll back (see above) */
    STORE_BUSY = -3,       /* lock not obtained in time */
    STORE_NOT_FOUND = -4,  /* repositories: no such row */
    STORE_CONFLICT = -5,   /* repositories: version mismatch */
};

typedef struct store store;
typedef struct store_conn store_conn;
typedef struct store_stmt store_stmt;

/* Opens (creating when new) an SQLite database file. */
int store_open_sqlite(store **out, const char *path) STORE_WUR;
/* Connects to a PostgreSQL database (a libpq conninfo: "host=… dbname=… user=…" or a URI). */
int store_open_pg(store **out, const char *conninfo) STORE_WUR;
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

/* A write transaction; every write happens inside one (TRANSACTIONS AND ISOLATION above). */
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
/* A read snapshot across several statements (read-only). */
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
/* Each row of a bound statement handed to row (a non-zero return stops early, which is not an
 * error), then the statement reset: STORE_OK or the error. */
int store_each_row(store_stmt *st, int (*row)(store_stmt *st, void *arg), void *arg) STORE_WUR;
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

/* A named lock inside a write transaction, held until it ends: waits until no other transaction
 * of any server holds it (PostgreSQL: an advisory transaction lock; SQLite: nothing to do,
 * writers are serialised). For the few things that are one for the whole center: the audit
 * chain's tip (taken before reading it to append after it) and the schema (migrations at
 * start, when several servers start at once). Never for a center's ordinary writes. */
enum store_lock { STORE_LOCK_AUDIT_CHAIN = 1, STORE_LOCK_MIGRATIONS = 2 };
int store_lock(store_conn *c, enum store_lock which) STORE_WUR;

/* A connection the caller owns is about to write one large transaction (tsunagu import): the
 * SQLite backend gives it a page cache of BULK size (a quarter of the memory, 1 to 4 GiB, grown
 * only as pages are read) so that the transaction's indexes stay in memory instead of being
 * read again through the OS; the durability of the commit is unchanged. PostgreSQL: nothing to
 * do. Never for a server's connections (their caches add up per thread). */
int store_bulk_session(store_conn *c) STORE_WUR;

/* A consistent online copy of the database into path (SQLite; PostgreSQL: pg_dump instead). */
int store_backup(store_conn *c, const char *path) STORE_WUR;

/* Bulk load, for filling an empty table when a whole database moves (tsunagu migrate-to-pg,
 * store/move.h): rows streamed into one table, much faster than one INSERT each (pg.c drops the
 * table's indexes other than its keys and its foreign keys for the copy, and makes them again
 * in store_copy_end, in the same transaction). Inside the open write transaction:
 * store_copy_begin names the table and its columns, store_copy_row sends one row (ncolumns
 * values as text, in the columns' order, NULL for SQL NULL; the database converts the text to
 * the column's type), store_copy_end finishes it. Constraints are checked by store_copy_end at the
 * latest (a refused row: STORE_CONSTRAINT, or STORE_ERROR for a value of the wrong type; the
 * transaction is then aborted). After a copy, the keys the database assigns in that table
 * (events.seq, report_events.seq) continue after the largest one copied. Until store_copy_end the
 * connection runs nothing else; to give up, store_rollback (it ends the copy too).
 * PostgreSQL only (COPY … FROM STDIN): SQLite is never the target of a move, and answers
 * STORE_ERROR. table and columns are the caller's constants, never input. */
int store_copy_begin(store_conn *c, const char *table, const char *const columns[],
                     int ncolumns) STORE_WUR;
int store_copy_row(store_conn *c, const char *const values[]) STORE_WUR;
int store_copy_end(store_conn *c) STORE_WUR;

#endif
