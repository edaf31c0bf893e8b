/* tsunagu: the command line. serve, user add / approve, audit verify, backup, migrate-to-pg,
 * import.
 * Every command names its store: --db FILE (embedded SQLite, the default) or --pg CONNINFO
 * (PostgreSQL); migrate-to-pg names both. */
#include "auth/accounts.h"
#include "auth/audit.h"
#include "auth/audit_key.h"
#include "cli/audit_print.h"
#include "cli/import.h"
#include "cli/migrate_to_pg.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "service/users.h"
#include "store/store.h"
#include "store/users.h"
#include "util/clock.h"
#include "util/log.h"

#include <errno.h>
#include <limits.h>
#include <inttypes.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct options {
    const char *db;
    const char *db_named; /* --db given */
    const char *pg;
    const char *listen;
    const char *web;
    const char *role;
    const char *name;
    const char *agency; /* user add: a partner's agency */
    const char *trusted_proxy;
    const char *audit_key;              /* NULL: <db>.audit-key; required with --pg */
    const char *encoding, *alerts_from; /* import */
    int threads;
    double rate_limit;
    int connections, connections_per_address;
    const char *positional[4];
    int npositional;
} options;

static int usage(void)
{
    fputs("usage:\n"
          "  tsunagu serve STORE [--audit-key FILE] [--listen HOST:PORT] [--web DIR]"
          " [--threads N] [--rate-limit N] [--trusted-proxy ADDR]\n"
          "                [--connections N] [--connections-per-address N]\n"
          "  tsunagu user add LOGIN --role ROLE --name NAME [--agency ID] STORE [--audit-key FILE]"
          "   (password on stdin; --agency: a partner's agency)\n"
          "  tsunagu user approve LOGIN STORE [--audit-key FILE]\n"
          "  tsunagu audit verify STORE [--audit-key FILE]\n"
          "  tsunagu backup FILE [--db FILE]   (PostgreSQL: pg_dump)\n"
          "  tsunagu migrate-to-pg --db FILE --pg CONNINFO [--audit-key FILE]\n"
          "  tsunagu import KIND FILE STORE [--audit-key FILE] [--encoding utf-8|cp932]\n"
          "                [--alerts-from DATE]   (KIND: persons pregnancies reports visits;\n"
          "                all or nothing; for a large file, stop the server first)\n"
          "                (into an empty database; no server may use FILE meanwhile)\n"
          "STORE is --db FILE (SQLite, default ./tsunagu.db) or --pg CONNINFO (PostgreSQL, e.g.\n"
          "\"host=db1 dbname=tsunagu user=tsunagu\"; password in ~/.pgpass or PGPASSFILE).\n"
          "The audit key defaults to the database file's name with .audit-key appended; with --pg\n"
          "it must be named, and every server of the database uses the same key.\n",
          stderr);
    return 2;
}

static int parse_options(int argc, char **argv, options *o)
{
    *o = (options){.db = "./tsunagu.db",
                   .listen = "127.0.0.1:8080",
                   .web = "./web/dist",
                   .threads = 8,
                   .rate_limit = 300,
                   .connections = HTTP_CONNECTIONS,
                   .connections_per_address = HTTP_CONNECTIONS_PER_ADDRESS};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = a[0] == '-' && a[1] == '-';
        if (takes && !v) {
            fprintf(stderr, "tsunagu: %s needs a value\n", a);
            return -1;
        }
        if (strcmp(a, "--db") == 0)
            o->db = o->db_named = v;
        else if (strcmp(a, "--pg") == 0)
            o->pg = v;
        else if (strcmp(a, "--listen") == 0)
            o->listen = v;
        else if (strcmp(a, "--web") == 0)
            o->web = v;
        else if (strcmp(a, "--role") == 0)
            o->role = v;
        else if (strcmp(a, "--name") == 0)
            o->name = v;
        else if (strcmp(a, "--agency") == 0)
            o->agency = v;
        else if (strcmp(a, "--threads") == 0)
            o->threads = atoi(v);
        else if (strcmp(a, "--trusted-proxy") == 0)
            o->trusted_proxy = v;
        else if (strcmp(a, "--audit-key") == 0)
            o->audit_key = v;
        else if (strcmp(a, "--encoding") == 0)
            o->encoding = v;
        else if (strcmp(a, "--alerts-from") == 0)
            o->alerts_from = v;
        else if (strcmp(a, "--rate-limit") == 0)
            o->rate_limit = atof(v);
        else if (strcmp(a, "--connections") == 0)
            o->connections = atoi(v);
        else if (strcmp(a, "--connections-per-address") == 0)
            o->connections_per_address = atoi(v);
        else if (takes) {
            fprintf(stderr, "tsunagu: unknown option %s\n", a);
            return -1;
        } else if (o->npositional < 4) {
            o->positional[o->npositional++] = a;
            continue;
        } else {
            return -1;
        }
        i++;
    }
    bool both = o->npositional > 0 && strcmp(o->positional[0], "migrate-to-pg") == 0;
    if (o->db_named && o->pg && !both) {
        fputs("tsunagu: name one store: --db FILE or --pg CONNINFO\n", stderr);
        return -1;
    }
    if (o->threads < 1 || o->threads > 256) {
        fputs("tsunagu: --threads must be 1..256\n", stderr);
        return -1;
    }
    if (o->connections < 1 || o->connections > 100000 || o->connections_per_address < 1 ||
        o->connections_per_address > 100000) {
        fputs("tsunagu: --connections and --connections-per-address must be 1..100000\n", stderr);
        return -1;
    }
    return 0;
}

