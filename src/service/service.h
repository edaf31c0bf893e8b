/* The use cases of tsunagu, one function each (service/persons.c, service/reports.c, …), callable
 * from an HTTP handler, the CLI, the import or a benchmark alike: nothing here knows HTTP.
 *
 * A use case takes a context (the connection, a pool, the acting user and their role, and `now`,
 * the one clock reading of the request) and typed input, and returns a svc_result: SVC_OK with
 * the record in an out-parameter, or why not (not found, invalid {field, message}, conflict,
 * invalid transition, forbidden, busy, error).
 *
 * A writing use case owns its transaction, its timeline events and its audit rows:
 *
 *     svc_result r = svc_begin(ctx);
 *     if (r.status == SVC_OK) r = …the work…;
 *     return svc_end(ctx, r);       // commits when OK, rolls back otherwise: the one exit
 *
 * When the caller already holds a transaction (ctx->in_transaction: the CSV import, all or
 * nothing), svc_begin opens a savepoint instead and svc_end releases it or rolls back to it; the
 * caller commits. When the caller also rolls everything back on any failure (ctx->unguarded),
 * neither opens nor closes anything. A reading use case collects the audit rows of what it returns
 * in ctx->reads; the caller makes them durable before showing anything (the HTTP server holds the
 * answer until the group-commit writer has written them). */
#ifndef TSUNAGU_SERVICE_SERVICE_H
#define TSUNAGU_SERVICE_SERVICE_H

#include "auth/audit.h"
#include "auth/roles.h"
#include "domain/date.h"
#include "domain/event_kinds.h"
#include "store/store.h"
#include "util/pool.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum svc_status {
    SVC_OK = 0,
    SVC_NOT_FOUND,          /* the record named does not exist (404) */
    SVC_INVALID,            /* input refused: field and message say why (400) */
    SVC_CONFLICT,           /* the record changed since it was read: version mismatch (409) */
    SVC_INVALID_TRANSITION, /* not allowed in the record's present state (409) */
    SVC_FORBIDDEN,          /* the acting user may not (403) */
    SVC_BUSY,               /* the store could not take the write in time (503) */
    SVC_ERROR,              /* anything unexpected, already logged (500) */
} svc_status;

typedef struct svc_result {
    svc_status status;
    const char *code;    /* the error code of api.md when not the status's usual one, e.g.
                          * "missing_field" for SVC_INVALID, "account_pending" for SVC_FORBIDDEN */
    const char *field;   /* SVC_INVALID: the input field, as api.md names it */
    const char *message; /* Japanese, for the user; NULL: the status's usual message */
} svc_result;

typedef struct svc_ctx {
    store_conn *db;
    pool *pool;          /* results and their strings live here */
    const char *user_id; /* the acting user; NULL for the system (CLI, generator) */
    role role;           /* ROLE_NONE before sign-in (login) and for the system */
    bool system;         /* the CLI, the import, the generator: every permission holds */
    int64_t now;         /* Unix seconds: the one clock reading of this request */
    date_ymd today;      /* the date in Japan at now */
    bool in_transaction; /* the caller holds a write transaction and commits it */
    /* With in_transaction: the caller rolls its whole transaction back when a use case fails (the
     * import's first pass), so a use case opens no savepoint and leaves its failure's writes to
     * that rollback. */
    bool unguarded;
    /* The CSV import's id when this write is an import's (service/import.h): the records it makes
     * name no staff member as their author (a report's received_by, a step's recorder). */
    const char *import_id;

    /* Audit rows of what reading use cases returned, to be made durable before it is shown.
     * Strings live in the pool. */
    audit_entry *reads;
    int read_count, read_cap;
} svc_ctx;

/* A context for user_id (NULL before sign-in) acting as r at now. */
void svc_ctx_init(svc_ctx *ctx, store_conn *db, pool *p, const char *user_id, role r, int64_t now);
/* A context for the system itself (CLI, import, generator): no user, every permission. */
void svc_ctx_init_system(svc_ctx *ctx, store_conn *db, pool *p, int64_t now);

/* Whether the acting user holds permission p (the system holds every one). */
bool svc_may(const svc_ctx *ctx, permission p);

static inline svc_result svc_ok(void)
{
    return (svc_result){.status = SVC_OK};
}
svc_result svc_invalid(const char *field, const char *message);
svc_result svc_missing(const char *field);
svc_result svc_not_found(void);
svc_result svc_conflict(void);
svc_result svc_invalid_transition(const char *message);
svc_result svc_forbidden(const char *message);
svc_result svc_error(void);
/* The result of a store status: STORE_OK → OK, NOT_FOUND, CONFLICT, BUSY, anything else ERROR. */
svc_result svc_from_store(int store_status);

/* INVALID on field when s (UTF-8) has more than max characters ("N文字以内で…"); OK otherwise
 * or for NULL. */
svc_result svc_check_length(svc_ctx *ctx, const char *field, const char *s, long max);
/* Two optional strings are equal (both NULL, or the same text). */
bool svc_same_text(const char *a, const char *b);

/* Opens the use case's write: a transaction, or a savepoint inside the caller's. */
svc_result svc_begin(svc_ctx *ctx);
/* The one exit of a writing use case: when r is OK, commits (durable on return) or releases
 * the savepoint; otherwise rolls back or undoes to the savepoint. Returns r, or an error when the
 * commit failed (then nothing was written). */
svc_result svc_end(svc_ctx *ctx, svc_result r);

/* Audits a change inside the open write (the row commits with it). A store status. */
int svc_audit_change(svc_ctx *ctx, const char *action, const char *object_type,
                     const char *object_id, const char *person_id) STORE_WUR;
/* Records the read of what a reading use case returns (strings must live in the pool or be
 * constants). Returns false when out of memory (the use case then fails). */
bool svc_audit_read(svc_ctx *ctx, const char *object_type, const char *object_id,
                    const char *person_id);
/* The same with another action than "read" (a search hit: "search"). */
bool svc_audit_read_action(svc_ctx *ctx, const char *action, const char *object_type,
                           const char *object_id, const char *person_id);
/* The same for a row shown again and again (the alert board): written at most once per user,
 * clock hour, person and object (audit_entry.once_per_hour). */
bool svc_audit_read_hourly(svc_ctx *ctx, const char *object_type, const char *object_id,
                           const char *person_id);

/* Drops from ctx->reads the hourly rows this user has already been audited for this clock hour
 * (read from audit_shown), so that an unchanged board is answered without waiting for the
 * writer; the writer checks again inside its transaction. Rows are reordered. A store error
 * keeps them all (nothing is left out). */
void svc_reads_drop_shown(svc_ctx *ctx);

/* A timeline event of kind (its section follows from the kind) about a person at `at`
 * (ctx->now for most), shown on their timeline and, through their current household, on the
 * family's. Inside the open write. A store status. */
int svc_add_event(svc_ctx *ctx, int64_t at, event_kind kind, const char *summary,
                  const char *ref_type, const char *ref_id, const char *person_id) STORE_WUR;
/* The same about a household as a whole (a case: once for the family, on every member's
 * timeline through the household, instead of once per member). */
int svc_add_household_event(svc_ctx *ctx, int64_t at, event_kind kind, const char *summary,
                            const char *ref_type, const char *ref_id,
                            const char *household_id) STORE_WUR;

#endif
