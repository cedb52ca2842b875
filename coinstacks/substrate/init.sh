#!/bin/sh
# Starts a substrate node (polkadot) and becomes it with exec, so the kubelet's SIGTERM
# reaches the node directly: it closes its database cleanly within the pod's grace period.
#
# Before exec, the node's command line is built from the environment. The only step that
# takes time is deriving the public peer IDs of reserved peers from their node-key files
# (`<binary> key inspect-node-key --file`); it runs in the background while TERM and INT
# are trapped, so a pod stopped meanwhile exits at once instead of after the grace period.
#
# Node keys are files of the mounted Secret, passed by path (--node-key-file); a key never
# appears on a command line or in the environment. Without NODE_KEY_FILE the node keeps the
# key it generated itself on the data volume (full nodes outside protected mode).
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
#   NODE_KEY_FILE      key of the Secret holding this node's key; {index} is POD_INDEX
#   RESERVED_PEERS     space-separated KEYFILE@HOST entries: peers kept connected at all times,
#                      dialled at /dns4/HOST/tcp/P2P_PORT/p2p/<peer id derived from KEYFILE>
#   RESERVED_ONLY      1: connect to the reserved peers only (a protected validator) (default 0)
#   POD_NAME           node name shown to peers and telemetry
#   P2P_EXPOSURE, POD_INDEX, P2P_ADVERTISE_*  per-pod public address (see probe-lib.sh p2p_advertised)
set -eu
# shellcheck source=SCRIPTDIR/../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/substrate-lib.sh
. "${SUBSTRATE_LIB:-/substrate-lib.sh}"

: "${CHAIN_FLAG:?}" "${RPC_PORT:?}" "${P2P_PORT:?}" "${DATA_DIR:?}"
binary="${NODE_BINARY:-polkadot}"
secrets="${SECRETS_DIR:-/secrets}"
metrics_port="$(setting METRICS_PORT 9615)"

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
if [ "$(setting RPC_EXTERNAL 0)" -eq 1 ]; then set -- "$@" --rpc-external --rpc-methods=safe; fi

# A key file of the Secret, by name ({index} is this pod's ordinal); fails when it is missing.
key_file() {
  _name="$(printf '%s' "$1" | sed "s/{index}/${POD_INDEX:-0}/g")"
  if [ ! -s "$secrets/$_name" ]; then
    say "missing node key $secrets/$_name" >&2
    return 2
  fi
  printf '%s\n' "$secrets/$_name"
}

if [ -n "${NODE_KEY_FILE:-}" ]; then
  set -- "$@" --node-key-file="$(key_file "$NODE_KEY_FILE")"
fi

p2p_advertised
if [ -n "$ADVERTISE_HOST" ]; then
  public="/${ADVERTISE_HOST_KIND}4/$ADVERTISE_HOST/tcp/$ADVERTISE_PORT"
  say "advertising $public to peers ($P2P_EXPOSURE)"
  set -- "$@" --public-addr="$public"
fi

# Reserved peers: the multiaddr must name the peer ID, which is public but only known from
# the peer's key. Derived here, in the background, with TERM and INT trapped.
stop_before_start "the node"
peer_id_file="${RUNTIME_DIR:-/tmp}/peer-id"
for entry in ${RESERVED_PEERS:-}; do
  file="$(key_file "${entry%@*}")"
  interruptible "$binary" key inspect-node-key --file "$file" >"$peer_id_file" || {
    say "cannot derive the peer ID of ${entry#*@} from $file" >&2
    exit 2
  }
  peer_id="$(tr -d '[:space:]' <"$peer_id_file")"
  say "reserved peer ${entry#*@} ($peer_id)"
  set -- "$@" --reserved-nodes="/dns4/${entry#*@}/tcp/$P2P_PORT/p2p/$peer_id"
done
if [ "$(setting RESERVED_ONLY 0)" -eq 1 ]; then
  if [ -z "${RESERVED_PEERS:-}" ]; then
    say "RESERVED_ONLY=1 needs RESERVED_PEERS: the node would have no peer at all" >&2
    exit 2
  fi
  set -- "$@" --reserved-only
fi

exec "$binary" "$@"
