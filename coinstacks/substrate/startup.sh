#!/bin/sh
# Startup: passes once the node's JSON-RPC answers system_health (any answer: a node
# far behind or without peers has started; readiness decides whether it serves).
#   RPC down (connection refused, timeout)  -> not started, exit 1
#   an error or an unusable answer          -> exit 1 with the reason
# Kill switch: $DATA_DIR/disable_startup.
# Environment: RPC_PORT, RPC_TIMEOUT. A substrate node's RPC has no credentials and
# speaks JSON-RPC 2.0 only (substrate-lib.sh).
set -eu
# shellcheck source=SCRIPTDIR/../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/substrate-lib.sh
. "${SUBSTRATE_LIB:-/substrate-lib.sh}"
probe_kill_switch startup

status=0
rpc "http://127.0.0.1:${RPC_PORT:?}" system_health || status=$?
if [ "$status" -eq 0 ]; then
  say "started: system_health $RPC_RESULT"
  exit 0
fi
if [ "$status" -eq 2 ]; then say "not started: the RPC is not up yet"; fi
exit 1
