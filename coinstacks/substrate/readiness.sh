#!/bin/sh
# Readiness: the node serves the chain tip (system_health).
#   isSyncing is false                 (the node is not importing a backlog)
#   peers >= MIN_PEERS                 (default 1; a private --dev chain sets 0)
# Anything else (RPC down, an error, an unusable answer) is not ready, saying why in one line.
# Kill switch: $DATA_DIR/disable_readiness.
# Environment: RPC_PORT, MIN_PEERS, RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/substrate-lib.sh
. "${SUBSTRATE_LIB:-/substrate-lib.sh}"
probe_kill_switch readiness

min_peers="$(setting MIN_PEERS 1)"
substrate_health || { say "not ready: $RPC_FAILURE"; exit 1; }
if [ "$HEALTH_SYNCING" != false ]; then
  say "not ready: syncing (isSyncing $HEALTH_SYNCING, $HEALTH_PEERS peers)"
  exit 1
fi
if [ "$HEALTH_PEERS" -lt "$min_peers" ]; then
  say "not ready: $HEALTH_PEERS peers (need at least $min_peers)"
  exit 1
fi
say "ready: in sync, $HEALTH_PEERS peers"
