#!/bin/bash
# Liveness of the beacon node, run in the Lighthouse container (bash: see beacon-lib.sh):
# the head slot (data.head_slot of GET /eth/v1/node/syncing) changed within
# LIVENESS_WINDOW_SECONDS. The head moves with every block imported, in forward sync
# from a checkpoint and at the tip alike, so sync status is never looked at, and the
# first check after a start records (init clears the state). A beacon API that does
# not answer is not alive, as for geth.
# While the API reports the execution client offline, the beacon node cannot import
# blocks, and restarting it would not bring geth back: liveness passes and restarts
# the window, so the head gets a full window once geth answers again.
# LIVENESS_WINDOW_SECONDS=0 turns the stall check off.
# Kill switch: $DATA_DIR/disable_liveness.
# Environment: BEACON_PORT, LIVENESS_WINDOW_SECONDS (default 3600; the definition sets it), RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/../beacon-lib.sh
. "${BEACON_LIB:-/beacon-lib.sh}"
probe_kill_switch liveness

http_request 127.0.0.1 "${BEACON_PORT:?}" GET /eth/v1/node/syncing || { say "not alive: the beacon API does not answer ($HTTP_FAILURE)"; exit 1; }
if ! slot="$(json_uint "$HTTP_BODY" head_slot)"; then
  say "not alive: unexpected answer to /eth/v1/node/syncing (HTTP $HTTP_STATUS): $(excerpt "$HTTP_BODY")"
  exit 1
fi
if [[ $HTTP_BODY =~ \"el_offline\"[[:space:]]*:[[:space:]]*true ]]; then
  liveness_record "$slot" beacon
  say "alive: head slot $slot; the execution client is offline, so the stall window restarts"
  exit 0
fi
height_advanced "$slot" beacon
