/* The embedded SQLite backend: WAL, synchronous=FULL, foreign keys, one connection per thread. */
#include "store/backend.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/pool.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    STMT_CACHE = 256,
    BUSY_TIMEOUT_MS = 10000,
    CACHE_KIB = 65536,
    BULK_CACHE_KIB = 1048576,
    BULK_CACHE_MAX_KIB = 4194304
};

/* The WAL's bounds (docs/operations.md): past WAL_RESET_BYTES the upkeep thread empties it when
 * no reader uses it; a commit that takes it past WAL_CAP_BYTES closes the write gate (writers
 * wait), waits up to WAL_CAP_WAIT_MS for the readers of the moment and empties it; after a wait
 * in vain the commits leave it for WAL_CAP_BACKOFF_MS (a reader that holds on for long, such as
 * a backup, must not stall every write). A WAL that starts over is cut back to WAL_RESET_BYTES
 * (journal_size_limit). */
enum {
    WAL_RESET_BYTES = 4 * 1024 * 1024,
    WAL_CAP_BYTES = 16 * 1024 * 1024,
    WAL_CAP_WAIT_MS = 5000,
    WAL_CAP_TURN_MS = 250,
    WAL_CAP_BACKOFF_MS = 10000,
};

typedef struct sqlite_store {
    struct store base;
    char *path;
    /* Every write transaction of this process holds it shared; emptying the WAL at the cap holds
     * it alone, so that the checkpoint waits only for readers and never loses the write lock to
     * a stream of writers (SQLite's busy handler is a poll, not a queue). Writer-preferring. */
    pthread_rwlock_t write_gate;
    /* One checkpoint at a time in this process: SQLite answers a second one BUSY at once, which
     * must not pass for a reader that keeps the WAL from starting over. */
    pthread_mutex_t checkpoint_lock;
    _Atomic int64_t cap_wait_after_ms; /* no waiting at the cap before this (monotonic) */
} sqlite_store;

typedef struct sqlite_stmt {
    struct store_stmt base;
    sqlite3_stmt *stmt;
    const char *sql; /* cache key */
    bool gated;      /* a write outside a transaction: holds the gate until it is done */
} sqlite_stmt;

typedef struct sqlite_conn {
    struct store_conn base;
    sqlite3 *db;
    sqlite_stmt cache[STMT_CACHE];
    int64_t page_size;
    bool holds_gate;  /* in a write: a transaction (sq_begin) or a write statement on its own */
    bool cap_reached; /* a commit took the WAL past the cap: empty it once the gate is let go */
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

static int64_t page_size(sqlite_conn *sc);
static int wal_cap_hook(void *arg, sqlite3 *db, const char *name, int frames);

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
    c->page_size = page_size(c);
    sqlite3_wal_hook(c->db, wal_cap_hook, c);
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
    pthread_rwlock_destroy(&ss->write_gate);
    pthread_mutex_destroy(&ss->checkpoint_lock);
    free(ss->path);
    free(ss);
}

static void empty_wal_at_cap(sqlite_conn *sc);

/* Every write of this process holds the write gate shared, a transaction from BEGIN to its end,
 * a statement on its own while it runs: a write waiting for SQLite's lock while it holds a read
 * snapshot would keep the checkpoint at the cap waiting for it, and it for the checkpoint. */
static void gate_enter(sqlite_conn *sc)
{
    pthread_rwlock_rdlock(&((sqlite_store *)sc->base.owner)->write_gate);
    sc->holds_gate = true;
}

/* Lets the gate go, then empties the WAL if a commit took it past the cap. */
static void gate_leave(sqlite_conn *sc)
{
    if (!sc->holds_gate)
        return;
    sc->holds_gate = false;
    pthread_rwlock_unlock(&((sqlite_store *)sc->base.owner)->write_gate);
    if (sc->cap_reached)
        empty_wal_at_cap(sc);
}

/* store_exec: outside a transaction, the statements run as a write of their own. */
static int sq_exec_gated(store_conn *c, const char *sql)
{
    sqlite_conn *sc = (sqlite_conn *)c;
    if (sc->holds_gate || !sqlite3_get_autocommit(sc->db))
        return sq_exec(c, sql);
    gate_enter(sc);
    int rc = sq_exec(c, sql);
    gate_leave(sc);
    return rc;
}

static int sq_begin(store_conn *c)
{
    sqlite_conn *sc = (sqlite_conn *)c;
    gate_enter(sc);
    int rc = sq_exec(c, "BEGIN IMMEDIATE");
    if (rc != STORE_OK)
        gate_leave(sc);
    return rc;
}

static int sq_commit(store_conn *c)
{
    sqlite_conn *sc = (sqlite_conn *)c;
    int rc = sq_exec(c, "COMMIT");
    if (sqlite3_get_autocommit(sc->db))
        gate_leave(sc);
    return rc;
}

static void sq_rollback(store_conn *c)
{
    sqlite_conn *sc = (sqlite_conn *)c;
    if (!sqlite3_get_autocommit(sc->db))
        (void)sq_exec(c, "ROLLBACK");
    gate_leave(sc);
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
    sqlite_conn *sc = (sqlite_conn *)st->conn;
    if (!sc->holds_gate && !ss->gated && !sqlite3_stmt_readonly(ss->stmt) &&
        sqlite3_get_autocommit(sc->db)) {
        gate_enter(sc);
        ss->gated = true;
    }
    int rc = sqlite3_step(ss->stmt);
    if (ss->gated && rc != SQLITE_ROW) {
        sqlite3_reset(ss->stmt); /* the write is over: its locks go before the gate */
        ss->gated = false;
        gate_leave(sc);
    }
    return map_rc(sc->db, rc);
}

