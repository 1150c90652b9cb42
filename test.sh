#!/usr/bin/env bash
# Runs every test of the solution against real PostgreSQL (each test assembly starts its own
# throw-away cluster) and ends with one summary line: "Tests: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")"

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

if ! dotnet build Coordi.sln -c Debug -v q -nologo -clp:ErrorsOnly; then
  echo "Tests: 0 passed, 1 failed (build failed)"
  exit 1
fi

dotnet test Coordi.sln --no-build -c Debug --logger trx --results-directory "$results" "$@"
status=$?

# Sum one counter over every TRX file (one per test assembly).
sum() { cat "$results"/*.trx 2>/dev/null | grep -o "<Counters [^>]*" | grep -o " $1=\"[0-9]*\"" | tr -dc '0-9\n' | awk '{ s += $1 } END { print s + 0 }'; }
passed=$(sum passed); failed=$(sum failed)
[ -n "$passed" ] || passed=0
[ -n "$failed" ] || failed=0
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "Tests: $passed passed, $failed failed"
exit "$status"
