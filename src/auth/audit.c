#include "auth/audit.h"
#include "auth/audit_key.h"
#include "store/audit.h"
#include "util/log.h"
#include "util/pool.h"

#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALG_PLAIN     "sha256"
#define ALG_KEYED     "hmac-sha256"
#define SWITCH_ACTION "audit_keyed"

/* SHA-256, or HMAC-SHA-256 with a key: the same fields either way. */
typedef struct hasher {
    const unsigned char *key; /* NULL: plain */
    crypto_hash_sha256_state sha;
    crypto_auth_hmacsha256_state mac;
} hasher;

static void hasher_update(hasher *h, const unsigned char *p, size_t n)
{
    if (h->key)
        crypto_auth_hmacsha256_update(&h->mac, p, n);
    else
        crypto_hash_sha256_update(&h->sha, p, n);
}

static void hash_field(hasher *h, const char *s)
{
    /* Length-prefixed, so ("ab","c") and ("a","bc") differ; NULL differs from "". */
    uint32_t len = s ? (uint32_t)strlen(s) : UINT32_MAX;
    unsigned char be[4] = {len >> 24, len >> 16, len >> 8, len};
    hasher_update(h, be, 4);
    if (s)
        hasher_update(h, (const unsigned char *)s, strlen(s));
}

static void row_hash(const unsigned char *key, const char *prev_hash, int64_t seq,
                     const audit_entry *e, char out[65])
{
    hasher h = {.key = key};
    if (key)
        crypto_auth_hmacsha256_init(&h.mac, key, AUDIT_KEY_BYTES);
    else
        crypto_hash_sha256_init(&h.sha);
    char num[48];
    hash_field(&h, prev_hash);
    snprintf(num, sizeof num, "%" PRId64 ":%" PRId64, seq, e->at);
    hash_field(&h, num);
    hash_field(&h, e->user_id);
    hash_field(&h, e->action);
    hash_field(&h, e->object_type);
    hash_field(&h, e->object_id);
    hash_field(&h, e->person_id);
    if (key) /* a keyed row says so inside its hash: it cannot pass for a plain one */
        hash_field(&h, ALG_KEYED);
    unsigned char digest[crypto_hash_sha256_BYTES];
    if (key)
        crypto_auth_hmacsha256_final(&h.mac, digest);
    else
        crypto_hash_sha256_final(&h.sha, digest);
    sodium_memzero(&h, sizeof h); /* the HMAC state holds key material */
    sodium_bin2hex(out, 65, digest, sizeof digest);
}

void audit_hash(const char *prev_hash, int64_t seq, const audit_entry *e, char out[65])
{
    row_hash(NULL, prev_hash, seq, e, out);
}

void audit_hmac(const unsigned char *key, const char *prev_hash, int64_t seq, const audit_entry *e,
                char out[65])
{
    row_hash(key, prev_hash, seq, e, out);
}

int audit_tip_read(store_conn *c, audit_tip *out)
{
    char alg[16];
    int rc = store_audit_last(c, &out->seq, out->hash, alg);
    out->keyed = rc == STORE_OK && strcmp(alg, ALG_KEYED) == 0;
    return rc;
}

/* The tip to append after, inside a write transaction: other appends (other servers on
 * PostgreSQL) wait until this transaction ends, so that two never chain to one predecessor. */
static int tip_for_append(store_conn *c, audit_tip *tip)
{
    int rc = store_lock(c, STORE_LOCK_AUDIT_CHAIN);
    return rc == STORE_OK ? audit_tip_read(c, tip) : rc;
}

/* The writer's rows not inserted yet: up to STORE_AUDIT_INSERT_MAX go in with one statement
 * (one round trip to PostgreSQL instead of one per row, while the chain's lock is held). The
 * entries' strings live until the batch is done; the hashes live here. */
typedef struct row_buffer {
    store_audit_row rows[STORE_AUDIT_INSERT_MAX];
    char hashes[STORE_AUDIT_INSERT_MAX + 1][65]; /* [0]: the tip before rows[0]; [i + 1]: rows[i] */
    int n;
} row_buffer;

static int flush_rows(store_conn *c, row_buffer *buf)
{
    int rc = store_audit_insert_rows(c, buf->rows, buf->n);
    buf->n = 0;
    return rc;
}

/* Inserts row now (buf NULL), or adds it to buf, which is flushed when full. */
static int insert_or_buffer(store_conn *c, const store_audit_row *row, row_buffer *buf)
{
    if (!buf)
        return store_audit_insert(c, row);
    if (buf->n == 0)
        memcpy(buf->hashes[0], row->prev_hash, 65);
    memcpy(buf->hashes[buf->n + 1], row->hash, 65);
    store_audit_row *r = &buf->rows[buf->n];
    *r = *row;
    r->prev_hash = buf->hashes[buf->n];
    r->hash = buf->hashes[buf->n + 1];
    return ++buf->n == STORE_AUDIT_INSERT_MAX ? flush_rows(c, buf) : STORE_OK;
}

