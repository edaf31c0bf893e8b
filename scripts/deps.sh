#!/usr/bin/env bash
# Installs every Debian package tsunagu needs, then the web UI's npm packages.
#   scripts/deps.sh        what building and running need (make build, make run)
#   scripts/deps.sh test   and what the tests need besides: the PostgreSQL 15 server, for the API
#                          suite on PostgreSQL (scripts/pg-test-cluster.sh makes its own cluster),
#                          and poppler-utils (pdftotext: the print tests read their PDFs' text)
# Idempotent: apt-get runs only when something is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

case ${1:-} in
  '') for_tests= ;;
  test) for_tests=1 ;;
  *)
    echo "usage: $0 [test]" >&2
    exit 2
    ;;
esac

packages=(
  build-essential cmake pkg-config clang clang-format valgrind
  libmicrohttpd-dev libjansson-dev libsodium-dev libutf8proc-dev liboath-dev
  libsqlite3-dev sqlite3 libpq-dev libcmocka-dev
  nodejs npm chromium fonts-noto-cjk
  nginx-light wrk curl ca-certificates
)
[[ -z $for_tests ]] || packages+=(postgresql-15 poppler-utils)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
# node and npm may come from elsewhere than Debian (a newer Node.js): accept them if present.
if command -v node >/dev/null && command -v npm >/dev/null; then
  kept=()
  for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || kept+=("$p"); done
  missing=("${kept[@]+"${kept[@]}"}")
fi

# Debian's postgresql-15 creates and starts a "main" cluster when installed, unless
# createcluster.conf says otherwise; the tests make their own throwaway cluster and want no server
# left running. Written only before postgresql-common is first installed (its installation keeps
# the file: UCF_FORCE_CONFFOLD below); an existing installation's settings are the admin's.
CREATECLUSTER_CONF=/etc/postgresql-common/createcluster.conf
no_main_cluster() {
  local conf=$CREATECLUSTER_CONF
  $SUDO mkdir -p "$(dirname "$conf")"
  if $SUDO test -f "$conf" && $SUDO grep -Eq '^[#[:space:]]*create_main_cluster[[:space:]]*=' "$conf"; then
    $SUDO sed -Ei 's/^[#[:space:]]*create_main_cluster[[:space:]]*=.*/create_main_cluster = false/' "$conf"
  else
    echo 'create_main_cluster = false' | $SUDO tee -a "$conf" >/dev/null
  fi
}

if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  if [[ " ${missing[*]} " == *" postgresql-15 "* ]] && ! installed postgresql-common; then
    no_main_cluster
  fi
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive UCF_FORCE_CONFFOLD=1 \
    apt-get install -y --no-install-recommends "${missing[@]}"
fi

# The web UI builds with Debian 12's own Node.js (18): Vite 6 and playwright-core 1.61 are the
# last versions that support it. A newer Node.js works too.
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)'; then
  echo "deps: Node.js $(node --version) is too old: the web UI needs 18 or newer" >&2
  exit 1
fi

if [[ ! -d web/node_modules ]] || [[ web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
  (cd web && npm ci --no-audit --no-fund)
fi