/* Opens and migrates a database: PostgreSQL when pg is given, else the SQLite file db. */
static store *open_store_at(const char *db, const char *pg)
{
    store *s;
    if (pg && store_open_pg(&s, pg) != STORE_OK) {
        fputs("tsunagu: cannot connect to the PostgreSQL database (see the log above)\n", stderr);
        return NULL;
    }
    if (!pg && store_open_sqlite(&s, db) != STORE_OK) {
        fprintf(stderr, "tsunagu: cannot open database %s\n", db);
        return NULL;
    }
    store_conn *c = store_thread_conn(s);
    if (!c || store_migrate(c) != STORE_OK) {
        fputs("tsunagu: cannot prepare the database\n", stderr);
        store_close(s);
        return NULL;
    }
    return s;
}

/* The database named by the options. */
static store *open_store(const options *o)
{
    return open_store_at(o->db, o->pg);
}

/* The audit key file: --audit-key, or the database's name with .audit-key appended. A
 * PostgreSQL database has no file to put it beside, and all its servers must share one key:
 * NULL (said on stderr) when it is not named (migrate-to-pg: the SQLite file's key). */
static const char *audit_key_path(const options *o, char *buf, size_t cap)
{
    if (o->audit_key)
        return o->audit_key;
    if (o->pg && !o->db_named) {
        fputs("tsunagu: with --pg, name the audit key file with --audit-key FILE (the same file"
              " on every server of the database)\n",
              stderr);
        return NULL;
    }
    int n = snprintf(buf, cap, "%s.audit-key", o->db);
    return n > 0 && (size_t)n < cap ? buf : NULL;
}

/* For a command that appends audit rows: loads the key, creating it when missing while the chain
 * is not keyed yet (the first start), and refuses a key that cannot continue the chain. */
static int load_audit_key_for_writing(const options *o, store *s)
{
    char buf[PATH_MAX];
    const char *path = audit_key_path(o, buf, sizeof buf);
    audit_tip tip;
    if (!path || audit_tip_read(store_thread_conn(s), &tip) != STORE_OK) {
        fputs("tsunagu: cannot prepare the audit chain\n", stderr);
        return -1;
    }
    int rc = audit_key_load(path, !tip.keyed);
    if (rc != AUDIT_KEY_OK) {
        fprintf(stderr, "tsunagu: audit key %s: %s\n", path, audit_key_error(rc));
        if (rc == AUDIT_KEY_MISSING)
            fputs("tsunagu: the audit chain is keyed already: restore its key file, or name it"
                  " with --audit-key\n",
                  stderr);
        return -1;
    }
    bool fits = false;
    if (audit_key_fits(store_thread_conn(s), &fits) != STORE_OK || !fits) {
        fprintf(stderr,
                "tsunagu: audit key %s does not verify the last row of the audit chain: it is not"
                " the key the chain was written with, or that row was altered (see tsunagu audit"
                " verify)\n",
                path);
        audit_key_forget();
        return -1;
    }
    return 0;
}

static void log_audit_tip(store *s)
{
    audit_tip tip;
    if (audit_tip_read(store_thread_conn(s), &tip) == STORE_OK)
        log_info("audit tip: seq=%" PRId64 " hash=%s", tip.seq, tip.hash);
    else
        log_error("audit tip: cannot read the audit table");
}

