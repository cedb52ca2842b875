#!/bin/sh
# Readiness of the beacon node, run in the monitor container (the Lighthouse image
# has neither curl nor jq):
#   not syncing, execution client online   (GET /eth/v1/node/syncing: is_syncing and el_offline false)
#   connected peers >= MIN_PEERS           (GET /eth/v1/node/peer_count; default 1)
# Any other answer (down, an HTTP error, a body that is not the expected JSON) is not ready,
# saying why in one line.
# Kill switch: $DATA_DIR/disable_readiness (the monitor mounts the data volume read-only).
# Environment: BEACON_PORT, MIN_PEERS, RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
probe_kill_switch readiness

api="http://127.0.0.1:${BEACON_PORT:?}/eth/v1/node"
min_peers="$(setting MIN_PEERS 1)"

syncing="" distance="" el_offline=""
http_json "$api/syncing" syncing=.data.is_syncing distance=.data.sync_distance el_offline=.data.el_offline || { say "not ready: $HTTP_FAILURE"; exit 1; }
sync="$HTTP_BODY"
case "$syncing" in
  false) ;;
  true)
    say "not ready: syncing (is_syncing true, distance $distance)"
    exit 1
    ;;
  *)
    say "not ready: no is_syncing in $api/syncing: $(excerpt "$sync")"
    exit 1
    ;;
esac
if [ "$el_offline" = "true" ]; then
  say "not ready: the execution client is offline"
  exit 1
fi
peers=""
http_json "$api/peer_count" peers='.data.connected | tonumber? // null' || { say "not ready: $HTTP_FAILURE"; exit 1; }
is_int "$peers" || { say "not ready: no connected peer count in $api/peer_count: $(excerpt "$HTTP_BODY")"; exit 1; }
if [ "$peers" -lt "$min_peers" ]; then
  say "not ready: $peers peers (need at least $min_peers)"
  exit 1
fi
say "ready: synced, $peers peers"
