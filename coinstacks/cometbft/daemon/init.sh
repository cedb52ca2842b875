#!/bin/sh
# Starts a Cosmos SDK node (gaiad, thornode...) and becomes it with exec: it is the container's
# PID 1, receives the kubelet's SIGTERM itself and closes its databases within the grace period.
#
# Its home is $DATA_DIR/node, on its volume: config, the node key (its P2P identity, kept across
# restarts), the chain's data. The first start runs `<binary> init`; until the node has a chain, every
# start checks the genesis file against GENESIS_CHECKSUM (of the JSON, unpacked for a .gz URL) and
# downloads it again when it differs, so a corrupt or foreign genesis never starts a node. Once it has
# a chain (data/state.db), CometBFT itself refuses a genesis other than the one it stored the hash of,
# so a restart does not hash (for some chains, gigabytes) or fetch it again.
#
# State sync (STATE_SYNC_RPC_SERVERS, at least two CometBFT RPC URLs; CometBFT's light client checks
# the first's answers against the others): a node without a chain starts from a recent snapshot its
# peers serve instead of replaying from genesis (which, on a chain that has upgraded its software,
# the current image cannot do). The trust point is the first server's block STATE_SYNC_TRUST_OFFSET
# (default 2000) below its tip, within STATE_SYNC_TRUST_PERIOD (default 168h0m0s, under the chain's
# unbonding time). A node with a chain that cannot reach the servers starts from it (CometBFT skips
# state sync once it has a block). History before the snapshot height is not on the node.
#
# Settings that have start flags go on the command line (read in cosmos-sdk server/start.go and
# cometbft cmd/cometbft/commands/run_node.go at v0.38.23); the others (state sync, the Prometheus
# endpoint) in the environment the SDK reads as config, <BINARY>_<SECTION>_<KEY>
# (server/util.go: the executable's name as the prefix, "." and "-" as "_").
#
# Environment (set by the coin definition, overridable per service in config):
#   CHAIN_BINARY     the node's executable, on the image's PATH   CHAIN_ID   the chain's ID
#   GENESIS_URL      where the genesis is published (.json or .json.gz)
#   GENESIS_CHECKSUM sha256:<hex> or sha512:<hex> of the genesis JSON   SEEDS   CometBFT seed nodes
#   RPC_PORT  P2P_PORT  API_PORT (the SDK's REST API)  GRPC_PORT  METRICS_PORT
#   MIN_GAS_PRICES   the mempool's minimum fee, e.g. 0.0025uatom (default none)
#   STATE_SYNC_RPC_SERVERS  STATE_SYNC_TRUST_OFFSET  STATE_SYNC_TRUST_PERIOD  (see above)
#   MONIKER          the node's public name (default node-<pod index>)
# Arguments: further flags of `start`, the node's own (heimdalld's --eth_rpc_url...).
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/../cometbft-lib.sh
. "${COMETBFT_LIB:-/cometbft-lib.sh}"

: "${CHAIN_BINARY:?}" "${CHAIN_ID:?}" "${GENESIS_URL:?}" "${GENESIS_CHECKSUM:?}" "${DATA_DIR:?}"
: "${RPC_PORT:?}" "${P2P_PORT:?}" "${API_PORT:?}" "${GRPC_PORT:?}" "${METRICS_PORT:?}"
home="$DATA_DIR/node"
genesis="$home/config/genesis.json"
env_prefix="$(printf '%s' "${CHAIN_BINARY##*/}" | tr 'a-z-' 'A-Z_')"
stop_before_start "$CHAIN_BINARY"
liveness_reset daemon

# Whether FILE has the checksum ALGORITHM:HEX (sha256 or sha512): checksum_is FILE CHECKSUM.
checksum_is() {
  [ -f "$1" ] || return 1
  case "$2" in
    sha256:*) _sum="$(sha256sum "$1")" || return 1 ;;
    sha512:*) _sum="$(sha512sum "$1")" || return 1 ;;
    *) return 1 ;;
  esac
  [ "${_sum%% *}" = "${2#*:}" ]
}

# Downloads URL to FILE, following redirects: download URL FILE.
download() {
  if command -v wget >/dev/null; then wget -q -O "$2" "$1"; else curl -sSfL --noproxy '*' -o "$2" "$1"; fi
}

# One try at the genesis: downloaded beside, unpacked, checked, then moved into place.
fetch_genesis() {
  rm -f "$genesis.download" "$genesis.unpacked"
  download "$GENESIS_URL" "$genesis.download" || return 1
  case "$GENESIS_URL" in
    *.gz) gzip -dc "$genesis.download" >"$genesis.unpacked" || return 1 ;;
    *) mv -f "$genesis.download" "$genesis.unpacked" ;;
  esac
  rm -f "$genesis.download"
  if ! checksum_is "$genesis.unpacked" "$GENESIS_CHECKSUM"; then
    say "genesis from $GENESIS_URL does not have checksum $GENESIS_CHECKSUM"
    rm -f "$genesis.unpacked"
    return 2
  fi
  mv -f "$genesis.unpacked" "$genesis"
}

