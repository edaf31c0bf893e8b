#!/usr/bin/env bash
# GET /api/v1/alerts over HTTP: the real server on a copy of a database with ten years of records
# (bench_history), on loopback only.
#
#   bench/alerts_http.sh DB [WHAT-IF-SQL]
#
# Copies DB (the audit rows the run writes do not pile up in it); with WHAT-IF-SQL, runs that SQL
# on the copy first (sqlite3): a schema the server does not have, and the output says so. Adds a
# user with the health role (保健師: may read reports, so the safety confirmations are listed
# too), starts `tsunagu serve --rate-limit 0`, logs in, times one request with curl, then runs
#   wrk -t1 -c1 --latency    one user at a time (the latency a nurse sees)
#   wrk -t2 -c8 --latency    eight at once (the board opened across the office)
# Each run lasts BENCH_ALERTS_DURATION (10s), longer when one answer takes long (so that a few
# answers complete), never more than BENCH_ALERTS_MAX_SECONDS (120). Prints req/s, p50/p90/p99
# and the ratio to the 10 ms target.
#
# Environment: TSUNAGU_BIN (build/tsunagu), BENCH_ALERTS_DURATION, BENCH_ALERTS_MAX_SECONDS,
# BENCH_SERVER_THREADS (server default when unset), BENCH_KEEP_TMP.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${TSUNAGU_BIN:-$ROOT/build/tsunagu}
DB=${1:?usage: bench/alerts_http.sh DB [WHAT-IF-SQL]}
WHAT_IF=${2:-}
DURATION=${BENCH_ALERTS_DURATION:-10s}
MAX_SECONDS=${BENCH_ALERTS_MAX_SECONDS:-120}
SERVER_THREADS=${BENCH_SERVER_THREADS:-}
TARGET_MS=10

for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "alerts_http: $tool is missing (scripts/deps.sh installs it)" >&2; exit 1; }
done
[[ -z $WHAT_IF ]] || command -v sqlite3 >/dev/null || { echo "alerts_http: sqlite3 is missing" >&2; exit 1; }
[[ -x $BIN ]] || { echo "alerts_http: no server binary at $BIN" >&2; exit 1; }
[[ -f $DB ]] || { echo "alerts_http: no database at $DB" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tsunagu-alerts-http.XXXXXX")
SERVER_PID=
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  if [[ -n ${BENCH_KEEP_TMP:-} ]]; then echo "alerts_http: kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

seconds_of() { # 10s, 2m, 10 -> seconds
  local v=$1
  case $v in
    *m) echo $((${v%m} * 60)) ;;
    *s) echo "${v%s}" ;;
    *) echo "$v" ;;
  esac
}
# wrk prints latencies as 512.00us, 1.23ms, 2.05s, 1.10m: in ms.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.3f", n }'
}
wrk_rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
wrk_requests() { awk '/requests in/ {print $1}' "$1"; }
wrk_pct() { awk -v q="$2" '/Latency Distribution/ {on=1; next} on && $1 == q {print $2; exit}' "$1"; }
wrk_errors() { grep -E 'Non-2xx|Socket errors' "$1" | tr -s ' ' | tr '\n' ' ' || true; }

echo "tsunagu alerts HTTP benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
cp --reflink=auto "$DB" "$TMP/bench.db"
if [[ -n $WHAT_IF ]]; then
  start=$(date +%s%N)
  sqlite3 "$TMP/bench.db" "$WHAT_IF"
  echo "WHAT-IF      on the copy, a schema the server does NOT have ($(( ($(date +%s%N) - start) / 1000000 )) ms): $WHAT_IF"
fi
PASSWORD=bench-password-$$-$RANDOM
printf '%s\n' "$PASSWORD" | "$BIN" user add bench --role health --name 'ベンチ保健師' --db "$TMP/bench.db" >/dev/null 2>"$TMP/user.err" ||
  { cat "$TMP/user.err" >&2; exit 1; }
mkdir -p "$TMP/web"
serve_args=(serve --db "$TMP/bench.db" --listen 127.0.0.1:0 --web "$TMP/web" --rate-limit 0
  --connections-per-address 1000) # wrk from one address may open more than the default cap
