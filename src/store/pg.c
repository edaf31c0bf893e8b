/* The PostgreSQL backend (libpq): one connection per thread, READ COMMITTED writes, REPEATABLE
 * READ read snapshots, statements prepared once per connection, and a connection that comes
 * back by itself after the database restarted (store.h: STORE_BUSY meanwhile). */
#include "store/backend.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/pool.h"

#include <libpq-fe.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* While the database is unreachable, a connection tries again at most once a second: requests
 * meanwhile answer 503 at once instead of each waiting for a connect timeout. */
enum { STMT_CACHE = 256, BOOL_OID = 16, MIN_SERVER_VERSION = 130000, RECONNECT_PAUSE_MS = 1000 };

/* store_lock's advisory locks are (LOCK_SPACE, which): LOCK_SPACE is any fixed number no other
 * program uses on the same database; this one spells "tsng" in ASCII. */
#define LOCK_SPACE "1953722983"

/* Set on every new connection: durable commits whatever the server's default (store.h), a lock
 * waited for as long as SQLite's busy_timeout, and no transaction left open by a stuck thread. */
static const char SESSION_SETTINGS[] =
    "SET synchronous_commit = on; SET lock_timeout = '10s';"
    " SET idle_in_transaction_session_timeout = '60s'; SET client_encoding = 'UTF8';"
    " SET TIME ZONE 'UTC'";

typedef struct pg_store {
    struct store base;
    char *conninfo;
} pg_store;

typedef struct pg_stmt {
    struct store_stmt base;
    const char *sql; /* cache key: the caller's text */
    char *text;      /* the same with $1, $2, … */
    char name[16];
    int nparams;
    char **values; /* bound parameters, NULL for SQL NULL */
    int *lengths;
    unsigned prepared_in; /* the connection generation it was prepared in (0: never) */
    PGresult *res;        /* rows of the current execution; NULL before the first step */
    int row;              /* the row store_step last made current */
} pg_stmt;

typedef struct pg_conn {
    struct store_conn base;
    PGconn *pg;
    unsigned generation; /* +1 at every (re)connection: prepared statements are gone then */
    bool in_transaction; /* between BEGIN and COMMIT/ROLLBACK: a lost connection is not remade */
    int64_t reconnect_after_ms; /* monotonic; 0 while connected */
    int64_t changes;
    struct {         /* a bulk load under way (store_copy_begin … store_copy_end) */
        char *table; /* the quoted name; NULL when no copy is under way */
        int ncolumns;
        char *buf; /* rows not yet sent, in COPY's text format */
        size_t len, cap;
        char **rebuild; /* what was dropped for the copy: its CREATE / ADD statements */
        int nrebuild;
    } copy;
    pg_stmt cache[STMT_CACHE];
} pg_conn;

/* The class of an SQLSTATE says what the caller may do (store.h STATUSES). Messages are logged
 * without their DETAIL, which may quote a row's values (personal data). */
static int map_error(pg_conn *pc, const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *message = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (!state || PQstatus(pc->pg) != CONNECTION_OK || strncmp(state, "08", 2) == 0 ||
        strncmp(state, "57P", 3) == 0) {
        log_error("pg: the connection to the database is lost (%s)", state ? state : "no state");
        return STORE_BUSY;
    }
    if (strncmp(state, "23", 2) == 0) {
        const char *constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
        log_info("pg: constraint %s refused a statement (%s)", constraint ? constraint : "?",
                 state);
        return STORE_CONSTRAINT;
    }
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0) {
        log_error("pg: busy (%s): %s", state, message ? message : "");
        return STORE_BUSY;
    }
    if (strncmp(state, "22", 2) == 0) /* data exceptions quote the value */
        log_error("pg: data error %s", state);
    else
        log_error("pg: error %s: %s", state, message ? message : "");
    return STORE_ERROR;
}

