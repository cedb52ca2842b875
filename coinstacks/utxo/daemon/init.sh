#!/bin/sh
# Starts a bitcoind-family daemon (bitcoind, litecoind, dogecoind, bitcoind-cash).
# RPC credentials go from the mounted Secret into a private config file, never
# onto the command line; the advertised P2P address is derived from POD_INDEX;
# the shell then execs the daemon, so SIGTERM from the kubelet reaches it
# directly and it flushes its caches within the pod's grace period.
set -eu
. /probe-lib.sh

: "${DAEMON_BINARY:?}" "${RPC_PORT:?}" "${P2P_PORT:?}" "${DATA_DIR:?}"
conf="/tmp/daemon.conf"
umask 077
{
  printf 'rpcuser=%s\n' "$(secret rpc-username)"
  printf 'rpcpassword=%s\n' "$(secret rpc-password)"
} >"$conf"

set -- -conf="$conf" -datadir="$DATA_DIR" -printtoconsole -server=1 \
  -rpcport="$RPC_PORT" -rpcbind=0.0.0.0 -rpcallowip=0.0.0.0/0 \
  -port="$P2P_PORT" -listen=1 \
  -zmqpubhashtx="tcp://127.0.0.1:${ZMQ_PORT:-28332}" -zmqpubhashblock="tcp://127.0.0.1:${ZMQ_PORT:-28332}"
if [ -n "${NETWORK_FLAG:-}" ]; then set -- "$@" "$NETWORK_FLAG"; fi
if [ -n "${DBCACHE_MB:-}" ]; then set -- "$@" -dbcache="$DBCACHE_MB"; fi

# Inbound peers: advertise this pod's own address (NodePort: node IP + base + ordinal; LoadBalancer: p2p-<ordinal> name).
if [ -n "${P2P_EXPOSURE:-}" ]; then
  index="${POD_INDEX:?POD_INDEX is required to advertise a per-pod address}"
  base="$(printenv "P2P_ADVERTISE_PORT_BASE_${P2P_PORT_NAME:?}")"
  port=$((base + ${P2P_ADVERTISE_PORT_STRIDE:-0} * index))
  if [ -n "${P2P_ADVERTISE_HOST_TEMPLATE:-}" ]; then
    host="$(printf '%s' "$P2P_ADVERTISE_HOST_TEMPLATE" | sed "s/{index}/$index/")"
  else
    host="${P2P_ADVERTISE_HOST:?}"
  fi
  set -- "$@" -externalip="$host:$port"
fi

exec "$DAEMON_BINARY" "$@"
