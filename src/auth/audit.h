/* The audit trail: every read and change of a person's data, every login and export.
 * Rows are chained: hash = SHA-256(prev_hash, seq, at, user, action, object, person). */
#ifndef TSUNAGU_AUTH_AUDIT_H
#define TSUNAGU_AUTH_AUDIT_H

#include "store/store.h"

#include <stdint.h>

typedef struct audit_entry {
    int64_t at;
    const char *user_id;     /* NULL for the system or an unknown login */
    const char *action;      /* read, create, update, export, login, login_failed, logout, … */
    const char *object_type; /* person, household, user, session, audit */
    const char *object_id;
    const char *person_id; /* the person whose data it is, when there is one */
    /* A read shown again and again (the alert board, refreshed every minute): the group-commit
     * writer writes it at most once per user, clock hour, person and object (table
     * audit_shown), and skips it when that key is taken. Not part of the row or its hash. */
    bool once_per_hour;
} audit_entry;

/* Pure: the chain hash of one row as 64 hex characters. */
void audit_hash(const char *prev_hash, int64_t seq, const audit_entry *e, char out[65]);

/* Appends inside the caller's write transaction: the audit row commits with the change. */
int audit_append(store_conn *c, const audit_entry *e) STORE_WUR;

/* The clock hour of once_per_hour entries: Unix seconds / 3600 (Japan is a whole 9 hours off). */
int64_t audit_hour(int64_t at);

/* Reads are audited through one writer thread that commits queued rows together (group commit).
 * audit_writer_submit queues n rows and returns at once; done(ctx, status) runs on the writer
 * thread once they are durable (STORE_OK) or have failed. The entries and their strings must
 * stay valid until then. It returns STORE_ERROR, without calling done, once the writer stops.
 * audit_writer_log(_many) is the blocking form: it returns after the rows are durable. */
typedef struct audit_writer audit_writer;
typedef void (*audit_done_fn)(void *ctx, int status);
audit_writer *audit_writer_start(store *s);
/* Commits what is queued and stops; later submissions fail (STORE_ERROR). The writer stays
 * valid to call until audit_writer_destroy. */
void audit_writer_stop(audit_writer *w);
void audit_writer_destroy(audit_writer *w);
int audit_writer_submit(audit_writer *w, const audit_entry *e, int n, audit_done_fn done,
                        void *ctx) STORE_WUR;
int audit_writer_log(audit_writer *w, const audit_entry *e) STORE_WUR;
/* n rows committed in one batch; returns after all are durable. */
int audit_writer_log_many(audit_writer *w, const audit_entry *e, int n) STORE_WUR;

/* Walks the chain. 0 when intact; otherwise 1 and *bad_seq is the first row that does not
 * match (altered, or its predecessor missing); negative on a storage error. */
int audit_verify(store_conn *c, int64_t *bad_seq, int64_t *rows) STORE_WUR;

#endif
