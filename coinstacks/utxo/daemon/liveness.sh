#!/bin/sh
# Liveness: the daemon's block count has changed within LIVENESS_WINDOW_SECONDS.
# Never sync status (a node far behind is alive while it advances) and never a
# first-run failure (the first check after a start records the height). RPC error
# -28 (warming up) counts as alive; an RPC that does not answer does not.
# LIVENESS_WINDOW_SECONDS=0 turns the stall check off (regtest only moves when mined).
# Kill switch: $DATA_DIR/disable_liveness.
# Environment: RPC_PORT, LIVENESS_WINDOW_SECONDS (default 3600; the coin definition
# sets one per chain from its block time), RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
probe_kill_switch liveness

status=0
rpc_ask "http://127.0.0.1:${RPC_PORT:?}" getblockcount || status=$?
if [ "$status" -eq 0 ]; then
  height="$(json_int "$RPC_RESULT" .)" || { say "not alive: getblockcount returned $RPC_RESULT"; exit 1; }
  height_advanced "$height" daemon
  exit
fi
if [ "$status" -eq 4 ] && [ "$RPC_ERROR_CODE" = "$RPC_IN_WARMUP" ]; then
  say "alive: warming up"
  exit 0
fi
say "not alive: $RPC_FAILURE"
exit 1
