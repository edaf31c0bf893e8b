#!/usr/bin/env bash
# Installs every Debian package tsunagu needs, then the web UI's npm packages.
# Idempotent: apt-get runs only when something is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config clang clang-format valgrind
  libmicrohttpd-dev libjansson-dev libsodium-dev libutf8proc-dev liboath-dev
  libsqlite3-dev sqlite3 libpq-dev libcmocka-dev
  nodejs npm chromium fonts-noto-cjk
  nginx-light wrk curl ca-certificates
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm may come from elsewhere than Debian (a newer Node.js): accept them if present.
if command -v node >/dev/null && command -v npm >/dev/null; then
  kept=()
  for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || kept+=("$p"); done
  missing=("${kept[@]+"${kept[@]}"}")
fi

if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
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
