#!/usr/bin/env bash
# Sums the counters of every TRX file in a folder into one closing line:
#   tests: N passed, N failed, N skipped
# preceded by the name of every test that failed and, where python3 is there to read the TRX, the first lines of
# its error message and the last of its output, so the end of a log says which and why. A run that did not
# complete (its test host crashed) counts as one failure and says why, whatever its counters say.
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
  if [ -x /usr/bin/python3 ]; then
    /usr/bin/python3 "$(dirname "$0")/describe-test-failures.py" "$trx" || true
  else
    grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed -n 's/.* testName="\([^"]*\)".*/failed: \1/p' || true
  fi
  if grep -q '<RunInfo [^>]*outcome="Error"' "$trx" && [ "$((${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))" -eq 0 ]; then
    failed=$((failed + 1))
    reason="$(grep -o 'The active test run was aborted[^<]*' "$trx" | head -n 1 || true)"
    echo "aborted: $(basename "$trx" .trx) after ${executed:-0} tests: ${reason:-the run did not complete}"
  fi
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
