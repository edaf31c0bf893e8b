#!/usr/bin/env bash
# Before and after in the same run: the same benchmarks of two builds on the same databases,
# alternately, ROUNDS times (figures, not pass/fail). Outputs in bench/out/compare/.
#
#   bench/compare.sh BEFORE_DIR AFTER_DIR PERSONS_DB HISTORY_DB
#
# BEFORE_DIR and AFTER_DIR are checkouts with their build/ (tsunagu, bench_search, bench_alerts
# built); the databases are made once by bench/run.sh (or bench_gen and bench_history) and used
# by both, so only the server's code differs. Environment: ROUNDS (2).
set -euo pipefail
BEFORE=${1:?usage: bench/compare.sh BEFORE_DIR AFTER_DIR PERSONS_DB HISTORY_DB}
AFTER=${2:?} PERSONS=${3:?} HISTORY=${4:?}
OUT=$(cd "$(dirname "$0")" && pwd)/out/compare
mkdir -p "$OUT"
for round in $(seq 1 "${ROUNDS:-2}"); do
  for side in before after; do
    dir=$BEFORE
    [[ $side == after ]] && dir=$AFTER
    echo "== $side, round $round, $(date -u +%T), load $(cut -d' ' -f1 /proc/loadavg)"
    "$dir/build/bench/bench_search" --db "$PERSONS" >"$OUT/$side-search-$round.txt"
    (cd "$dir" && TSUNAGU_BIN=$dir/build/tsunagu bench/http_bench.sh "$PERSONS" >"$OUT/$side-http-$round.txt")
    "$dir/build/bench/bench_alerts" --db "$HISTORY" --runs 2000 >"$OUT/$side-alerts-$round.txt"
    (cd "$dir" && TSUNAGU_BIN=$dir/build/tsunagu bench/alerts_http.sh "$HISTORY" >"$OUT/$side-alerts-http-$round.txt")
    grep -h '^summary' "$OUT/$side"-*-"$round".txt
  done
done
