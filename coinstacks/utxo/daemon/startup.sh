#!/bin/sh
# Startup: passes once the daemon's JSON-RPC answers getblockchaininfo.
#   RPC down (connection refused, timeout)     -> not started, exit 1
#   RPC error -28 (Loading block index,
#   Verifying blocks... : bitcoind warming up) -> still starting, exit 1
#   any other error or an unusable answer      -> not started, exit 1
# Every failure says why in one line.
# Kill switch: $DATA_DIR/disable_startup.
# Environment: RPC_PORT, RPC_TIMEOUT (seconds per call, default 5).
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
probe_kill_switch startup

url="http://127.0.0.1:${RPC_PORT:?}"
status=0
blocks=""
rpc_ask "$url" getblockchaininfo '[]' blocks=.blocks || status=$?
if [ "$status" -eq 0 ]; then
  is_int "$blocks" || blocks='?'
  say "started: RPC answers at block $blocks"
  exit 0
fi
if [ "$status" -eq 4 ] && [ "$RPC_ERROR_CODE" = "$RPC_IN_WARMUP" ]; then
  say "still starting: $RPC_ERROR_MESSAGE"
else
  say "not started: $RPC_FAILURE"
fi
exit 1
