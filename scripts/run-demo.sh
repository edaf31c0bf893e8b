#!/usr/bin/env bash
# make run: starts tsunagu on ./tsunagu.db with demo accounts (their passwords are printed once,
# when they are created).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/tsunagu}
db=${TSUNAGU_DB:-./tsunagu.db}
listen=${TSUNAGU_LISTEN:-127.0.0.1:8080}

has_user() {
  [[ -f $db ]] && [[ $(sqlite3 "$db" "SELECT COUNT(*) FROM users WHERE login = '$1'" 2>/dev/null || echo 0) == 1 ]]
}

new_password() {
  head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 16
}

add_demo() { # login role name
  if has_user "$1"; then
    echo "  $1 ($2): 作成済み（パスワードは作成時に一度だけ表示しました / printed when created）"
  else
    local pw
    pw=$(new_password)
    printf '%s\n' "$pw" | "$bin" user add "$1" --role "$2" --name "$3" --db "$db" >/dev/null
    echo "  $1 ($2): パスワード / password: $pw"
  fi
}

echo "デモ用アカウント / demo accounts:"
add_demo demo director "デモ センター長"
add_demo demo-nurse health "デモ 保健師"
add_demo demo-welfare welfare "デモ 児童福祉担当"
add_demo demo-admin admin "デモ システム管理"
echo
echo "tsunagu: http://$listen/ をブラウザで開いてください / open http://$listen/ in a browser"
exec "$bin" serve --db "$db" --listen "$listen" --web web/dist
