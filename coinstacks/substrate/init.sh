#!/bin/sh
# Starts a substrate node (polkadot) and becomes it with exec, so the kubelet's SIGTERM
# reaches the node directly: it closes its database cleanly within the pod's grace period.
#
# Before exec, the node's command line is built from the environment. Steps that take time run in
# the background while TERM and INT are trapped, so a pod stopped meanwhile exits at once instead
# of after the grace period: generating the node key on first start, and in protected mode
# waiting for each reserved peer to publish its peer ID.
#
# The node key is the node's libp2p identity and never leaves its pod: it is generated on first
# start on the node's own data volume ($DATA_DIR/node-key, `<binary> key generate-node-key`),
# retained with the volume, and passed by path (--node-key-file); it is never in a Secret, on a
# command line or in the environment, and no other pod ever sees it.
#
# Reserved peering (protected mode): a reserved multiaddr names the peer's ID, which is public but
# derived from the peer's key. Each node therefore publishes its own peer ID (PEER_ID_DIR/peer-id,
# served to its reserved peers by the pod's peer-id sidecar) before it reads its peers' IDs from
# http://HOST:PEER_ID_PORT/peer-id, so two nodes reserving each other never wait on each other.
#
# Environment (set by the coin definition, overridable per service in config):
#   NODE_BINARY        node executable (default polkadot)
#   CHAIN_FLAG         --chain=polkadot, --chain=westend, or --dev (a private chain)
#   ROLE               full | validator (default full)
#   RPC_PORT           JSON-RPC (HTTP and WebSocket)   P2P_PORT   libp2p TCP port
#   METRICS_PORT       Prometheus exporter (default 9615)
#   RPC_EXTERNAL       1: RPC on every interface, safe methods only (full nodes, for the
#                      coinstack's clients); 0: 127.0.0.1 only (the validator; probes and
#                      `kubectl exec` for author_rotateKeys)           (default 0)
#   PEER_ID_DIR        where to publish this node's peer ID for its reserved peers (unset: not published)
#   PEER_ID_PORT       port the peers' publishers serve their peer IDs on (default 30334)
#   RESERVED_PEERS     space-separated DNS names of peers kept connected at all times, dialled
#                      at /dns4/HOST/tcp/P2P_PORT/p2p/<the peer ID HOST publishes>
#   RESERVED_ONLY      1: connect to the reserved peers only (a protected validator) (default 0)
#   POD_NAME           node name shown to peers and telemetry
#   P2P_EXPOSURE, POD_INDEX, P2P_ADVERTISE_*  per-pod public address (see probe-lib.sh p2p_advertised)
#
# Exits 2, before the node starts and before any waiting, when an input is missing or malformed: a
# required variable, a setting that is not a non-negative integer, a role, a reserved peer that is
# not a host name, --reserved-only without reserved peers, a node key that cannot be generated or
# read, a peer ID that cannot be derived or published. Settings are read into variables first,
# never inside another command's arguments, where a failing `$(setting ...)` would not stop the
# script (`[ "$(setting X 0)" -eq 1 ]` is merely false when X is malformed).
#
# The image (parity/base-bin) has no curl: the peers' IDs are read with probe-lib's http_request.
set -eu
# shellcheck source=SCRIPTDIR/../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/substrate-lib.sh
. "${SUBSTRATE_LIB:-/substrate-lib.sh}"

: "${CHAIN_FLAG:?}" "${RPC_PORT:?}" "${P2P_PORT:?}" "${DATA_DIR:?}"
binary="${NODE_BINARY:-polkadot}"
metrics_port="$(setting METRICS_PORT 9615)"
rpc_external="$(setting RPC_EXTERNAL 0)"
reserved_only="$(setting RESERVED_ONLY 0)"
peer_id_port="$(setting PEER_ID_PORT 30334)"
peer_id_wait="$(setting PEER_ID_WAIT_INTERVAL 5)"
for host in ${RESERVED_PEERS:-}; do
  if ! printf '%s' "$host" | grep -Eq '^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$'; then
    say "RESERVED_PEERS holds \"$host\", which is not a host name (a peer is dialled at /dns4/HOST/tcp/P2P_PORT)" >&2
    exit 2
  fi
done
if [ "$reserved_only" -eq 1 ] && [ -z "${RESERVED_PEERS:-}" ]; then
  say "RESERVED_ONLY=1 needs RESERVED_PEERS: the node would have no peer at all" >&2
  exit 2
