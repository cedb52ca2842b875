#!/bin/sh
# Starts avalanchego and becomes it with exec: it is the container's PID 1, receives the
# kubelet's SIGTERM itself and closes its database within the grace period.
#
# Everything it writes stays on its volume (--data-dir: its database, logs and staking keys). Its
# API, the C-chain's JSON-RPC and websocket among it (/ext/bc/C/rpc, /ext/bc/C/ws), listens on
# every address: only the coinstack's pods may reach it (NetworkPolicy). It dials out to its peers
# and takes none in: it announces 127.0.0.1 and an ephemeral staking certificate, as blockbook's own
# avalanche launcher does (trezor/blockbook configs/coins/avalanche.json), so no node identity is kept.
# The C-chain's config (/configs/chains/C/config.json, from the coin's ConfigMap) turns on the APIs
# blockbook calls and off state sync, which would skip the history blockbook indexes.
# Flags read in avalanchego v1.14.2 (config/keys.go, config/flags.go).
#
# Environment (set by the coin definition, overridable per service in config):
#   RPC_PORT   the HTTP API          P2P_PORT   staking (peers)
#   AVALANCHE_NETWORK  mainnet (default), fuji
#   AVALANCHEGO_BINARY default /avalanchego/build/avalanchego (the image's own path; not on its PATH)
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"

: "${RPC_PORT:?}" "${P2P_PORT:?}" "${DATA_DIR:?}"

set -- --data-dir="$DATA_DIR" --network-id="${AVALANCHE_NETWORK:-mainnet}" \
  --http-host=0.0.0.0 --http-port="$RPC_PORT" --http-allowed-hosts='*' \
  --staking-port="$P2P_PORT" --public-ip=127.0.0.1 --staking-ephemeral-cert-enabled \
  --chain-config-dir=/configs/chains

hold_for_maintenance "avalanchego"
exec "${AVALANCHEGO_BINARY:-/avalanchego/build/avalanchego}" "$@"
