#include "store/audit.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

int store_audit_last(store_conn *c, int64_t *seq, char hash[65], char alg[16])
{
    store_stmt *st = store_prepare(c, "SELECT seq, hash, alg FROM audit ORDER BY seq DESC LIMIT 1");
    if (!st)
        return STORE_ERROR;
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        *seq = store_col_int(st, 0);
        snprintf(hash, 65, "%s", store_col_text(st, 1));
        snprintf(alg, 16, "%s", store_col_text(st, 2));
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        *seq = 0;
        memset(hash, '0', 64);
        hash[64] = '\0';
        snprintf(alg, 16, "sha256");
    }
    store_done(st);
    return rc;
}

/* seq is given, never left to the database: the primary key on it is what refuses a second row
 * after the same tip (auth/audit.h). */
int store_audit_insert(store_conn *c, const store_audit_row *row)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO audit (seq, at, user_id, action, object_type, object_id, person_id,"
           " prev_hash, hash, alg) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_int(st, 1, row->seq);
    store_bind_int(st, 2, row->at);
    store_bind_text(st, 3, row->user_id);
    store_bind_text(st, 4, row->action);
    store_bind_text(st, 5, row->object_type);
    store_bind_text(st, 6, row->object_id);
    store_bind_text(st, 7, row->person_id);
    store_bind_text(st, 8, row->prev_hash);
    store_bind_text(st, 9, row->hash);
    store_bind_text(st, 10, row->alg);
    int rc = store_step(st);
    store_done(st);
    return rc;
}

static const char *const scan_sql[2] = {
    "SELECT a.seq, a.at, a.user_id, a.action, a.object_type, a.object_id, a.person_id,"
    " a.prev_hash, a.hash, u.login, a.alg FROM audit a LEFT JOIN users u ON u.id = a.user_id"
    " WHERE a.seq > ? AND (CAST(? AS TEXT) IS NULL OR a.person_id = ?)"
    " AND (CAST(? AS TEXT) IS NULL OR a.user_id = ?)"
    " ORDER BY a.seq LIMIT ?",
    "SELECT a.seq, a.at, a.user_id, a.action, a.object_type, a.object_id, a.person_id,"
    " a.prev_hash, a.hash, u.login, a.alg FROM audit a LEFT JOIN users u ON u.id = a.user_id"
    " WHERE a.seq < ? AND (CAST(? AS TEXT) IS NULL OR a.person_id = ?)"
    " AND (CAST(? AS TEXT) IS NULL OR a.user_id = ?)"
    " ORDER BY a.seq DESC LIMIT ?",
};

int store_audit_scan(store_conn *c, int64_t after, const char *person_id, const char *user_id,
                     int limit, bool newest_first, store_audit_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(c, scan_sql[newest_first]);
    if (!st)
        return STORE_ERROR;
    store_bind_int(st, 1, newest_first && after <= 0 ? INT64_MAX : after);
    store_bind_text(st, 2, person_id);
    store_bind_text(st, 3, person_id);
    store_bind_text(st, 4, user_id);
    store_bind_text(st, 5, user_id);
    store_bind_int(st, 6, limit > 0 ? limit : INT64_MAX); /* no LIMIT -1: not portable */
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_audit_row row = {
            .seq = store_col_int(st, 0),
            .at = store_col_int(st, 1),
            .user_id = store_col_text(st, 2),
            .action = store_col_text(st, 3),
            .object_type = store_col_text(st, 4),
            .object_id = store_col_text(st, 5),
            .person_id = store_col_text(st, 6),
            .prev_hash = store_col_text(st, 7),
            .hash = store_col_text(st, 8),
            .alg = store_col_text(st, 10),
        };
        if (fn(ctx, &row, store_col_text(st, 9)) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}

int store_audit_shown_claim(store_conn *c, const store_shown_key *k, bool *claimed)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO audit_shown (user_id, hour, person_id, object_type, object_id)"
           " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, k->user_id);
    store_bind_int(st, 2, k->hour);
    store_bind_text(st, 3, k->person_id ? k->person_id : "");
    store_bind_text(st, 4, k->object_type);
    store_bind_text(st, 5, k->object_id ? k->object_id : "");
    int rc = store_run(st);
    *claimed = rc == STORE_OK && store_changes(c) == 1;
    return rc;
}

int store_audit_shown_purge(store_conn *c, int64_t hour)
{
    store_stmt *st = store_prepare(c, "DELETE FROM audit_shown WHERE hour < ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int(st, 1, hour);
    return store_run(st);
}

int store_audit_shown_scan(store_conn *c, const char *user_id, int64_t hour, store_shown_fn fn,
                           void *ctx)
{
    store_stmt *st = store_prepare(c, "SELECT person_id, object_type, object_id FROM audit_shown"
                                      " WHERE user_id = ? AND hour = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, user_id);
    store_bind_int(st, 2, hour);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (fn(ctx, store_col_text(st, 0), store_col_text(st, 1), store_col_text(st, 2)) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}
