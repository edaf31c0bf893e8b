#!/usr/bin/env bash
# The benchmark suite (`make bench`): figures, not pass/fail; never part of `make test`.
#
#   bench/run.sh                          # every section
#   BENCH_SECTIONS=alerts bench/run.sh    # one of them: search, alerts
#
# search: builds bench_gen and bench_search, generates BENCH_PERSONS persons (default 1,000,000)
# into bench/out/ unless that database is already there, runs bench_search and
# bench/http_bench.sh and prints a summary against the targets.
# alerts: GET /api/v1/alerts with ten years of records. Generates BENCH_ALERTS_PERSONS persons
# (200,000) with bench_gen unless there, copies them and adds the history with bench_history
# (dated up to today in Japan: the database is made again on another day), then runs
# bench_alerts (the handler's work in-process), its what-ifs (schema changes measured on a
# copy, labelled WHAT-IF) and bench/alerts_http.sh (over HTTP, as is and with the what-if
# indexes), and prints a summary against the 10 ms target.
# Outputs are kept in bench/out/*.txt. PostgreSQL against SQLite on the same towns:
# bench/pg.sh (docs/performance.md, "Issue 10").
#
# Environment: BENCH_SECTIONS ("search alerts"), BENCH_PERSONS (1000000), BENCH_SEED (1), BUILD
# (build), those of bench/http_bench.sh (BENCH_DURATION, BENCH_CONNECTIONS, BENCH_WRK_THREADS,
# BENCH_SERVER_THREADS), BENCH_ALERTS_PERSONS (200000), BENCH_ALERTS_RUNS (2000),
# BENCH_ALERTS_MAX_SECONDS (60: the longest an in-process phase may take),
# BENCH_ALERTS_HTTP_MAX_SECONDS (150: the longest a wrk run may take when answers are slow).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
[[ $BUILD == /* ]] || BUILD=$ROOT/$BUILD
PERSONS=${BENCH_PERSONS:-1000000}
SEED=${BENCH_SEED:-1}
SECTIONS=${BENCH_SECTIONS:-search alerts}
OUT=$ROOT/bench/out
DB=$OUT/persons-$PERSONS-seed$SEED.db
mkdir -p "$OUT"
section() { [[ " $SECTIONS " == *" $1 "* ]]; }

[[ -f $BUILD/CMakeCache.txt ]] || cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" --target tsunagu bench_gen bench_search bench_history bench_alerts -j "$(nproc)" >/dev/null

# bench_gen's persons into $1 unless there ($2 persons, gen output to $3).
make_persons() {
  local db=$1 n=$2 log=$3
  [[ -f $db ]] && return 0
  # Written under another name and renamed when complete: an interrupted run leaves no database
  # that a later run would take for a whole one.
  TMPDB=$db.partial
  rm -f "$TMPDB" "$TMPDB-wal" "$TMPDB-shm"
  trap 'rm -f "$TMPDB" "$TMPDB-wal" "$TMPDB-shm"' EXIT
  "$BUILD/bench/bench_gen" --db "$TMPDB" --persons "$n" --seed "$SEED" | tee "$log"
  [[ ! -e $TMPDB-wal ]] || { echo "run.sh: $TMPDB-wal left behind" >&2; exit 1; }
  mv "$TMPDB" "$db"
  trap - EXIT
}

machine="$(nproc) cores, $(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo), Linux $(uname -r)"

field() { # file key
  sed -n "s/^summary:.* $2=\([^ ]*\).*/\1/p; s/^summary: $2=\([^ ]*\).*/\1/p" "$1" | head -n 1
}

if section search; then
make_persons "$DB" "$PERSONS" "$OUT/gen.txt"
sync # no write-back of the generated file under the measurements

echo "machine: $machine; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo

"$BUILD/bench/bench_search" --db "$DB" | tee "$OUT/search.txt"
echo
TSUNAGU_BIN=$BUILD/tsunagu "$ROOT/bench/http_bench.sh" "$DB" | tee "$OUT/http.txt"

# --- summary ---
S=$OUT/search.txt
H=$OUT/http.txt
echo
echo "== summary ($PERSONS persons, $machine)"
awk -v p50="$(field "$S" search_p50_us)" -v p99="$(field "$S" search_p99_us)" \
  -v h50="$(field "$S" handler_p50_us)" -v h99="$(field "$S" handler_p99_us)" \
  -v mib="$(field "$S" db_mib)" -v rps="$(field "$H" person_rps)" -v nrps="$(field "$H" nginx_rps)" \
  -v ratio="$(field "$H" ratio)" -v hwm="$(field "$H" hwm_kib)" -v rss="$(field "$H" rss_kib)" \
  -v srps="$(field "$H" search_rps)" -v p1="$(field "$H" person_c1_p50)" -v s1="$(field "$H" search_c1_p50)" 'BEGIN {
  printf "database            %.0f MiB\n", mib
  printf "search in-process   p50 %.0f µs, p99 %.0f µs (target p99 <= 2000 µs: %.2f x)\n", p50, p99, p99 / 2000
  printf "  + handler work    p50 %.0f µs, p99 %.0f µs (%.2f x)\n", h50, h99, h99 / 2000
  printf "GET /persons/{id}   %.0f req/s; nginx %.0f req/s; tsunagu/nginx %.3f\n", rps, nrps, ratio
  printf "GET /persons?q=     %.0f req/s\n", srps
  printf "single user p50     GET /persons/{id} %s, GET /persons?q= %s\n", p1, s1
  printf "server memory       VmRSS %.1f MiB, VmHWM %.1f MiB (target <= 64 MiB: %.2f x)\n", rss / 1024, hwm / 1024, hwm / 1024 / 64
}'
echo "outputs in $OUT/{gen,search,http}.txt"
fi

