#!/bin/sh
# Liveness: the block Midgard scans next moves within LIVENESS_WINDOW_SECONDS (it moves while it
# catches up and with the chain at its tip); never a first-run failure. An API that does not answer
# is not alive. LIVENESS_WINDOW_SECONDS=0 turns the stall check off.
# Kill switch: $DATA_DIR/disable_liveness.
# Environment: MIDGARD_PORT, LIVENESS_WINDOW_SECONDS (the definition sets it), RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/../../lib/tip-lib.sh
. "${TIP_LIB:-/tip-lib.sh}"
# shellcheck source=SCRIPTDIR/midgard-lib.sh
. "${MIDGARD_LIB:-/midgard-lib.sh}"
probe_kill_switch liveness

midgard_health || { say "not alive: $MIDGARD_FAILURE"; exit 1; }
height_advanced "$MIDGARD_HEIGHT" indexer
