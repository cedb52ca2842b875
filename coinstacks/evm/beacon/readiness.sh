#!/bin/sh
# Readiness of the beacon node, run in the monitor container (the Lighthouse image
# has neither curl nor jq):
#   not syncing, execution client online   (GET /eth/v1/node/syncing: is_syncing and el_offline false)
#   connected peers >= MIN_PEERS           (GET /eth/v1/node/peer_count; default 1)
# Kill switch: $DATA_DIR/disable_readiness (the monitor mounts the data volume read-only).
# Environment: BEACON_PORT, MIN_PEERS, RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
probe_kill_switch readiness

api="http://127.0.0.1:${BEACON_PORT:?}/eth/v1/node"
min_peers="$(setting MIN_PEERS 1)"

sync="$(http_get "$api/syncing")" || { say "not ready: the beacon API does not answer"; exit 1; }
syncing="$(printf '%s' "$sync" | jq -r '.data.is_syncing')"
if [ "$syncing" != "false" ]; then
  say "not ready: syncing (is_syncing $syncing, distance $(printf '%s' "$sync" | jq -r '.data.sync_distance'))"
  exit 1
fi
if [ "$(printf '%s' "$sync" | jq -r '.data.el_offline // false')" = "true" ]; then
  say "not ready: the execution client is offline"
  exit 1
fi
count="$(http_get "$api/peer_count")" || { say "not ready: the beacon API does not answer"; exit 1; }
peers="$(printf '%s' "$count" | jq -r '.data.connected | tonumber' 2>/dev/null)" || { say "not ready: no peer count in $count"; exit 1; }
if [ "$peers" -lt "$min_peers" ]; then
  say "not ready: $peers peers (need at least $min_peers)"
  exit 1
fi
say "ready: synced, $peers peers"
