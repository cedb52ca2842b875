#!/bin/bash
# Startup of the beacon node, run in the Lighthouse container (bash: see beacon-lib.sh).
# Passes once the beacon API answers GET /eth/v1/node/health with 200 (synced) or 206
# (syncing: a node that has just started from a checkpoint). 503 or no answer: still
# starting (downloading the checkpoint state, migrating the database after an upgrade).
# Kill switch: $DATA_DIR/disable_startup.
# Environment: BEACON_PORT, RPC_TIMEOUT (seconds per call, default 5).
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/../beacon-lib.sh
. "${BEACON_LIB:-/beacon-lib.sh}"
probe_kill_switch startup

http_request 127.0.0.1 "${BEACON_PORT:?}" GET /eth/v1/node/health || { say "not started: the beacon API does not answer ($HTTP_FAILURE)"; exit 1; }
case "$HTTP_STATUS" in
  200) say "started: the beacon API answers (synced)" ;;
  206) say "started: the beacon API answers (syncing)" ;;
  *)
    say "not started: the beacon API answers HTTP $HTTP_STATUS to /eth/v1/node/health"
    exit 1
    ;;
esac
