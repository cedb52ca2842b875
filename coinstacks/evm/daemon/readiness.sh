#!/bin/sh
# Readiness: the execution client (geth in its own container; op-reth, through the monitor) serves the chain tip.
#   not syncing                                   (eth_syncing false)
#   peers >= MIN_PEERS                            (net_peerCount; default 1; MIN_PEERS=0 does not ask:
#                                                  nitro has no peers and serves no net_peerCount)
#   height >= reference height - BLOCK_TOLERANCE  (eth_blockNumber; default 5) for at least
#     REFERENCE_QUORUM (default 1) of the REFERENCE_ENDPOINTS that answer
# The references are third-party JSON-RPC endpoints (comma-separated URLs; synth refuses
# any with credentials in them), each asked with REFERENCE_TIMEOUT (default 3 s). When
# none answers, the check fails open: a provider's outage must not take our nodes out of
# service, and eth_syncing plus peers still hold. When fewer than REFERENCE_QUORUM answer,
# every one that answers must agree. No REFERENCE_ENDPOINTS: no reference check.
# Probe metrics: height, and sync_lag_blocks, the needed-th lowest answering reference's height minus ours
# (readiness holds exactly while it is at most BLOCK_TOLERANCE); none when no reference answers.
# Kill switch: $DATA_DIR/disable_readiness.
# Environment: RPC_PORT, RPC_PATH (the JSON-RPC's path: avalanche's C-chain is at /ext/bc/C/rpc), MIN_PEERS, BLOCK_TOLERANCE, REFERENCE_ENDPOINTS, REFERENCE_QUORUM,
# REFERENCE_TIMEOUT, RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/../evm-lib.sh
. "${EVM_LIB:-/evm-lib.sh}"
probe_metrics_begin
probe_kill_switch readiness

# Sets LOWEST to the $1-th lowest of the heights that follow (no sort process on every probe).
nth_lowest() {
  _n="$1"
  shift
  LOWEST=""
  for _candidate in "$@"; do
    _at_or_below=0
    for _other in "$@"; do
      if [ "$_other" -le "$_candidate" ]; then _at_or_below=$((_at_or_below + 1)); fi
    done
    if [ "$_at_or_below" -ge "$_n" ] && { [ -z "$LOWEST" ] || [ "$_candidate" -lt "$LOWEST" ]; }; then LOWEST="$_candidate"; fi
  done
}

url="http://127.0.0.1:${RPC_PORT:?}${RPC_PATH:-}"
min_peers="$(setting MIN_PEERS 1)"
tolerance="$(setting BLOCK_TOLERANCE 5)"
quorum="$(setting REFERENCE_QUORUM 1)"
reference_timeout="$(setting REFERENCE_TIMEOUT 3)"

eth_sync_state "$url" || { say "not ready: $ETH_FAILURE"; exit 1; }
if [ "$SYNC_STATE" = syncing ]; then
  say "not ready: syncing (block $SYNC_CURRENT of $SYNC_HIGHEST)"
  exit 1
fi
peers="no peers required"
if [ "$min_peers" -gt 0 ]; then
  eth_quantity "$url" net_peerCount || { say "not ready: $ETH_FAILURE"; exit 1; }
  if [ "$ETH_QUANTITY" -lt "$min_peers" ]; then
    say "not ready: $ETH_QUANTITY peers (need at least $min_peers)"
    exit 1
  fi
  peers="$ETH_QUANTITY peers"
fi
eth_quantity "$url" eth_blockNumber || { say "not ready: $ETH_FAILURE"; exit 1; }
height="$ETH_QUANTITY"
probe_metric height "$height"

answered=0
agreeing=0
bests=""
set -f
IFS=,
for reference in ${REFERENCE_ENDPOINTS:-}; do
  unset IFS
  reference="${reference#"${reference%%[! ]*}"}"
  reference="${reference%"${reference##*[! ]}"}"
  [ -n "$reference" ] || continue
  if ! eth_quantity "$reference" eth_blockNumber "$reference_timeout"; then
    say "reference $reference: no usable answer ($ETH_FAILURE)"
    continue
  fi
  best="$ETH_QUANTITY"
  bests="$bests $best"
  answered=$((answered + 1))
  if [ "$height" -ge $((best - tolerance)) ]; then
    agreeing=$((agreeing + 1))
    say "reference $reference: at $best, we are within $tolerance"
  else
    say "reference $reference: at $best, we are $((best - height)) behind"
  fi
done
unset IFS
set +f

if [ "$answered" -eq 0 ]; then
  if [ -n "${REFERENCE_ENDPOINTS:-}" ]; then
    say "ready: block $height, $peers; no reference endpoint answered, failing open"
  else
    say "ready: block $height, $peers (no reference endpoints configured)"
  fi
  exit 0
fi
needed="$quorum"
if [ "$answered" -lt "$needed" ]; then needed="$answered"; fi
# shellcheck disable=SC2086 # bests is a list of integers
nth_lowest "$needed" $bests
probe_metric sync_lag_blocks $((LOWEST - height))
if [ "$agreeing" -lt "$needed" ]; then
  say "not ready: block $height is more than $tolerance behind for $((answered - agreeing)) of $answered references (need $needed within tolerance)"
  exit 1
fi
say "ready: block $height, $peers, within $tolerance of $agreeing of $answered references"