/* Runs text (one or several statements, no parameters) and keeps its row count. */
static int pg_exec_raw(pg_conn *pc, const char *text)
{
    PGresult *res = PQexec(pc->pg, text);
    ExecStatusType st = PQresultStatus(res);
    int rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? STORE_OK : map_error(pc, res);
    PQclear(res);
    return rc;
}

static int check_server(pg_conn *pc)
{
    if (PQserverVersion(pc->pg) < MIN_SERVER_VERSION) {
        log_error("pg: PostgreSQL %d is too old (13 or newer)", PQserverVersion(pc->pg));
        return STORE_ERROR;
    }
    const char *encoding = PQparameterStatus(pc->pg, "server_encoding");
    if (!encoding || strcmp(encoding, "UTF8") != 0) {
        log_error("pg: the database's encoding is %s; tsunagu needs UTF8",
                  encoding ? encoding : "unknown");
        return STORE_ERROR;
    }
    return STORE_OK;
}

/* A new connection made ready: settings applied, statements to prepare again. */
static int connection_ready(pg_conn *pc)
{
    if (PQstatus(pc->pg) != CONNECTION_OK) {
        if (pc->reconnect_after_ms == 0) /* the first failure of an outage, not every retry */
            log_error("pg: cannot connect: %s", PQerrorMessage(pc->pg));
        pc->reconnect_after_ms = util_monotonic_ms() + RECONNECT_PAUSE_MS;
        return STORE_BUSY;
    }
    pc->reconnect_after_ms = 0;
    if (check_server(pc) != STORE_OK)
        return STORE_ERROR;
    int rc = pg_exec_raw(pc, SESSION_SETTINGS);
    if (rc == STORE_OK)
        pc->generation++;
    return rc;
}

/* The server's notices ("relation … already exists, skipping" of a repeated CREATE … IF NOT
 * EXISTS) are expected and say nothing to an operator: not printed. */
static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static PGconn *connect_to(const char *conninfo)
{
    /* Our defaults first; the operator's conninfo (expanded from dbname) overrides them. */
    const char *const keys[] = {"connect_timeout", "fallback_application_name", "dbname", NULL};
    const char *const values[] = {"5", "tsunagu", conninfo, NULL};
    PGconn *pg = PQconnectdbParams(keys, values, 1);
    if (pg)
        PQsetNoticeProcessor(pg, ignore_notice, NULL);
    return pg;
}

/* Outside a transaction: a lost connection is made again (the database restarted). Inside one,
 * the transaction is gone with its connection: STORE_BUSY until the caller rolls back. */
static int ensure_connected(pg_conn *pc)
{
    if (PQstatus(pc->pg) == CONNECTION_OK)
        return STORE_OK;
    if (pc->in_transaction || util_monotonic_ms() < pc->reconnect_after_ms)
        return STORE_BUSY;
    PQreset(pc->pg);
    int rc = connection_ready(pc);
    if (rc == STORE_OK)
        log_info("pg: reconnected to the database");
    return rc;
}

static store_conn *pg_conn_open(store *s)
{
    pg_conn *pc = calloc(1, sizeof *pc);
    if (!pc)
        util_oom();
    pc->base.owner = s;
    pc->pg = connect_to(((pg_store *)s)->conninfo);
    if (!pc->pg)
        util_oom();
    /* Unreachable now (the database restarts): kept, and connected again at its first use. */
    if (connection_ready(pc) == STORE_ERROR) {
        PQfinish(pc->pg);
        free(pc);
        return NULL;
    }
    return &pc->base;
}

static void stmt_free(pg_stmt *ps)
{
    PQclear(ps->res);
    for (int i = 0; i < ps->nparams; i++)
        free(ps->values[i]);
    free(ps->values);
    free(ps->lengths);
    free(ps->text);
}

static void copy_reset(pg_conn *pc);

static void pg_conn_close(store_conn *c)
{
    pg_conn *pc = (pg_conn *)c;
    copy_reset(pc);
    free(pc->copy.buf);
    for (int i = 0; i < STMT_CACHE; i++)
        if (pc->cache[i].sql)
            stmt_free(&pc->cache[i]);
    PQfinish(pc->pg);
    free(pc);
}

