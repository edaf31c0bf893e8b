/* Backend-independent half of store.h: dispatch, per-thread connections, migrations. */
#include "store/backend.h"
#include "store/migrations.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/pool.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One key for all stores: a thread uses one store (the server has one). */
static pthread_key_t thread_conn_key;
static pthread_once_t thread_conn_once = PTHREAD_ONCE_INIT;

static void thread_conn_destroy(void *conn)
{
    store_conn_close(conn);
}

static void thread_conn_key_create(void)
{
    pthread_key_create(&thread_conn_key, thread_conn_destroy);
}

store_conn *store_thread_conn(store *s)
{
    pthread_once(&thread_conn_once, thread_conn_key_create);
    store_conn *c = pthread_getspecific(thread_conn_key);
    if (c && c->owner == s)
        return c;
    if (c)
        store_conn_close(c);
    c = store_conn_open(s);
    pthread_setspecific(thread_conn_key, c);
    return c;
}

/* The calling thread's connection is closed now rather than at thread exit (main thread). */
static void thread_conn_release(void)
{
    pthread_once(&thread_conn_once, thread_conn_key_create);
    store_conn *c = pthread_getspecific(thread_conn_key);
    if (c) {
        pthread_setspecific(thread_conn_key, NULL);
        store_conn_close(c);
    }
}

void store_close(store *s)
{
    if (!s)
        return;
    thread_conn_release();
    s->ops->close(s);
}

const char *store_backend_name(const store *s)
{
    return s->ops->name;
}

store_conn *store_conn_open(store *s)
{
    return s->ops->conn_open(s);
}

void store_conn_close(store_conn *c)
{
    if (c)
        c->owner->ops->conn_close(c);
}

int store_exec(store_conn *c, const char *sql)
{
    return c->owner->ops->exec(c, sql);
}

int store_begin(store_conn *c)
{
    return c->owner->ops->begin(c);
}

int store_commit(store_conn *c)
{
    return c->owner->ops->commit(c);
}

void store_rollback(store_conn *c)
{
    c->owner->ops->rollback(c);
}

/* Standard SQL, the same on every backend. ROLLBACK TO keeps the savepoint open: RELEASE it. */
int store_savepoint(store_conn *c)
{
    return store_exec(c, "SAVEPOINT svc");
}

int store_release(store_conn *c)
{
    return store_exec(c, "RELEASE SAVEPOINT svc");
}

void store_rollback_to(store_conn *c)
{
    if (store_exec(c, "ROLLBACK TO SAVEPOINT svc") != STORE_OK ||
        store_exec(c, "RELEASE SAVEPOINT svc") != STORE_OK)
        log_error("store: could not roll back to a savepoint");
}

int store_begin_read(store_conn *c)
{
    return c->owner->ops->begin_read(c);
}

void store_end_read(store_conn *c)
{
    c->owner->ops->end_read(c);
}

store_stmt *store_prepare(store_conn *c, const char *sql)
{
    return c->owner->ops->prepare(c, sql);
}

void store_bind_text(store_stmt *st, int i, const char *s)
{
    if (s)
        st->conn->owner->ops->bind_text(st, i, s, strlen(s));
    else
        st->conn->owner->ops->bind_null(st, i);
}

void store_bind_textn(store_stmt *st, int i, const char *s, size_t len)
{
    st->conn->owner->ops->bind_text(st, i, s, len);
}

void store_bind_int(store_stmt *st, int i, int64_t v)
{
    st->conn->owner->ops->bind_int(st, i, v);
}

void store_bind_null(store_stmt *st, int i)
{
    st->conn->owner->ops->bind_null(st, i);
}

int store_step(store_stmt *st)
{
    return st->conn->owner->ops->step(st);
}

void store_done(store_stmt *st)
{
    st->conn->owner->ops->done(st);
}

const char *store_col_text(store_stmt *st, int i)
{
    return st->conn->owner->ops->col_text(st, i);
}

int64_t store_col_int(store_stmt *st, int i)
{
    return st->conn->owner->ops->col_int(st, i);
}

bool store_col_is_null(store_stmt *st, int i)
{
    return st->conn->owner->ops->col_is_null(st, i);
}

char *store_col_dup(store_stmt *st, int i, pool *p)
{
    const char *v = store_col_text(st, i);
    return v ? pool_strdup(p, v) : NULL;
}

int store_run(store_stmt *st)
{
    int rc = store_step(st);
    store_done(st);
    return rc == STORE_ROW ? STORE_OK : rc;
}

int store_each_row(store_stmt *st, int (*row)(store_stmt *st, void *arg), void *arg)
{
    int rc;
    while ((rc = store_step(st)) == STORE_ROW)
        if (row(st, arg) != 0) {
            rc = STORE_OK;
            break;
        }
    store_done(st);
    return rc;
}

int64_t store_changes(store_conn *c)
{
    return c->owner->ops->changes(c);
}

int store_lock(store_conn *c, enum store_lock which)
{
    return c->owner->ops->lock ? c->owner->ops->lock(c, which) : STORE_OK;
}

int store_bulk_session(store_conn *c)
{
    return c->owner->ops->bulk_session ? c->owner->ops->bulk_session(c) : STORE_OK;
}

int store_backup(store_conn *c, const char *path)
{
    return c->owner->ops->backup(c, path);
}

