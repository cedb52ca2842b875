#!/usr/bin/env bash
# `npm test`: the type-check and the test suite side by side. tsc runs on one core; jest keeps
# both busy only between its start-up and its last, slowest files, and its script tests spend
# much of their time waiting on processes. Together they finish sooner than one after the
# other. Exits non-zero when either fails; tsc's findings come after jest's report.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
bin="${COINSTACKS_TEST_BIN:-node_modules/.bin}"  # another directory only in the test of this script
tsc_output="$(mktemp)"
trap 'rm -f "$tsc_output"' EXIT
"$bin/tsc" --noEmit >"$tsc_output" 2>&1 &
tsc_pid=$!
"$bin/jest" "$@"
jest_status=$?
wait "$tsc_pid"
tsc_status=$?
if [ "$tsc_status" -ne 0 ]; then
  echo "tsc --noEmit failed:" >&2
  cat "$tsc_output" >&2
fi
[ "$jest_status" -eq 0 ] && [ "$tsc_status" -eq 0 ]
