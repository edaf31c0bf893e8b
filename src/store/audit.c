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
#define INSERT_AUDIT                                                                               \
    "INSERT INTO audit (seq, at, user_id, action, object_type, object_id, person_id, prev_hash,"   \
    " hash, alg) VALUES "
#define ROWS_1  "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define ROWS_2  ROWS_1 ", " ROWS_1
#define ROWS_4  ROWS_2 ", " ROWS_2
#define ROWS_8  ROWS_4 ", " ROWS_4
#define ROWS_16 ROWS_8 ", " ROWS_8
#define ROWS_32 ROWS_16 ", " ROWS_16

/* insert_sql[k]: 2^k rows in one statement (k = 0 … 5). */
static const char *const insert_sql[] = {
    INSERT_AUDIT ROWS_1, INSERT_AUDIT ROWS_2,  INSERT_AUDIT ROWS_4,
    INSERT_AUDIT ROWS_8, INSERT_AUDIT ROWS_16, INSERT_AUDIT ROWS_32,
};
enum { AUDIT_FIELDS = 10 };
_Static_assert(STORE_AUDIT_INSERT_MAX == 1 << (sizeof insert_sql / sizeof *insert_sql - 1),
               "a statement for every power of two up to STORE_AUDIT_INSERT_MAX rows");

static void bind_row(store_stmt *st, int first, const store_audit_row *row)
{
    store_bind_int(st, first, row->seq);
    store_bind_int(st, first + 1, row->at);
    store_bind_text(st, first + 2, row->user_id);
    store_bind_text(st, first + 3, row->action);
    store_bind_text(st, first + 4, row->object_type);
    store_bind_text(st, first + 5, row->object_id);
    store_bind_text(st, first + 6, row->person_id);
    store_bind_text(st, first + 7, row->prev_hash);
    store_bind_text(st, first + 8, row->hash);
    store_bind_text(st, first + 9, row->alg);
}

/* 2^k rows with one statement. */
static int insert_power(store_conn *c, const store_audit_row *rows, int k)
{
    store_stmt *st = store_prepare(c, insert_sql[k]);
    if (!st)
        return STORE_ERROR;
    for (int i = 0; i < 1 << k; i++)
        bind_row(st, 1 + i * AUDIT_FIELDS, &rows[i]);
    int rc = store_step(st);
    store_done(st);
    return rc;
}

int store_audit_insert(store_conn *c, const store_audit_row *row)
{
    return insert_power(c, row, 0);
}

/* n rows as the fewest statements of 2^k rows: 50 rows are 32 + 16 + 2. */
int store_audit_insert_rows(store_conn *c, const store_audit_row *rows, int n)
{
    int rc = STORE_OK;
    while (n > 0 && rc == STORE_OK) {
        int k = (int)(sizeof insert_sql / sizeof *insert_sql) - 1;
        while (1 << k > n)
            k--;
        rc = insert_power(c, rows, k);
        rows += 1 << k;
        n -= 1 << k;
    }
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

int store_audit_page(store_conn *c, const store_audit_filter *f, store_audit_named_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT a.seq, a.at, a.user_id, a.action, a.object_type, a.object_id, a.person_id,"
           " u.login, u.name, p.family_name, p.given_name FROM audit a"
           " LEFT JOIN users u ON u.id = a.user_id LEFT JOIN persons p ON p.id = a.person_id"
           " WHERE a.seq < ? AND (CAST(? AS TEXT) IS NULL OR a.person_id = ?)"
           " AND (CAST(? AS TEXT) IS NULL OR a.user_id = ?) AND a.at >= ? AND a.at < ?"
           " ORDER BY a.seq DESC LIMIT ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int(st, 1, f->before > 0 ? f->before : INT64_MAX);
    store_bind_text(st, 2, f->person_id);
    store_bind_text(st, 3, f->person_id);
    store_bind_text(st, 4, f->user_id);
    store_bind_text(st, 5, f->user_id);
    store_bind_int(st, 6, f->from_at > 0 ? f->from_at : INT64_MIN);
    store_bind_int(st, 7, f->to_at > 0 ? f->to_at : INT64_MAX);
    store_bind_int(st, 8, f->limit > 0 ? f->limit : INT64_MAX);
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
        };
        store_audit_names names = {
            .user_login = store_col_text(st, 7),
            .user_name = store_col_text(st, 8),
            .person_family_name = store_col_text(st, 9),
            .person_given_name = store_col_text(st, 10),
        };
        if (fn(ctx, &row, &names) != 0) {
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
