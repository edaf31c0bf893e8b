/* The embedded SQLite backend: WAL, synchronous=FULL, foreign keys, one connection per thread. */
#include "store/backend.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/pool.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { STMT_CACHE = 256, BUSY_TIMEOUT_MS = 10000, CACHE_KIB = 2048 };

/* The WAL's bounds (docs/operations.md): past WAL_RESET_BYTES the upkeep empties it when the
 * readers allow; past WAL_CAP_BYTES it waits up to WAL_CAP_WAIT_MS for them, writers waiting
 * too, and after a wait in vain lets writers be for WAL_CAP_BACKOFF_MS (a reader that holds on
 * for long, such as a backup, must not stall every write). A WAL that starts over is cut back
 * to WAL_RESET_BYTES (journal_size_limit). */
enum {
    WAL_RESET_BYTES = 4 * 1024 * 1024,
    WAL_CAP_BYTES = 16 * 1024 * 1024,
    WAL_CAP_WAIT_MS = 5000,
    WAL_CAP_BACKOFF_MS = 10000,
};

typedef struct sqlite_store {
    struct store base;
    char *path;
} sqlite_store;

typedef struct sqlite_stmt {
    struct store_stmt base;
    sqlite3_stmt *stmt;
    const char *sql; /* cache key */
} sqlite_stmt;

typedef struct sqlite_conn {
    struct store_conn base;
    sqlite3 *db;
    sqlite_stmt cache[STMT_CACHE];
    int64_t cap_wait_after_ms; /* the upkeep's: no waiting checkpoint before this (monotonic) */
} sqlite_conn;

static int map_rc(sqlite3 *db, int rc)
{
    switch (rc) {
    case SQLITE_OK:
    case SQLITE_DONE:
        return STORE_OK;
    case SQLITE_ROW:
        return STORE_ROW;
    case SQLITE_CONSTRAINT:
        return STORE_CONSTRAINT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        log_error("sqlite: busy: %s", sqlite3_errmsg(db));
        return STORE_BUSY;
    default:
        log_error("sqlite: error %d: %s", rc, sqlite3_errmsg(db));
        return STORE_ERROR;
    }
}

static int sq_exec(store_conn *c, const char *sql)
{
    sqlite_conn *sc = (sqlite_conn *)c;
    return map_rc(sc->db, sqlite3_exec(sc->db, sql, NULL, NULL, NULL));
}

static store_conn *sq_conn_open(store *s)
{
    sqlite_store *ss = (sqlite_store *)s;
    sqlite_conn *c = calloc(1, sizeof *c);
    if (!c)
        util_oom();
    c->base.owner = s;
    int rc = sqlite3_open_v2(
        ss->path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        log_error("sqlite: cannot open database: %s", sqlite3_errstr(rc));
        sqlite3_close(c->db);
        free(c);
        return NULL;
    }
    sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
    char pragmas[256];
    snprintf(pragmas, sizeof pragmas,
             "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
             " PRAGMA cache_size=-%d; PRAGMA mmap_size=0; PRAGMA temp_store=MEMORY;"
             " PRAGMA wal_autocheckpoint=0;" /* store_upkeep checkpoints, off the commit path */
             " PRAGMA journal_size_limit=%d;",
             CACHE_KIB, (int)WAL_RESET_BYTES);
    if (sq_exec(&c->base, pragmas) != STORE_OK) {
        sqlite3_close(c->db);
        free(c);
        return NULL;
    }
    return &c->base;
}

static void sq_conn_close(store_conn *c)
{
    sqlite_conn *sc = (sqlite_conn *)c;
    for (int i = 0; i < STMT_CACHE; i++)
        if (sc->cache[i].stmt)
            sqlite3_finalize(sc->cache[i].stmt);
    sqlite3_close(sc->db);
    free(sc);
}

static void sq_close(store *s)
{
    sqlite_store *ss = (sqlite_store *)s;
    free(ss->path);
    free(ss);
}

static int sq_begin(store_conn *c)
{
    return sq_exec(c, "BEGIN IMMEDIATE");
}

static int sq_commit(store_conn *c)
{
    return sq_exec(c, "COMMIT");
}