static void pg_close(store *s)
{
    pg_store *ps = (pg_store *)s;
    free(ps->conninfo);
    free(ps);
}

/* The server ended an idle connection (it restarted): libpq learns it only when the next
 * statement fails. A BEGIN or a SELECT outside a transaction wrote nothing and is sent once more
 * on a new connection; anything else may have run, and answers STORE_BUSY. */
static bool worth_once_more(const pg_conn *pc, const char *sql, int rc)
{
    return rc == STORE_BUSY && PQstatus(pc->pg) != CONNECTION_OK && !pc->in_transaction &&
           (strncmp(sql, "BEGIN", 5) == 0 || strncmp(sql, "SELECT", 6) == 0);
}

static int pg_exec(store_conn *c, const char *sql)
{
    pg_conn *pc = (pg_conn *)c;
    int rc = ensure_connected(pc);
    if (rc == STORE_OK)
        rc = pg_exec_raw(pc, sql);
    if (worth_once_more(pc, sql, rc) && ensure_connected(pc) == STORE_OK)
        rc = pg_exec_raw(pc, sql);
    return rc;
}

static int begin_as(store_conn *c, const char *sql)
{
    int rc = pg_exec(c, sql);
    ((pg_conn *)c)->in_transaction = rc == STORE_OK;
    return rc;
}

static int pg_begin(store_conn *c)
{
    return begin_as(c, "BEGIN ISOLATION LEVEL READ COMMITTED");
}

static void copy_abandon(pg_conn *pc);

/* COMMIT of a transaction that failed answers ROLLBACK, not an error: say so. */
static int pg_commit(store_conn *c)
{
    pg_conn *pc = (pg_conn *)c;
    if (pc->copy.table) {
        log_error("pg: commit with a copy under way: rolled back");
        copy_abandon(pc);
        pc->in_transaction = false;
        (void)pg_exec_raw(pc, "ROLLBACK");
        return STORE_ERROR;
    }
    pc->in_transaction = false;
    PGresult *res = PQexec(pc->pg, "COMMIT");
    int rc;
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        rc = map_error(pc, res);
    else if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
        log_error("pg: the transaction had failed and was rolled back");
        rc = STORE_ERROR;
    } else
        rc = STORE_OK;
    PQclear(res);
    return rc;
}

static void pg_rollback(store_conn *c)
{
    pg_conn *pc = (pg_conn *)c;
    pc->in_transaction = false;
    copy_abandon(pc);
    if (PQstatus(pc->pg) != CONNECTION_OK || PQtransactionStatus(pc->pg) == PQTRANS_IDLE)
        return;
    PGresult *res = PQexec(pc->pg, "ROLLBACK");
    PQclear(res);
}