enum { AUDIT_TIP_INTERVAL = 24 * 60 * 60 };

/* Waits for SIGINT or SIGTERM; meanwhile writes the audit chain's tip to the log once a day, for
 * the operator to anchor outside (docs/operations.md). */
static int wait_for_stop(const sigset_t *sigs, store *s)
{
    for (;;) {
        struct timespec day = {.tv_sec = AUDIT_TIP_INTERVAL};
        int sig = sigtimedwait(sigs, NULL, &day);
        if (sig > 0)
            return sig;
        if (errno == EAGAIN)
            log_audit_tip(s);
    }
}

static int split_listen(const char *listen, char *host, size_t cap, uint16_t *port)
{
    const char *colon = strrchr(listen, ':');
    if (!colon || (size_t)(colon - listen) >= cap)
        return -1;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end;
    long p = strtol(colon + 1, &end, 10);
    if (*end || p < 0 || p > 65535)
        return -1;
    *port = (uint16_t)p;
    return 0;
}

static int cmd_serve(const options *o)
{
    char host[64];
    uint16_t port;
    if (split_listen(o->listen, host, sizeof host, &port) != 0) {
        fputs("tsunagu: --listen must be HOST:PORT\n", stderr);
        return 2;
    }
    store *s = open_store(o);
    if (!s)
        return 1;
    if (load_audit_key_for_writing(o, s) != 0 ||
        audit_switch_to_key(store_thread_conn(s), clock_now()) != STORE_OK) {
        audit_key_forget();
        store_close(s);
        return 1;
    }
    /* Signals are taken by sigtimedwait below, not by whichever thread they land on. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    app a = {
        .store = s, .web_dir = o->web, .threads = o->threads, .trusted_proxy = o->trusted_proxy};
    a.connections = o->connections;
    a.connections_per_address = o->connections_per_address;
    if (!realpath(o->web, a.web_root))
        snprintf(a.web_root, sizeof a.web_root, "%s", o->web); /* no UI built: static answers 404 */
    store_upkeep *upkeep = store_upkeep_start(s, 200);
    a.audit = audit_writer_start(s);
    a.limiter = o->rate_limit > 0 ? rate_limiter_create(o->rate_limit, o->rate_limit * 2) : NULL;
    /* Failed logins per address: 20 at once, then 5 a minute (successful ones are not counted);
     * off with the general limit, for benchmarks. */
    a.login_limiter = o->rate_limit > 0 ? rate_limiter_create(5.0 / 60, 20) : NULL;
    http_server *srv = a.audit ? http_server_start(&a, host, port) : NULL;
    if (!srv) {
        store_upkeep_stop(upkeep);
        audit_writer_stop(a.audit);
        audit_writer_destroy(a.audit);
        rate_limiter_destroy(a.limiter);
        rate_limiter_destroy(a.login_limiter);
        audit_key_forget();
        store_close(s);
        return 1;
    }
    log_audit_tip(s); /* at start, before anything is served */
    printf("tsunagu: listening on http://%s:%u\n", host, (unsigned)http_server_port(srv));
    fflush(stdout);
    log_info("serving with %d threads, store %s", o->threads, store_backend_name(s));
    int sig = wait_for_stop(&sigs, s);
    log_info("stopping (signal %d)", sig);
    /* Stop accepting; drain the audit writer (held answers are released, later ones fail into
     * 500); then every suspended connection has resumed and the daemon can stop. */
    http_server_quiesce(srv);
    audit_writer_stop(a.audit);
    http_server_stop(srv);
    audit_writer_destroy(a.audit);
    store_upkeep_stop(upkeep);
    rate_limiter_destroy(a.limiter);
    rate_limiter_destroy(a.login_limiter);
    log_audit_tip(s); /* the last row written before the stop */
    audit_key_forget();
    store_close(s);
    return 0;
}

/* One line from standard input, without its newline; NULL when there is none. */
static char *read_password_line(char *buf, size_t cap)
{
    if (!fgets(buf, (int)cap, stdin))
        return NULL;
    size_t n = strlen(buf);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    return buf;
}

