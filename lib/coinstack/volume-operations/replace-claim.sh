#!/bin/sh
# Replaces one ordinal's data claim for coins.<coin>.volumeOperations (restore, resync): run once by
# the Job the coin stack creates for the claim's latest entry (lib/coinstack/volume-operations).
#
# It deletes exactly the claim it reads (by uid, and only while that claim is older than
# REQUESTED_AT) and then that ordinal's pod. The StatefulSet controller creates no pod while the
# claim is being deleted; once the old pod is gone it creates the claim again from its template,
# and the claim binds to SNAPSHOT_VOLUME, the PersistentVolume made from the snapshot and reserved
# for this claim (restore), or to a new empty volume (resync). The old volume is never deleted: its
# reclaim policy is Retain, and its name is printed. Run again, it finds the claim newer than
# REQUESTED_AT (or on SNAPSHOT_VOLUME) and does nothing.
#
# POSIX sh with curl, jq, cat, date and sleep (the monitor image, lib/coinstack/monitor-image.ts).
# Environment:
#   NAMESPACE, CLAIM, POD    what to replace
#   REQUESTED_AT             UTC time of the config entry, 2026-12-01T20:00:00Z
#   REASON                   the config entry's reason, printed
#   SNAPSHOT_VOLUME          restore: the PersistentVolume the new claim must bind to
#   WAIT_SECONDS             how long the old pod may take to stop and the new claim to bind (default 1800)
#   POLL_SECONDS             (default 5)
#   KUBERNETES_API           (default https://kubernetes.default.svc)
#   SERVICE_ACCOUNT_DIR      token and CA (default the mounted service account's)
#   WORK_DIR                 scratch files: the response body, the token header (default /tmp)
set -eu

api="${KUBERNETES_API:-https://kubernetes.default.svc}"
account="${SERVICE_ACCOUNT_DIR:-/var/run/secrets/kubernetes.io/serviceaccount}"
work="${WORK_DIR:-/tmp}"
claim_url="$api/api/v1/namespaces/$NAMESPACE/persistentvolumeclaims/$CLAIM"
pod_url="$api/api/v1/namespaces/$NAMESPACE/pods/$POD"
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

# call METHOD URL [BODY]: prints the HTTP status; the response body is left in $response.
call() {
  if [ $# -gt 2 ]; then
    curl -sS --max-time 30 --cacert "$account/ca.crt" -H "@$work/authorization" -H 'Content-Type: application/json' \
      -X "$1" -o "$response" -w '%{http_code}' --data "$3" "$2" || true
  else
    curl -sS --max-time 30 --cacert "$account/ca.crt" -H "@$work/authorization" -X "$1" -o "$response" -w '%{http_code}' "$2" || true
  fi
}

# field JQ_PATH: a field of the last response, empty when absent.
field() {
  jq -r "$1 // empty" "$response"
}

epoch() {
  date -u -d "$1" +%s
}

say "replacing claim $CLAIM of pod $POD in $NAMESPACE (requested $REQUESTED_AT): $REASON"
status="$(call GET "$claim_url")"
case "$status" in
  200) ;;
  404) fail "claim $CLAIM does not exist: nothing to replace (is the ordinal below replicas, and deployed?)" ;;
  *) fail "reading claim $CLAIM: HTTP $status $(cat "$response" 2>/dev/null || true)" ;;
esac
old_uid="$(field .metadata.uid)"
old_volume="$(field .spec.volumeName)"
created="$(field .metadata.creationTimestamp)"
if [ -n "${SNAPSHOT_VOLUME:-}" ] && [ "$old_volume" = "$SNAPSHOT_VOLUME" ]; then
  say "claim $CLAIM is on $SNAPSHOT_VOLUME already: nothing to do"
  exit 0
fi
if [ "$(epoch "$created")" -ge "$(epoch "$REQUESTED_AT")" ]; then
  say "claim $CLAIM was created at $created, not before $REQUESTED_AT: it is the replacement; nothing to do"
  exit 0
fi

say "deleting claim $CLAIM (uid $old_uid, volume ${old_volume:-none}); the volume is kept"
status="$(call DELETE "$claim_url" "{\"apiVersion\":\"v1\",\"kind\":\"DeleteOptions\",\"preconditions\":{\"uid\":\"$old_uid\"}}")"
case "$status" in
  200 | 202 | 404) ;;
  409) fail "claim $CLAIM changed since it was read (uid $old_uid): run the Job again" ;;
  *) fail "deleting claim $CLAIM: HTTP $status $(cat "$response" 2>/dev/null || true)" ;;
esac
say "deleting pod $POD: it stops as on any restart, and the claim goes once it has"
status="$(call DELETE "$pod_url")"
case "$status" in
  200 | 202 | 404) ;;
  *) fail "deleting pod $POD: HTTP $status $(cat "$response" 2>/dev/null || true)" ;;
esac

deadline=$(($(epoch now) + ${WAIT_SECONDS:-1800}))
while :; do
  status="$(call GET "$claim_url")"
  if [ "$status" = 200 ] && [ "$(field .metadata.uid)" != "$old_uid" ] && [ "$(field .status.phase)" = Bound ]; then
    break
  fi
  [ "$(epoch now)" -lt "$deadline" ] || fail "claim $CLAIM is not bound again after ${WAIT_SECONDS:-1800} s (last HTTP $status, phase $(field .status.phase 2>/dev/null || true)); see kubectl -n $NAMESPACE describe pvc $CLAIM"
  sleep "${POLL_SECONDS:-5}"
done
new_volume="$(field .spec.volumeName)"
if [ -n "${SNAPSHOT_VOLUME:-}" ] && [ "$new_volume" != "$SNAPSHOT_VOLUME" ]; then
  fail "claim $CLAIM bound to $new_volume, not to $SNAPSHOT_VOLUME"
fi
say "claim $CLAIM is on volume $new_volume now; the old volume ${old_volume:-none} is Released and kept (kubectl get pv ${old_volume:-})"