static void sq_done(store_stmt *st)
{
    sqlite_stmt *ss = (sqlite_stmt *)st;
    sqlite3_reset(ss->stmt);
    sqlite3_clear_bindings(ss->stmt);
    if (ss->gated) {
        ss->gated = false;
        gate_leave((sqlite_conn *)st->conn);
    }
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

static int64_t wal_bytes(const sqlite_conn *sc, int frames)
{
    return (int64_t)frames * (sc->page_size + 24); /* a frame: a page and its header */
}

/* Copies the whole WAL into the database and empties it, waiting up to wait_ms for the readers
 * that use it (0: not at all). SQLITE_OK, or SQLITE_BUSY when a reader kept it from it. */
static int truncate_wal(sqlite_conn *sc, int wait_ms)
{
    sqlite3_busy_timeout(sc->db, wait_ms);
    int rc = sqlite3_wal_checkpoint_v2(sc->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    sqlite3_busy_timeout(sc->db, BUSY_TIMEOUT_MS);
    return rc;
}

/* Empties the WAL with the write gate closed: writers wait; the readers of the moment are waited
 * for (new ones read the database file once the whole WAL is copied). The wait is taken in short
 * turns: with readers that overlap without a gap, one long wait can starve (new readers keep
 * reusing a reader slot the checkpoint waits to reset; measured: 5 s in vain, where a second
 * attempt succeeds at once). */
static void empty_wal_at_cap(sqlite_conn *sc)
{
    sqlite_store *ss = (sqlite_store *)sc->base.owner;
    sc->cap_reached = false;
    if (util_monotonic_ms() < ss->cap_wait_after_ms)
        return;
    pthread_rwlock_wrlock(&ss->write_gate);
    pthread_mutex_lock(&ss->checkpoint_lock);
    int rc = SQLITE_BUSY;
    int64_t until = util_monotonic_ms() + WAL_CAP_WAIT_MS;
    while (rc == SQLITE_BUSY && util_monotonic_ms() < until)
        rc = truncate_wal(sc, WAL_CAP_TURN_MS);
    if (rc == SQLITE_BUSY) {
        ss->cap_wait_after_ms = util_monotonic_ms() + WAL_CAP_BACKOFF_MS;
        log_error("sqlite: the WAL is past %d MiB and a reader kept it from starting over",
                  WAL_CAP_BYTES >> 20);
    }
    pthread_mutex_unlock(&ss->checkpoint_lock);
    pthread_rwlock_unlock(&ss->write_gate);
}

/* Runs after every commit, in the committing thread, with the commit durable. A PASSIVE
 * checkpoint copies what it can without waiting, but the WAL starts over only after a checkpoint
 * copied all of it while no reader used it, and with steady readers that moment never comes: the
 * WAL grew without end (8.6 GB in three minutes). So the write whose commit takes it past
 * WAL_CAP_BYTES empties it (empty_wal_at_cap) as soon as it lets the write gate go. A timer
 * could not keep this bound under load; the commits that make the WAL grow can. */
static int wal_cap_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
    (void)db;
    (void)name;
    sqlite_conn *sc = arg;
    if (wal_bytes(sc, frames) < WAL_CAP_BYTES)
        return SQLITE_OK;
    sc->cap_reached = true;
    return SQLITE_OK; /* anything else would fail the commit that has just succeeded */
}

/* One pass of the upkeep thread (store_upkeep): copies what it can into the database without
 * waiting for anyone, and empties the WAL past WAL_RESET_BYTES when no reader uses it. */
static int sq_checkpoint(store_conn *c)
{
    sqlite_conn *sc = (sqlite_conn *)c;
    sqlite_store *ss = (sqlite_store *)c->owner;
    pthread_mutex_lock(&ss->checkpoint_lock);
    int frames = 0;
    int rc = sqlite3_wal_checkpoint_v2(sc->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &frames, NULL);
    if (rc == SQLITE_OK && wal_bytes(sc, frames) >= WAL_RESET_BYTES)
        rc = truncate_wal(sc, 0);
    pthread_mutex_unlock(&ss->checkpoint_lock);
    return rc == SQLITE_OK || rc == SQLITE_BUSY ? STORE_OK : map_rc(sc->db, rc);
}

/* store_bulk_session: 300,000 persons imported with 64 MiB took 84 s of CPU (23 s of it in the
 * kernel, re-reading pages), with 1 GiB 68 s (7 s) (docs/performance.md). 1,000,000 persons
 * make a database of 2.2 GB, most of it indexes written in random order: a quarter of the
 * memory, at least 1 GiB and at most 4 GiB, holds them where there is room. */
static long long bulk_cache_kib(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    long long quarter = pages > 0 && page > 0 ? (long long)pages * page / 4 / 1024 : 0;
    return quarter < BULK_CACHE_KIB       ? BULK_CACHE_KIB
           : quarter > BULK_CACHE_MAX_KIB ? BULK_CACHE_MAX_KIB
                                          : quarter;
}

static int sq_bulk_session(store_conn *c)
{
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA cache_size=-%lld;", bulk_cache_kib());
    return sq_exec(c, pragma);
}

static const store_ops sqlite_ops = {
    .name = "sqlite",
    .conn_open = sq_conn_open,
    .conn_close = sq_conn_close,
    .close = sq_close,
    .exec = sq_exec_gated,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .bulk_session = sq_bulk_session,
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
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&s->write_gate, &attr);
    pthread_rwlockattr_destroy(&attr);
    pthread_mutex_init(&s->checkpoint_lock, NULL);
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
