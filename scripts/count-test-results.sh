#!/usr/bin/env bash
# Sums the counters of every TRX file in a folder into one closing line:
#   tests: N passed, N failed, N skipped
# preceded by the name of every test that failed, so the end of a log says which.
set -euo pipefail
folder="$1"
passed=0 failed=0 skipped=0
shopt -s nullglob
for trx in "$folder"/*.trx; do
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total="$(value total)"; executed="$(value executed)"
  p="$(value passed)"; f="$(value failed)"; e="$(value error)"; t="$(value timeout)"; a="$(value aborted)"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
  grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed -n 's/.* testName="\([^"]*\)".*/failed: \1/p' || true
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