/* Appends e as the row after tip, keyed when key is given, and advances tip; with buf, the row
 * may be inserted later (flush_rows), in the same transaction. */
static int append_row(store_conn *c, const audit_entry *e, const unsigned char *key, audit_tip *tip,
                      row_buffer *buf)
{
    char hash[65];
    int64_t next = tip->seq + 1;
    row_hash(key, tip->hash, next, e, hash);
    store_audit_row row = {
        .seq = next,
        .at = e->at,
        .user_id = e->user_id,
        .action = e->action,
        .object_type = e->object_type,
        .object_id = e->object_id,
        .person_id = e->person_id,
        .prev_hash = tip->hash,
        .hash = hash,
        .alg = key ? ALG_KEYED : ALG_PLAIN,
    };
    int rc = insert_or_buffer(c, &row, buf);
    if (rc == STORE_OK) {
        tip->seq = next;
        memcpy(tip->hash, hash, 65);
        tip->keyed = key != NULL;
    }
    return rc;
}

/* The first keyed row: who wrote it is the system, what it names is the key (by its id). */
static int append_switch(store_conn *c, int64_t at, const unsigned char *key, audit_tip *tip)
{
    char id[AUDIT_KEY_ID_LEN + 1];
    audit_key_id(key, id);
    audit_entry e = {.at = at, .action = SWITCH_ACTION, .object_type = "audit", .object_id = id};
    return append_row(c, &e, key, tip, NULL); /* e's strings end here: inserted now */
}

static int append_after(store_conn *c, const audit_entry *e, audit_tip *tip, row_buffer *buf)
{
    const unsigned char *key = audit_key();
    if (!key && tip->keyed) {
        log_error("audit: the chain is keyed and no audit key is loaded: row refused");
        return STORE_ERROR;
    }
    if (key && !tip->keyed) { /* in seq order: what is buffered goes in first */
        int rc = buf && buf->n ? flush_rows(c, buf) : STORE_OK;
        if (rc == STORE_OK)
            rc = append_switch(c, e->at, key, tip);
        if (rc != STORE_OK)
            return rc;
    }
    return append_row(c, e, key, tip, buf);
}

int audit_append_after(store_conn *c, const audit_entry *e, audit_tip *tip)
{
    return append_after(c, e, tip, NULL);
}

int audit_append(store_conn *c, const audit_entry *e)
{
    audit_tip tip;
    int rc = tip_for_append(c, &tip);
    return rc == STORE_OK ? audit_append_after(c, e, &tip) : rc;
}

static int refuse_other_key(store_conn *c)
{
    bool fits = false;
    int rc = audit_key_fits(c, &fits);
    if (rc == STORE_OK && !fits) {
        log_error("audit: the chain was keyed meanwhile with another key than this one");
        return STORE_ERROR;
    }
    return rc;
}

int audit_switch_to_key(store_conn *c, int64_t now)
{
    const unsigned char *key = audit_key();
    if (!key)
        return STORE_OK;
    int rc = store_begin(c);
    audit_tip tip;
    if (rc == STORE_OK)
        rc = tip_for_append(c, &tip);
    if (rc == STORE_OK && !tip.keyed)
        rc = append_switch(c, now, key, &tip);
    else if (rc == STORE_OK)
        rc = refuse_other_key(c); /* another server keyed it since audit_key_fits */
    if (rc == STORE_OK)
        return store_commit(c);
    store_rollback(c);
    return rc;
}

static int check_last_row(void *arg, const store_audit_row *row, const char *login)
{
    (void)login;
    bool *fits = arg;
    audit_entry e = {.at = row->at,
                     .user_id = row->user_id,
                     .action = row->action,
                     .object_type = row->object_type,
                     .object_id = row->object_id,
                     .person_id = row->person_id};
    char hash[65];
    audit_hmac(audit_key(), row->prev_hash, row->seq, &e, hash);
    *fits = strcmp(hash, row->hash) == 0;
    return 1;
}

