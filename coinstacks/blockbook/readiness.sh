#!/bin/sh
# Ready when blockbook reports inSync and its best height is within
# INDEXER_LAG_TOLERANCE blocks of its backend's.
set -eu
. /probe-lib.sh
probe_kill_switch readiness
status="$(http_get "http://127.0.0.1:${BLOCKBOOK_PORT:-8001}/api/v2")"
in_sync="$(printf '%s' "$status" | jq -r '.blockbook.inSync')"
best="$(printf '%s' "$status" | jq -er '.blockbook.bestHeight')"
backend="$(printf '%s' "$status" | jq -er '.backend.blocks')"
if [ "$in_sync" != "true" ]; then
  echo "not ready: blockbook not in sync (at $best, backend at $backend)"
  exit 1
fi
if [ "$best" -lt $((backend - ${INDEXER_LAG_TOLERANCE:-2})) ]; then
  echo "not ready: indexer at $best, backend at $backend"
  exit 1
fi
echo "ready: indexer at $best, backend at $backend"
