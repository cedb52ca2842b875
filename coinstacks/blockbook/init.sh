#!/bin/sh
# Starts blockbook. Its config embeds the backend's RPC credentials, so it is
# rendered at start into /tmp from the template (/blockbook-config.json) and
# the mounted Secret, never stored in the ConfigMap or git. Then execs
# blockbook so SIGTERM lets it close its RocksDB cleanly.
set -eu
. /probe-lib.sh

config="/tmp/blockbook.json"
umask 077
jq --arg user "$(secret rpc-username)" --arg pass "$(secret rpc-password)" \
  '.rpc_user = $user | .rpc_pass = $pass' /blockbook-config.json >"$config"

exec /bin/blockbook -blockchaincfg="$config" -datadir="${DATA_DIR:?}" -sync \
  -public=":${BLOCKBOOK_PORT:-8001}" -internal=":${BLOCKBOOK_INTERNAL_PORT:-9030}" \
  -logtostderr -workers="${BLOCKBOOK_WORKERS:-1}"
