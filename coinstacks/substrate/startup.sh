#!/bin/sh
# Startup: passes once the node's JSON-RPC answers system_health with a peer count and
# isSyncing (any values: a node far behind or without peers has started; readiness decides
# whether it serves).
#   RPC down (connection refused, timeout)  -> not started, exit 1
#   an error or an unusable answer          -> not started, exit 1, with the reason
# Kill switch: $DATA_DIR/disable_startup.
# Environment: RPC_PORT, RPC_TIMEOUT. A substrate node's RPC has no credentials and
# speaks JSON-RPC 2.0 only (substrate-lib.sh).
set -eu
# shellcheck source=SCRIPTDIR/../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/substrate-lib.sh
. "${SUBSTRATE_LIB:-/substrate-lib.sh}"
probe_kill_switch startup

substrate_health || { say "not started: $RPC_FAILURE"; exit 1; }
say "started: system_health answers (isSyncing $HEALTH_SYNCING, $HEALTH_PEERS peers)"