static int pg_begin_read(store_conn *c)
{
    return begin_as(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

static void pg_end_read(store_conn *c)
{
    pg_rollback(c);
}

/* `?` → `$n` outside quoted text (store.h: parameters are `?` only, in order). */
static char *numbered_parameters(const char *sql, int *count)
{
    size_t len = strlen(sql);
    char *out = malloc(len * 4 + 1); /* "?" → "$NNN" at most */
    if (!out)
        util_oom();
    char *w = out;
    char quote = 0;
    int n = 0;
    for (const char *r = sql; *r; r++) {
        if (quote) {
            if (*r == quote)
                quote = 0;
        } else if (*r == '\'' || *r == '"') {
            quote = *r;
        } else if (*r == '?') {
            w += sprintf(w, "$%d", ++n);
            continue;
        }
        *w++ = *r;
    }
    *w = '\0';
    *count = n;
    return out;
}

static void stmt_init(pg_stmt *ps, pg_conn *pc, const char *sql, int slot)
{
    ps->base.conn = &pc->base;
    ps->sql = sql;
    ps->text = numbered_parameters(sql, &ps->nparams);
    snprintf(ps->name, sizeof ps->name, "s%d", slot);
    size_t n = ps->nparams ? (size_t)ps->nparams : 1;
    ps->values = calloc(n, sizeof *ps->values);
    ps->lengths = calloc(n, sizeof *ps->lengths);
    if (!ps->values || !ps->lengths)
        util_oom();
}

/* Prepared on this connection (again after a reconnection). */
static int stmt_prepare(pg_stmt *ps)
{
    pg_conn *pc = (pg_conn *)ps->base.conn;
    if (ps->prepared_in == pc->generation)
        return STORE_OK;
    PGresult *res = PQprepare(pc->pg, ps->name, ps->text, ps->nparams, NULL);
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? STORE_OK : map_error(pc, res);
    PQclear(res);
    if (rc == STORE_OK)
        ps->prepared_in = pc->generation;
    return rc;
}

static store_stmt *pg_prepare(store_conn *c, const char *sql)
{
    pg_conn *pc = (pg_conn *)c;
    size_t h = ((uintptr_t)sql >> 3) % STMT_CACHE;
    for (size_t probe = 0; probe < STMT_CACHE; probe++) {
        int slot = (int)((h + probe) % STMT_CACHE);
        pg_stmt *ps = &pc->cache[slot];
        if (ps->sql == sql)
            return &ps->base;
        if (ps->sql)
            continue;
        stmt_init(ps, pc, sql, slot);
        /* An SQL error shows now, as with SQLite; a lost connection at the first step. */
        if (PQstatus(pc->pg) == CONNECTION_OK && stmt_prepare(ps) == STORE_ERROR) {
            stmt_free(ps);
            memset(ps, 0, sizeof *ps);
            return NULL;
        }
        return &ps->base;
    }
    log_error("pg: statement cache full");
    return NULL;
}

static void set_param(store_stmt *st, int i, char *value, int len)
{
    pg_stmt *ps = (pg_stmt *)st;
    if (i < 1 || i > ps->nparams) {
        log_error("pg: parameter %d of a statement with %d", i, ps->nparams);
        free(value);
        return;
    }
    free(ps->values[i - 1]);
    ps->values[i - 1] = value;
    ps->lengths[i - 1] = len;
}

static void pg_bind_text(store_stmt *st, int i, const char *s, size_t len)
{
    char *copy = malloc(len + 1);
    if (!copy)
        util_oom();
    memcpy(copy, s, len);
    copy[len] = '\0';
    set_param(st, i, copy, (int)len);
}

static void pg_bind_int(store_stmt *st, int i, int64_t v)
{
    char *text = malloc(24);
    if (!text)
        util_oom();
    int len = snprintf(text, 24, "%" PRId64, v);
    set_param(st, i, text, len);
}

static void pg_bind_null(store_stmt *st, int i)
{
    set_param(st, i, NULL, 0);
}

/* Runs the statement: its rows are then read one store_step at a time. */
static int stmt_execute_once(pg_stmt *ps)
{
    pg_conn *pc = (pg_conn *)ps->base.conn;
    int rc = ensure_connected(pc);
    if (rc == STORE_OK)
        rc = stmt_prepare(ps);
    if (rc != STORE_OK)
        return rc;
    PGresult *res = PQexecPrepared(pc->pg, ps->name, ps->nparams, (const char *const *)ps->values,
                                   ps->lengths, NULL, 0);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        rc = map_error(pc, res);
        PQclear(res);
        return rc;
    }
    const char *tuples = PQcmdTuples(res);
    pc->changes = *tuples ? strtoll(tuples, NULL, 10) : 0;
    ps->res = res;
    ps->row = -1;
    return STORE_OK;
}

static int stmt_execute(pg_stmt *ps)
{
    int rc = stmt_execute_once(ps);
    if (worth_once_more((pg_conn *)ps->base.conn, ps->text, rc))
        rc = stmt_execute_once(ps);
    return rc;
}

static int pg_step(store_stmt *st)
{
    pg_stmt *ps = (pg_stmt *)st;
    if (!ps->res) {
        int rc = stmt_execute(ps);
        if (rc != STORE_OK)
            return rc;
    }
    if (ps->row + 1 < PQntuples(ps->res)) {
        ps->row++;
        return STORE_ROW;
    }
    ps->row = PQntuples(ps->res);
    return STORE_OK;
}

static void pg_done(store_stmt *st)
{
    pg_stmt *ps = (pg_stmt *)st;
    PQclear(ps->res);
    ps->res = NULL;
    for (int i = 0; i < ps->nparams; i++) {
        free(ps->values[i]);
        ps->values[i] = NULL;
        ps->lengths[i] = 0;
    }
}

static bool on_row(const pg_stmt *ps, int i)
{
    return ps->res && ps->row >= 0 && ps->row < PQntuples(ps->res) && i >= 0 &&
           i < PQnfields(ps->res);
}

static const char *pg_col_text(store_stmt *st, int i)
{
    pg_stmt *ps = (pg_stmt *)st;
    if (!on_row(ps, i) || PQgetisnull(ps->res, ps->row, i))
        return NULL;
    return PQgetvalue(ps->res, ps->row, i);
}

/* A comparison selected as a column (`SELECT a = b`) is boolean here and 0/1 in SQLite. */
static int64_t pg_col_int(store_stmt *st, int i)
{
    pg_stmt *ps = (pg_stmt *)st;
    const char *v = pg_col_text(st, i);
    if (!v)
        return 0;
    if (PQftype(ps->res, i) == BOOL_OID)
        return v[0] == 't';
    return strtoll(v, NULL, 10);
}

static bool pg_col_is_null(store_stmt *st, int i)
{
    pg_stmt *ps = (pg_stmt *)st;
    return !on_row(ps, i) || PQgetisnull(ps->res, ps->row, i);
}

static int64_t pg_changes(store_conn *c)
{
    return ((pg_conn *)c)->changes;
}

static int pg_backup(store_conn *c, const char *path)
{
    (void)c;
    (void)path;
    log_error("pg: a PostgreSQL database is backed up with pg_dump (docs/operations.md)");
    return STORE_ERROR;
}

/* Held until the transaction ends; other servers wait for it (docs/architecture.md). */
static int pg_lock(store_conn *c, enum store_lock which)
{
    char sql[80];
    snprintf(sql, sizeof sql, "SELECT pg_advisory_xact_lock(%s, %d)", LOCK_SPACE, (int)which);
    return pg_exec_raw((pg_conn *)c, sql);
}

/* ---- bulk load: COPY … FROM STDIN, text format ---- */

/* Rows are sent in pieces of about this size: few calls, little memory. */
enum { COPY_CHUNK = 256 * 1024 };

static void copy_reserve(pg_conn *pc, size_t more)
{
    if (pc->copy.len + more <= pc->copy.cap)
        return;
    size_t cap = pc->copy.cap ? pc->copy.cap : COPY_CHUNK * 2;
    while (cap < pc->copy.len + more)
        cap *= 2;
    pc->copy.buf = util_xrealloc(pc->copy.buf, cap);
    pc->copy.cap = cap;
}

/* One value in COPY's text format: a backslash, tab, newline and carriage return are escaped
 * (the others stand for themselves); \N is NULL. */
static void copy_append_value(pg_conn *pc, const char *v)
{
    if (!v) {
        copy_reserve(pc, 3);
        memcpy(pc->copy.buf + pc->copy.len, "\\N", 2);
        pc->copy.len += 2;
        return;
    }
    size_t n = strlen(v);
    copy_reserve(pc, n * 2 + 1); /* every byte escaped, and the separator after it */
    char *w = pc->copy.buf + pc->copy.len;
    for (const char *r = v; *r; r++) {
        char escaped = *r == '\\'   ? '\\'
                       : *r == '\t' ? 't'
                       : *r == '\n' ? 'n'
                       : *r == '\r' ? 'r'
                                    : 0;
        if (escaped) {
            *w++ = '\\';
            *w++ = escaped;
        } else {
            *w++ = *r;
        }
    }
    pc->copy.len = (size_t)(w - pc->copy.buf);
}

/* The outcome of the COPY the server has ended (it refused a row, or acknowledged the end):
 * STORE_OK, or the first error (mapped and logged when report). */
static int copy_outcome(pg_conn *pc, bool report)
{
    int rc = STORE_OK;
    PGresult *res;
    while ((res = PQgetResult(pc->pg)) != NULL) {
        ExecStatusType st = PQresultStatus(res);
        if (rc == STORE_OK && st != PGRES_COMMAND_OK)
            rc = report ? map_error(pc, res) : STORE_ERROR;
        PQclear(res);
        if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT || st == PGRES_COPY_BOTH)
            break; /* still copying: PQgetResult would answer the same for ever */
    }
    return rc;
}

