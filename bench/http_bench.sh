#!/usr/bin/env bash
# HTTP benchmark: the real server against nginx serving the same bytes, on loopback only.
#
#   bench/http_bench.sh DB
#
# Works on a copy of DB (the audit rows written by the run do not pile up in the generated
# database). Adds a user, starts `tsunagu serve --rate-limit 0` on 127.0.0.1, logs in, and runs
# wrk (bounded: BENCH_DURATION each) against
#   - GET /api/v1/persons/{id}            the measured request (reads the person, writes an audit
#                                         row durably through the group-commit writer)
#   - GET /api/v1/session                 control: session lookup + tiny JSON, no audit
#   - GET /api/v1/persons/{missing id}    control: session + one person lookup (404), no audit
#   - GET /api/v1/persons?q=...           search over HTTP, a fixed list of queries (lua)
# then nginx (worker_processes auto, access_log off, no daemon) serving a static file with the
# same bytes as the person answer (and the same extra headers). Prints req/s, the ratio
# tsunagu/nginx, and the server's VmRSS/VmHWM after the load.
#
# Then the same person and search requests from one connection at a time (a single user's
# latency). Environment: BENCH_DURATION (10s), BENCH_SINGLE_DURATION (5s), BENCH_CONNECTIONS (32),
# BENCH_WRK_THREADS (2), BENCH_SERVER_THREADS (server default when unset), TSUNAGU_BIN
# (build/tsunagu), BENCH_KEEP_TMP (keep the temporary directory), BENCH_PERSON_QUERY (タナカ).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${TSUNAGU_BIN:-$ROOT/build/tsunagu}
DB=${1:?usage: bench/http_bench.sh DB}
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
SINGLE_DURATION=${BENCH_SINGLE_DURATION:-5s}
SERVER_THREADS=${BENCH_SERVER_THREADS:-}
TARGET_RSS_MIB=64

