#!/usr/bin/env bash
# Runs every unit test binary under valgrind: any leak or memory error fails.
set -euo pipefail
build=${1:-build}
status=0
for t in "$build"/*_test; do
  [[ -x $t ]] || continue
  # pg_*_test are the C tests of the PostgreSQL store (tests/pg/): they need the cluster that only
  # ctest's pg fixture starts, and run there.
  [[ $(basename "$t") == pg_* ]] && continue
  if ! valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible \
      --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 "$t" >"$t.valgrind.log" 2>&1; then
    echo "valgrind: $(basename "$t") FAILED"
    tail -40 "$t.valgrind.log"
    status=1
  else
    echo "valgrind: $(basename "$t") clean"
  fi
done
exit $status
