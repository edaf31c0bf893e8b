#!/usr/bin/env bash
# The CSV import against its floor (figures, not pass/fail).
#
#   bench/import_bench.sh [PERSONS]        (default 1,000,000)
#
# 1. The file: bench_gen --csv writes PERSONS persons (names and readings drawn by frequency,
#    variant kanji, addresses of a town, phones, resident ids, households of 1–7) as the
#    `persons` file of interchange.md, with each person's household_external_id and relation.
# 2. SQLite, each into a new file:
#      import     tsunagu import persons FILE --db NEW: every row through svc_persons_create and
#                 every household through svc_households_create (search keys, duplicate key,
#                 events, audit rows, provenance), one transaction, durable at its commit
#      floor      sqlite3 NEW ".import --csv FILE plain": the same rows into a plain table
#      generator  bench_gen --db NEW --persons PERSONS: the generator's bulk path (the same
#                 services, synchronous=OFF and journal_mode=MEMORY on its connection, commits
#                 every 50,000 persons, households drawn in a second thread)
# 3. PostgreSQL (unless BENCH_SKIP has pg): a new cluster (scripts/pg-test-cluster.sh) with
#    fsync and full_page_writes back on, then
#      import     tsunagu import persons FILE --pg DB (BENCH_PG_PERSONS rows of the same file,
#                 default PERSONS: every statement is a round trip)
#      floor      COPY plain FROM STDIN (FORMAT csv, HEADER) of the same rows
# Prints seconds, persons/s and each import's ratio to its floor (and to the generator).
#
# Environment: BUILD (build), BENCH_SEED (1), BENCH_PG_PERSONS, BENCH_SKIP (space-separated:
# generator, pg), BENCH_KEEP_TMP, PG_BIN (/usr/lib/postgresql/15/bin).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
[[ $BUILD == /* ]] || BUILD=$ROOT/$BUILD
BIN=$BUILD/tsunagu
GEN=$BUILD/bench/bench_gen
PERSONS=${1:-1000000}
PG_PERSONS=${BENCH_PG_PERSONS:-$PERSONS}
SEED=${BENCH_SEED:-1}
SKIP=" ${BENCH_SKIP:-} "
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PSQL=$PG_BIN/psql
skipped() { [[ $SKIP == *" $1 "* ]]; }

for tool in sqlite3 "$BIN" "$GEN"; do
  command -v "$tool" >/dev/null || { echo "import_bench.sh: $tool is missing (make bench)" >&2; exit 1; }
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tsunagu-import-bench.XXXXXX")
CLUSTER_DIR_FILE=$TMP/cluster/dir
CLUSTER_MADE=
cleanup() {
  [[ -z $CLUSTER_MADE ]] || "$ROOT/scripts/pg-test-cluster.sh" stop "$CLUSTER_DIR_FILE" >/dev/null || true
  if [[ -n ${BENCH_KEEP_TMP:-} ]]; then echo "import_bench.sh: kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_at() { PGOPTIONS='-c client_min_messages=warning' "$PSQL" -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
with_dbname() { echo "$(sed 's/ *dbname=[^ ]*//g' <<<"$1") dbname=$2"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", (b > 0) ? a / b : 0}'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN {printf "%.0f", (s > 0) ? n / s : 0}'; }
line() { printf '%-34s %8s s %9s persons/s  %s\n' "$1" "$2" "$(rate "$3" "$2")" "${4:-}"; }

echo "tsunagu import benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg))"

FILE=$TMP/persons.csv
"$GEN" --csv "$FILE" --persons "$PERSONS" --seed "$SEED" >"$TMP/gen-csv.out"
echo "file         $(cat "$TMP/gen-csv.out")"

# --- SQLite ---
t=$(now)
"$BIN" import persons "$FILE" --db "$TMP/import.db" >"$TMP/import.out" 2>"$TMP/import.err" ||
  { cat "$TMP/import.err" >&2; exit 1; }
IMPORT_S=$(since "$t")
t=$(now)
sqlite3 "$TMP/floor.db" ".import --csv $FILE plain"
FLOOR_S=$(since "$t")
[[ $(sqlite3 "$TMP/import.db" 'SELECT count(*) FROM persons') == "$PERSONS" ]] || { echo "import_bench.sh: the import holds another count" >&2; exit 1; }
[[ $(sqlite3 "$TMP/floor.db" 'SELECT count(*) FROM plain') == "$PERSONS" ]] || { echo "import_bench.sh: the floor holds another count" >&2; exit 1; }
echo
echo "SQLite ($PERSONS persons; import: $(cat "$TMP/import.out"))"
line "sqlite3 .import (floor)" "$FLOOR_S" "$PERSONS"
line "tsunagu import persons" "$IMPORT_S" "$PERSONS" "×$(ratio "$IMPORT_S" "$FLOOR_S") the floor"
if ! skipped generator; then
  t=$(now)
  "$GEN" --db "$TMP/gen.db" --persons "$PERSONS" --seed "$SEED" >"$TMP/gen-db.out" 2>&1 ||
    { cat "$TMP/gen-db.out" >&2; exit 1; }
  GEN_S=$(since "$t")
  line "bench_gen --db (bulk path)" "$GEN_S" "$PERSONS" "×$(ratio "$GEN_S" "$FLOOR_S") the floor; the import is ×$(ratio "$IMPORT_S" "$GEN_S") it"
fi
echo "files        import $(($(stat -c %s "$TMP/import.db") / 1048576)) MiB, floor $(($(stat -c %s "$TMP/floor.db") / 1048576)) MiB;" \
  "the import wrote $(sqlite3 "$TMP/import.db" 'SELECT count(*) FROM audit') audit rows, $(sqlite3 "$TMP/import.db" 'SELECT count(*) FROM events') events"

# --- PostgreSQL ---
if skipped pg; then exit 0; fi
CLUSTER_MADE=1
mkdir -p "$TMP/cluster"
"$ROOT/scripts/pg-test-cluster.sh" start "$CLUSTER_DIR_FILE" >/dev/null
ADMIN=$(<"$TMP/cluster/conninfo")
PG_DATA=$(<"$CLUSTER_DIR_FILE")/data
psql_at "$ADMIN" "ALTER SYSTEM SET fsync = on" >/dev/null
psql_at "$ADMIN" "ALTER SYSTEM SET full_page_writes = on" >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$(dirname "$PG_DATA")/server.log" -w -t 60 restart >/dev/null
psql_at "$ADMIN" "CREATE DATABASE import_bench TEMPLATE template0" >/dev/null
psql_at "$ADMIN" "CREATE DATABASE floor_bench TEMPLATE template0" >/dev/null
PG=$(with_dbname "$ADMIN" import_bench)
FLOOR_PG=$(with_dbname "$ADMIN" floor_bench)
PG_FILE=$FILE
if [[ $PG_PERSONS != "$PERSONS" ]]; then
  PG_FILE=$TMP/persons-pg.csv
  "$GEN" --csv "$PG_FILE" --persons "$PG_PERSONS" --seed "$SEED" >/dev/null
fi
t=$(now)
"$BIN" import persons "$PG_FILE" --pg "$PG" --audit-key "$TMP/pg.audit-key" >"$TMP/import-pg.out" 2>"$TMP/import-pg.err" ||
  { cat "$TMP/import-pg.err" >&2; exit 1; }
PG_IMPORT_S=$(since "$t")
psql_at "$FLOOR_PG" "CREATE TABLE plain ($(head -1 "$PG_FILE" | tr -d '\r' | sed 's/,/ text, /g') text)" >/dev/null
t=$(now)
PGOPTIONS='-c client_min_messages=warning' "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$FLOOR_PG" \
  -c "\\copy plain FROM '$PG_FILE' WITH (FORMAT csv, HEADER true)" >/dev/null
PG_FLOOR_S=$(since "$t")
[[ $(psql_at "$PG" 'SELECT count(*) FROM persons') == "$PG_PERSONS" ]] || { echo "import_bench.sh: PostgreSQL holds another count" >&2; exit 1; }
echo
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') (fsync on; $PG_PERSONS persons; import: $(cat "$TMP/import-pg.out"))"
line "COPY (floor)" "$PG_FLOOR_S" "$PG_PERSONS"
line "tsunagu import persons --pg" "$PG_IMPORT_S" "$PG_PERSONS" "×$(ratio "$PG_IMPORT_S" "$PG_FLOOR_S") the floor"
