#!/bin/sh
# Readiness: the node serves the chain tip (system_health).
#   isSyncing is false                 (the node is not importing a backlog)
#   peers >= MIN_PEERS                 (default 1; a private --dev chain sets 0)
# Anything else (RPC down, an error, an unusable answer) is not ready.
# Kill switch: $DATA_DIR/disable_readiness.
# Environment: RPC_PORT, MIN_PEERS, RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/substrate-lib.sh
. "${SUBSTRATE_LIB:-/substrate-lib.sh}"
probe_kill_switch readiness

min_peers="$(setting MIN_PEERS 1)"
rpc "http://127.0.0.1:${RPC_PORT:?}" system_health || { say "not ready"; exit 1; }
health="$RPC_RESULT"
peers="$(json_int "$health" .peers)" || { say "not ready: no peer count in $health"; exit 1; }
syncing="$(printf '%s' "$health" | jq -r '.isSyncing | if type == "boolean" then . else "unknown" end')"
if [ "$syncing" != false ]; then
  say "not ready: syncing (isSyncing $syncing, $peers peers)"
  exit 1
fi
if [ "$peers" -lt "$min_peers" ]; then
  say "not ready: $peers peers (need at least $min_peers)"
  exit 1
fi
say "ready: in sync, $peers peers"