for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "http_bench: $tool is missing (scripts/deps.sh installs it)" >&2; exit 1; }
done
[[ -x $BIN ]] || { echo "http_bench: no server binary at $BIN" >&2; exit 1; }
[[ -f $DB ]] || { echo "http_bench: no database at $DB" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tsunagu-http-bench.XXXXXX")
SERVER_PID=
NGINX_PID=
cleanup() {
  local pid
  for pid in $SERVER_PID $NGINX_PID; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  wait 2>/dev/null || true
  if [[ -n ${BENCH_KEEP_TMP:-} ]]; then
    echo "http_bench: kept $TMP" >&2
  else
    rm -rf "$TMP"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A loopback port nobody listens on.
free_port() {
  local p
  for _ in $(seq 100); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  echo "http_bench: no free port" >&2
  return 1
}

# Requests/sec of a wrk output; warns about errors and non-2xx answers.
wrk_rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
wrk_check() {
  local out=$1 what=$2
  if grep -qE 'Non-2xx|Socket errors' "$out"; then
    echo "  note ($what): $(grep -E 'Non-2xx|Socket errors' "$out" | tr -s ' ' | tr '\n' ' ')"
  fi
}
wrk_latency() { # p50 p90 p99 from --latency output
  awk '/Latency Distribution/ {on=1; next}
       on && $1 == "50%" {p50=$2} on && $1 == "90%" {p90=$2} on && $1 == "99%" {p99=$2}
       END {printf "p50 %s, p90 %s, p99 %s", p50, p90, p99}' "$1"
}

wrk_p50() { awk '/Latency Distribution/ {on = 1; next} on && $1 == "50%" {print $2; exit}' "$1"; }

# Percent-encodes a UTF-8 string for a query parameter.
urlencode() {
  local LC_ALL=C s=$1 out='' c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [A-Za-z0-9._~-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}

echo "tsunagu HTTP benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION)"

# --- the server, on a copy of the database ---
cp --reflink=auto "$DB" "$TMP/bench.db"
PASSWORD=bench-password-$$-$RANDOM
printf '%s\n' "$PASSWORD" | "$BIN" user add bench --role clerk --name 'ベンチ' --db "$TMP/bench.db" >/dev/null 2>"$TMP/user.err" ||
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
[[ -n $PORT ]] || { echo "http_bench: the server did not start" >&2; exit 1; }
BASE=http://127.0.0.1:$PORT
echo "server       $BIN serve (pid $SERVER_PID, port $PORT, threads ${SERVER_THREADS:-default})"

# Peak RSS of the server per phase: /proc/PID/clear_refs resets VmHWM to the current RSS.
# OVERALL_HWM_KIB keeps the peak over the server's whole life across the resets.
peak_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status"; }
OVERALL_HWM_KIB=0
note_peak() {
  local k
  k=$(peak_kib)
  ((k > OVERALL_HWM_KIB)) && OVERALL_HWM_KIB=$k
  return 0
}
reset_peak() {
  note_peak
  echo 5 >"/proc/$SERVER_PID/clear_refs" 2>/dev/null || true
}
declare -A PEAK=()

STARTUP_HWM_KIB=$(peak_kib)
reset_peak

curl -sS -o /dev/null -D "$TMP/login.headers" -H 'Content-Type: application/json' \
  --data "{\"login\":\"bench\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/session"
TOKEN=$(sed -n 's/^[Ss]et-[Cc]ookie: tsunagu_session=\([^;]*\);.*/\1/p' "$TMP/login.headers" | tr -d '\r')
[[ -n $TOKEN ]] || { echo "http_bench: login failed" >&2; cat "$TMP/login.headers" >&2; exit 1; }
COOKIE="Cookie: tsunagu_session=$TOKEN"
LOGIN_HWM_KIB=$(peak_kib) # one login: the password check (Argon2id) is the largest allocation

# A person: the first hit for a common surname (every generated person is in a household).
QUERY=${BENCH_PERSON_QUERY:-タナカ}
curl -sS -H "$COOKIE" "$BASE/api/v1/persons?q=$(urlencode "$QUERY")&limit=1" >"$TMP/search.json"
PERSON_ID=$(grep -o '"id": *"[^"]*"' "$TMP/search.json" | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')
[[ -n $PERSON_ID ]] || { echo "http_bench: no person found for $QUERY" >&2; exit 1; }
PERSON_URL=$BASE/api/v1/persons/$PERSON_ID
CODE=$(curl -sS -H "$COOKIE" -D "$TMP/person.headers" -o "$TMP/person.json" -w '%{http_code}' "$PERSON_URL")
[[ $CODE == 200 ]] || { echo "http_bench: GET person answered $CODE" >&2; exit 1; }
BYTES=$(wc -c <"$TMP/person.json")
HEADER_BYTES=$(wc -c <"$TMP/person.headers")
echo "person       GET /api/v1/persons/$PERSON_ID: $BYTES bytes of JSON, $HEADER_BYTES bytes of headers"

run_wrk() { # name url [extra wrk args...]
  local name=$1 url=$2
  shift 2
  [[ $name == nginx ]] || reset_peak
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 5s --latency "$@" "$url" >"$TMP/$name.wrk" 2>&1
  [[ $name == nginx ]] || PEAK[$name]=$(peak_kib)
}

# One connection, one request at a time: the latency a single user sees, not a throughput.
run_wrk1() { # name url [extra wrk args...]
  local name=$1 url=$2
  shift 2
  wrk -t1 -c1 -d"$SINGLE_DURATION" --timeout 5s --latency "$@" "$url" >"$TMP/$name.wrk" 2>&1
}

# --- tsunagu ---
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d2s -H "$COOKIE" "$PERSON_URL" >/dev/null 2>&1 # warm-up
run_wrk person "$PERSON_URL" -H "$COOKIE"
run_wrk session "$BASE/api/v1/session" -H "$COOKIE"
run_wrk missing "$BASE/api/v1/persons/AAAAAAAAAAAAAAAAAAAAAA" -H "$COOKIE"

# Search: a fixed list of realistic queries, cycled by a small lua script.
queries=(サ タ 林 田 タナ 田中 サトウ スズキ タカハシ "タナカ ハナコ" たなか さとう ハナ ユイ 花子 佐藤 高橋 山本 ヤマモト ンヂサ)
{
  echo 'local paths = {'
  for q in "${queries[@]}"; do echo "  \"/api/v1/persons?q=$(urlencode "$q")\","; done
  echo '}'
  echo 'local i = 0'
  echo 'request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end'
} >"$TMP/search.lua"
run_wrk search "$BASE/" -H "$COOKIE" -s "$TMP/search.lua"
run_wrk1 person1 "$PERSON_URL" -H "$COOKIE"
run_wrk1 search1 "$BASE/" -H "$COOKIE" -s "$TMP/search.lua"

STATUS=/proc/$SERVER_PID/status
RSS_KIB=$(awk '/^VmRSS:/ {print $2}' "$STATUS")
note_peak
HWM_KIB=$OVERALL_HWM_KIB # the peak over the server's whole life
ANON_KIB=$(awk '/^RssAnon:/ {print $2}' "$STATUS")
FILE_KIB=$(awk '/^RssFile:/ {print $2}' "$STATUS")
SERVER_THREADS_SEEN=$(awk '/^Threads:/ {print $2}' "$STATUS")

# --- nginx, the same bytes and headers ---
mkdir -p "$TMP/nginx/www/api/v1/persons" "$TMP/nginx/tmp"
# nginx's workers run as an unprivileged user: let them through the private temp directory.
chmod 0711 "$TMP"
chmod -R a+rX "$TMP/nginx/www"
cp "$TMP/person.json" "$TMP/nginx/www/api/v1/persons/$PERSON_ID"
chmod a+r "$TMP/nginx/www/api/v1/persons/$PERSON_ID"
NPORT=$(free_port)
{
  echo 'daemon off;'
  echo 'worker_processes auto;'
  echo "pid $TMP/nginx/nginx.pid;"
  echo "error_log $TMP/nginx/error.log warn;"
  echo 'events { worker_connections 1024; }'
  echo 'http {'
  echo '  access_log off;'
  echo '  default_type "application/json; charset=utf-8";'
  echo "  client_body_temp_path $TMP/nginx/tmp/body;"
  echo "  proxy_temp_path $TMP/nginx/tmp/proxy;"
  echo "  fastcgi_temp_path $TMP/nginx/tmp/fastcgi;"
  echo "  uwsgi_temp_path $TMP/nginx/tmp/uwsgi;"
  echo "  scgi_temp_path $TMP/nginx/tmp/scgi;"
  echo '  server_tokens off;'
  echo '  etag off;'
  echo "  server {"
  echo "    listen 127.0.0.1:$NPORT;"
  echo "    root $TMP/nginx/www;"
  echo '    location / {'
  # The same extra headers as tsunagu's answer (security headers, ETag, Cache-Control).
  tr -d '\r' <"$TMP/person.headers" | while IFS= read -r line; do
    name=${line%%:*}
    value=${line#*: }
    case ${name,,} in
      http/* | date | content-length | content-type | connection | keep-alive | transfer-encoding | '') continue ;;
    esac
    value=${value//\\/\\\\}
    value=${value//\"/\\\"}
    echo "      add_header $name \"$value\" always;"
  done
  echo '    }'
  echo '  }'
  echo '}'
} >"$TMP/nginx/nginx.conf"
nginx -e "$TMP/nginx/error.log" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" &
NGINX_PID=$!
NGINX_URL=http://127.0.0.1:$NPORT/api/v1/persons/$PERSON_ID
for _ in $(seq 100); do
  curl -s -o /dev/null "$NGINX_URL" && break
  kill -0 "$NGINX_PID" 2>/dev/null || { cat "$TMP/nginx/error.log" >&2; exit 1; }
  sleep 0.1
done
NGINX_BYTES=$(curl -sS "$NGINX_URL" | wc -c)
[[ $NGINX_BYTES == "$BYTES" ]] || { echo "http_bench: nginx serves $NGINX_BYTES bytes, not $BYTES" >&2; exit 1; }
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d2s "$NGINX_URL" >/dev/null 2>&1 # warm-up
run_wrk nginx "$NGINX_URL"

# --- how long a durable write takes on this disk (what every audited read waits for) ---
SYNC_COUNT=1000
SYNC_START=$(date +%s%N)
dd if=/dev/zero of="$TMP/sync.test" bs=4k count=$SYNC_COUNT oflag=dsync status=none
SYNC_US=$((($(date +%s%N) - SYNC_START) / 1000 / SYNC_COUNT))
rm -f "$TMP/sync.test"

# --- report ---
P_RPS=$(wrk_rps "$TMP/person.wrk")
N_RPS=$(wrk_rps "$TMP/nginx.wrk")
RATIO=$(awk -v a="$P_RPS" -v b="$N_RPS" 'BEGIN {printf "%.3f", (b > 0 ? a / b : 0)}')
echo
printf '%-46s %12s   %s\n' "request (wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION)" "req/s" "latency"
for row in "person:tsunagu GET /persons/{id} (audited)" "session:tsunagu GET /session (no audit)" \
  "missing:tsunagu GET /persons/{missing} (404)" "search:tsunagu GET /persons?q= (20 queries)" \
  "nginx:nginx static file, same bytes" \
  "person1:single user (-c1 -d$SINGLE_DURATION): person" "search1:single user (-c1 -d$SINGLE_DURATION): search"; do
  name=${row%%:*}
  printf '%-46s %12s   %s\n' "${row#*:}" "$(wrk_rps "$TMP/$name.wrk")" "$(wrk_latency "$TMP/$name.wrk")"
  [[ $name == missing ]] || wrk_check "$TMP/$name.wrk" "$name"
done
echo
echo "ratio        tsunagu/nginx for GET /persons/{id}: $RATIO"
echo "disk         one 4 KiB O_DSYNC write on the database's file system: $SYNC_US µs (dd, $SYNC_COUNT writes)"
echo "memory       peak RSS (VmHWM) per phase: start-up $((STARTUP_HWM_KIB / 1024)) MiB, one login $((LOGIN_HWM_KIB / 1024)) MiB, person $((PEAK[person] / 1024)) MiB, session $((PEAK[session] / 1024)) MiB, missing $((PEAK[missing] / 1024)) MiB, search $((PEAK[search] / 1024)) MiB"
echo "memory       server after the load: VmRSS $((RSS_KIB / 1024)) MiB (anon $((ANON_KIB / 1024)) MiB, file $((FILE_KIB / 1024)) MiB), VmHWM $((HWM_KIB / 1024)) MiB, $SERVER_THREADS_SEEN threads"
awk -v h="$HWM_KIB" -v t="$TARGET_RSS_MIB" 'BEGIN {printf "target       VmHWM <= %d MiB: measured %.1f MiB = %.2f x the target (%s)\n", t, h / 1024, h / 1024 / t, (h / 1024 <= t ? "met" : "NOT met")}'
echo "summary: person_rps=$P_RPS nginx_rps=$N_RPS ratio=$RATIO session_rps=$(wrk_rps "$TMP/session.wrk") missing_rps=$(wrk_rps "$TMP/missing.wrk") search_rps=$(wrk_rps "$TMP/search.wrk") person_c1_p50=$(wrk_p50 "$TMP/person1.wrk") search_c1_p50=$(wrk_p50 "$TMP/search1.wrk") rss_kib=$RSS_KIB hwm_kib=$HWM_KIB person_bytes=$BYTES dsync_us=$SYNC_US"
