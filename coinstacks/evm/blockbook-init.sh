#!/bin/sh
# Starts blockbook for an EVM chain once geth answers, then becomes it with exec, so
# the kubelet's SIGTERM reaches blockbook directly and it closes RocksDB cleanly.
# Its config holds no credential (geth's JSON-RPC has none; it is reachable only
# inside the coinstack), so the mounted template is used as it is.
#
# Waiting for geth: blockbook gives up after two minutes without its backend, and
# geth can take longer to open its database. The wait is the one place where exec
# has not happened yet, so TERM and INT are trapped there: the pod stops at once.
#
# Environment:
#   DATA_DIR                   blockbook's database directory
#   BACKEND_RPC_PORT           geth's HTTP JSON-RPC on 127.0.0.1 (waited for)
#   BACKEND_RPC_PATH           its path (avalanche's C-chain: /ext/bc/C/rpc; default none)
#   BLOCKBOOK_PORT             public API (default 8001)
#   BLOCKBOOK_INTERNAL_PORT    internal API and metrics (default 9030)
#   BLOCKBOOK_WORKERS          1 disables bulk import, which does not survive a kill (default 1)
#   BACKEND_WAIT_INTERVAL      seconds between backend checks (default 5)
#   BLOCKBOOK_BINARY           default /bin/blockbook
#   BLOCKBOOK_CONFIG           default /blockbook-config.json
set -eu
# shellcheck source=SCRIPTDIR/../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"

: "${DATA_DIR:?}" "${BACKEND_RPC_PORT:?}"
interval="$(setting BACKEND_WAIT_INTERVAL 5)"
workers="$(setting BLOCKBOOK_WORKERS 1)"
public_port="$(setting BLOCKBOOK_PORT 8001)"
internal_port="$(setting BLOCKBOOK_INTERNAL_PORT 9030)"
backend="http://127.0.0.1:$BACKEND_RPC_PORT${BACKEND_RPC_PATH:-}"

liveness_reset indexer

# The blockbook image has curl and jq (blockbook/init.sh relies on them too). jq -n with
# input fails on an empty body, which plain jq -e accepts (jq 1.6).
backend_answers() {
  curl -sS --fail -m "${RPC_TIMEOUT:-5}" --noproxy '*' -H 'content-type: application/json' \
    --data '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}' "$backend" 2>/dev/null |
    jq -ne 'input | .result | type == "string"' >/dev/null 2>&1
}

stop_before_start blockbook
hold_for_maintenance "blockbook"
wait_until "the backend at $backend" "$interval" backend_answers

exec "${BLOCKBOOK_BINARY:-/bin/blockbook}" -blockchaincfg="${BLOCKBOOK_CONFIG:-/blockbook-config.json}" -datadir="$DATA_DIR" -sync \
  -public=":$public_port" -internal=":$internal_port" \
  -logtostderr -workers="$workers"
