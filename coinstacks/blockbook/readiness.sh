#!/bin/sh
# Readiness: blockbook serves current data.
#   .blockbook.inSync == true
#   .blockbook.bestHeight >= .backend.blocks - INDEXER_LAG_TOLERANCE   (default 2)
# (GET /api/, which answers during the initial sync too (see startup.sh); .backend is
# blockbook's live view of its daemon.) The daemon's own readiness covers the daemon
# being at the network's tip: both gate the pod.
# Kill switch: $DATA_DIR/disable_readiness.
# Environment: BLOCKBOOK_PORT (default 8001), INDEXER_LAG_TOLERANCE, RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
probe_kill_switch readiness

lag="$(setting INDEXER_LAG_TOLERANCE 2)"
port="$(setting BLOCKBOOK_PORT 8001)"
best="" backend="" in_sync=""
http_json "http://127.0.0.1:$port/api/" best=.blockbook.bestHeight backend=.backend.blocks in_sync=.blockbook.inSync || { say "not ready: $HTTP_FAILURE"; exit 1; }
status="$HTTP_BODY"
is_int "$best" || { say "not ready: no bestHeight in blockbook's status: $(excerpt "$status")"; exit 1; }
is_int "$backend" || { say "not ready: blockbook reports no backend height (backend down?)"; exit 1; }
if [ "$in_sync" != "true" ]; then
  say "not ready: blockbook not in sync (at $best, backend at $backend)"
  exit 1
fi
if [ "$best" -lt $((backend - lag)) ]; then
  say "not ready: indexer at $best, backend at $backend (tolerance $lag)"
  exit 1
fi
say "ready: indexer at $best, backend at $backend"
