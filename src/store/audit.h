/* The audit table: rows are only ever appended (auth/audit.c computes the chain). */
#ifndef TSUNAGU_STORE_AUDIT_H
#define TSUNAGU_STORE_AUDIT_H

#include "store/store.h"

typedef struct store_audit_row {
    int64_t seq;
    int64_t at;
    const char *user_id;
    const char *action;
    const char *object_type;
    const char *object_id;
    const char *person_id;
    const char *prev_hash;
    const char *hash;
    const char *alg; /* "sha256" or "hmac-sha256" */
} store_audit_row;

/* The last row's seq, hash and alg; seq 0, an all-zero hash and "sha256" when the table is
 * empty. */
int store_audit_last(store_conn *c, int64_t *seq, char hash[65], char alg[16]) STORE_WUR;
int store_audit_insert(store_conn *c, const store_audit_row *row) STORE_WUR;
/* n rows in seq order with as few statements as it takes (one per power of two up to
 * STORE_AUDIT_INSERT_MAX rows): on PostgreSQL each statement is a round trip, and the audit
 * writer holds the chain's lock meanwhile. All or nothing with the caller's transaction. */
enum { STORE_AUDIT_INSERT_MAX = 32 };
int store_audit_insert_rows(store_conn *c, const store_audit_row *rows, int n) STORE_WUR;

/* Calls fn for each row with seq > after, in order, up to limit rows (0: all). fn returns
 * non-zero to stop. Filters may be NULL. Row strings are borrowed for the call. */
typedef int (*store_audit_fn)(void *ctx, const store_audit_row *row, const char *user_login);
int store_audit_scan(store_conn *c, int64_t after, const char *person_id, const char *user_id,
                     int limit, bool newest_first, store_audit_fn fn, void *ctx) STORE_WUR;

/* The audit screen's page (GET /audit): rows with seq below f->before (0: from the newest),
 * newest first, filtered by person, by user and by the instant (at in [from_at, to_at); 0: open),
 * up to limit rows, each with the names of the staff member and of the person it names joined
 * (NULL when the row names none or the record is gone). fn returns non-zero to stop; strings are
 * borrowed for the call. */
typedef struct store_audit_filter {
    int64_t before;
    const char *person_id; /* NULL: everyone */
    const char *user_id;   /* NULL: every user */
    int64_t from_at, to_at;
    int limit;
} store_audit_filter;
typedef struct store_audit_names {
    const char *user_login, *user_name;
    const char *person_family_name, *person_given_name;
} store_audit_names;
typedef int (*store_audit_named_fn)(void *ctx, const store_audit_row *row,
                                    const store_audit_names *names);
int store_audit_page(store_conn *c, const store_audit_filter *f, store_audit_named_fn fn,
                     void *ctx) STORE_WUR;

/* The "already audited this hour" keys (audit_shown): reads shown again and again are audited at
 * most once per user, hour (Unix seconds / 3600), person ('' for none) and object. */
typedef struct store_shown_key {
    const char *user_id;
    int64_t hour;
    const char *person_id; /* NULL: the row names no one */
    const char *object_type;
    const char *object_id;
} store_shown_key;
/* Inserts the key inside the caller's write transaction; *claimed is false when it was there
 * already (INSERT … ON CONFLICT DO NOTHING: safe against other servers on the same database). */
int store_audit_shown_claim(store_conn *c, const store_shown_key *k, bool *claimed) STORE_WUR;
/* Drops the keys of hours before `hour`. Inside the caller's write transaction. */
int store_audit_shown_purge(store_conn *c, int64_t hour) STORE_WUR;
/* Calls fn for each key of this user and hour (person_id "" for none); fn returns non-zero to
 * stop. Strings are borrowed for the call. */
typedef int (*store_shown_fn)(void *ctx, const char *person_id, const char *object_type,
                              const char *object_id);
int store_audit_shown_scan(store_conn *c, const char *user_id, int64_t hour, store_shown_fn fn,
                           void *ctx) STORE_WUR;

#endif