[[ -n $SERVER_THREADS ]] && serve_args+=(--threads "$SERVER_THREADS")
"$BIN" "${serve_args[@]}" >"$TMP/serve.out" 2>"$TMP/serve.err" &
SERVER_PID=$!
PORT=
for _ in $(seq 300); do
  PORT=$(sed -n 's|^tsunagu: listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$TMP/serve.out")
  [[ -n $PORT ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/serve.err" >&2; exit 1; }
  sleep 0.1
done
[[ -n $PORT ]] || { echo "alerts_http: the server did not start" >&2; exit 1; }
BASE=http://127.0.0.1:$PORT
echo "server       $BIN serve (pid $SERVER_PID, port $PORT, threads ${SERVER_THREADS:-default}), user role health"

curl -sS -o /dev/null -D "$TMP/login.headers" -H 'Content-Type: application/json' \
  --data "{\"login\":\"bench\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/session"
TOKEN=$(sed -n 's/^[Ss]et-[Cc]ookie: tsunagu_session=\([^;]*\);.*/\1/p' "$TMP/login.headers" | tr -d '\r')
[[ -n $TOKEN ]] || { echo "alerts_http: login failed" >&2; cat "$TMP/login.headers" >&2; exit 1; }
COOKIE="Cookie: tsunagu_session=$TOKEN"
URL=$BASE/api/v1/alerts

# One request: the answer, and how long it takes (it sets the run lengths below).
read -r CODE FIRST_S < <(curl -sS -H "$COOKIE" -o "$TMP/alerts.json" -w '%{http_code} %{time_total}\n' \
  --max-time "$((MAX_SECONDS * 2))" "$URL")
[[ $CODE == 200 ]] || { echo "alerts_http: GET /api/v1/alerts answered $CODE" >&2; cat "$TMP/alerts.json" >&2; exit 1; }
FIRST_MS=$(awk -v s="$FIRST_S" 'BEGIN {printf "%.1f", s * 1000}')
TOTAL=$(grep -o '"total":[0-9]*' "$TMP/alerts.json" | head -n 1 | cut -d: -f2)
BYTES=$(wc -c <"$TMP/alerts.json")
PAGE_KINDS=$(grep -o '"kind":"[a-z_]*"' "$TMP/alerts.json" | cut -d'"' -f4 | sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1}')
echo "first answer $FIRST_MS ms (curl), $BYTES bytes, total $TOTAL items; first page: $PAGE_KINDS"

# Run lengths: at least DURATION; when an answer takes long, long enough for a few of them.
base=$(seconds_of "$DURATION")
d1=$(awk -v b="$base" -v t="$FIRST_S" -v m="$MAX_SECONDS" 'BEGIN {d = t * 5; if (d < b) d = b; if (d > m) d = m; printf "%d", d + 0.999}')
d8=$(awk -v b="$base" -v t="$FIRST_S" -v m="$MAX_SECONDS" -v c="$(nproc)" 'BEGIN {d = t * 8 / c * 3; if (d < b) d = b; if (d > m) d = m; printf "%d", d + 0.999}')
timeout=$(awk -v t="$FIRST_S" -v m="$MAX_SECONDS" 'BEGIN {d = t * 10; if (d < 5) d = 5; if (d > m) d = m; printf "%d", d + 0.999}')
if awk -v t="$FIRST_S" 'BEGIN {exit !(t < 1)}'; then
  wrk -t1 -c1 -d2s --timeout "${timeout}s" -H "$COOKIE" "$URL" >/dev/null 2>&1 # warm-up
fi
wrk -t1 -c1 -d"${d1}s" --timeout "${timeout}s" --latency -H "$COOKIE" "$URL" >"$TMP/c1.wrk" 2>&1
wrk -t2 -c8 -d"${d8}s" --timeout "${timeout}s" --latency -H "$COOKIE" "$URL" >"$TMP/c8.wrk" 2>&1

echo
printf '%-34s %10s %9s %10s %10s %10s   %s\n' "GET /api/v1/alerts" "req/s" "answers" "p50 ms" "p90 ms" "p99 ms" "notes"
for row in "c1:wrk -t1 -c1 -d${d1}s (one user)" "c8:wrk -t2 -c8 -d${d8}s (eight at once)"; do
  name=${row%%:*}
  f=$TMP/$name.wrk
  if [[ $(wrk_requests "$f") == 0 ]]; then
    printf '%-34s %10s %9s %10s %10s %10s   %s\n' "${row#*:}" "$(wrk_rps "$f")" 0 - - - \
      "no answer completed within the run $(wrk_errors "$f")"
    continue
  fi
  printf '%-34s %10s %9s %10s %10s %10s   %s\n' "${row#*:}" "$(wrk_rps "$f")" "$(wrk_requests "$f")" \
    "$(to_ms "$(wrk_pct "$f" 50%)")" "$(to_ms "$(wrk_pct "$f" 90%)")" "$(to_ms "$(wrk_pct "$f" 99%)")" "$(wrk_errors "$f")"
done
C1_P50=$(to_ms "$(wrk_pct "$TMP/c1.wrk" 50%)")
C1_P99=$(to_ms "$(wrk_pct "$TMP/c1.wrk" 99%)")
C8_P50=$(to_ms "$(wrk_pct "$TMP/c8.wrk" 50%)")
C8_P99=$(to_ms "$(wrk_pct "$TMP/c8.wrk" 99%)")
echo
awk -v a="$C1_P50" -v b="$C1_P99" -v t="$TARGET_MS" -v w="${WHAT_IF:+  [WHAT-IF]}" 'BEGIN {
  printf "target       <= %d ms inside the server; over HTTP, one user: p50 %.2f ms = %.2f x, p99 %.2f ms = %.2f x%s\n", t, a, a / t, b, b / t, w }'
echo "             (HTTP adds the session lookup, the audit row written durably before the answer, and the transfer)"
echo "summary: what_if=$([[ -n $WHAT_IF ]] && echo 1 || echo 0) first_ms=$FIRST_MS total=$TOTAL bytes=$BYTES c1_rps=$(wrk_rps "$TMP/c1.wrk") c1_p50_ms=$C1_P50 c1_p99_ms=$C1_P99 c8_rps=$(wrk_rps "$TMP/c8.wrk") c8_p50_ms=$C8_P50 c8_p99_ms=$C8_P99"
