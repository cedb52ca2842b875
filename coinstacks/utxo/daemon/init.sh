#!/bin/sh
# Starts a bitcoind-family daemon (bitcoind, litecoind, dogecoind; Bitcoin Cash
# Node's binary is also bitcoind) and becomes it with exec: the daemon is the
# container's PID 1, so the kubelet's SIGTERM reaches it directly and it flushes
# its caches within the pod's grace period. No trap is needed (nothing runs
# between start and exec that could be interrupted halfway).
#
# RPC credentials go from the mounted Secret into a private config file, never
# onto the command line or into the environment. The advertised P2P address is
# derived from POD_INDEX.
#
# Environment (set by the coin definition, overridable per service in config):
#   DAEMON_BINARY   daemon executable (name on PATH or absolute path)
#   RPC_PORT        JSON-RPC port            P2P_PORT   peer-to-peer port
#   NETWORK_FLAG    -testnet, -regtest... (empty on mainnet)
#   ZMQ_PORT        blockbook's notification socket on 127.0.0.1 (default 28332)
#   TXINDEX         1 keeps the transaction index blockbook reads (default 1)
#   RPC_WORK_QUEUE  RPC queue depth; blockbook fans out (default 1100)
#   DBCACHE_MB      UTXO cache in MiB (default: the daemon's own)
#   MAX_MEMPOOL_MB  mempool limit in MiB (default: the daemon's own)
#   RUNTIME_DIR     writable scratch directory for the rendered config (default /tmp)
#   P2P_EXPOSURE, POD_INDEX, P2P_ADVERTISE_HOST | P2P_ADVERTISE_HOST_TEMPLATE,
#   P2P_ADVERTISE_PORT_STRIDE, P2P_PORT_NAME, P2P_ADVERTISE_PORT_BASE_<P2P_PORT_NAME>
#                   per-pod inbound address (set by the construct when p2p.exposure is not none)
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"

: "${DAEMON_BINARY:?}" "${RPC_PORT:?}" "${P2P_PORT:?}" "${DATA_DIR:?}"
runtime="${RUNTIME_DIR:-/tmp}"
conf="$runtime/daemon.conf"
umask 077
user="$(secret rpc-username)"
pass="$(secret rpc-password)"
# The daemon's config format ends a value at '#' (a comment) and at a line break.
case "$user$pass" in
  *'#'* | *"
"*)
    say "rpc-username and rpc-password must not contain '#' or a line break (the daemon's config cannot hold them)" >&2
    exit 2
    ;;
esac
{
  printf 'rpcuser=%s\n' "$user"
  printf 'rpcpassword=%s\n' "$pass"
} >"$conf.tmp"
mv -f "$conf.tmp" "$conf"
unset user pass

# The first liveness check after this start records the height instead of comparing it.
liveness_reset daemon

txindex="$(setting TXINDEX 1)"
work_queue="$(setting RPC_WORK_QUEUE 1100)"
zmq="tcp://127.0.0.1:$(setting ZMQ_PORT 28332)"
# RPC on loopback only: its clients are all in this pod (blockbook's rpc_url is 127.0.0.1, the probes
# run in this container), so nothing outside the pod may reach it, whatever a NetworkPolicy or Service
# admits. Both flags are given because every bitcoind lineage pinned here (Core 26, Litecoin 0.21,
# Dogecoin 1.14, BCHN 27) ignores -rpcbind without -rpcallowip; with both it binds exactly 127.0.0.1.
set -- -conf="$conf" -datadir="$DATA_DIR" -printtoconsole=1 -server=1 -disablewallet=1 \
  -rpcport="$RPC_PORT" -rpcbind=127.0.0.1 -rpcallowip=127.0.0.1 -rpcworkqueue="$work_queue" \
  -port="$P2P_PORT" -listen=1 -txindex="$txindex" \
  -zmqpubhashtx="$zmq" -zmqpubhashblock="$zmq"
if [ -n "${NETWORK_FLAG:-}" ]; then set -- "$@" "$NETWORK_FLAG"; fi
if [ -n "${DBCACHE_MB:-}" ]; then
  dbcache="$(setting DBCACHE_MB)"
  set -- "$@" -dbcache="$dbcache"
fi
if [ -n "${MAX_MEMPOOL_MB:-}" ]; then
  max_mempool="$(setting MAX_MEMPOOL_MB)"
  set -- "$@" -maxmempool="$max_mempool"
fi

# Inbound peers: advertise this pod's own address (NodePort: node IP + base + ordinal; LoadBalancer: p2p-<ordinal> name).
p2p_advertised
if [ -n "$ADVERTISE_HOST" ]; then
  say "advertising $ADVERTISE_HOST:$ADVERTISE_PORT to peers ($P2P_EXPOSURE, pod $POD_INDEX)"
  set -- "$@" -externalip="$ADVERTISE_HOST:$ADVERTISE_PORT"
fi

hold_for_maintenance "the daemon"
exec "$DAEMON_BINARY" "$@"
