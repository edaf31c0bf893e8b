#!/usr/bin/env bash
# PostgreSQL against SQLite, one server against two, memory (figures, not pass/fail).
#
#   bench/pg.sh PERSONS_DB [HISTORY_DB]
#
# PERSONS_DB is a bench_gen database (bench/run.sh makes bench/out/persons-N-seedS.db); HISTORY_DB
# a bench_history one (ten years of records: the alert board as a center sees it). Both are only
# read: each store gets a copy with the benchmark's user added (keyed chain, SQLite), and the
# PostgreSQL database is loaded from that copy. Everything runs on 127.0.0.1; a trap stops every
# process the script started and removes its temporary folder (and the cluster it made).
#
# 1. The PostgreSQL database. Unless BENCH_PG_CONNINFO names one already loaded, a throwaway
#    PostgreSQL 15 cluster (scripts/pg-test-cluster.sh, made in /tmp) with the crash safety the
#    test cluster turns off put back: fsync = on, full_page_writes = on (and synchronous_commit =
#    on, which tsunagu sets on each connection), shared_buffers BENCH_PG_SHARED_BUFFERS (128MB,
#    PostgreSQL's default), random_page_cost BENCH_PG_RANDOM_PAGE_COST (1.1, as
#    docs/operations.md recommends; PostgreSQL's default is 4); everything else as initdb makes it. The town is loaded by
#      BENCH_PG_LOAD=migrate (default)  tsunagu migrate-to-pg --db COPY --pg CONNINFO --audit-key KEY
#      BENCH_PG_LOAD=gen                bench_gen --pg with the same seed and count (BENCH_SEED,
#                                       default 1): the same persons, written through the services
#                                       (slow: a few hundred persons/s; for small towns)
#    then VACUUM (ANALYZE) and CHECKPOINT (what autovacuum and the checkpointer would have done on
#    a database in use). Both stores are checked to hold the same number of persons. HISTORY_DB
#    goes into a second database of the same cluster the same way.
# 2. SQLite against PostgreSQL, one server each (the other store idle): the server with
#    --rate-limit 0, a user with the health role (保健師: persons, search and every alert kind),
#    one login, and as in bench/http_bench.sh and bench/alerts_http.sh (after a warm-up):
#      person  GET /api/v1/persons/{id}, 1,000 ids of the town cycled   wrk -t2 -c32
#      search  GET /api/v1/persons?q=, the 20 queries of http_bench.sh  wrk -t2 -c32
#      alerts  GET /api/v1/alerts (the board's first page)              wrk -t2 -c8
#    each for BENCH_DURATION (10s), then each from one connection (-t1 -c1, BENCH_SINGLE_DURATION,
#    5s): requests/s, and the latency p50/p95/p99 (a wrk lua done() hook: wrk itself prints no
#    p95).
# 3. One server against two on the same PostgreSQL database: the same three requests, from two
#    wrk processes of -t1 and half the connections each (the client balances by itself, no
#    proxy): both at the one server, then one at each of two servers. Requests/s summed.
#    With HISTORY_DB, the alert board again on that town, on each store (one server).
# 4. Memory: VmHWM and VmRSS of every server after its runs (/proc/PID/status), and of the
#    PostgreSQL processes: the client backends serving tsunagu (count, the sum of their RSS,
#    their PSS and their private memory, /proc/PID/smaps_rollup) and the whole cluster's PSS
#    (RSS counts each shared_buffers page in every backend that touched it; PSS shares it out).
# 5. In-process (before the HTTP runs): bench_search on both stores (the store's search, the
#    handler's work, GET /persons/{id}'s reads and JSON; no HTTP, no audit written): what the
#    query costs on each store apart from the requests around it.
# Every run also records the CPU time each part used (/proc/PID/stat; the machine's /proc/stat
# for the rest: wrk and whatever else runs), per request: what bounds the figure on 2 cores.
#
# Environment: BUILD (build), BENCH_DURATION (10s), BENCH_SINGLE_DURATION (5s),
# BENCH_CONNECTIONS (32), BENCH_ALERTS_CONNECTIONS (8), BENCH_SERVER_THREADS (server default
# when unset), BENCH_PG_LOAD (migrate), BENCH_SEED (1), BENCH_PG_SHARED_BUFFERS (128MB),
# BENCH_PG_RANDOM_PAGE_COST (1.1),
# BENCH_PG_CONNINFO (a loaded database to use instead of a new cluster; needs
# BENCH_PG_AUDIT_KEY, its audit key file), BENCH_PG_KEEP (keep the new cluster running, and say
# how to reuse it), BENCH_SKIP (space-separated: inprocess, sqlite, pg, two: parts not to run),
# BENCH_KEEP_TMP, PG_BIN (/usr/lib/postgresql/15/bin).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
[[ $BUILD == /* ]] || BUILD=$ROOT/$BUILD
BIN=$BUILD/tsunagu
GEN=$BUILD/bench/bench_gen
SEARCH=$BUILD/bench/bench_search
DB=${1:?usage: bench/pg.sh PERSONS_DB [HISTORY_DB]}
HISTORY=${2:-}
DURATION=${BENCH_DURATION:-10s}
SINGLE_DURATION=${BENCH_SINGLE_DURATION:-5s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
ALERTS_CONNECTIONS=${BENCH_ALERTS_CONNECTIONS:-8}
SERVER_THREADS=${BENCH_SERVER_THREADS:-}
LOAD=${BENCH_PG_LOAD:-migrate}
SEED=${BENCH_SEED:-1}
SHARED_BUFFERS=${BENCH_PG_SHARED_BUFFERS:-128MB}
RANDOM_PAGE_COST=${BENCH_PG_RANDOM_PAGE_COST:-1.1}
SKIP=" ${BENCH_SKIP:-} "
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PSQL=$PG_BIN/psql
IDS=1000

for tool in wrk curl sqlite3 "$PSQL"; do
  command -v "$tool" >/dev/null || { echo "pg.sh: $tool is missing" >&2; exit 1; }
done
[[ -x $BIN ]] || { echo "pg.sh: no server binary at $BIN" >&2; exit 1; }
[[ -f $DB ]] || { echo "pg.sh: no database at $DB" >&2; exit 1; }
[[ -z $HISTORY || -f $HISTORY ]] || { echo "pg.sh: no database at $HISTORY" >&2; exit 1; }
[[ -z $HISTORY || -z ${BENCH_PG_CONNINFO:-} ]] || { echo "pg.sh: HISTORY_DB needs a new cluster (no BENCH_PG_CONNINFO)" >&2; exit 2; }
[[ $LOAD == migrate || $LOAD == gen ]] || { echo "pg.sh: BENCH_PG_LOAD is migrate or gen" >&2; exit 2; }
if [[ $LOAD == gen && -z ${BENCH_PG_CONNINFO:-} && ! -x $GEN ]]; then
  echo "pg.sh: no bench_gen at $GEN (cmake --build build --target bench_gen)" >&2
  exit 1
fi
if [[ -n ${BENCH_PG_CONNINFO:-} && ! -f ${BENCH_PG_AUDIT_KEY:-} ]]; then
  echo "pg.sh: BENCH_PG_CONNINFO needs BENCH_PG_AUDIT_KEY, the database's audit key file" >&2
  exit 2
fi
skipped() { [[ $SKIP == *" $1 "* ]]; }
if ! skipped inprocess && [[ ! -x $SEARCH ]]; then
  echo "pg.sh: no bench_search at $SEARCH (cmake --build build --target bench_search)" >&2
  exit 1
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tsunagu-pg-bench.XXXXXX")
CLUSTER_DIR_FILE=$TMP/cluster/dir
CLUSTER_MADE=
declare -a SERVER_PIDS=()
cleanup() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do stop_pid "$pid"; done
  wait 2>/dev/null || true
  if [[ -n $CLUSTER_MADE ]]; then
    if [[ -n ${BENCH_PG_KEEP:-} && -f ${PG_KEY:-} ]]; then
      # The key and the cluster's folder name outlive the temporary folder, in the cluster's.
      local folder
      folder=$(<"$CLUSTER_DIR_FILE")
      install -m 600 "$PG_KEY" "$folder/audit-key"
      [[ -z ${HISTORY_KEY:-} ]] || install -m 600 "$HISTORY_KEY" "$folder/audit-key-history"
      cp "$CLUSTER_DIR_FILE" "$folder/dir"
      echo "pg.sh: the cluster keeps running: BENCH_PG_CONNINFO='$PG' BENCH_PG_AUDIT_KEY=$folder/audit-key;" \
        "stop it with: scripts/pg-test-cluster.sh stop $folder/dir" >&2
    else
      "$ROOT/scripts/pg-test-cluster.sh" stop "$CLUSTER_DIR_FILE" >/dev/null || true
    fi
  fi
  if [[ -n ${BENCH_KEEP_TMP:-} ]]; then echo "pg.sh: kept $TMP" >&2; else rm -rf "$TMP"; fi
}
stop_pid() {
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_at() { PGOPTIONS='-c client_min_messages=warning' "$PSQL" -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
with_dbname() { echo "$(sed 's/ *dbname=[^ ]*//g' <<<"$1") dbname=$2"; }
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

echo "tsunagu PostgreSQL benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(load_average))"
echo "town         $DB ($(sqlite3 "$DB" 'SELECT count(*) FROM persons') persons)"

# --- the two stores ---
PASSWORD=bench-password-$$-$RANDOM
LOGIN=bench$$
add_user() { # store args...
  printf '%s\n' "$PASSWORD" | "$BIN" user add "$LOGIN" --role health --name 'ベンチ保健師' "$@" \
    >/dev/null 2>"$TMP/user.err" || { cat "$TMP/user.err" >&2; exit 1; }
}
persons_in() { sqlite3 "$1" 'SELECT count(*) FROM persons'; }

if [[ -z ${BENCH_PG_CONNINFO:-} ]]; then
  CLUSTER_MADE=1
  mkdir -p "$TMP/cluster"
  "$ROOT/scripts/pg-test-cluster.sh" start "$CLUSTER_DIR_FILE" >/dev/null
  ADMIN=$(<"$TMP/cluster/conninfo")
  PG_DATA=$(<"$CLUSTER_DIR_FILE")/data
  # The test cluster runs without fsync; a benchmark of durable writes needs it back.
  psql_at "$ADMIN" "ALTER SYSTEM SET fsync = on" >/dev/null
  psql_at "$ADMIN" "ALTER SYSTEM SET full_page_writes = on" >/dev/null
  psql_at "$ADMIN" "ALTER SYSTEM SET shared_buffers = '$SHARED_BUFFERS'" >/dev/null
  psql_at "$ADMIN" "ALTER SYSTEM SET random_page_cost = $RANDOM_PAGE_COST" >/dev/null
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$(dirname "$PG_DATA")/server.log" -w -t 60 restart >/dev/null
  echo "postgresql   a new cluster ($("$PG_BIN/postgres" --version | awk '{print $3}'), fsync on," \
    "full_page_writes on, shared_buffers $SHARED_BUFFERS, random_page_cost $RANDOM_PAGE_COST) in $(dirname "$PG_DATA")"
fi

# A town on both stores: $TMP/<name>.db (the SQLite copy, with the user; its key beside it) and
# the PostgreSQL database <name> loaded from it; sets TOWN_PG (its conninfo) and TOWN_KEY.
prepare_town() { # name source
  local name=$1 src=$2 start loaded
  cp --reflink=auto "$src" "$TMP/$name.db"
  add_user --db "$TMP/$name.db"
  psql_at "$ADMIN" "CREATE DATABASE $name TEMPLATE template0" >/dev/null
  TOWN_PG=$(with_dbname "$ADMIN" "$name")
  start=$(date +%s)
  if [[ $LOAD == migrate ]]; then
    # From a copy (migrate-to-pg brings the file to this build's schema), with the same key.
    cp --reflink=auto "$TMP/$name.db" "$TMP/$name-load.db"
    TOWN_KEY=$TMP/$name-pg.audit-key
    install -m 600 "$TMP/$name.db.audit-key" "$TOWN_KEY"
    "$BIN" migrate-to-pg --db "$TMP/$name-load.db" --pg "$TOWN_PG" --audit-key "$TOWN_KEY" \
      >"$TMP/$name-load.out" 2>&1 || { cat "$TMP/$name-load.out" >&2; exit 1; }
    rm -f "$TMP/$name-load.db" "$TMP/$name-load.db-wal" "$TMP/$name-load.db-shm"
  else
    TOWN_KEY=$TMP/$name-pg.audit-key # made by the first user add
    "$GEN" --pg "$TOWN_PG" --persons "$(persons_in "$src")" --seed "$SEED" \
      >"$TMP/$name-load.out" 2>&1 || { cat "$TMP/$name-load.out" >&2; exit 1; }
    add_user --pg "$TOWN_PG" --audit-key "$TOWN_KEY"
  fi
  loaded=$(($(date +%s) - start))
  start=$(date +%s)
  psql_at "$TOWN_PG" "VACUUM (ANALYZE)" >/dev/null
  psql_at "$TOWN_PG" "CHECKPOINT" >/dev/null
  local pg_persons sq_persons
  pg_persons=$(psql_at "$TOWN_PG" 'SELECT count(*) FROM persons')
  sq_persons=$(persons_in "$TMP/$name.db")
  [[ $pg_persons == "$sq_persons" ]] ||
    { echo "pg.sh: PostgreSQL holds $pg_persons persons, SQLite $sq_persons: not the same town" >&2; exit 1; }
  echo "town $name   $src: $sq_persons persons; loaded by $LOAD in ${loaded} s, VACUUM (ANALYZE) +" \
    "CHECKPOINT in $(($(date +%s) - start)) s; SQLite file $(($(stat -c %s "$TMP/$name.db") / 1048576)) MiB," \
    "PostgreSQL database $(psql_at "$TOWN_PG" 'SELECT pg_database_size(current_database()) / 1048576') MiB"
}

if [[ -n ${BENCH_PG_CONNINFO:-} ]]; then
  cp --reflink=auto "$DB" "$TMP/town.db"
  add_user --db "$TMP/town.db"
  PG=$BENCH_PG_CONNINFO
  PG_KEY=$BENCH_PG_AUDIT_KEY
  add_user --pg "$PG" --audit-key "$PG_KEY"
  PG_DATA=$(psql_at "$PG" 'SHOW data_directory')
  echo "postgresql   the database of BENCH_PG_CONNINFO, as it is"
  [[ $(psql_at "$PG" 'SELECT count(*) FROM persons') == "$(persons_in "$TMP/town.db")" ]] ||
    { echo "pg.sh: BENCH_PG_CONNINFO does not hold the town of $DB" >&2; exit 1; }
else
  prepare_town town "$DB" # the main town: SQLite file town.db, PostgreSQL database town
  PG=$TOWN_PG PG_KEY=$TOWN_KEY
  if [[ -n $HISTORY ]]; then
    prepare_town history "$HISTORY"
    HISTORY_PG=$TOWN_PG HISTORY_KEY=$TOWN_KEY
  fi
fi
for setting in shared_buffers fsync full_page_writes synchronous_commit max_connections work_mem effective_cache_size random_page_cost jit; do
  printf '%s=%s ' "$setting" "$(psql_at "$PG" "SHOW $setting")"
done | sed 's/^/settings     /;s/ $/\n/'

# --- in-process: the store's own cost ---
disk_sync_us() { # one 4 KiB O_DSYNC write on the file system of $1 (what each commit waits for)
  local start f=$1/sync.test
  start=$(date +%s%N)
  dd if=/dev/zero of="$f" bs=4k count=500 oflag=dsync status=none
  rm -f "$f"
  echo $((($(date +%s%N) - start) / 1000 / 500))
}
echo "disk         one 4 KiB O_DSYNC write: $(disk_sync_us "$TMP") µs"
if ! skipped inprocess; then
  echo
  "$SEARCH" --db "$TMP/town.db" >"$TMP/inprocess-sqlite.txt" 2>&1 || { cat "$TMP/inprocess-sqlite.txt" >&2; exit 1; }
  "$SEARCH" --db "$TMP/town.db" --pg "$PG" >"$TMP/inprocess-pg.txt" 2>&1 || { cat "$TMP/inprocess-pg.txt" >&2; exit 1; }
  for store in sqlite pg; do
    echo "in-process   $store: $(grep -h '^summary' "$TMP/inprocess-$store.txt" | sed 's/^summary: //')"
    grep -h '^machine noise' "$TMP/inprocess-$store.txt" | sed 's/^/             /'
  done
fi

# --- the requests ---
# 1,000 persons spread over the town (ids are random: the first ones by id are anywhere).
sqlite3 "$TMP/town.db" "SELECT id FROM persons ORDER BY id LIMIT $IDS" >"$TMP/ids.txt"
[[ $(wc -l <"$TMP/ids.txt") -gt 0 ]] || { echo "pg.sh: no persons" >&2; exit 1; }

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

# A wrk script: the paths cycled (each wrk thread from its own place), and at the end one line
# with the figures wrk does not print (p95) in plain numbers.
wrk_script() { # file paths...
  local file=$1
  shift
  {
    echo 'local paths = {'
    local p
    for p in "$@"; do echo "  \"$p\","; done
    echo '}'
    cat <<'EOF'
local threads = 0
function setup(thread) threads = threads + 1; thread:set("first", threads * 97) end
function init(args) i = first or 0 end
function request() i = i % #paths + 1; return wrk.format("GET", paths[i]) end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("FIGURES requests=%d seconds=%.3f p50_us=%d p95_us=%d p99_us=%d max_us=%d errors=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect + e.read + e.write + e.timeout, e.status))
end
EOF
  } >"$file"
}
mapfile -t ids <"$TMP/ids.txt"
person_paths=()
for id in "${ids[@]}"; do person_paths+=("/api/v1/persons/$id"); done
wrk_script "$TMP/person.lua" "${person_paths[@]}"
queries=(サ タ 林 田 タナ 田中 サトウ スズキ タカハシ "タナカ ハナコ" たなか さとう ハナ ユイ 花子 佐藤 高橋 山本 ヤマモト ンヂサ)
search_paths=()
for q in "${queries[@]}"; do search_paths+=("/api/v1/persons?q=$(urlencode "$q")"); done
wrk_script "$TMP/search.lua" "${search_paths[@]}"
wrk_script "$TMP/alerts.lua" /api/v1/alerts

# --- servers ---
mkdir -p "$TMP/web"
# Starts a server; sets SERVER_PID and SERVER_PORT.
start_server() { # name store args...
  local name=$1
  shift
  local args=(serve "$@" --listen 127.0.0.1:0 --web "$TMP/web" --rate-limit 0 --connections-per-address 1000)
  [[ -n $SERVER_THREADS ]] && args+=(--threads "$SERVER_THREADS")
  "$BIN" "${args[@]}" >"$TMP/$name.out" 2>"$TMP/$name.err" &
  SERVER_PID=$!
  SERVER_PIDS+=("$SERVER_PID")
  SERVER_PORT=
  for _ in $(seq 600); do
    SERVER_PORT=$(sed -n 's|^tsunagu: listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$TMP/$name.out")
    [[ -n $SERVER_PORT ]] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/$name.err" >&2; exit 1; }
    sleep 0.1
  done
  echo "pg.sh: the server $name did not start" >&2
  exit 1
}
login() { # port; sets COOKIE
  curl -sS -o /dev/null -D "$TMP/login.headers" -H 'Content-Type: application/json' \
    --data "{\"login\":\"$LOGIN\",\"password\":\"$PASSWORD\"}" "http://127.0.0.1:$1/api/v1/session"
  local token
  token=$(sed -n 's/^[Ss]et-[Cc]ookie: tsunagu_session=\([^;]*\);.*/\1/p' "$TMP/login.headers" | tr -d '\r')
  [[ -n $token ]] || { echo "pg.sh: login failed" >&2; cat "$TMP/login.headers" >&2; exit 1; }
  COOKIE="Cookie: tsunagu_session=$token"
}
# Each request once: it must answer 200 (and the board: how many items it lists).
check_answers() { # port
  local url code
  for url in "/api/v1/persons/${ids[0]}" "${search_paths[0]}" /api/v1/alerts; do
    code=$(curl -sS -o "$TMP/answer.json" -w '%{http_code}' -H "$COOKIE" "http://127.0.0.1:$1$url")
    [[ $code == 200 ]] || { echo "pg.sh: GET $url answered $code" >&2; cat "$TMP/answer.json" >&2; exit 1; }
  done
  echo "             the board lists $(grep -o '"total":[0-9]*' "$TMP/answer.json" | head -n 1 | cut -d: -f2) items"
}

# --- CPU time of each part (clock ticks) ---
TICK=$(getconf CLK_TCK)
pid_ticks() { # pids... -> "pid utime+stime" lines (a process gone is left out)
  local pid
  for pid in "$@"; do
    sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk -v p="$pid" '{print p, $12 + $13}' || true
  done
}
# The ticks used between two pid_ticks lists (a process new in the second counts from 0).
ticks_between() { awk 'NR == FNR {a[$1] = $2; next} {s += $2 - ($1 in a ? a[$1] : 0)} END {print s + 0}' "$1" "$2"; }
# The postmaster and its children: every process of the cluster.
pg_pids() {
  local master
  master=$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null) || return 0
  echo "$master"
  ps -o pid= --ppid "$master" | tr -d " " || true
}
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; } # user nice system irq softirq

# --- runs ---
# wrk against the servers' ports: one wrk -tT -cC at one port, or with several ports one wrk per
# port sharing the connections (-t1 each). Writes $TMP/<run>.fig: requests/s, latencies, and the
# CPU time per request of the servers, of PostgreSQL and of the rest.
run() { # run request connections threads duration ports...
  local name=$1 request=$2 conns=$3 threads=$4 duration=$5
  shift 5
  local ports=("$@") n=$# i
  local server_pids=("${RUN_SERVER_PIDS[@]}") pgp
  mapfile -t pgp < <(pg_pids)
  local m0 m1
  pid_ticks "${server_pids[@]}" >"$TMP/ticks.s0"
  pid_ticks "${pgp[@]}" >"$TMP/ticks.p0"
  m0=$(machine_ticks)
  local wrk_pids=()
  for ((i = 0; i < n; i++)); do
    local c=$((conns / n)) t=$threads
    ((n > 1)) && t=1
    ((i < conns % n)) && c=$((c + 1))
    wrk -t"$t" -c"$c" -d"$duration" --timeout 30s -H "$COOKIE" -s "$TMP/$request.lua" \
      "http://127.0.0.1:${ports[i]}/" >"$TMP/$name.$i.wrk" 2>&1 &
    wrk_pids+=($!)
  done
  for i in "${wrk_pids[@]}"; do wait "$i"; done
  mapfile -t pgp < <(pg_pids) # backends started meanwhile count from 0
  pid_ticks "${server_pids[@]}" >"$TMP/ticks.s1"
  pid_ticks "${pgp[@]}" >"$TMP/ticks.p1"
  m1=$(machine_ticks)
  # Summed over the wrk processes: requests and req/s; the latencies are the mean of the p50s
  # and the largest p95/p99 (each wrk knows only its own).
  awk -v s="$(ticks_between "$TMP/ticks.s0" "$TMP/ticks.s1")" -v p="$(ticks_between "$TMP/ticks.p0" "$TMP/ticks.p1")" -v m="$((m1 - m0))" -v tick="$TICK" -v load="$(load_average)" '
    /^FIGURES/ {
      for (f = 2; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] }
      req += v["requests"]; rps += v["requests"] / v["seconds"]; p50 += v["p50_us"]; k++
      if (v["p95_us"] > p95) p95 = v["p95_us"]; if (v["p99_us"] > p99) p99 = v["p99_us"]
      err += v["errors"]; bad += v["non2xx"]
    }
    END {
      if (k == 0 || req == 0) { print "rps=0 requests=0 p50_ms=- p95_ms=- p99_ms=- errors=" err " non2xx=" bad; exit }
      us = 1e6 / tick / req
      rest = m - s - p; if (rest < 0) rest = 0
      printf "rps=%.1f requests=%d p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d cpu_server_us=%.0f cpu_pg_us=%.0f cpu_rest_us=%.0f load=%s\n",
        rps, req, p50 / k / 1000, p95 / 1000, p99 / 1000, err, bad, s * us, p * us, rest * us, load
    }' "$TMP/$name".*.wrk >"$TMP/$name.fig"
  grep -q 'non2xx=0' "$TMP/$name.fig" && grep -q 'errors=0' "$TMP/$name.fig" ||
    echo "  note ($name): $(cat "$TMP/$name.fig") $(grep -hE 'Non-2xx|Socket errors' "$TMP/$name".*.wrk | tr -s ' ' | tr '\n' ' ')"
}
warm_up() { # ports...
  local p
  for p in "$@"; do
    wrk -t2 -c8 -d2s -H "$COOKIE" -s "$TMP/person.lua" "http://127.0.0.1:$p/" >/dev/null 2>&1
    wrk -t2 -c8 -d2s -H "$COOKIE" -s "$TMP/search.lua" "http://127.0.0.1:$p/" >/dev/null 2>&1
    wrk -t1 -c2 -d2s -H "$COOKIE" -s "$TMP/alerts.lua" "http://127.0.0.1:$p/" >/dev/null 2>&1
  done
}
# The runs of one store, one server: the three requests loaded, then one at a time.
store_runs() { # label port
  local label=$1 port=$2
  warm_up "$port"
  run "$label-person" person "$CONNECTIONS" 2 "$DURATION" "$port"
  run "$label-search" search "$CONNECTIONS" 2 "$DURATION" "$port"
  run "$label-alerts" alerts "$ALERTS_CONNECTIONS" 2 "$DURATION" "$port"
  run "$label-person1" person 1 1 "$SINGLE_DURATION" "$port"
  run "$label-search1" search 1 1 "$SINGLE_DURATION" "$port"
  run "$label-alerts1" alerts 1 1 "$SINGLE_DURATION" "$port"
}
# The same three requests from two wrk processes at the ports given (one port: both at it).
mix_runs() { # label ports...
  local label=$1
  shift
  local ports=("$@")
  ((${#ports[@]} == 1)) && ports=("$1" "$1")
  run "$label-person" person "$CONNECTIONS" 1 "$DURATION" "${ports[@]}"
  run "$label-search" search "$CONNECTIONS" 1 "$DURATION" "${ports[@]}"
  run "$label-alerts" alerts "$ALERTS_CONNECTIONS" 1 "$DURATION" "${ports[@]}"
}

# --- memory ---
status_kib() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
server_memory() { # label pid
  echo "$1 VmHWM $(($(status_kib "$2" VmHWM) / 1024)) MiB, VmRSS $(($(status_kib "$2" VmRSS) / 1024)) MiB" \
    "(anon $(($(status_kib "$2" RssAnon) / 1024)), file $(($(status_kib "$2" RssFile) / 1024)), shmem $(($(status_kib "$2" RssShmem) / 1024)))," \
    "$(status_kib "$2" Threads) threads"
  echo "summary: memory=$1 hwm_kib=$(status_kib "$2" VmHWM) rss_kib=$(status_kib "$2" VmRSS)" >>"$TMP/memory.sum"
}
smaps_sum() { # pids... -> "rss pss private" in KiB
  local pid
  for pid in "$@"; do cat "/proc/$pid/smaps_rollup" 2>/dev/null || true; done |
    awk '$1 == "Rss:" {r += $2} $1 == "Pss:" {p += $2} $1 == "Private_Clean:" || $1 == "Private_Dirty:" {v += $2}
         END {printf "%d %d %d\n", r, p, v}'
}
pg_memory() { # label
  local backends all
  mapfile -t backends < <(psql_at "$PG" "SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend' AND datname = current_database() AND pid <> pg_backend_pid()")
  mapfile -t all < <(pg_pids)
  local b a
  read -r -a b < <(smaps_sum "${backends[@]}")
  read -r -a a < <(smaps_sum "${all[@]}")
  echo "$1 ${#backends[@]} client backends: RSS $((b[0] / 1024)) MiB summed, PSS $((b[1] / 1024)) MiB, private $((b[2] / 1024)) MiB;" \
    "the whole cluster (${#all[@]} processes): RSS $((a[0] / 1024)) MiB summed, PSS $((a[1] / 1024)) MiB"
  echo "summary: memory=$1 backends=${#backends[@]} backends_rss_kib=${b[0]} backends_pss_kib=${b[1]} backends_private_kib=${b[2]} cluster_rss_kib=${a[0]} cluster_pss_kib=${a[1]}" >>"$TMP/memory.sum"
}

: >"$TMP/memory.sum"
MEMORY=()
# --- 1. SQLite, one server ---
if ! skipped sqlite; then
  start_server sqlite --db "$TMP/town.db"
  RUN_SERVER_PIDS=("$SERVER_PID")
  login "$SERVER_PORT"
  echo
  echo "SQLite       one server (pid $SERVER_PID, threads ${SERVER_THREADS:-default})"
  check_answers "$SERVER_PORT"
  store_runs sqlite "$SERVER_PORT"
  MEMORY+=("$(server_memory 'sqlite server     ' "$SERVER_PID")")
  stop_pid "$SERVER_PID"
fi

# --- 2. PostgreSQL, one server; 3. two servers ---
if ! skipped pg || ! skipped two; then
  start_server pg1 --pg "$PG" --audit-key "$PG_KEY"
  PG1_PID=$SERVER_PID PG1_PORT=$SERVER_PORT
  RUN_SERVER_PIDS=("$PG1_PID")
  login "$PG1_PORT"
  echo
  echo "PostgreSQL   one server (pid $PG1_PID, threads ${SERVER_THREADS:-default})"
  check_answers "$PG1_PORT"
  if ! skipped pg; then
    store_runs pg "$PG1_PORT"
    MEMORY+=("$(server_memory 'pg server         ' "$PG1_PID")")
    MEMORY+=("$(pg_memory 'pg, one server    ')")
  fi
  if ! skipped two; then
    skipped pg && warm_up "$PG1_PORT"
    mix_runs one "$PG1_PORT"
    start_server pg2 --pg "$PG" --audit-key "$PG_KEY"
    PG2_PID=$SERVER_PID PG2_PORT=$SERVER_PORT
    RUN_SERVER_PIDS=("$PG1_PID" "$PG2_PID")
    echo "             a second server on the same database (pid $PG2_PID); the session of the first works on it:"
    check_answers "$PG2_PORT"
    warm_up "$PG2_PORT"
    mix_runs two "$PG1_PORT" "$PG2_PORT"
    MEMORY+=("$(server_memory 'pg server 1 of 2  ' "$PG1_PID")")
    MEMORY+=("$(server_memory 'pg server 2 of 2  ' "$PG2_PID")")
    MEMORY+=("$(pg_memory 'pg, two servers   ')")
    stop_pid "$PG2_PID"
  fi
  stop_pid "$PG1_PID"
fi

# --- the alert board of the town with ten years of records, one server per store ---
if [[ -n ${HISTORY_PG:-} ]]; then
  echo
  for store in sqlite pg; do
    if [[ $store == sqlite ]]; then
      start_server history-sqlite --db "$TMP/history.db"
    else
      start_server history-pg --pg "$HISTORY_PG" --audit-key "$HISTORY_KEY"
    fi
    RUN_SERVER_PIDS=("$SERVER_PID")
    login "$SERVER_PORT"
    code=$(curl -sS -o "$TMP/answer.json" -w '%{http_code}' -H "$COOKIE" "http://127.0.0.1:$SERVER_PORT/api/v1/alerts")
    [[ $code == 200 ]] || { echo "pg.sh: GET /api/v1/alerts answered $code" >&2; exit 1; }
    echo "history      $store: the board lists $(grep -o '"total":[0-9]*' "$TMP/answer.json" | head -n 1 | cut -d: -f2) items"
    wrk -t1 -c2 -d2s -H "$COOKIE" -s "$TMP/alerts.lua" "http://127.0.0.1:$SERVER_PORT/" >/dev/null 2>&1
    run "history-$store-alerts" alerts "$ALERTS_CONNECTIONS" 2 "$DURATION" "$SERVER_PORT"
    run "history-$store-alerts1" alerts 1 1 "$SINGLE_DURATION" "$SERVER_PORT"
    MEMORY+=("$(server_memory "history, $store server" "$SERVER_PID")")
    stop_pid "$SERVER_PID"
  done
fi

# --- report ---
f() { figure "$TMP/$1.fig" "$2" 2>/dev/null || true; }
fig_line() { # label run
  local r=$2
  [[ -f $TMP/$r.fig ]] || return 0
  printf '%-44s %9s %8s %8s %8s   %6s %6s %6s\n' "$1" "$(f "$r" rps)" "$(f "$r" p50_ms)" "$(f "$r" p95_ms)" \
    "$(f "$r" p99_ms)" "$(f "$r" cpu_server_us)" "$(f "$r" cpu_pg_us)" "$(f "$r" cpu_rest_us)"
}
ratio() { # a b -> a/b
  awk -v a="$1" -v b="$2" 'BEGIN {if (a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.2f", a / b}'
}
# A figure of a run's .fig file (key=value words).
figure() { tr ' ' '\n' <"$1" | sed -n "s/^$2=//p" | head -n 1; }

echo
printf '%-44s %9s %8s %8s %8s   %-20s\n' "run" "req/s" "p50 ms" "p95 ms" "p99 ms" "CPU µs/request: server, PostgreSQL, rest (wrk, others)"
for store in sqlite pg; do
  for r in person search alerts; do
    c=$CONNECTIONS
    [[ $r == alerts ]] && c=$ALERTS_CONNECTIONS
    fig_line "$store $r (wrk -t2 -c$c -d$DURATION)" "$store-$r"
  done
  for r in person search alerts; do fig_line "$store $r, one user (-c1 -d$SINGLE_DURATION)" "$store-${r}1"; done
done
for store in sqlite pg; do
  fig_line "history: $store alerts (wrk -t2 -c$ALERTS_CONNECTIONS -d$DURATION)" "history-$store-alerts"
  fig_line "history: $store alerts, one user (-c1 -d$SINGLE_DURATION)" "history-$store-alerts1"
done
for label in one two; do
  for r in person search alerts; do
    c=$CONNECTIONS
    [[ $r == alerts ]] && c=$ALERTS_CONNECTIONS
    fig_line "pg $label server(s) $r (2 × wrk -t1, $c conns)" "$label-$r"
  done
done

echo
echo "PostgreSQL / SQLite (target: within 2 ×)"
printf '%-10s %22s %22s %22s %22s\n' request "req/s loaded" "p50 loaded" "p95 loaded" "p50 / p95 one user"
for r in person search alerts; do
  printf '%-10s %22s %22s %22s %22s\n' "$r" "$(ratio "$(f "sqlite-$r" rps)" "$(f "pg-$r" rps)") × fewer" \
    "$(ratio "$(f "pg-$r" p50_ms)" "$(f "sqlite-$r" p50_ms)") ×" "$(ratio "$(f "pg-$r" p95_ms)" "$(f "sqlite-$r" p95_ms)") ×" \
    "$(ratio "$(f "pg-${r}1" p50_ms)" "$(f "sqlite-${r}1" p50_ms)") / $(ratio "$(f "pg-${r}1" p95_ms)" "$(f "sqlite-${r}1" p95_ms)") ×"
done
if [[ -n ${HISTORY_PG:-} ]]; then
  r=history
  printf '%-10s %22s %22s %22s %22s\n' "board, 10 years" "$(ratio "$(f "history-sqlite-alerts" rps)" "$(f "history-pg-alerts" rps)") × fewer" \
    "$(ratio "$(f "history-pg-alerts" p50_ms)" "$(f "history-sqlite-alerts" p50_ms)") ×" "$(ratio "$(f "history-pg-alerts" p95_ms)" "$(f "history-sqlite-alerts" p95_ms)") ×" \
    "$(ratio "$(f "history-pg-alerts1" p50_ms)" "$(f "history-sqlite-alerts1" p50_ms)") / $(ratio "$(f "history-pg-alerts1" p95_ms)" "$(f "history-sqlite-alerts1" p95_ms)") ×"
fi
if ! skipped two; then
  echo
  echo "two servers / one server on PostgreSQL (req/s)"
  for r in person search alerts; do
    printf '%-10s %s\n' "$r" "$(ratio "$(f "two-$r" rps)" "$(f "one-$r" rps)") ×"
  done
fi
echo
echo "memory after the runs"
printf '  %s\n' "${MEMORY[@]}"
echo
echo "disk         one 4 KiB O_DSYNC write at the end: $(disk_sync_us "$TMP") µs"
echo "load average at the end $(load_average)"
for r in "$TMP"/*.fig; do echo "summary: run=$(basename "$r" .fig) $(cat "$r")"; done
cat "$TMP/memory.sum"
skipped inprocess || grep -h '^summary' "$TMP"/inprocess-*.txt
