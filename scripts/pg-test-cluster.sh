#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the API tests on PostgreSQL (ctest pg.cluster_start and
# pg.cluster_stop; the api_pg.* tests run against it). Never the Debian "main" cluster.
#
#   scripts/pg-test-cluster.sh start DIR_FILE
#       makes a folder under /tmp, initdb's a cluster in it, starts it on a free loopback port;
#       writes that folder's path into DIR_FILE and, beside it, `conninfo`: the admin conninfo
#       (host=127.0.0.1 port=N user=postgres dbname=postgres). A cluster left running by an
#       aborted run (DIR_FILE still there) is stopped first.
#   scripts/pg-test-cluster.sh stop DIR_FILE
#       stops it (fast: sessions are cut) and removes its folder, DIR_FILE and conninfo.
#       Nothing to do when there is none.
#
# As root, the cluster runs as the `postgres` user (initdb and the server refuse root);
# otherwise as the caller. PG_BIN names the PostgreSQL binaries (default: Debian's 15).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
TMP_PREFIX=/tmp/tsunagu-pg.

usage() {
  echo "usage: $0 start|stop DIR_FILE" >&2
  exit 2
}

[[ $# -eq 2 ]] || usage
command=$1
dir_file=$2
conninfo_file=$(dirname "$dir_file")/conninfo

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  node -e 'const s = require("net").createServer();
    s.listen(0, "127.0.0.1", () => { process.stdout.write(String(s.address().port)); s.close(); });'
}

stop_cluster() {
  if [[ ! -f $dir_file ]]; then
    rm -f "$conninfo_file"
    return 0
  fi
  local folder
  folder=$(<"$dir_file")
  # DIR_FILE names what is removed below: only ever one of our own folders.
  if [[ $folder != "$TMP_PREFIX"* || $folder == *..* ]]; then
    echo "pg-test-cluster: $dir_file names $folder, not a test cluster folder; not removed" >&2
    return 1
  fi
  if [[ -f $folder/data/postmaster.pid ]] &&
    ! as_owner "$PG_BIN/pg_ctl" -D "$folder/data" -m fast -w -t 60 stop >/dev/null; then
    # A stale postmaster.pid (the server died): nothing to stop. A live one that would not
    # stop: leave its folder alone rather than pull it from under it.
    if as_owner "$PG_BIN/pg_ctl" -D "$folder/data" status >/dev/null 2>&1; then
      echo "pg-test-cluster: the cluster in $folder did not stop" >&2
      return 1
    fi
  fi
  rm -rf "$folder"
  rm -f "$dir_file" "$conninfo_file"
  echo "pg-test-cluster: stopped and removed $folder"
}

start_cluster() {
  stop_cluster
  mkdir -p "$(dirname "$dir_file")"
  local folder
  folder=$(mktemp -d "${TMP_PREFIX}XXXXXX")
  # Written first, so that a stop after a failed start still finds and removes the folder.
  echo "$folder" >"$dir_file"
  [[ $(id -u) -ne 0 ]] || chown postgres:postgres "$folder"

  if ! as_owner "$PG_BIN/initdb" -D "$folder/data" --auth=trust --locale=C --encoding=UTF8 \
    -U postgres >"$folder/initdb.log" 2>&1; then
    cat "$folder/initdb.log" >&2
    return 1
  fi
  # A throwaway cluster on the loopback, gone after the run: fsync and full-page writes buy
  # crash safety it does not need (a crash of the machine loses the test run anyway), and cost
  # time. Several servers of ~10 connections each run at once under ctest -j2.
  cat >>"$folder/data/postgresql.conf" <<EOF

# tsunagu test cluster (scripts/pg-test-cluster.sh)
listen_addresses = '127.0.0.1'
unix_socket_directories = '$folder'
max_connections = 300
fsync = off
full_page_writes = off
EOF

  # The port is free when asked, not necessarily when the server binds it: try a few.
  local port started=
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$PG_BIN/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 \
      -o "-p $port" start >/dev/null; then
      started=1
      break
    fi
  done
  if [[ -z $started ]]; then
    echo "pg-test-cluster: the cluster did not start; its log:" >&2
    cat "$folder/server.log" >&2 || true
    return 1
  fi
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 30
  echo "host=127.0.0.1 port=$port user=postgres dbname=postgres" >"$conninfo_file"
  echo "pg-test-cluster: started in $folder on 127.0.0.1:$port"
}

case $command in
  start) start_cluster ;;
  stop) stop_cluster ;;
  *) usage ;;
esac
