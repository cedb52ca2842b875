#!/bin/sh
# Startup: passes once Midgard's /v2/health answers, in sync or not (its initial sync takes days).
# Kill switch: $DATA_DIR/disable_startup.
# Environment: MIDGARD_PORT, RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/../../lib/tip-lib.sh
. "${TIP_LIB:-/tip-lib.sh}"
# shellcheck source=SCRIPTDIR/midgard-lib.sh
. "${MIDGARD_LIB:-/midgard-lib.sh}"
probe_kill_switch startup

midgard_health || { say "not started: $MIDGARD_FAILURE"; exit 1; }
say "started: Midgard answers, scanning block $MIDGARD_HEIGHT"
