#include "cli/migrate_to_pg.h"
#include "auth/audit.h"
#include "cli/audit_print.h"
#include "store/move.h"
#include "util/clock.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Both at the version of this build (main.c migrated them); a database a newer build migrated
 * is ahead of it. */
static int check_versions(store_conn *from, store_conn *to)
{
    int from_version = 0, to_version = 0;
    if (store_move_schema_version(from, &from_version) != STORE_OK ||
        store_move_schema_version(to, &to_version) != STORE_OK) {
        fputs("migrate-to-pg: cannot read the schema versions\n", stderr);
        return -1;
    }
    if (from_version != to_version) {
        fprintf(stderr,
                "migrate-to-pg: the schema versions differ (SQLite %d, PostgreSQL %d): a newer"
                " tsunagu migrated one of them; use that build\n",
                from_version, to_version);
        return -1;
    }
    return 0;
}

/* A chain that does not verify is not moved: the move would hide where it broke. */
static int verify_source(store_conn *from, audit_report *r)
{
    int rc = audit_verify(from, r);
    if (rc == 0)
        return 0;
    if (rc < 0)
        fputs("migrate-to-pg: cannot read the SQLite audit table\n", stderr);
    else if (r->bad_seq)
        fprintf(stderr,
                "migrate-to-pg: the SQLite audit chain is broken at row %" PRId64 "%s; nothing"
                " was moved (see tsunagu audit verify)\n",
                r->bad_seq, r->wrong_key ? " (keyed with another key than the one given)" : "");
    else
        fprintf(stderr,
                "migrate-to-pg: the SQLite audit chain is keyed from row %" PRId64 " on: give"
                " its key with --audit-key FILE; nothing was moved\n",
                r->keyed_from);
    return -1;
}

static void print_failure(int rc, const char *table)
{
    if (rc == STORE_CONFLICT)
        fprintf(stderr,
                "migrate-to-pg: the target is not empty (table %s has rows): nothing was"
                " written. Move into a new, empty database.\n",
                table);
    else if (table)
        fprintf(stderr,
                "migrate-to-pg: the copy of table %s failed (see the log above); the target is"
                " left empty\n",
                table);
    else
        fputs("migrate-to-pg: the move failed (see the log above); the target is left empty\n",
              stderr);
}

static void print_moved(const int64_t moved[STORE_MOVE_TABLES], int64_t ms)
{
    int64_t total = 0;
    for (int i = 0; i < STORE_MOVE_TABLES; i++) {
        printf("table %s: %" PRId64 " rows\n", store_move_tables[i].name, moved[i]);
        total += moved[i];
    }
    printf("moved %" PRId64 " rows in %.1f s (%.0f rows/s)\n", total, (double)ms / 1000,
           ms > 0 ? (double)total * 1000 / (double)ms : (double)total);
}

/* Each table: the rows moved, those in SQLite now (a server that wrote meanwhile shows here) and
 * those in PostgreSQL, all equal. */
static int compare_counts(store_conn *from, store_conn *to, const int64_t moved[STORE_MOVE_TABLES])
{
    int64_t in_sqlite[STORE_MOVE_TABLES], in_pg[STORE_MOVE_TABLES];
    if (store_move_count(from, in_sqlite) != STORE_OK || store_move_count(to, in_pg) != STORE_OK) {
        fputs("migrate-to-pg: cannot count the rows to check them\n", stderr);
        return -1;
    }
    int differ = 0;
    for (int i = 0; i < STORE_MOVE_TABLES; i++) {
        if (in_sqlite[i] == moved[i] && in_pg[i] == moved[i])
            continue;
        fprintf(stderr,
                "migrate-to-pg: table %s differs: %" PRId64 " rows in SQLite, %" PRId64
                " moved, %" PRId64 " in PostgreSQL (was a server writing to the SQLite"
                " database?)\n",
                store_move_tables[i].name, in_sqlite[i], moved[i], in_pg[i]);
        differ = -1;
    }
    if (differ == 0)
        printf("checked: every table has as many rows in PostgreSQL as in SQLite\n");
    return differ;
}

/* The chain moved verifies with the same key and ends at the same row. */
static int compare_chains(store_conn *to, const audit_report *before)
{
    audit_report after;
    int rc = audit_verify(to, &after);
    if (rc == 0 && after.rows == before->rows && after.tip.seq == before->tip.seq &&
        strcmp(after.tip.hash, before->tip.hash) == 0) {
        cli_print_audit_verified(&after);
        return 0;
    }
    if (rc < 0)
        fputs("migrate-to-pg: cannot read the PostgreSQL audit table\n", stderr);
    else if (rc == 1)
        fprintf(stderr,
                "migrate-to-pg: the audit chain does not verify in PostgreSQL (row %" PRId64 ")\n",
                after.bad_seq);
    else
        fprintf(stderr,
                "migrate-to-pg: the audit chain in PostgreSQL ends at seq=%" PRId64 " hash=%s,"
                " in SQLite at seq=%" PRId64 " hash=%s\n",
                after.tip.seq, after.tip.hash, before->tip.seq, before->tip.hash);
    return -1;
}

static int migrate(store_conn *from, store_conn *to)
{
    puts("migrate-to-pg: no server may use the SQLite database meanwhile: what it wrote would"
         " not be moved");
    audit_report before;
    if (check_versions(from, to) != 0 || verify_source(from, &before) != 0)
        return 1;
    int64_t moved[STORE_MOVE_TABLES];
    const char *table;
    int64_t started = util_monotonic_ms();
    int rc = store_move(from, to, moved, &table);
    if (rc != STORE_OK) {
        print_failure(rc, table);
        return 1;
    }
    print_moved(moved, util_monotonic_ms() - started);
    int counts = compare_counts(from, to, moved);
    int chains = compare_chains(to, &before);
    return counts == 0 && chains == 0 ? 0 : 1;
}

int cli_migrate_to_pg(store *sqlite, store *pg)
{
    store_conn *from = store_conn_open(sqlite);
    store_conn *to = store_conn_open(pg);
    int status = 1;
    if (from && to)
        status = migrate(from, to);
    else
        fputs("migrate-to-pg: cannot connect to both databases\n", stderr);
    store_conn_close(to);
    store_conn_close(from);
    fflush(stdout);
    return status;
}
