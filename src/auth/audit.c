#include "auth/audit.h"
#include "store/audit.h"
#include "util/log.h"
#include "util/pool.h"

#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void hash_field(crypto_hash_sha256_state *h, const char *s)
{
    /* Length-prefixed, so ("ab","c") and ("a","bc") differ; NULL differs from "". */
    uint32_t len = s ? (uint32_t)strlen(s) : UINT32_MAX;
    unsigned char be[4] = {len >> 24, len >> 16, len >> 8, len};
    crypto_hash_sha256_update(h, be, 4);
    if (s)
        crypto_hash_sha256_update(h, (const unsigned char *)s, strlen(s));
}

void audit_hash(const char *prev_hash, int64_t seq, const audit_entry *e, char out[65])
{
    crypto_hash_sha256_state h;
    char num[48];
    crypto_hash_sha256_init(&h);
    hash_field(&h, prev_hash);
    snprintf(num, sizeof num, "%" PRId64 ":%" PRId64, seq, e->at);
    hash_field(&h, num);
    hash_field(&h, e->user_id);
    hash_field(&h, e->action);
    hash_field(&h, e->object_type);
    hash_field(&h, e->object_id);
    hash_field(&h, e->person_id);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, digest);
    sodium_bin2hex(out, 65, digest, sizeof digest);
}

/* Appends e after the row (seq, prev) and advances them. */
static int append_after(store_conn *c, const audit_entry *e, int64_t *seq, char prev[65])
{
    char hash[65];
    int64_t next = *seq + 1;
    audit_hash(prev, next, e, hash);
    store_audit_row row = {
        .seq = next,
        .at = e->at,
        .user_id = e->user_id,
        .action = e->action,
        .object_type = e->object_type,
        .object_id = e->object_id,
        .person_id = e->person_id,
        .prev_hash = prev,
        .hash = hash,
    };
    int rc = store_audit_insert(c, &row);
    if (rc == STORE_OK) {
        *seq = next;
        memcpy(prev, hash, 65);
    }
    return rc;
}

int audit_append(store_conn *c, const audit_entry *e)
{
    int64_t seq;
    char prev[65];
    int rc = store_audit_last(c, &seq, prev);
    return rc == STORE_OK ? append_after(c, e, &seq, prev) : rc;
}

/* ---- group commit ---- */

typedef struct submission {
    struct submission *next;
    const audit_entry *entries; /* borrowed until done runs */
    int count;
    audit_done_fn done;
    void *ctx;
} submission;

struct audit_writer {
    store *store;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake; /* the writer: work arrived or stop */
    submission *head, *tail;
    bool stopping;
    int64_t purged_hour; /* audit_shown holds no key older than the hour before this one */
};

int64_t audit_hour(int64_t at)
{
    return at / 3600;
}

/* A once_per_hour entry takes its key first; when another reading (of this server or another
 * one) took it already, nothing is written. The key and the row commit together. */
static int append_unless_shown(store_conn *c, const audit_entry *e, int64_t *seq, char prev[65])
{
    if (e->once_per_hour && e->user_id) {
        store_shown_key k = {.user_id = e->user_id,
                             .hour = audit_hour(e->at),
                             .person_id = e->person_id,
                             .object_type = e->object_type,
                             .object_id = e->object_id};
        bool claimed;
        int rc = store_audit_shown_claim(c, &k, &claimed);
        if (rc != STORE_OK || !claimed)
            return rc;
    }
    return append_after(c, e, seq, prev);
}

/* Keys of past hours are dropped once an hour (per writer: harmless when several servers do it). */
static int purge_shown(store_conn *c, audit_writer *w, const submission *batch)
{
    int64_t hour = 0;
    for (const submission *s = batch; s; s = s->next)
        for (int i = 0; i < s->count; i++)
            if (s->entries[i].once_per_hour && audit_hour(s->entries[i].at) > hour)
                hour = audit_hour(s->entries[i].at);
    if (hour <= w->purged_hour)
        return STORE_OK;
    /* The hour before stays: a reading that started before the hour turned may still come. */
    int rc = store_audit_shown_purge(c, hour - 1);
    if (rc == STORE_OK)
        w->purged_hour = hour;
    return rc;
}

/* One transaction for everything queued; the chain tip is read once and carried in memory
 * (the writer holds the write lock, so nothing can interleave). */
static int commit_batch(store_conn *c, audit_writer *w, submission *batch)
{
    int64_t seq;
    char prev[65];
    int rc = c ? store_begin(c) : STORE_ERROR;
    if (rc == STORE_OK)
        rc = store_audit_last(c, &seq, prev);
    for (submission *s = batch; s && rc == STORE_OK; s = s->next)
        for (int i = 0; i < s->count && rc == STORE_OK; i++)
            rc = append_unless_shown(c, &s->entries[i], &seq, prev);
    if (rc == STORE_OK)
        rc = purge_shown(c, w, batch);
    if (rc == STORE_OK)
        rc = store_commit(c);
    if (rc != STORE_OK) {
        if (c)
            store_rollback(c);
        w->purged_hour = 0; /* the purge, if any, was rolled back too */
        log_error("audit: batch failed (%d)", rc);
    }
    return rc;
}

