#!/bin/sh
# Starts geth and becomes it with exec: geth is the container's PID 1, so the
# kubelet's SIGTERM reaches it directly and it flushes its database within the
# pod's grace period (geth traps TERM and INT itself). Nothing runs between start
# and exec that could be interrupted halfway, so no trap is needed here.
#
# The engine API (authrpc) listens on 127.0.0.1 only: its one client, the beacon
# node, is in the same pod, and the JWT it checks is read by geth from the mounted
# Secret file, never the command line or the environment. Inbound peers are not
# advertised (p2p.exposure none; see coinstacks/evm/index.ts): geth dials out.
#
# Environment (set by the coin definition, overridable per service in config):
#   RPC_PORT, WS_PORT   JSON-RPC over HTTP and websocket (blockbook uses the websocket)
#   AUTH_PORT           engine API (none when unset)        P2P_PORT   devp2p (TCP and UDP discovery)
#   NETWORK_FLAG        --sepolia... (empty on mainnet)
#   RPC_APIS            namespaces on HTTP and websocket (default eth,net,web3,debug,txpool)
#   MAX_PEERS           default 50       CACHE_MB   database cache (default: geth's own)
#   METRICS_PORT        Prometheus metrics at /debug/metrics/prometheus (none when unset)
#   GETH_BINARY         default geth
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"

: "${RPC_PORT:?}" "${WS_PORT:?}" "${P2P_PORT:?}" "${DATA_DIR:?}"

# The first liveness check after this start records progress instead of comparing it.
liveness_reset daemon

apis="${RPC_APIS:-eth,net,web3,debug,txpool}"
max_peers="$(setting MAX_PEERS 50)"
# vhosts/origins '*': geth's host check guards browsers against DNS rebinding; these
# ports are only reachable inside the coinstack (NetworkPolicy), by name or pod IP.
set -- --datadir="$DATA_DIR" --nat=none --port="$P2P_PORT" --maxpeers="$max_peers" --ipcdisable \
  --http --http.addr=0.0.0.0 --http.port="$RPC_PORT" --http.api="$apis" --http.vhosts='*' \
  --ws --ws.addr=0.0.0.0 --ws.port="$WS_PORT" --ws.api="$apis" --ws.origins='*'
# The engine API for a consensus client in the pod; a chain without one (BNB Smart Chain's PoSA) leaves AUTH_PORT unset.
if [ -n "${AUTH_PORT:-}" ]; then
  jwt="${SECRETS_DIR:-/secrets}/jwt.hex"
  secret jwt.hex >/dev/null
  set -- "$@" --authrpc.addr=127.0.0.1 --authrpc.port="$AUTH_PORT" --authrpc.jwtsecret="$jwt"
fi
if [ -n "${NETWORK_FLAG:-}" ]; then set -- "$@" "$NETWORK_FLAG"; fi
# Metrics on every address: only the monitoring namespace may reach the port (NetworkPolicy).
if [ -n "${METRICS_PORT:-}" ]; then set -- "$@" --metrics --metrics.addr=0.0.0.0 --metrics.port="$METRICS_PORT"; fi
if [ -n "${CACHE_MB:-}" ]; then
  cache="$(setting CACHE_MB)"
  set -- "$@" --cache="$cache"
fi

hold_for_maintenance "geth"
exec "${GETH_BINARY:-geth}" "$@"
