#!/bin/sh
# Starts Nethermind and becomes it with exec: it is the container's PID 1, receives the kubelet's
# SIGTERM itself and closes its database within the grace period.
#
# Everything it writes stays on its volume (--data-dir: its database, keystore and logs). Its
# JSON-RPC (HTTP and websocket share the port) listens on every address: only the coinstack's pods
# may reach it (NetworkPolicy). The engine API listens on 127.0.0.1 only, for Lighthouse in the pod,
# with the JWT from the mounted Secret file (never the command line's value, never the environment).
# Every body and receipt is kept (the barriers at 0): blockbook indexes the whole history. The
# modules add Debug to Nethermind's default list, for blockbook's tracing of recent blocks.
# Inbound peers are not advertised (p2p.exposure none): it dials out.
# Options read in Nethermind's IJsonRpcConfig, INetworkConfig, ISyncConfig and the runner's
# --config and --data-dir (NethermindEth/nethermind); the image runs a newer release than read.
#
# Environment (set by the coin definition, overridable per service in config):
#   NETHERMIND_CONFIG  the chain's built-in config (gnosis)
#   RPC_PORT   JSON-RPC and websocket     AUTH_PORT   engine API     P2P_PORT   devp2p TCP and UDP
#   NETHERMIND_BINARY  default /nethermind/nethermind (the image's own path; its entrypoint)
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"

: "${NETHERMIND_CONFIG:?}" "${RPC_PORT:?}" "${AUTH_PORT:?}" "${P2P_PORT:?}" "${DATA_DIR:?}"
jwt="${SECRETS_DIR:-/secrets}/jwt.hex"
secret jwt.hex >/dev/null

set -- --config "$NETHERMIND_CONFIG" --data-dir "$DATA_DIR" \
  --JsonRpc.Enabled true --JsonRpc.Host 0.0.0.0 --JsonRpc.Port "$RPC_PORT" --Init.WebSocketsEnabled true \
  --JsonRpc.EnabledModules "[Eth,Subscribe,Trace,TxPool,Web3,Proof,Net,Parity,Health,Rpc,Debug]" \
  --JsonRpc.EngineHost 127.0.0.1 --JsonRpc.EnginePort "$AUTH_PORT" --JsonRpc.JwtSecretFile "$jwt" \
  --Network.P2PPort "$P2P_PORT" --Network.DiscoveryPort "$P2P_PORT" \
  --Sync.AncientBodiesBarrier 0 --Sync.AncientReceiptsBarrier 0

hold_for_maintenance "nethermind"
exec "${NETHERMIND_BINARY:-/nethermind/nethermind}" "$@"