static void print_user_add_failure(svc_result r, const char *login, const char *role_code)
{
    const char *field = r.status == SVC_INVALID && r.field ? r.field : "";
    if (strcmp(field, "login") == 0 && accounts_login_valid(login))
        fprintf(stderr, "tsunagu: login %s already exists\n", login);
    else if (strcmp(field, "login") == 0)
        fputs("tsunagu: a login is 1-100 of A-Z a-z 0-9 . _ - @\n", stderr);
    else if (strcmp(field, "role") == 0)
        fprintf(stderr,
                "tsunagu: unknown role %s (director, coordinator, health, welfare, clerk,"
                " partner, admin)\n",
                role_code);
    else if (strcmp(field, "name") == 0)
        fputs("tsunagu: --name must be 1-100 characters\n", stderr);
    else if (strcmp(field, "password") == 0)
        fputs("tsunagu: the password must have at least 10 characters\n", stderr);
    else if (strcmp(field, "agency_id") == 0)
        fputs("tsunagu: --agency names an existing agency, and only for a partner\n", stderr);
    else
        fputs("tsunagu: could not add the user\n", stderr);
}

static int cmd_user_add(const options *o)
{
    if (o->npositional != 3 || !o->role || !o->name)
        return usage();
    const char *login = o->positional[2];
    char password[1100];
    if (!read_password_line(password, sizeof password)) {
        fputs("tsunagu: the password is read from standard input (one line)\n", stderr);
        return 2;
    }
    store *s = open_store(o);
    if (!s || load_audit_key_for_writing(o, s) != 0) {
        sodium_memzero(password, sizeof password);
        store_close(s);
        return 1;
    }
    svc_ctx ctx;
    pool *p = pool_create();
    svc_ctx_init_system(&ctx, store_thread_conn(s), p, clock_now());
    store_user u;
    svc_user_new in = {.login = login,
                       .name = o->name,
                       .role = o->role,
                       .password = password,
                       .agency_id = o->agency};
    svc_result r = svc_users_create(&ctx, &in, &u);
    sodium_memzero(password, sizeof password);
    pool_destroy(p);
    audit_key_forget();
    store_close(s);
    if (r.status == SVC_OK) {
        printf("user %s added (role %s)\n", login, o->role);
        return 0;
    }
    print_user_add_failure(r, login, o->role);
    return 1;
}

/* The operator approves a pending account (the two-person rule, for when no director can: the
 * only director's own account was reset). Audited as "approve" by the command line. */
static int cmd_user_approve(const options *o)
{
    if (o->npositional != 3)
        return usage();
    const char *login = o->positional[2];
    store *s = open_store(o);
    if (!s || load_audit_key_for_writing(o, s) != 0) {
        store_close(s);
        return 1;
    }
    store_conn *c = store_thread_conn(s);
    pool *p = pool_create();
    svc_ctx ctx;
    svc_ctx_init_system(&ctx, c, p, clock_now());
    store_user u;
    svc_result r = svc_from_store(store_user_by_login(c, p, login, &u));
    if (r.status == SVC_OK)
        r = svc_users_approve(&ctx, u.id, -1, &u);
    pool_destroy(p);
    audit_key_forget();
    store_close(s);
    if (r.status == SVC_OK)
        printf("user %s approved\n", login);
    else if (r.status == SVC_NOT_FOUND)
        fprintf(stderr, "tsunagu: no user with login %s\n", login);
    else if (r.status == SVC_INVALID_TRANSITION)
        fprintf(stderr, "tsunagu: user %s is not waiting for approval\n", login);
    else
        fputs("tsunagu: could not approve the user\n", stderr);
    return r.status == SVC_OK ? 0 : 1;
}

static int cmd_user(const options *o)
{
    const char *sub = o->npositional >= 2 ? o->positional[1] : "";
    if (strcmp(sub, "add") == 0)
        return cmd_user_add(o);
    if (strcmp(sub, "approve") == 0)
        return cmd_user_approve(o);
    return usage();
}

/* Verifying needs the key only to read keyed rows: a missing default key file is no error here
 * (the plain rows are still checked), a missing --audit-key FILE is. Never creates a key. */
static int load_audit_key_for_reading(const options *o)
{
    char buf[PATH_MAX];
    const char *path = audit_key_path(o, buf, sizeof buf);
    if (!path)
        return -1;
    int rc = audit_key_load(path, false);
    if (rc == AUDIT_KEY_OK || (rc == AUDIT_KEY_MISSING && !o->audit_key))
        return 0;
    fprintf(stderr, "tsunagu: audit key %s: %s\n", path, audit_key_error(rc));
    return -1;
}