static void copy_reset(pg_conn *pc)
{
    free(pc->copy.table);
    pc->copy.table = NULL;
    pc->copy.len = 0;
    for (int i = 0; i < pc->copy.nrebuild; i++)
        free(pc->copy.rebuild[i]);
    free(pc->copy.rebuild);
    pc->copy.rebuild = NULL;
    pc->copy.nrebuild = 0;
}

/* A copy given up: the server is told to discard it (the transaction is then aborted). */
static void copy_abandon(pg_conn *pc)
{
    if (!pc->copy.table)
        return;
    if (PQstatus(pc->pg) == CONNECTION_OK && PQputCopyEnd(pc->pg, "abandoned by tsunagu") == 1)
        (void)copy_outcome(pc, false); /* the error that says so */
    copy_reset(pc);
}

static int copy_flush(pg_conn *pc)
{
    if (pc->copy.len == 0)
        return STORE_OK;
    int sent = PQputCopyData(pc->pg, pc->copy.buf, (int)pc->copy.len);
    pc->copy.len = 0;
    if (sent == 1)
        return STORE_OK;
    /* The server stopped the copy (a row refused) or the connection is gone. */
    int rc = copy_outcome(pc, true);
    return rc != STORE_OK ? rc : map_error(pc, NULL);
}

