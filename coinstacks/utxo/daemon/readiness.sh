#!/bin/sh
# Readiness: the daemon serves the chain tip.
#   peers  >= MIN_PEERS                     (getconnectioncount; default 1)
#   blocks >= headers - BLOCK_TOLERANCE     (getblockchaininfo; default 1)
#   not in initial block download           (when the daemon reports it; CHECK_IBD=0 skips)
# Anything else (RPC down, warming up, an error) is not ready, saying why in one line.
# Kill switch: $DATA_DIR/disable_readiness.
# Environment: RPC_PORT, MIN_PEERS, BLOCK_TOLERANCE, CHECK_IBD, RPC_TIMEOUT.
# A private regtest chain has no peers: its definition sets MIN_PEERS=0 and CHECK_IBD=0.
# Probe metrics (bitcoind serves none): peers, height (blocks) and sync_lag_blocks (headers - blocks);
# with its P2P port exposed (P2P_EXPOSURE set), inbound_peers (getnetworkinfo's connections_in, Bitcoin
# Core 0.21 and later; none where the daemon does not report it), so an unreachable port is noticed.
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
probe_metrics_begin
probe_kill_switch readiness

url="http://127.0.0.1:${RPC_PORT:?}"
min_peers="$(setting MIN_PEERS 1)"
tolerance="$(setting BLOCK_TOLERANCE 1)"
check_ibd="$(setting CHECK_IBD 1)"

rpc_ask "$url" getconnectioncount || { say "not ready: $RPC_FAILURE"; exit 1; }
peers="$(json_int "$RPC_RESULT" .)" || { say "not ready: getconnectioncount returned $RPC_RESULT"; exit 1; }
probe_metric peers "$peers"
if [ -n "${P2P_EXPOSURE:-}" ] && [ -n "${PROBE_METRICS_SERVICE:-}" ]; then
  inbound=""
  if rpc_ask "$url" getnetworkinfo '[]' inbound=.connections_in; then probe_metric inbound_peers "$inbound"; fi
fi
if [ "$peers" -lt "$min_peers" ]; then
  say "not ready: $peers peers (need at least $min_peers)"
  exit 1
fi

blocks="" headers="" ibd=""
rpc_ask "$url" getblockchaininfo '[]' blocks=.blocks headers=.headers ibd=.initialblockdownload || { say "not ready: $RPC_FAILURE"; exit 1; }
info="$RPC_RESULT"
is_int "$blocks" || { say "not ready: no block count in $info"; exit 1; }
is_int "$headers" || { say "not ready: no header count in $info"; exit 1; }
probe_metric height "$blocks"
probe_metric sync_lag_blocks $((headers - blocks))
if [ "$blocks" -lt $((headers - tolerance)) ]; then
  say "not ready: at block $blocks of $headers headers (tolerance $tolerance)"
  exit 1
fi
if [ "$check_ibd" -ne 0 ] && [ "$ibd" = "true" ]; then
  say "not ready: initial block download (block $blocks of $headers headers)"
  exit 1
fi
say "ready: block $blocks of $headers headers, $peers peers"