static int cmd_audit_verify(const options *o)
{
    if (o->npositional != 2 || strcmp(o->positional[1], "verify") != 0)
        return usage();
    if (load_audit_key_for_reading(o) != 0)
        return 1;
    store *s = open_store(o);
    if (!s) {
        audit_key_forget();
        return 1;
    }
    audit_report r;
    int rc = audit_verify(store_thread_conn(s), &r);
    audit_key_forget();
    store_close(s);
    if (rc == 0) {
        cli_print_audit_verified(&r);
        return 0;
    }
    if (rc == 1 && r.bad_seq) {
        printf("audit: chain broken at row %" PRId64 "\n", r.bad_seq);
        if (r.wrong_key)
            printf("audit: that row was keyed with another key than the one given\n");
    } else if (rc == 1) {
        if (r.keyed_from > 1)
            printf("audit: rows 1-%" PRId64 " verified (plain SHA-256); ", r.keyed_from - 1);
        else
            printf("audit: ");
        printf("rows from %" PRId64 " on are keyed (HMAC-SHA-256) and cannot be verified"
               " without the audit key: give --audit-key FILE\n",
               r.keyed_from);
    } else {
        fputs("audit: could not read the audit table\n", stderr);
    }
    return 1;
}

static int cmd_backup(const options *o)
{
    if (o->npositional != 2)
        return usage();
    if (o->pg) {
        fputs("tsunagu: a PostgreSQL database is backed up with pg_dump (docs/operations.md:"
              " pg_dump --format=custom), not with tsunagu backup\n",
              stderr);
        return 2;
    }
    store *s = open_store(o);
    if (!s)
        return 1;
    int rc = store_backup(store_thread_conn(s), o->positional[1]);
    store_close(s);
    if (rc != STORE_OK)
        return 1;
    printf("backup written to %s\n", o->positional[1]);
    return 0;
}

/* The SQLite center moved into an empty PostgreSQL database (cli/migrate_to_pg.c). The SQLite
 * file is migrated first, as serve would, so that both are at this build's schema; it must exist
 * (opening would make an empty one). The key is the SQLite center's, never created here. */
static int cmd_migrate_to_pg(const options *o)
{
    if (o->npositional != 1 || !o->db_named || !o->pg)
        return usage();
    struct stat st;
    if (stat(o->db, &st) != 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "tsunagu: no database file %s\n", o->db);
        return 1;
    }
    if (load_audit_key_for_reading(o) != 0)
        return 1;
    store *from = open_store_at(o->db, NULL);
    store *to = from ? open_store_at(NULL, o->pg) : NULL;
    int status = to ? cli_migrate_to_pg(from, to) : 1;
    store_close(to);
    store_close(from);
    audit_key_forget();
    return status;
}

/* The CSV import (cli/import.c): appends audit rows, so the key is loaded for writing. */
static int cmd_import(const options *o)
{
    if (o->npositional != 3)
        return usage();
    store *s = open_store(o);
    if (!s || load_audit_key_for_writing(o, s) != 0) {
        store_close(s);
        return 1;
    }
    cli_import_options io = {.kind = o->positional[1],
                             .path = o->positional[2],
                             .encoding = o->encoding,
                             .alerts_from = o->alerts_from};
    int status = cli_import(s, &io);
    audit_key_forget();
    store_close(s);
    return status == 2 ? usage() : status;
}

int main(int argc, char **argv)
{
    umask(077); /* the database, its WAL and SHM, backups and the audit key: the owner's only */
    if (sodium_init() < 0) {
        fputs("tsunagu: libsodium failed to initialise\n", stderr);
        return 1;
    }
    options o;
    if (argc < 2 || parse_options(argc - 1, argv + 1, &o) != 0 || o.npositional < 1)
        return usage();
    const char *cmd = o.positional[0];
    if (strcmp(cmd, "serve") == 0 && o.npositional == 1)
        return cmd_serve(&o);
    if (strcmp(cmd, "user") == 0)
        return cmd_user(&o);
    if (strcmp(cmd, "audit") == 0)
        return cmd_audit_verify(&o);
    if (strcmp(cmd, "backup") == 0)
        return cmd_backup(&o);
    if (strcmp(cmd, "migrate-to-pg") == 0)
        return cmd_migrate_to_pg(&o);
    if (strcmp(cmd, "import") == 0)
        return cmd_import(&o);
    return usage();
}
