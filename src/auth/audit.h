/* The audit trail: every read and change of a person's data, every login and export.
 * Rows are chained: hash = HMAC-SHA-256(key; prev_hash, seq, at, user, action, object, person,
 * alg) with the key outside the database (auth/audit_key.h), so that rewriting a row and
 * recomputing the later hashes needs the key too. Rows chained before the key existed keep
 * hash = SHA-256(the same fields but alg); the first keyed row (action "audit_keyed", object
 * {"audit", key id}) marks the switch, and no plain row may follow it. */
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

/* Pure: the plain chain hash of one row (rows before the switch) as 64 hex characters. */
void audit_hash(const char *prev_hash, int64_t seq, const audit_entry *e, char out[65]);
/* Pure: the keyed chain hash of one row (32-byte key) as 64 hex characters. */
void audit_hmac(const unsigned char *key, const char *prev_hash, int64_t seq, const audit_entry *e,
                char out[65]);

/* The last row of the chain: what to anchor outside (seq 0 when empty). */
typedef struct audit_tip {
    int64_t seq;
    char hash[65];
    bool keyed;
} audit_tip;
int audit_tip_read(store_conn *c, audit_tip *out) STORE_WUR;

/* Appends inside the caller's write transaction: the audit row commits with the change. With a
 * key loaded (audit_key_load) the row is keyed, after the switch row if the chain was not keyed
 * yet; without one, a keyed chain refuses the row (STORE_ERROR, logged).
 *
 * The chain's lock is taken (store_lock_audit_chain: other appends, of any server, wait until
 * this transaction ends), the tip read, and the row after it inserted with seq = tip.seq + 1.
 * Behind the lock, the primary key on seq still guards: two writers that read the same tip
 * would chain two rows to one predecessor, and the second insert returns STORE_CONSTRAINT having
 * written nothing. The caller rolls its transaction back and may run it again (the audit writer
 * does so itself). */
int audit_append(store_conn *c, const audit_entry *e) STORE_WUR;
/* The same after a tip the caller holds: read after store_lock_audit_chain in this transaction,
 * or carried from its previous append; advanced on success, unchanged otherwise. STORE_CONSTRAINT
 * when it is no longer the tip. */
int audit_append_after(store_conn *c, const audit_entry *e, audit_tip *tip) STORE_WUR;
/* With a key loaded and a chain not keyed yet: appends the switch row now (its own transaction),
 * so that the chain is keyed from this start on. Otherwise does nothing. */
int audit_switch_to_key(store_conn *c, int64_t now) STORE_WUR;
/* Whether the loaded key (NULL: none) can continue this chain: true for a chain not keyed yet;
 * for a keyed one, whether the key verifies its last row (another key would break the chain). */
int audit_key_fits(store_conn *c, bool *fits) STORE_WUR;
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

/* What audit_verify found. */
typedef struct audit_report {
    int64_t rows;       /* rows read */
    int64_t bad_seq;    /* the first row that does not verify (altered, its predecessor missing,
                           a plain row after the switch); 0 when none */
    int64_t keyed_from; /* the switch row's seq; 0 when no row is keyed */
    bool key_needed;    /* keyed rows, but no key loaded: verified up to keyed_from - 1 only */
    bool wrong_key;     /* the switch row names another key than the one loaded */
    audit_tip tip;      /* the last row verified */
} audit_report;

/* Walks the chain with the loaded key (audit_key; NULL: plain rows only). 0 when every row
 * verifies; 1 when one does not (bad_seq) or keyed rows need the key; negative on a storage
 * error. */
int audit_verify(store_conn *c, audit_report *out) STORE_WUR;

#endif
