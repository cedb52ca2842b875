#!/bin/sh
# shellcheck shell=sh
# Shared by the scripts of the coin's Jobs that call the Kubernetes API (lib/coinstack/api-job):
# mounted next to them at /scripts/api-lib.sh; they source "${API_LIB:-/scripts/api-lib.sh}".
# POSIX sh with curl, jq, cat and date (the monitor image, lib/coinstack/monitor-image.ts).
# Environment:
#   KUBERNETES_API           (default https://kubernetes.default.svc)
#   SERVICE_ACCOUNT_DIR      token and CA (default the mounted service account's)
#   WORK_DIR                 scratch files: the response body, the token header (default /tmp)

# shellcheck disable=SC2034 # read by the scripts that source this
api="${KUBERNETES_API:-https://kubernetes.default.svc}"
account="${SERVICE_ACCOUNT_DIR:-/var/run/secrets/kubernetes.io/serviceaccount}"
work="${WORK_DIR:-/tmp}"
response="$work/response.json"

say() {
  printf '%s\n' "$*"
}

fail() {
  say "error: $*"
  exit 1
}

# The token goes to curl in a header file, never on its command line.
printf 'Authorization: Bearer %s\n' "$(cat "$account/token")" >"$work/authorization"

# call METHOD URL [BODY [CONTENT_TYPE]]: prints the HTTP status; the response body is left in $response.
call() {
  if [ $# -gt 2 ]; then
    curl -sS --max-time 30 --cacert "$account/ca.crt" -H "@$work/authorization" -H "Content-Type: ${4:-application/json}" \
      -X "$1" -o "$response" -w '%{http_code}' --data "$3" "$2" || true
  else
    curl -sS --max-time 30 --cacert "$account/ca.crt" -H "@$work/authorization" -X "$1" -o "$response" -w '%{http_code}' "$2" || true
  fi
}

# field JQ_PATH: a field of the last response, empty when absent.
field() {
  jq -r "$1 // empty" "$response"
}

# The last response, for an error message.
answer() {
  cat "$response" 2>/dev/null || true
}

epoch() {
  date -u -d "$1" +%s
}
