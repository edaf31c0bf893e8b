#!/usr/bin/env bash
# The benchmark suite (`make bench`): figures, not pass/fail; never part of `make test`.
#
#   bench/run.sh
#
# Builds bench_gen and bench_search, generates BENCH_PERSONS persons (default 1,000,000) into
# bench/out/ unless that database is already there, runs bench_search and bench/http_bench.sh
# and prints a summary against the targets. Outputs are kept in bench/out/*.txt.
#
# Environment: BENCH_PERSONS (1000000), BENCH_SEED (1), BUILD (build), and those of
# bench/http_bench.sh (BENCH_DURATION, BENCH_CONNECTIONS, BENCH_WRK_THREADS, BENCH_SERVER_THREADS).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
[[ $BUILD == /* ]] || BUILD=$ROOT/$BUILD
PERSONS=${BENCH_PERSONS:-1000000}
SEED=${BENCH_SEED:-1}
OUT=$ROOT/bench/out
DB=$OUT/persons-$PERSONS-seed$SEED.db
mkdir -p "$OUT"

[[ -f $BUILD/CMakeCache.txt ]] || cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" --target tsunagu bench_gen bench_search -j "$(nproc)" >/dev/null

if [[ ! -f $DB ]]; then
  # Written under another name and renamed when complete: an interrupted run leaves no database
  # that a later run would take for a whole one.
  TMPDB=$DB.partial
  rm -f "$TMPDB" "$TMPDB-wal" "$TMPDB-shm"
  trap 'rm -f "$TMPDB" "$TMPDB-wal" "$TMPDB-shm"' EXIT
  "$BUILD/bench/bench_gen" --db "$TMPDB" --persons "$PERSONS" --seed "$SEED" | tee "$OUT/gen.txt"
  [[ ! -e $TMPDB-wal ]] || { echo "run.sh: $TMPDB-wal left behind" >&2; exit 1; }
  mv "$TMPDB" "$DB"
  trap - EXIT
fi
sync # no write-back of the generated file under the measurements

machine="$(nproc) cores, $(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo), Linux $(uname -r)"
echo "machine: $machine; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo

"$BUILD/bench/bench_search" --db "$DB" | tee "$OUT/search.txt"
echo
TSUNAGU_BIN=$BUILD/tsunagu "$ROOT/bench/http_bench.sh" "$DB" | tee "$OUT/http.txt"

# --- summary ---
field() { # file key
  sed -n "s/^summary:.* $2=\([^ ]*\).*/\1/p; s/^summary: $2=\([^ ]*\).*/\1/p" "$1" | head -n 1
}
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
