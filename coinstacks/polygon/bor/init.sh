#!/bin/sh
# Starts bor (Polygon PoS's execution client, a geth fork) and becomes it with exec: it is the
# container's PID 1, receives the kubelet's SIGTERM itself and flushes its database within the grace
# period.
#
# Everything it writes stays on its volume (--datadir). Its JSON-RPC over HTTP and websocket listens
# on every address: only the coinstack's pods may reach it (NetworkPolicy); vhosts and origins '*'
# as geth's scripts allow them (these ports are reachable by name or pod IP only). It reads spans and
# state syncs from heimdall's REST API in the pod (HEIMDALL_URL). Mainnet's genesis is built in
# (--chain mainnet); the bootnodes are Polygon's published list and its DNS tree, which bor adds to
# its built-in two. Every transaction stays indexed (--txlookuplimit 0): blockbook looks them up.
# Inbound peers are not advertised (p2p.exposure none): it dials out.
# Flags read in bor v2.2.11 (internal/cli/server/flags.go); the image runs a newer release.
#
# Environment (set by the coin definition, overridable per service in config):
#   RPC_PORT, WS_PORT   JSON-RPC over HTTP and websocket     P2P_PORT   devp2p (TCP and UDP)
#   METRICS_PORT        Prometheus at /debug/metrics/prometheus
#   HEIMDALL_URL        heimdall's REST API                    BOOTNODES, DISCOVERY_DNS
#   MAX_PEERS           default 200      CACHE_MB   database cache (default 4096)
#   BOR_BINARY          default bor
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"

: "${RPC_PORT:?}" "${WS_PORT:?}" "${P2P_PORT:?}" "${METRICS_PORT:?}" "${HEIMDALL_URL:?}" "${DATA_DIR:?}"

# The first liveness check after this start records progress instead of comparing it.
liveness_reset daemon

apis=eth,net,web3,debug,txpool,bor
max_peers="$(setting MAX_PEERS 200)"
cache="$(setting CACHE_MB 4096)"
set -- server --chain=mainnet --datadir="$DATA_DIR" --syncmode=full --gcmode=full \
  --port="$P2P_PORT" --maxpeers="$max_peers" --cache="$cache" \
  --http --http.addr=0.0.0.0 --http.port="$RPC_PORT" --http.api="$apis" --http.vhosts='*' \
  --ws --ws.addr=0.0.0.0 --ws.port="$WS_PORT" --ws.api="$apis" --ws.origins='*' \
  --metrics --metrics.prometheus-addr="0.0.0.0:$METRICS_PORT" \
  --bor.heimdall="$HEIMDALL_URL" --txlookuplimit=0
if [ -n "${BOOTNODES:-}" ]; then set -- "$@" --bootnodes="$BOOTNODES"; fi
if [ -n "${DISCOVERY_DNS:-}" ]; then set -- "$@" --discovery.dns="$DISCOVERY_DNS"; fi

hold_for_maintenance "bor"
exec "${BOR_BINARY:-bor}" "$@"