static void sq_rollback(store_conn *c)
{
    sqlite_conn *sc = (sqlite_conn *)c;
    if (!sqlite3_get_autocommit(sc->db))
        (void)sq_exec(c, "ROLLBACK");
}

static int sq_begin_read(store_conn *c)
{
    return sq_exec(c, "BEGIN DEFERRED");
}

static void sq_end_read(store_conn *c)
{
    sq_rollback(c);
}

static store_stmt *sq_prepare(store_conn *c, const char *sql)
{
    sqlite_conn *sc = (sqlite_conn *)c;
    size_t h = ((uintptr_t)sql >> 3) % STMT_CACHE;
    for (size_t probe = 0; probe < STMT_CACHE; probe++) {
        sqlite_stmt *slot = &sc->cache[(h + probe) % STMT_CACHE];
        if (slot->sql == sql)
            return &slot->base;
        if (slot->sql)
            continue;
        int rc = sqlite3_prepare_v3(sc->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &slot->stmt, NULL);
        if (rc != SQLITE_OK) {
            log_error("sqlite: prepare failed: %s", sqlite3_errmsg(sc->db));
            slot->stmt = NULL;
            return NULL;
        }
        slot->sql = sql;
        slot->base.conn = c;
        return &slot->base;
    }
    log_error("sqlite: statement cache full");
    return NULL;
}

static void sq_bind_text(store_stmt *st, int i, const char *s, size_t len)
{
    sqlite3_bind_text(((sqlite_stmt *)st)->stmt, i, s, (int)len, SQLITE_TRANSIENT);
}

static void sq_bind_int(store_stmt *st, int i, int64_t v)
{
    sqlite3_bind_int64(((sqlite_stmt *)st)->stmt, i, v);
}

static void sq_bind_null(store_stmt *st, int i)
{
    sqlite3_bind_null(((sqlite_stmt *)st)->stmt, i);
}

static int sq_step(store_stmt *st)
{
    sqlite_stmt *ss = (sqlite_stmt *)st;
    return map_rc(sqlite3_db_handle(ss->stmt), sqlite3_step(ss->stmt));
}

static void sq_done(store_stmt *st)
{
    sqlite_stmt *ss = (sqlite_stmt *)st;
    sqlite3_reset(ss->stmt);
    sqlite3_clear_bindings(ss->stmt);
}

static const char *sq_col_text(store_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(((sqlite_stmt *)st)->stmt, i);
}

static int64_t sq_col_int(store_stmt *st, int i)
{
    return sqlite3_column_int64(((sqlite_stmt *)st)->stmt, i);
}

static bool sq_col_is_null(store_stmt *st, int i)
{
    return sqlite3_column_type(((sqlite_stmt *)st)->stmt, i) == SQLITE_NULL;
}

static int64_t sq_changes(store_conn *c)
{
    return sqlite3_changes64(((sqlite_conn *)c)->db);
}

/* The database, its WAL and SHM hold personal data: only their owner may read them. The process
 * creates files 0600 (umask 077, main.c) and SQLite gives the WAL and SHM the database's mode;
 * a file left from before with a looser mode is tightened here, with a warning in the log. */
static void keep_private(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077) == 0)
        return;
    if (chmod(path, st.st_mode & 0700) == 0)
        log_info("store: %s was open to group or others; now to its owner only", path);
    else
        log_error("store: %s is open to group or others and cannot be changed: %s", path,
                  strerror(errno));
}

static void keep_database_private(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char file[4096];
        if (snprintf(file, sizeof file, "%s%s", path, suffixes[i]) < (int)sizeof file)
            keep_private(file);
    }
}

/* The copy is as private as the database: created 0600, or made so when it exists already,
 * before anything is written into it. */
static int prepare_backup_file(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || fchmod(fd, 0600) != 0) {
        log_error("sqlite: cannot prepare the backup file: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return STORE_ERROR;
    }
    close(fd);
    return STORE_OK;
}