/* "COPY "table" ("a", "b") FROM STDIN", the names quoted. */
static char *copy_statement(pg_conn *pc, const char *table, const char *const columns[], int n)
{
    size_t cap = 64, len = 0;
    char *sql = util_xmalloc(cap);
    for (int i = -1; i <= n; i++) {
        const char *name = i < 0 ? table : i < n ? columns[i] : NULL;
        char *quoted = name ? PQescapeIdentifier(pc->pg, name, strlen(name)) : NULL;
        if (name && !quoted) {
            free(sql);
            return NULL;
        }
        const char *before = i < 0 ? "COPY " : i == 0 ? " (" : i < n ? ", " : ") FROM STDIN";
        size_t need = strlen(before) + (quoted ? strlen(quoted) : 0) + 1;
        if (len + need > cap) {
            cap = (len + need) * 2;
            sql = util_xrealloc(sql, cap);
        }
        len += (size_t)sprintf(sql + len, "%s%s", before, quoted ? quoted : "");
        PQfreemem(quoted);
    }
    return sql;
}

/* What a bulk load into an empty table does better without: its indexes other than its keys,
 * and its foreign keys. PostgreSQL's advice for populating a database: an index built once from
 * all the rows and a foreign key checked by one join are much faster than both kept up row by
 * row. They are dropped before the copy and made again after it, in the same transaction (a
 * failure rolls the drops back too). $1: the quoted table name. */