static void *writer_main(void *arg)
{
    audit_writer *w = arg;
    store_conn *c = store_conn_open(w->store);
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (!w->head && !w->stopping)
            pthread_cond_wait(&w->wake, &w->lock);
        if (!w->head && w->stopping)
            break;
        submission *batch = w->head;
        w->head = w->tail = NULL;
        pthread_mutex_unlock(&w->lock);
        int rc = commit_batch(c, w, batch);
        while (batch) {
            submission *next = batch->next;
            batch->done(batch->ctx, rc);
            free(batch);
            batch = next;
        }
        pthread_mutex_lock(&w->lock);
    }
    pthread_mutex_unlock(&w->lock);
    store_conn_close(c);
    return NULL;
}

audit_writer *audit_writer_start(store *s)
{
    audit_writer *w = calloc(1, sizeof *w);
    if (!w)
        util_oom();
    w->store = s;
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        log_error("audit: cannot start the writer thread");
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->lock);
        free(w);
        return NULL;
    }
    return w;
}

void audit_writer_stop(audit_writer *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    bool running = !w->stopping;
    w->stopping = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    if (running)
        pthread_join(w->thread, NULL); /* what was queued is committed first */
}

void audit_writer_destroy(audit_writer *w)
{
    if (!w)
        return;
    audit_writer_stop(w);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    free(w);
}

int audit_writer_submit(audit_writer *w, const audit_entry *e, int n, audit_done_fn done, void *ctx)
{
    submission *s = util_xmalloc(sizeof *s);
    *s = (submission){.entries = e, .count = n, .done = done, .ctx = ctx};
    pthread_mutex_lock(&w->lock);
    if (w->stopping) {
        pthread_mutex_unlock(&w->lock);
        free(s);
        return STORE_ERROR;
    }
    if (w->tail)
        w->tail->next = s;
    else
        w->head = s;
    w->tail = s;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    return STORE_OK;
}

/* The blocking form: a waiter on the caller's stack. */
typedef struct waiter {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool done;
    int result;
} waiter;

static void wake_waiter(void *arg, int result)
{
    waiter *wt = arg;
    pthread_mutex_lock(&wt->lock);
    wt->result = result;
    wt->done = true;
    pthread_cond_signal(&wt->cond);
    pthread_mutex_unlock(&wt->lock);
}

int audit_writer_log_many(audit_writer *w, const audit_entry *e, int n)
{
    if (n <= 0)
        return STORE_OK;
    waiter wt = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};
    int rc = audit_writer_submit(w, e, n, wake_waiter, &wt);
    if (rc == STORE_OK) {
        pthread_mutex_lock(&wt.lock);
        while (!wt.done)
            pthread_cond_wait(&wt.cond, &wt.lock);
        rc = wt.result;
        pthread_mutex_unlock(&wt.lock);
    }
    pthread_cond_destroy(&wt.cond);
    pthread_mutex_destroy(&wt.lock);
    return rc;
}

int audit_writer_log(audit_writer *w, const audit_entry *e)
{
    return audit_writer_log_many(w, e, 1);
}

/* ---- verification ---- */

typedef struct verify_ctx {
    char prev[65];
    int64_t expected_seq;
    int64_t bad_seq;
    int64_t rows;
} verify_ctx;

static int verify_row(void *arg, const store_audit_row *row, const char *login)
{
    (void)login;
    verify_ctx *v = arg;
    audit_entry e = {
        .at = row->at,
        .user_id = row->user_id,
        .action = row->action,
        .object_type = row->object_type,
        .object_id = row->object_id,
        .person_id = row->person_id,
    };
    char hash[65];
    audit_hash(v->prev, row->seq, &e, hash);
    v->rows++;
    if (row->seq != v->expected_seq || strcmp(row->prev_hash, v->prev) != 0 ||
        strcmp(row->hash, hash) != 0) {
        v->bad_seq = row->seq;
        return 1;
    }
    snprintf(v->prev, sizeof v->prev, "%s", row->hash);
    v->expected_seq++;
    return 0;
}

int audit_verify(store_conn *c, int64_t *bad_seq, int64_t *rows)
{
    verify_ctx v = {.expected_seq = 1};
    memset(v.prev, '0', 64);
    int rc = store_audit_scan(c, 0, NULL, NULL, 0, false, verify_row, &v);
    *rows = v.rows;
    if (rc != STORE_OK && rc != STORE_ROW)
        return rc;
    *bad_seq = v.bad_seq;
    return v.bad_seq ? 1 : 0;
}