fi

# The first liveness check after this start records the height instead of comparing it.
liveness_reset node

set -- "$CHAIN_FLAG" --base-path="$DATA_DIR" --name="${POD_NAME:-substrate}" \
  --port="$P2P_PORT" --rpc-port="$RPC_PORT" \
  --prometheus-external --prometheus-port="$metrics_port" \
  --no-mdns
case "${ROLE:-full}" in
  full) ;;
  validator) set -- "$@" --validator ;;
  *)
    say "ROLE must be full or validator, got \"$ROLE\"" >&2
    exit 2
    ;;
esac
if [ "$rpc_external" -eq 1 ]; then set -- "$@" --rpc-external --rpc-methods=safe; fi

stop_before_start "the node"
scratch="${RUNTIME_DIR:-/tmp}"

# A libp2p peer ID in base58 (an Ed25519 key's is 12D3KooW followed by 44 characters).
valid_peer_id() {
  printf '%s' "$1" | grep -Eq '^[1-9A-HJ-NP-Za-km-z]{46,64}$'
}

node_key="$DATA_DIR/node-key"
if [ ! -e "$node_key" ] || { [ -f "$node_key" ] && [ ! -s "$node_key" ]; }; then
  rm -f "$node_key.new"
  # generate-node-key writes the key to the file and the (public) peer ID to stderr, into the log.
  if ! interruptible "$binary" key generate-node-key --file "$node_key.new" || [ ! -s "$node_key.new" ] ||
    ! chmod 600 "$node_key.new" || ! mv "$node_key.new" "$node_key"; then
    say "cannot generate a node key at $node_key" >&2
    exit 2
  fi
  say "generated this node's key on its volume ($node_key)"
fi
if [ ! -f "$node_key" ] || [ ! -r "$node_key" ]; then
  say "$node_key is not a readable file: the node cannot read its key" >&2
  exit 2
fi
set -- "$@" --node-key-file="$node_key"

p2p_advertised
if [ -n "$ADVERTISE_HOST" ]; then
  public="/${ADVERTISE_HOST_KIND}4/$ADVERTISE_HOST/tcp/$ADVERTISE_PORT"
  say "advertising $public to peers ($P2P_EXPOSURE)"
  set -- "$@" --public-addr="$public"
fi

if [ -n "${PEER_ID_DIR:-}" ]; then
  interruptible "$binary" key inspect-node-key --file "$node_key" >"$scratch/own-peer-id" || {
    say "cannot derive this node's peer ID from $node_key" >&2
    exit 2
  }
  own_id="$(tr -d '[:space:]' <"$scratch/own-peer-id")"
  if ! valid_peer_id "$own_id"; then
    say "$node_key gives no valid peer ID: \"$own_id\"" >&2
    exit 2
  fi
  if ! { mkdir -p "$PEER_ID_DIR" && printf '%s\n' "$own_id" >"$PEER_ID_DIR/.peer-id.new" &&
    mv "$PEER_ID_DIR/.peer-id.new" "$PEER_ID_DIR/peer-id"; }; then
    say "cannot publish this node's peer ID in $PEER_ID_DIR" >&2
    exit 2
  fi
  say "published peer ID $own_id for the reserved peers"
fi

# One reserved peer's published peer ID into $scratch/reserved-peer-id (not .../peer-id: the
# StatefulSet publishes this node's own ID in /tmp/peer-id, and scratch is /tmp); fails while the
# peer has none (yet).
fetch_peer_id() {
  http_request "$1" "$peer_id_port" GET /peer-id || return 1
  [ "$HTTP_STATUS" = 200 ] || return 1
  if ! valid_peer_id "$HTTP_BODY"; then
    say "$1 publishes no valid peer ID: \"$HTTP_BODY\"" >&2
    return 1
  fi
  printf '%s' "$HTTP_BODY" >"$scratch/reserved-peer-id"
}
for host in ${RESERVED_PEERS:-}; do
  wait_until "$host to publish its peer ID" "$peer_id_wait" fetch_peer_id "$host"
  peer_id="$(cat "$scratch/reserved-peer-id")"
  say "reserved peer $host ($peer_id)"
  set -- "$@" --reserved-nodes="/dns4/$host/tcp/$P2P_PORT/p2p/$peer_id"
done
if [ "$reserved_only" -eq 1 ]; then set -- "$@" --reserved-only; fi

hold_for_maintenance "the node"
exec "$binary" "$@"