static const char REBUILT_SQL[] =
    "SELECT format('DROP INDEX %s', x.indexrelid::regclass), pg_get_indexdef(x.indexrelid)"
    " FROM pg_index x WHERE x.indrelid = CAST($1 AS TEXT)::regclass"
    " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid"
    " AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x'))"
    " UNION ALL"
    " SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', $1, k.conname),"
    " format('ALTER TABLE %s ADD CONSTRAINT %I %s', $1, k.conname, pg_get_constraintdef(k.oid))"
    " FROM pg_constraint k WHERE k.conrelid = CAST($1 AS TEXT)::regclass AND k.contype = 'f'";

static int drop_for_copy(pg_conn *pc, const char *quoted_table)
{
    const char *params[1] = {quoted_table};
    PGresult *res = PQexecParams(pc->pg, REBUILT_SQL, 1, NULL, params, NULL, NULL, 0);
    int rc = PQresultStatus(res) == PGRES_TUPLES_OK ? STORE_OK : map_error(pc, res);
    int n = rc == STORE_OK ? PQntuples(res) : 0;
    pc->copy.rebuild = util_xmalloc(sizeof(char *) * (size_t)(n ? n : 1));
    for (int i = 0; rc == STORE_OK && i < n; i++) {
        rc = pg_exec_raw(pc, PQgetvalue(res, i, 0));
        if (rc == STORE_OK)
            pc->copy.rebuild[pc->copy.nrebuild++] = util_xstrdup(PQgetvalue(res, i, 1));
    }
    PQclear(res);
    return rc;
}

static int pg_copy_begin(store_conn *c, const char *table, const char *const columns[], int n)
{
    pg_conn *pc = (pg_conn *)c;
    if (!pc->in_transaction || pc->copy.table || n < 1) {
        log_error("pg: a copy runs alone inside a write transaction");
        return STORE_ERROR;
    }
    if (PQstatus(pc->pg) != CONNECTION_OK)
        return map_error(pc, NULL);
    char *sql = copy_statement(pc, table, columns, n);
    char *quoted = PQescapeIdentifier(pc->pg, table, strlen(table));
    if (!sql || !quoted) {
        log_error("pg: cannot quote a name: %s", PQerrorMessage(pc->pg));
        free(sql);
        PQfreemem(quoted);
        return STORE_ERROR;
    }
    pc->copy.table = util_xstrdup(quoted);
    pc->copy.ncolumns = n;
    pc->copy.len = 0;
    PQfreemem(quoted);
    int rc = drop_for_copy(pc, pc->copy.table);
    PGresult *res = rc == STORE_OK ? PQexec(pc->pg, sql) : NULL;
    free(sql);
    if (res)
        rc = PQresultStatus(res) == PGRES_COPY_IN ? STORE_OK : map_error(pc, res);
    PQclear(res);
    if (rc != STORE_OK)
        copy_reset(pc); /* nothing is being copied; the caller rolls back */
    return rc;
}

static int pg_copy_row(store_conn *c, const char *const values[])
{
    pg_conn *pc = (pg_conn *)c;
    if (!pc->copy.table) {
        log_error("pg: a row to copy, but no copy under way");
        return STORE_ERROR;
    }
    for (int i = 0; i < pc->copy.ncolumns; i++) {
        copy_append_value(pc, values[i]);
        pc->copy.buf[pc->copy.len++] = i + 1 < pc->copy.ncolumns ? '\t' : '\n';
    }
    return pc->copy.len >= COPY_CHUNK ? copy_flush(pc) : STORE_OK;
}

/* The keys the database assigns in the table (identity columns) continue after the largest
 * copied: otherwise the next insert would be given a key that exists. setval with a NULL (an
 * empty table) leaves the sequence as it is. */
