#!/bin/sh
# Liveness: blockbook makes progress. Alive while its indexed height changes
# within LIVENESS_WINDOW_SECONDS, or while it has caught up with its backend
# (a backend that stalls, or a chain that pauses, is not blockbook's fault and a
# restart would not help). Never sync status otherwise, never a first-run failure.
# LIVENESS_WINDOW_SECONDS=0 turns the stall check off.
# Reads GET /api/, which answers during the initial sync too (see startup.sh).
# Kill switch: $DATA_DIR/disable_liveness.
# Environment: BLOCKBOOK_PORT (default 8001), LIVENESS_WINDOW_SECONDS (default 3600), RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
probe_kill_switch liveness

port="$(setting BLOCKBOOK_PORT 8001)"
best="" backend=""
http_json "http://127.0.0.1:$port/api/" best=.blockbook.bestHeight backend=.backend.blocks || { say "not alive: $HTTP_FAILURE"; exit 1; }
status="$HTTP_BODY"
is_int "$best" || { say "not alive: no bestHeight in blockbook's status: $(excerpt "$status")"; exit 1; }
if is_int "$backend" && [ "$best" -ge "$backend" ]; then
  liveness_record "$best" indexer
  say "alive: caught up with the backend at $best"
  exit 0
fi
height_advanced "$best" indexer