static int sq_backup(store_conn *c, const char *path)
{
    sqlite_conn *sc = (sqlite_conn *)c;
    if (prepare_backup_file(path) != STORE_OK)
        return STORE_ERROR;
    sqlite3 *dest;
    int rc = sqlite3_open(path, &dest);
    if (rc == SQLITE_OK) {
        sqlite3_backup *b = sqlite3_backup_init(dest, "main", sc->db, "main");
        if (b) {
            rc = sqlite3_backup_step(b, -1);
            sqlite3_backup_finish(b);
            rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
        } else {
            rc = sqlite3_errcode(dest);
        }
    }
    if (rc != SQLITE_OK)
        log_error("sqlite: backup failed: %s", sqlite3_errstr(rc));
    sqlite3_close(dest);
    return rc == SQLITE_OK ? STORE_OK : STORE_ERROR;
}

static int64_t page_size(sqlite_conn *sc)
{
    sqlite3_stmt *st;
    int64_t size = 4096;
    if (sqlite3_prepare_v2(sc->db, "PRAGMA page_size", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        size = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return size;
}

/* One pass of the WAL's upkeep (store_upkeep). A PASSIVE checkpoint copies what it can into the
 * database without waiting for anyone; but the WAL starts over only after a checkpoint copied all
 * of it while no reader was using it, and with steady readers that moment never comes: the WAL
 * grows without end (8.6 GB in three minutes). So once it is past WAL_RESET_BYTES a TRUNCATE
 * checkpoint (copy everything, wait until no reader uses the WAL, empty the file) is tried
 * without waiting; past WAL_CAP_BYTES it waits for the readers of the moment to finish (new ones
 * then read the database file), and writers wait meanwhile. */
static int sq_checkpoint(store_conn *c)
{
    sqlite_conn *sc = (sqlite_conn *)c;
    int frames = 0;
    int rc = sqlite3_wal_checkpoint_v2(sc->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &frames, NULL);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        return map_rc(sc->db, rc);
    int64_t bytes = (int64_t)frames * (page_size(sc) + 24); /* a frame: page and header */
    if (bytes < WAL_RESET_BYTES)
        return STORE_OK;
    bool wait = bytes >= WAL_CAP_BYTES && util_monotonic_ms() >= sc->cap_wait_after_ms;
    sqlite3_busy_timeout(sc->db, wait ? WAL_CAP_WAIT_MS : 0);
    rc = sqlite3_wal_checkpoint_v2(sc->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    sqlite3_busy_timeout(sc->db, BUSY_TIMEOUT_MS);
    if (rc == SQLITE_BUSY && wait) {
        sc->cap_wait_after_ms = util_monotonic_ms() + WAL_CAP_BACKOFF_MS;
        log_error("sqlite: the WAL is at %lld MiB and a reader kept it from starting over",
                  (long long)(bytes >> 20));
    }
    return rc == SQLITE_OK || rc == SQLITE_BUSY ? STORE_OK : map_rc(sc->db, rc);
}

static const store_ops sqlite_ops = {
    .name = "sqlite",
    .conn_open = sq_conn_open,
    .conn_close = sq_conn_close,
    .close = sq_close,
    .exec = sq_exec,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .begin_read = sq_begin_read,
    .end_read = sq_end_read,
    .prepare = sq_prepare,
    .bind_text = sq_bind_text,
    .bind_int = sq_bind_int,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .done = sq_done,
    .col_text = sq_col_text,
    .col_int = sq_col_int,
    .col_is_null = sq_col_is_null,
    .changes = sq_changes,
    .backup = sq_backup,
    .checkpoint = sq_checkpoint,
};

int store_open_sqlite(store **out, const char *path)
{
    if (sqlite3_threadsafe() == 0) {
        log_error("sqlite: library built without thread support");
        return STORE_ERROR;
    }
    sqlite_store *s = calloc(1, sizeof *s);
    if (!s)
        util_oom();
    s->base.ops = &sqlite_ops;
    s->path = util_xstrdup(path);
    /* Open once now so a bad path fails at start, not at the first request. */
    store_conn *probe = sq_conn_open(&s->base);
    if (!probe) {
        sq_close(&s->base);
        return STORE_ERROR;
    }
    keep_database_private(path); /* while the probe holds the WAL and SHM open */
    sq_conn_close(probe);
    *out = &s->base;
    return STORE_OK;
}
