#!/bin/sh
# Shared by every lifecycle script (mounted at /probe-lib.sh). POSIX sh plus curl and jq.

# Exits 0 (probe passes) when the operator dropped the kill-switch file for this probe:
#   touch "$DATA_DIR/disable_readiness"   (or disable_startup, disable_liveness)
probe_kill_switch() {
  if [ -e "${DATA_DIR:-/data}/disable_$1" ]; then
    echo "$1 probe disabled by ${DATA_DIR:-/data}/disable_$1"
    exit 0
  fi
}

# Reads one credential from the mounted Secret; never from the environment or the command line.
secret() {
  cat "${SECRETS_DIR:-/secrets}/$1"
}

# JSON-RPC call: rpc_call URL METHOD [PARAMS_JSON]. Prints the response body.
# Credentials go to curl on stdin (-K -), so they never appear in the process list.
rpc_call() {
  printf 'user = "%s:%s"\n' "$(secret rpc-username)" "$(secret rpc-password)" |
    curl -sS --fail-with-body -m "${RPC_TIMEOUT:-5}" -K - \
      -H 'content-type: application/json' \
      --data "{\"jsonrpc\":\"1.0\",\"id\":\"probe\",\"method\":\"$2\",\"params\":${3:-[]}}" \
      "$1"
}

# HTTP GET without credentials: http_get URL
http_get() {
  curl -sS --fail -m "${RPC_TIMEOUT:-5}" "$1"
}

# Liveness by progress: passes while HEIGHT has advanced within LIVENESS_WINDOW_SECONDS.
# Never fails on the first run (it only records the height) and never looks at sync status:
# a node catching up advances, and a node at the tip advances with the chain.
# Usage: height_advanced HEIGHT STATE_NAME
height_advanced() {
  state="${DATA_DIR:-/data}/.liveness-$2"
  window="${LIVENESS_WINDOW_SECONDS:-3600}"
  now="$(date +%s)"
  if [ ! -f "$state" ]; then
    echo "$1 $now" >"$state"
    return 0
  fi
  read -r last_height last_change <"$state"
  if [ "$1" -gt "$last_height" ]; then
    echo "$1 $now" >"$state"
    return 0
  fi
  if [ $((now - last_change)) -gt "$window" ]; then
    echo "not alive: height stuck at $1 for $((now - last_change))s (window ${window}s)"
    return 1
  fi
}
