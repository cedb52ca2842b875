#!/bin/sh
# Starts Arbitrum's nitro and becomes it with exec: nitro is the container's PID 1, so the
# kubelet's SIGTERM reaches it directly and it closes its database within the grace period.
#
# nitro reads its parent chain (the L1) from an execution and a beacon endpoint: this
# environment's ethereum through its client Service, or external endpoints
# (coins.<coin>.dependencies.l1). It has no peers: it follows the sequencer's feed
# (--chain.name selects the feed and the chain). On its first start, with an empty volume, it
# downloads the chain's latest pruned snapshot into its volume (--init.latest pruned) before its
# RPC answers: the startup probe allows for hours. Flags as blockbook's own nitro launcher uses
# them (trezor/blockbook build/templates/backend/scripts/arbitrum.sh), read in nitro v3.10.0.
#
# Environment (set by the coin definition; the URLs by the dependency, which config cannot override):
#   CHAIN_NAME                 arb1, nova
#   PARENT_CHAIN_RPC_URL       L1 execution JSON-RPC      PARENT_CHAIN_BEACON_URL   L1 beacon API
#   RPC_PORT, WS_PORT          JSON-RPC over HTTP and websocket (blockbook uses the websocket)
#   METRICS_PORT               metrics at /debug/metrics/prometheus (none when unset)
#   NITRO_BINARY               default nitro
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"

: "${CHAIN_NAME:?}" "${PARENT_CHAIN_RPC_URL:?}" "${PARENT_CHAIN_BEACON_URL:?}" "${RPC_PORT:?}" "${WS_PORT:?}" "${DATA_DIR:?}"

# The first liveness check after this start records the height instead of comparing it.
liveness_reset daemon

apis="eth,net,web3,debug,txpool,arb"
# vhosts/origins '*': these ports are reachable only inside the coinstack (NetworkPolicy).
# The image's own entrypoint passes the wasm module roots; an init script replaces it, so they are
# passed here. Everything nitro writes goes to its volume: the root filesystem is read-only.
set -- --chain.name="$CHAIN_NAME" \
  --parent-chain.connection.url="$PARENT_CHAIN_RPC_URL" --parent-chain.blob-client.beacon-url="$PARENT_CHAIN_BEACON_URL" \
  --persistent.chain="$DATA_DIR" --persistent.global-config="$DATA_DIR/.arbitrum" \
  --init.latest=pruned --init.download-path="$DATA_DIR/download" \
  --http.addr=0.0.0.0 --http.port="$RPC_PORT" --http.api="$apis" --http.vhosts='*' \
  --ws.addr=0.0.0.0 --ws.port="$WS_PORT" --ws.api="$apis" --ws.origins='*' \
  --file-logging.enable=false --node.staker.enable=false --execution.tx-lookup-limit=0 \
  --validation.wasm.allowed-wasm-module-roots=/home/user/nitro-legacy/machines,/home/user/target/machines
# Metrics on every address: only the monitoring namespace may reach the port (NetworkPolicy).
if [ -n "${METRICS_PORT:-}" ]; then set -- "$@" --metrics --metrics-server.addr=0.0.0.0 --metrics-server.port="$METRICS_PORT"; fi

hold_for_maintenance "nitro"
exec "${NITRO_BINARY:-nitro}" "$@"