int audit_key_fits(store_conn *c, bool *fits)
{
    audit_tip tip;
    int rc = audit_tip_read(c, &tip);
    if (rc != STORE_OK)
        return rc;
    *fits = !tip.keyed;
    if (!tip.keyed || !audit_key())
        return STORE_OK;
    rc = store_audit_scan(c, tip.seq - 1, NULL, NULL, 1, false, check_last_row, fits);
    return rc == STORE_ROW ? STORE_OK : rc;
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
static int append_unless_shown(store_conn *c, const audit_entry *e, audit_tip *tip, row_buffer *buf)
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
    return append_after(c, e, tip, buf);
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
 * through the batch (no one else can append inside this transaction: tip_for_append; should
 * that ever fail, the primary key on seq refuses an append after a tip that moved:
 * STORE_CONSTRAINT). The rows go in up to STORE_AUDIT_INSERT_MAX per statement (row_buffer). */
static int write_batch(store_conn *c, audit_writer *w, submission *batch)
{
    audit_tip tip;
    row_buffer buf;
    buf.n = 0;
    int rc = store_begin(c);
    if (rc == STORE_OK)
        rc = tip_for_append(c, &tip);
    for (submission *s = batch; s && rc == STORE_OK; s = s->next)
        for (int i = 0; i < s->count && rc == STORE_OK; i++)
            rc = append_unless_shown(c, &s->entries[i], &tip, &buf);
    if (rc == STORE_OK && buf.n)
        rc = flush_rows(c, &buf);
    if (rc == STORE_OK)
        rc = purge_shown(c, w, batch);
    if (rc == STORE_OK)
        rc = store_commit(c);
    if (rc != STORE_OK) {
        store_rollback(c);
        w->purged_hour = 0; /* the purge, if any, was rolled back too */
    }
    return rc;
}

/* A batch that lost the chain tip to another writer (a backend that does not serialise
 * writers) is written again from the new tip; nothing of the lost attempt remains. */
enum { BATCH_ATTEMPTS = 3 };

static int commit_batch(store_conn *c, audit_writer *w, submission *batch)
{
    int rc = STORE_ERROR;
    for (int attempt = 0; c && attempt < BATCH_ATTEMPTS; attempt++) {
        rc = write_batch(c, w, batch);
        if (rc != STORE_CONSTRAINT)
            break;
    }
    if (rc != STORE_OK)
        log_error("audit: batch failed (%d)", rc);
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

enum { VERIFY_PAGE = 10000 };

typedef struct verify_ctx {
    const unsigned char *key;
    char prev[65];
    int64_t expected_seq;
    audit_report *report;
} verify_ctx;

/* 0: the row verifies; 1: stop (report says why). */
static int verify_row(void *arg, const store_audit_row *row, const char *login)
{
    (void)login;
    verify_ctx *v = arg;
    audit_report *r = v->report;
    bool keyed = row->alg && strcmp(row->alg, ALG_KEYED) == 0;
    bool plain = row->alg && strcmp(row->alg, ALG_PLAIN) == 0;
    r->rows++;
    if (keyed && !r->keyed_from) {
        r->keyed_from = row->seq;
        if (!v->key) {
            r->key_needed = true;
            return 1;
        }
        char id[AUDIT_KEY_ID_LEN + 1];
        audit_key_id(v->key, id);
        r->wrong_key = strcmp(row->action, SWITCH_ACTION) == 0 && row->object_id &&
                       strcmp(row->object_id, id) != 0;
        if (strcmp(row->action, SWITCH_ACTION) != 0) /* a keyed row must start with the switch */
            keyed = false;
    }
    audit_entry e = {
        .at = row->at,
        .user_id = row->user_id,
        .action = row->action,
        .object_type = row->object_type,
        .object_id = row->object_id,
        .person_id = row->person_id,
    };
    char hash[65];
    row_hash(keyed ? v->key : NULL, v->prev, row->seq, &e, hash);
    bool after_switch = r->keyed_from && row->seq > r->keyed_from;
    if (row->seq != v->expected_seq || strcmp(row->prev_hash, v->prev) != 0 ||
        strcmp(row->hash, hash) != 0 || !(keyed || (plain && !after_switch))) {
        r->bad_seq = row->seq;
        return 1;
    }
    snprintf(v->prev, sizeof v->prev, "%s", row->hash);
    r->tip.seq = row->seq;
    snprintf(r->tip.hash, sizeof r->tip.hash, "%s", row->hash);
    r->tip.keyed = keyed;
    v->expected_seq++;
    return 0;
}

int audit_verify(store_conn *c, audit_report *out)
{
    *out = (audit_report){0};
    memset(out->tip.hash, '0', 64);
    verify_ctx v = {.key = audit_key(), .expected_seq = 1, .report = out};
    memset(v.prev, '0', 64);
    /* In pages: PostgreSQL hands a statement's rows over all at once (millions of rows at a
     * prefecture's scale would be gigabytes of memory). */
    int rc;
    int64_t page_start;
    do {
        page_start = out->rows;
        rc =
            store_audit_scan(c, v.expected_seq - 1, NULL, NULL, VERIFY_PAGE, false, verify_row, &v);
    } while (rc == STORE_OK && out->rows - page_start == VERIFY_PAGE);
    if (rc != STORE_OK && rc != STORE_ROW)
        return rc;
    return out->bad_seq || out->key_needed ? 1 : 0;
}
