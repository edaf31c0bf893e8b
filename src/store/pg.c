/* The PostgreSQL backend (libpq): one connection per thread, READ COMMITTED writes, REPEATABLE
 * READ read snapshots, statements prepared once per connection, and a connection that comes
 * back by itself after the database restarted (store.h: STORE_BUSY meanwhile). */
#include "store/backend.h"
#include "store/pg_outage.h"
#include "util/log.h"
#include "util/pool.h"

#include <libpq-fe.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* While the database is unreachable, the outage's own thread tries to connect every
 * RECONNECT_PAUSE_MS (pg_outage.h). */
enum { STMT_CACHE = 256, BOOL_OID = 16, MIN_SERVER_VERSION = 130000, RECONNECT_PAUSE_MS = 500 };

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
    pg_outage *outage; /* while it is under way, connections do not try to connect */
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
    bool ready;          /* connected, checked and set up (connection_ready) */
    bool in_transaction; /* between BEGIN and COMMIT/ROLLBACK: a lost connection is not remade */
    int64_t changes;
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

/* A new connection made ready: settings applied, statements to prepare again. Until it is,
 * the connection is not used (ensure_connected connects again). */
static int connection_ready(pg_conn *pc)
{
    pc->ready = false;
    if (PQstatus(pc->pg) != CONNECTION_OK) {
        pg_outage_begin(((pg_store *)pc->base.owner)->outage, PQerrorMessage(pc->pg));
        return STORE_BUSY;
    }
    if (check_server(pc) != STORE_OK)
        return STORE_ERROR;
    int rc = pg_exec_raw(pc, SESSION_SETTINGS);
    if (rc == STORE_OK) {
        pc->generation++;
        pc->ready = true;
    }
    return rc;
}

/* The server's notices ("relation … already exists, skipping" of a repeated CREATE … IF NOT
 * EXISTS) are expected and say nothing to an operator: not printed. */
static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Connects, waiting up to connect_timeout. (Never PQconnectStart without finishing: the server
 * would wait authentication_timeout, 60 s, for the half-opened connection, and a restart of
 * PostgreSQL with it.) */
static PGconn *connect_to(const char *conninfo)
{
    /* Our defaults first; the operator's conninfo (expanded from dbname) overrides them. */
    const char *const keys[] = {"connect_timeout", "fallback_application_name", "dbname", NULL};
    const char *const values[] = {"5", "tsunagu", conninfo, NULL};
    PGconn *pg = PQconnectdbParams(keys, values, 1);
    if (!pg)
        util_oom();
    PQsetNoticeProcessor(pg, ignore_notice, NULL);
    return pg;
}

/* Outside a transaction: a lost connection is made again (the database restarted), unless the
 * database is known to be unreachable (pg_outage.h). Inside one, the transaction is gone with
 * its connection: STORE_BUSY until the caller rolls back. */
static int ensure_connected(pg_conn *pc)
{
    if (pc->ready && PQstatus(pc->pg) == CONNECTION_OK)
        return STORE_OK;
    pg_store *s = (pg_store *)pc->base.owner;
    if (pc->in_transaction || pg_outage_known(s->outage))
        return STORE_BUSY;
    if (pc->pg)
        PQreset(pc->pg);
    else
        pc->pg = connect_to(s->conninfo);
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
    /* During an outage a new connection waits for the database too: made at its first use
     * (pc->pg NULL until then). */
    if (pg_outage_known(((pg_store *)s)->outage))
        return &pc->base;
    pc->pg = connect_to(((pg_store *)s)->conninfo);
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

static void pg_conn_close(store_conn *c)
{
    pg_conn *pc = (pg_conn *)c;
    for (int i = 0; i < STMT_CACHE; i++)
        if (pc->cache[i].sql)
            stmt_free(&pc->cache[i]);
    PQfinish(pc->pg);
    free(pc);
}

static void pg_close(store *s)
{
    pg_store *ps = (pg_store *)s;
    pg_outage_stop(ps->outage);
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

/* COMMIT of a transaction that failed answers ROLLBACK, not an error: say so. */
static int pg_commit(store_conn *c)
{
    pg_conn *pc = (pg_conn *)c;
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
        if (pc->ready && PQstatus(pc->pg) == CONNECTION_OK && stmt_prepare(ps) == STORE_ERROR) {
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
};

/* The outage's attempt to connect: a connection only, nothing done on it. */
static bool reachable(void *arg)
{
    PGconn *pg = connect_to(((pg_store *)arg)->conninfo);
    bool reached = PQstatus(pg) == CONNECTION_OK;
    PQfinish(pg);
    return reached;
}

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
    s->outage = pg_outage_watch(reachable, s, RECONNECT_PAUSE_MS);
    if (!s->outage) {
        pg_close(&s->base);
        return STORE_ERROR;
    }
    /* Connect once now so a wrong conninfo fails at start, not at the first request. */
    store_conn *probe = pg_conn_open(&s->base);
    if (!probe || !((pg_conn *)probe)->ready) {
        if (probe)
            pg_conn_close(probe);
        pg_close(&s->base);
        return STORE_ERROR;
    }
    pg_conn_close(probe);
    *out = &s->base;
    return STORE_OK;
}
