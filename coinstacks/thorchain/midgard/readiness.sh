#!/bin/sh
# Readiness: Midgard is in sync (/v2/health inSync: its last aggregated block is younger than its
# max_block_age). Kill switch: $DATA_DIR/disable_readiness.
# Environment: MIDGARD_PORT, RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/../../lib/tip-lib.sh
. "${TIP_LIB:-/tip-lib.sh}"
# shellcheck source=SCRIPTDIR/midgard-lib.sh
. "${MIDGARD_LIB:-/midgard-lib.sh}"
probe_kill_switch readiness

midgard_health || { say "not ready: $MIDGARD_FAILURE"; exit 1; }
if [ "$MIDGARD_IN_SYNC" != true ]; then
  say "not ready: Midgard is not in sync (scanning block $MIDGARD_HEIGHT)"
  exit 1
fi
say "ready: Midgard in sync, scanning block $MIDGARD_HEIGHT"