if section alerts; then
# --- GET /api/v1/alerts with ten years of records ---
APERSONS=${BENCH_ALERTS_PERSONS:-200000}
ARUNS=${BENCH_ALERTS_RUNS:-2000}
AMAX=${BENCH_ALERTS_MAX_SECONDS:-60}
AHTTPMAX=${BENCH_ALERTS_HTTP_MAX_SECONDS:-150}
TODAY=$(TZ=Asia/Tokyo date +%F)
ABASE=$OUT/persons-$APERSONS-seed$SEED.db
HDB=$OUT/history-$APERSONS-seed$SEED-$TODAY.db
make_persons "$ABASE" "$APERSONS" "$OUT/gen-$APERSONS.txt"
if [[ ! -f $HDB ]]; then
  TMPDB=$HDB.partial
  rm -f "$TMPDB" "$TMPDB-wal" "$TMPDB-shm"
  trap 'rm -f "$TMPDB" "$TMPDB-wal" "$TMPDB-shm"' EXIT
  cp "$ABASE" "$TMPDB"
  "$BUILD/bench/bench_history" --db "$TMPDB" --seed "$SEED" --today "$TODAY" | tee "$OUT/history.txt"
  [[ ! -e $TMPDB-wal ]] || { echo "run.sh: $TMPDB-wal left behind" >&2; exit 1; }
  mv "$TMPDB" "$HDB"
  trap - EXIT
  # the records are dated up to their day: those of other days are stale
  for old in "$OUT"/history-"$APERSONS"-seed"$SEED"-*.db; do
    [[ $old == "$HDB" ]] || rm -f "$old" "$old-wal" "$old-shm"
  done
fi
sync