static int continue_identities(pg_conn *pc, const char *quoted_table)
{
    const char *params[2] = {quoted_table, NULL};
    PGresult *cols = PQexecParams(
        pc->pg,
        "SELECT a.attname FROM pg_attribute a WHERE a.attrelid = CAST($1 AS TEXT)::regclass"
        " AND a.attnum > 0 AND NOT a.attisdropped"
        " AND pg_get_serial_sequence($1, a.attname) IS NOT NULL",
        1, NULL, params, NULL, NULL, 0);
    int rc = PQresultStatus(cols) == PGRES_TUPLES_OK ? STORE_OK : map_error(pc, cols);
    for (int i = 0; rc == STORE_OK && i < PQntuples(cols); i++) {
        params[1] = PQgetvalue(cols, i, 0);
        char *column = PQescapeIdentifier(pc->pg, params[1], strlen(params[1]));
        char sql[512];
        int len = column
                      ? snprintf(sql, sizeof sql,
                                 "SELECT setval(pg_get_serial_sequence($1, $2), MAX(%s)) FROM %s",
                                 column, quoted_table)
                      : -1;
        PQfreemem(column);
        if (len < 0 || (size_t)len >= sizeof sql) {
            rc = STORE_ERROR;
            break;
        }
        PGresult *res = PQexecParams(pc->pg, sql, 2, NULL, params, NULL, NULL, 0);
        rc = PQresultStatus(res) == PGRES_TUPLES_OK ? STORE_OK : map_error(pc, res);
        PQclear(res);
    }
    PQclear(cols);
    return rc;
}

/* Ends the COPY; then the table is analysed (the planner knows its new size at once, also for
 * the checks that follow), what was dropped for the copy is made again (a foreign key now checks
 * every row copied) and its identities continue after the keys copied. */
static int pg_copy_end(store_conn *c)
{
    pg_conn *pc = (pg_conn *)c;
    if (!pc->copy.table) {
        log_error("pg: the end of a copy, but no copy under way");
        return STORE_ERROR;
    }
    int rc = copy_flush(pc);
    if (rc == STORE_OK)
        rc = PQputCopyEnd(pc->pg, NULL) == 1 ? copy_outcome(pc, true) : map_error(pc, NULL);
    char sql[128];
    if (rc == STORE_OK && snprintf(sql, sizeof sql, "ANALYZE %s", pc->copy.table) < (int)sizeof sql)
        rc = pg_exec_raw(pc, sql);
    for (int i = 0; rc == STORE_OK && i < pc->copy.nrebuild; i++)
        rc = pg_exec_raw(pc, pc->copy.rebuild[i]);
    if (rc == STORE_OK)
        rc = continue_identities(pc, pc->copy.table);
    copy_reset(pc); /* the COPY is over on the server, whatever its outcome */
    return rc;
}

static const store_ops pg_ops = {
    .name = "postgresql",
    .conn_open = pg_conn_open,
    .conn_close = pg_conn_close,
    .close = pg_close,
    .exec = pg_exec,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .begin_read = pg_begin_read,
    .end_read = pg_end_read,
    .prepare = pg_prepare,
    .bind_text = pg_bind_text,
    .bind_int = pg_bind_int,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .done = pg_done,
    .col_text = pg_col_text,
    .col_int = pg_col_int,
    .col_is_null = pg_col_is_null,
    .changes = pg_changes,
    .backup = pg_backup,
    .checkpoint = NULL,
    .lock = pg_lock,
    .copy_begin = pg_copy_begin,
    .copy_row = pg_copy_row,
    .copy_end = pg_copy_end,
};

int store_open_pg(store **out, const char *conninfo)
{
    if (!PQisthreadsafe()) {
        log_error("pg: libpq built without thread support");
        return STORE_ERROR;
    }
    pg_store *s = calloc(1, sizeof *s);
    if (!s)
        util_oom();
    s->base.ops = &pg_ops;
    s->conninfo = util_xstrdup(conninfo);
    /* Connect once now so a wrong conninfo fails at start, not at the first request. */
    store_conn *probe = pg_conn_open(&s->base);
    if (!probe || PQstatus(((pg_conn *)probe)->pg) != CONNECTION_OK) {
        if (probe)
            pg_conn_close(probe);
        pg_close(&s->base);
        return STORE_ERROR;
    }
    pg_conn_close(probe);
    *out = &s->base;
    return STORE_OK;
}
