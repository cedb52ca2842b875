#!/bin/sh
# Startup: passes once the daemon's JSON-RPC answers getblockchaininfo.
#   RPC down (connection refused, timeout)     -> not started, exit 1
#   RPC error -28 (Loading block index,
#   Verifying blocks... : bitcoind warming up) -> still starting, exit 1
#   any other error or an unusable answer      -> exit 1 with the reason
# Kill switch: $DATA_DIR/disable_startup.
# Environment: RPC_PORT, RPC_TIMEOUT (seconds per call, default 5).
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
probe_kill_switch startup

url="http://127.0.0.1:${RPC_PORT:?}"
status=0
rpc "$url" getblockchaininfo || status=$?
if [ "$status" -eq 0 ]; then
  say "started: RPC answers at block $(json_int "$RPC_RESULT" .blocks || echo '?')"
  exit 0
fi
case "$status" in
  2) say "not started: the RPC is not up yet" ;;
  4)
    if [ "$RPC_ERROR_CODE" = "$RPC_IN_WARMUP" ]; then
      say "still starting: $RPC_ERROR_MESSAGE"
    fi
    ;;
esac
exit 1