# The state sync trust point from the first server: sets TRUST_HEIGHT and TRUST_HASH.
trust_point() {
  _server="${STATE_SYNC_RPC_SERVERS%%,*}"
  comet_status "$_server" || {
    say "state sync: $COMET_FAILURE"
    return 1
  }
  TRUST_HEIGHT=$((COMET_HEIGHT - $(setting STATE_SYNC_TRUST_OFFSET 2000)))
  if [ "$TRUST_HEIGHT" -lt 1 ]; then TRUST_HEIGHT=1; fi
  _block="$(http_text "$_server/block?height=$TRUST_HEIGHT" "${RPC_TIMEOUT:-5}")" || {
    say "state sync: no answer from $_server/block${_block:+ ($_block)}"
    return 1
  }
  # The result's block_id comes first; the block's own members (last_block_id among them) follow its parts.
  _block_id="${_block#*\"block_id\"}"
  TRUST_HASH="$(json_scalar "${_block_id%%\"parts\"*}" hash)" || TRUST_HASH=""
  case "$TRUST_HASH" in
    '' | *[!0-9A-F]*)
      say "state sync: no block hash in $_server's answer for block $TRUST_HEIGHT: $(excerpt "$_block")"
      return 1
      ;;
  esac
}

if [ ! -f "$home/config/config.toml" ]; then
  say "initializing $home for $CHAIN_ID"
  interruptible "$CHAIN_BINARY" init "${MONIKER:-node-${POD_INDEX:-0}}" --chain-id "$CHAIN_ID" --home "$home" --overwrite >/tmp/node-init.log 2>&1 || {
    say "$CHAIN_BINARY init failed: $(excerpt "$(cat /tmp/node-init.log)")"
    exit 1
  }
fi
# Whether the node has a chain (CometBFT's state database, created at its first start).
has_chain() {
  [ -d "$home/data/state.db" ]
}

case "$GENESIS_CHECKSUM" in
  sha256:* | sha512:*) ;;
  *)
    say "GENESIS_CHECKSUM must be sha256:<hex> or sha512:<hex>, got $GENESIS_CHECKSUM"
    exit 1
    ;;
esac
# A failed download is tried again in 30 s; a genesis with another checksum (a wrong pin, or a changed
# file) in an hour, as downloading it again (gigabytes for some chains) would not change it.
until has_chain || checksum_is "$genesis" "$GENESIS_CHECKSUM"; do
  status=0
  interruptible fetch_genesis || status=$?
  if [ "$status" -eq 0 ]; then break; fi
  pause=30
  if [ "$status" -eq 2 ]; then pause=3600; fi
  say "waiting ${pause}s for the genesis from $GENESIS_URL"
  interruptible sleep "$pause"
done

if [ -n "${STATE_SYNC_RPC_SERVERS:-}" ]; then
  if has_chain; then
    trust_point || say "state sync: not configured; the node has a chain and starts from it"
  else
    # In the foreground, not through wait_until, which runs its command in a subshell: the trust point
    # is this shell's. A stop waits for at most two calls of RPC_TIMEOUT.
    until trust_point; do
      say "waiting 30s for a state sync trust point from ${STATE_SYNC_RPC_SERVERS%%,*}"
      interruptible sleep 30
    done
  fi
  if [ -n "${TRUST_HASH:-}" ]; then
    say "state sync from block $TRUST_HEIGHT ($TRUST_HASH) if the node has no chain yet"
    export "${env_prefix}_STATESYNC_ENABLE=true" "${env_prefix}_STATESYNC_RPC_SERVERS=$STATE_SYNC_RPC_SERVERS" \
      "${env_prefix}_STATESYNC_TRUST_HEIGHT=$TRUST_HEIGHT" "${env_prefix}_STATESYNC_TRUST_HASH=$TRUST_HASH" \
      "${env_prefix}_STATESYNC_TRUST_PERIOD=${STATE_SYNC_TRUST_PERIOD:-168h0m0s}"
  fi
fi
export "${env_prefix}_INSTRUMENTATION_PROMETHEUS=true" "${env_prefix}_INSTRUMENTATION_PROMETHEUS_LISTEN_ADDR=:$METRICS_PORT"

set -- start --home "$home" "$@" \
  --p2p.laddr "tcp://0.0.0.0:$P2P_PORT" --rpc.laddr "tcp://0.0.0.0:$RPC_PORT" \
  --api.enable=true --api.address "tcp://0.0.0.0:$API_PORT" --grpc.address "0.0.0.0:$GRPC_PORT"
if [ -n "${SEEDS:-}" ]; then set -- "$@" --p2p.seeds "$SEEDS"; fi
if [ -n "${MIN_GAS_PRICES:-}" ]; then set -- "$@" --minimum-gas-prices "$MIN_GAS_PRICES"; fi

hold_for_maintenance "$CHAIN_BINARY"
exec "$CHAIN_BINARY" "$@"
