#!/bin/sh
# Starts blockbook once its backend answers, then becomes it with exec, so the
# kubelet's SIGTERM reaches blockbook directly and it closes RocksDB cleanly.
#
# blockbook's config embeds the backend's RPC credentials, so it is rendered
# here into RUNTIME_DIR (mode 600) from the template and the mounted Secret:
# never in the ConfigMap, git, the command line or the environment.
#
# Waiting for the backend: blockbook gives up after two minutes without its
# backend, and a daemon loading its block index can take longer, so this script
# waits (RPC down or warming up) before starting it. The wait is the one place
# where exec has not happened yet, so TERM and INT are trapped there: the pod
# stops at once instead of after the grace period.
#
# Environment:
#   DATA_DIR                   blockbook's database directory
#   BLOCKBOOK_PORT             public API (default 8001)
#   BLOCKBOOK_INTERNAL_PORT    internal API and metrics (default 9030)
#   BLOCKBOOK_WORKERS          1 disables bulk import, which does not survive a kill (default 1)
#   BACKEND_WAIT_INTERVAL      seconds between backend checks (default 5)
#   BLOCKBOOK_BINARY           default /bin/blockbook
#   BLOCKBOOK_CONFIG_TEMPLATE  default /blockbook-config.json (rpc_url is read from it)
#   RUNTIME_DIR                writable scratch directory (default /tmp)
set -eu
# shellcheck source=SCRIPTDIR/../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"

: "${DATA_DIR:?}"
template="${BLOCKBOOK_CONFIG_TEMPLATE:-/blockbook-config.json}"
config="${RUNTIME_DIR:-/tmp}/blockbook.json"
interval="$(setting BACKEND_WAIT_INTERVAL 5)"
workers="$(setting BLOCKBOOK_WORKERS 1)"
public_port="$(setting BLOCKBOOK_PORT 8001)"
internal_port="$(setting BLOCKBOOK_INTERNAL_PORT 9030)"

umask 077
user="$(secret rpc-username)"
pass="$(secret rpc-password)"
jq --arg user "$user" --arg pass "$pass" '.rpc_user = $user | .rpc_pass = $pass' "$template" >"$config.tmp"
mv -f "$config.tmp" "$config"
unset user pass

liveness_reset indexer

backend="$(jq -er '.rpc_url' "$template")"
stop_before_start blockbook
hold_for_maintenance "blockbook"
wait_until "the backend at $backend" "$interval" rpc "$backend" getblockchaininfo

exec "${BLOCKBOOK_BINARY:-/bin/blockbook}" -blockchaincfg="$config" -datadir="$DATA_DIR" -sync \
  -public=":$public_port" -internal=":$internal_port" \
  -logtostderr -workers="$workers"
