#!/bin/sh
# Starts the Lighthouse beacon node and becomes it with exec: it is the container's
# PID 1, receives the kubelet's SIGTERM itself and closes its database within the
# grace period. Nothing runs before exec that could be interrupted halfway.
#
# It drives geth through the engine API on 127.0.0.1 with the JWT from the mounted
# Secret file (never the command line or the environment) and starts from a
# checkpoint (CHECKPOINT_SYNC_URL; synth refuses one with credentials in it).
# Inbound peers are not advertised (p2p.exposure none): it dials out.
#
# Environment (set by the coin definition, overridable per service in config):
#   BEACON_NETWORK   mainnet, sepolia...     BEACON_PORT   beacon API (HTTP)
#   AUTH_PORT        geth's engine API       P2P_PORT      libp2p TCP and discovery UDP
#   QUIC_PORT        libp2p QUIC (UDP)       TARGET_PEERS  default 100
#   CHECKPOINT_SYNC_URL  beacon API to start from (empty: genesis sync, needs an override)
#   METRICS_PORT     Prometheus metrics at /metrics (none when unset)
#   BEACON_BINARY    default lighthouse
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"

: "${BEACON_NETWORK:?}" "${BEACON_PORT:?}" "${AUTH_PORT:?}" "${P2P_PORT:?}" "${QUIC_PORT:?}" "${DATA_DIR:?}"
jwt="${SECRETS_DIR:-/secrets}/jwt.hex"
secret jwt.hex >/dev/null

# The first liveness check after this start records the head slot instead of comparing it.
liveness_reset beacon

target_peers="$(setting TARGET_PEERS 100)"
set -- beacon_node --network="$BEACON_NETWORK" --datadir="$DATA_DIR" \
  --http --http-address=0.0.0.0 --http-port="$BEACON_PORT" \
  --execution-endpoint="http://127.0.0.1:$AUTH_PORT" --execution-jwt="$jwt" \
  --port="$P2P_PORT" --quic-port="$QUIC_PORT" --target-peers="$target_peers" --disable-upnp
if [ -n "${CHECKPOINT_SYNC_URL:-}" ]; then set -- "$@" --checkpoint-sync-url="$CHECKPOINT_SYNC_URL"; fi
# Metrics on every address: only the monitoring namespace may reach the port (NetworkPolicy).
if [ -n "${METRICS_PORT:-}" ]; then set -- "$@" --metrics --metrics-address=0.0.0.0 --metrics-port="$METRICS_PORT"; fi

hold_for_maintenance "lighthouse"
exec "${BEACON_BINARY:-lighthouse}" "$@"