echo
echo "machine: $machine; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
# The what-ifs (schema changes on a copy; none of them is in src/store/migrations):
#   analyze  statistics for the planner (what `PRAGMA optimize` or ANALYZE would give)
#   plan     visits_missed (status, kind) replaced by a partial index of the open missed
#            check-ups: the newborn query can no longer pick it for its NOT EXISTS
#   indexes  that, plus covering indexes for both NOT EXISTS lookups and the infants by birth
#            date, and a partial index of the open reports
#   indexes-mmap  the same with mmap_size 2 GiB on the benchmark's connection
WHATIF_ANALYZE="ANALYZE"
WHATIF_PLAN="DROP INDEX visits_missed; CREATE INDEX visits_missed_open ON visits(kind, subtype) WHERE status = 'missed' AND followup_on IS NULL"
WHATIF_INDEXES="DROP INDEX visits_missed; CREATE INDEX visits_missed_open ON visits(kind, person_id, subtype, on_date, id) WHERE status = 'missed' AND followup_on IS NULL; CREATE INDEX visits_person_status ON visits(person_id, kind, status, subtype, on_date); DROP INDEX persons_birth_date; CREATE INDEX persons_birth_date ON persons(birth_date, id); CREATE INDEX reports_open ON reports(kind, safety_due_at) WHERE status <> 'closed'"
A=$OUT/alerts.txt
"$BUILD/bench/bench_alerts" --db "$HDB" --runs "$ARUNS" --max-seconds "$AMAX" | tee "$A"
for w in analyze plan indexes indexes-mmap; do
  extra=()
  case $w in
    analyze) sql=$WHATIF_ANALYZE ;;
    plan) sql=$WHATIF_PLAN ;;
    indexes) sql=$WHATIF_INDEXES ;;
    indexes-mmap) sql=$WHATIF_INDEXES extra=(--mmap-mib 2048) ;; # and mmap on the connection
  esac
  echo
  "$BUILD/bench/bench_alerts" --db "$HDB" --runs "$ARUNS" --max-seconds "$AMAX" --what-if "$sql" \
    "${extra[@]}" --label "what-if $w" | tee "$OUT/alerts-whatif-$w.txt"
done
echo
TSUNAGU_BIN=$BUILD/tsunagu BENCH_ALERTS_MAX_SECONDS=$AHTTPMAX "$ROOT/bench/alerts_http.sh" "$HDB" | tee "$OUT/alerts-http.txt"
echo
TSUNAGU_BIN=$BUILD/tsunagu BENCH_ALERTS_MAX_SECONDS=$AHTTPMAX "$ROOT/bench/alerts_http.sh" "$HDB" "$WHATIF_INDEXES" |
  tee "$OUT/alerts-http-whatif-indexes.txt"

echo
echo "== alerts summary ($APERSONS persons + ten years of records to $TODAY, $machine)"
H1=$OUT/alerts-http.txt
H2=$OUT/alerts-http-whatif-indexes.txt
echo "items               total $(field "$A" total): safety $(field "$A" safety), newborn $(field "$A" newborn), missed check-ups $(field "$A" missed), EPDS $(field "$A" screening) ($(field "$A" overdue) overdue)"
for f in "$A:as is" "$OUT/alerts-whatif-analyze.txt:WHAT-IF analyze" "$OUT/alerts-whatif-plan.txt:WHAT-IF plan" \
  "$OUT/alerts-whatif-indexes.txt:WHAT-IF indexes" "$OUT/alerts-whatif-indexes-mmap.txt:WHAT-IF idx+mmap"; do
  awk -v l="${f#*:}" -v n="$(field "${f%%:*}" runs)" -v a="$(field "${f%%:*}" p50_ms)" -v b="$(field "${f%%:*}" p99_ms)" \
    -v nb="$(field "${f%%:*}" newborn_p50_ms)" -v mc="$(field "${f%%:*}" missed_p50_ms)" 'BEGIN {
    printf "in-process %-16s p50 %10.2f ms, p99 %10.2f ms (target 10 ms: %8.2f x at p99; %d runs; newborn %.2f ms, missed %.2f ms at p50)\n", l, a, b, b / 10, n, nb, mc }'
done
for f in "$H1:as is" "$H2:WHAT-IF indexes"; do
  awk -v l="${f#*:}" -v a="$(field "${f%%:*}" c1_p50_ms)" -v b="$(field "${f%%:*}" c1_p99_ms)" -v r1="$(field "${f%%:*}" c1_rps)" \
    -v r8="$(field "${f%%:*}" c8_rps)" -v c="$(field "${f%%:*}" c8_p50_ms)" -v d="$(field "${f%%:*}" c8_p99_ms)" 'BEGIN {
    printf "HTTP %-16s -c1 p50 %.2f ms, p99 %.2f ms (%.2f x at p99), %.2f req/s; ", l, a, b, b / 10, r1
    if (r8 + 0 > 0) printf "-c8 p50 %.2f ms, p99 %.2f ms, %.2f req/s\n", c, d, r8
    else printf "-c8 no answer completed within the run\n" }'
done
echo "outputs in $OUT/{history,alerts,alerts-whatif-*,alerts-http*}.txt"
fi