int store_copy_begin(store_conn *c, const char *table, const char *const columns[], int ncolumns)
{
    if (!c->owner->ops->copy_begin) {
        log_error("store: the %s backend is not a bulk-load target", c->owner->ops->name);
        return STORE_ERROR;
    }
    return c->owner->ops->copy_begin(c, table, columns, ncolumns);
}

/* Only after a store_copy_begin that succeeded, which needs the backend's copy_begin. */
int store_copy_row(store_conn *c, const char *const values[])
{
    return c->owner->ops->copy_row ? c->owner->ops->copy_row(c, values) : STORE_ERROR;
}

int store_copy_end(store_conn *c)
{
    return c->owner->ops->copy_end ? c->owner->ops->copy_end(c) : STORE_ERROR;
}

struct store_upkeep {
    store *store;
    int interval_ms;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stopping;
};

static void *upkeep_main(void *arg)
{
    store_upkeep *u = arg;
    store_conn *c = store_conn_open(u->store);
    pthread_mutex_lock(&u->lock);
    while (!u->stopping) {
        int64_t due_ms = util_monotonic_ms() + u->interval_ms;
        struct timespec until = {.tv_sec = due_ms / 1000, .tv_nsec = due_ms % 1000 * 1000000L};
        pthread_cond_timedwait(&u->wake, &u->lock, &until);
        if (u->stopping)
            break;
        pthread_mutex_unlock(&u->lock);
        if (c)
            (void)c->owner->ops->checkpoint(c); /* a failure is logged; the next pass retries */
        pthread_mutex_lock(&u->lock);
    }
    pthread_mutex_unlock(&u->lock);
    store_conn_close(c);
    return NULL;
}

store_upkeep *store_upkeep_start(store *s, int interval_ms)
{
    if (!s->ops->checkpoint)
        return NULL;
    store_upkeep *u = calloc(1, sizeof *u);
    if (!u)
        util_oom();
    u->store = s;
    u->interval_ms = interval_ms;
    pthread_mutex_init(&u->lock, NULL);
    /* The wait is timed on the monotonic clock (util_monotonic_ms): a wall clock set back must
     * not stall the checkpoints. */
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&u->wake, &attr);
    pthread_condattr_destroy(&attr);
    if (pthread_create(&u->thread, NULL, upkeep_main, u) != 0) {
        log_error("store: cannot start the upkeep thread");
        pthread_cond_destroy(&u->wake);
        pthread_mutex_destroy(&u->lock);
        free(u);
        return NULL;
    }
    return u;
}

void store_upkeep_stop(store_upkeep *u)
{
    if (!u)
        return;
    pthread_mutex_lock(&u->lock);
    u->stopping = true;
    pthread_cond_signal(&u->wake);
    pthread_mutex_unlock(&u->lock);
    pthread_join(u->thread, NULL);
    pthread_cond_destroy(&u->wake);
    pthread_mutex_destroy(&u->lock);
    free(u);
}

static int current_schema_version(store_conn *c, int *version)
{
    if (store_exec(
            c, "CREATE TABLE IF NOT EXISTS schema_migrations ("
               " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)") !=
        STORE_OK)
        return STORE_ERROR;
    store_stmt *st = store_prepare(c, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!st)
        return STORE_ERROR;
    int rc = store_step(st);
    *version = rc == STORE_ROW ? (int)store_col_int(st, 0) : 0;
    store_done(st);
    return rc == STORE_ROW ? STORE_OK : STORE_ERROR;
}

/* Applies m unless it is applied already, in one transaction that holds the schema's lock:
 * servers starting at once on one database apply each migration once, one after another. */
static int apply_migration(store_conn *c, const store_migration *m)
{
    int version = 0;
    if (store_begin(c) != STORE_OK)
        return STORE_ERROR;
    if (store_lock(c, STORE_LOCK_MIGRATIONS) != STORE_OK ||
        current_schema_version(c, &version) != STORE_OK)
        goto fail;
    if (m->version <= version)
        return store_commit(c) == STORE_OK ? STORE_OK : STORE_ERROR;
    if (store_exec(c, m->sql) != STORE_OK)
        goto fail;
    store_stmt *st = store_prepare(
        c, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
    if (!st)
        goto fail;
    store_bind_int(st, 1, m->version);
    store_bind_text(st, 2, m->name);
    store_bind_int(st, 3, clock_now());
    if (store_run(st) != STORE_OK || store_commit(c) != STORE_OK)
        goto fail;
    log_info("store: applied migration %s", m->name);
    return STORE_OK;
fail:
    store_rollback(c);
    log_error("store: migration %s failed", m->name);
    return STORE_ERROR;
}

const store_migration_set *store_migrations_for(const char *dialect)
{
    for (const store_migration_set *s = store_migration_sets; s->dialect; s++)
        if (strcmp(s->dialect, dialect) == 0)
            return s;
    return NULL;
}

int store_migrate_to(store_conn *c, int to)
{
    const store_migration_set *set = store_migrations_for(store_backend_name(c->owner));
    if (!set) {
        log_error("store: no migrations for the %s backend", store_backend_name(c->owner));
        return STORE_ERROR;
    }
    for (int i = 0; i < set->count; i++) {
        const store_migration *m = &set->migrations[i];
        if (m->version <= to && apply_migration(c, m) != STORE_OK)
            return STORE_ERROR;
    }
    return STORE_OK;
}

int store_migrate(store_conn *c)
{
    return store_migrate_to(c, INT_MAX);
}
