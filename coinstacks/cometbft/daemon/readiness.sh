#!/bin/sh
# Readiness: the node serves the chain tip.
#   not catching up                               (/status catching_up false: block sync or state sync done)
#   peers >= MIN_PEERS                            (/net_info n_peers; default 1)
#   height >= reference height - BLOCK_TOLERANCE  (/status latest_block_height; default 5) for at
#     least REFERENCE_QUORUM (default 1) of the REFERENCE_ENDPOINTS that answer
# The references are third-party CometBFT RPC endpoints (their /status), compared as tip-lib.sh's
# reference_check says (one try each within REFERENCE_TIMEOUT, failing open when none answers, the
# quorum). Probe metrics: height and peers, and sync_lag_blocks (reference_check), for the nodes that
# serve no metrics of their own (thornode's are not read here).
# Kill switch: $DATA_DIR/disable_readiness.
# Environment: RPC_PORT, MIN_PEERS, BLOCK_TOLERANCE, REFERENCE_ENDPOINTS, REFERENCE_QUORUM,
# REFERENCE_TIMEOUT, RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/../cometbft-lib.sh
. "${COMETBFT_LIB:-/cometbft-lib.sh}"
probe_metrics_begin
probe_kill_switch readiness

url="http://127.0.0.1:${RPC_PORT:?}"
min_peers="$(setting MIN_PEERS 1)"

comet_status "$url" || { say "not ready: $COMET_FAILURE"; exit 1; }
height="$COMET_HEIGHT"
probe_metric height "$height"
if [ "$COMET_CATCHING_UP" = true ]; then
  say "not ready: catching up (block $height)"
  exit 1
fi
comet_peers "$url" || { say "not ready: $COMET_FAILURE"; exit 1; }
probe_metric peers "$COMET_PEERS"
if [ "$COMET_PEERS" -lt "$min_peers" ]; then
  say "not ready: $COMET_PEERS peers (need at least $min_peers)"
  exit 1
fi

# A reference's height, for reference_check: its /status.
# shellcheck disable=SC2034 # REFERENCE_* are reference_check's to read
reference_height() {
  comet_status "$1" "$2" || {
    REFERENCE_FAILURE="$COMET_FAILURE"
    return 1
  }
  REFERENCE_HEIGHT="$COMET_HEIGHT"
}

reference_check "$height" "$COMET_PEERS peers" reference_height
