#!/bin/sh
# Replaces one ordinal's data claim for coins.<coin>.volumeOperations (restore, resync, and a seed
# from a VolumeSnapshot): run once by the Job the coin stack creates for the claim's latest entry
# (lib/coinstack/volume-operations).
#
# It deletes exactly the claim it reads (by uid, and only while that claim is older than
# REQUESTED_AT, and only while its volume's reclaim policy is Retain; a seed's only while it has no
# volume yet) and then that ordinal's pod. The
# StatefulSet controller creates no pod while the claim is being deleted; once the old pod is gone
# it creates the claim again from its template, and the claim binds to SNAPSHOT_VOLUME, the
# PersistentVolume made from an EBS snapshot and reserved for this claim (restore), or to a new
# empty volume (resync). From a VolumeSnapshot, the Job creates the new claim itself with the
# snapshot as its data source, and the ValidatingAdmissionPolicy CLAIM_POLICY refuses the
# controller's empty one meanwhile; the script checks that the policy is in force before it
# deletes anything. The old volume is never deleted: its reclaim policy is Retain, and its name is
# printed. Run again, it finds the claim newer than REQUESTED_AT (or on SNAPSHOT_VOLUME, or from
# VOLUME_SNAPSHOT) and does nothing.
#
# POSIX sh with curl, jq, cat, date and sleep (the monitor image, lib/coinstack/monitor-image.ts).
# Environment:
#   ACTION                   restore, resync or seed (default restore)
#   NAMESPACE, CLAIM, POD    what to replace
#   REQUESTED_AT             restore and resync: UTC time of the config entry, 2026-12-01T20:00:00Z
#   REASON                   the config entry's reason, printed
#   SNAPSHOT_VOLUME          restore from an EBS snapshot: the PersistentVolume the new claim must bind to
#   VOLUME_SNAPSHOT          from a VolumeSnapshot: its name, in NAMESPACE
#   CLAIM_MANIFEST           from a VolumeSnapshot: the claim to create (JSON, with its dataSourceRef)
#   CLAIM_POLICY             from a VolumeSnapshot: the ValidatingAdmissionPolicy that holds the claim for it
#   WAIT_SECONDS             how long the snapshot may take to be ready, the old pod to stop and the new claim to bind (default 1800)
#   POLL_SECONDS             (default 5)
#   API_LIB                  the shared API calls (default /scripts/api-lib.sh), which read
#                            KUBERNETES_API, SERVICE_ACCOUNT_DIR and WORK_DIR
set -eu

# shellcheck source=SCRIPTDIR/../api-job/api-lib.sh
. "${API_LIB:-/scripts/api-lib.sh}"
action="${ACTION:-restore}"
claims_url="$api/api/v1/namespaces/$NAMESPACE/persistentvolumeclaims"
claim_url="$claims_url/$CLAIM"
pod_url="$api/api/v1/namespaces/$NAMESPACE/pods/$POD"
snapshot_url="$api/apis/snapshot.storage.k8s.io/v1/namespaces/$NAMESPACE/volumesnapshots/${VOLUME_SNAPSHOT:-}"
poll="${POLL_SECONDS:-5}"

# Each wait (the snapshot, the dry run, the old claim's end, the binding) gets WAIT_SECONDS of its own.
start_waiting() {
  deadline=$(($(epoch now) + ${WAIT_SECONDS:-1800}))
}

# in_time WHAT [DETAILS]: fails saying WHAT is so after WAIT_SECONDS, then DETAILS, once the deadline
# has passed; else waits one poll.
in_time() {
  [ "$(epoch now)" -lt "$deadline" ] || fail "$1 after ${WAIT_SECONDS:-1800} s${2:-}"
  sleep "$poll"
}

# Whether the last claim read comes from VOLUME_SNAPSHOT.
from_volume_snapshot() {
  [ "$(jq -r '.spec.dataSourceRef | select(.kind == "VolumeSnapshot") | .name // empty' "$response")" = "$VOLUME_SNAPSHOT" ]
}

# Waits until VOLUME_SNAPSHOT is ready to use, and refuses one larger than the claim.
await_volume_snapshot() {
  start_waiting
  while :; do
    status="$(call GET "$snapshot_url")"
    case "$status" in
      200) ;;
      404) fail "VolumeSnapshot $VOLUME_SNAPSHOT does not exist in $NAMESPACE (kubectl -n $NAMESPACE get volumesnapshot): nothing was changed" ;;
      *) fail "reading VolumeSnapshot $VOLUME_SNAPSHOT: HTTP $status $(answer)" ;;
    esac
    error="$(field .status.error.message)"
    [ -z "$error" ] || fail "VolumeSnapshot $VOLUME_SNAPSHOT failed: $error; nothing was changed"
    [ "$(field .status.readyToUse)" != true ] || break
    in_time "VolumeSnapshot $VOLUME_SNAPSHOT is not ready to use" "; nothing was changed"
  done
  size="$(printf '%s' "$CLAIM_MANIFEST" | jq -r .spec.resources.requests.storage)"
  # Kubernetes quantities (binary and decimal suffixes) in bytes, to compare the two sizes.
  if ! jq -e --arg size "$size" '
      def bytes: capture("^(?<n>[0-9]+(\\.[0-9]+)?)(?<u>[KMGTPE]i|[kMGTPE]?)$")
        | (.n | tonumber) * {"": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
            Ki: 1024, Mi: 1048576, Gi: 1073741824, Ti: 1099511627776, Pi: 1125899906842624, Ei: 1152921504606846976}[.u];
      (.status.restoreSize // "0" | bytes) <= ($size | bytes)' "$response" >/dev/null; then
    fail "VolumeSnapshot $VOLUME_SNAPSHOT holds $(field .status.restoreSize), more than the claim's $size: raise the service's storage size first; nothing was changed"
  fi
  say "VolumeSnapshot $VOLUME_SNAPSHOT is ready to use ($(field .status.restoreSize))"
}

# Refuses to go on unless CLAIM_POLICY refuses a claim without the snapshot (a dry run): otherwise the
# StatefulSet controller could give the pod a new empty volume the moment the old claim is gone.
await_claim_hold() {
  start_waiting
  while :; do
    status="$(call POST "$claims_url?dryRun=All" "{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",\"metadata\":{\"name\":\"$CLAIM\"},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}}")"
    if [ "$status" = 403 ] && jq -e --arg policy "ValidatingAdmissionPolicy '$CLAIM_POLICY'" '.message // "" | contains($policy)' "$response" >/dev/null; then
      return 0
    fi
    [ "$(epoch now)" -lt "$deadline" ] || fail "ValidatingAdmissionPolicy $CLAIM_POLICY does not hold claim $CLAIM (a dry run got HTTP $status): is the cluster on Kubernetes 1.30 or later? Nothing was changed"
    sleep "$poll"
  done
}

# Refuses to delete a claim whose volume would go with it: the old volume is the one copy of that data.
require_retained_volume() {
  status="$(call GET "$api/api/v1/persistentvolumes/$old_volume")"
  [ "$status" = 200 ] || fail "reading volume $old_volume of claim $CLAIM: HTTP $status $(answer); nothing was changed"
  reclaim="$(field .spec.persistentVolumeReclaimPolicy)"
  [ "$reclaim" = Retain ] || fail "volume $old_volume of claim $CLAIM has reclaim policy $reclaim: deleting the claim would delete it. Keep it first (kubectl patch pv $old_volume -p '{\"spec\":{\"persistentVolumeReclaimPolicy\":\"Retain\"}}') and run the Job again; nothing was changed"
}

# Creates the claim from CLAIM_MANIFEST once the old one is gone.
create_claim() {
  start_waiting
  while :; do
    status="$(call GET "$claim_url")"
    if [ "$status" = 404 ]; then
      status="$(call POST "$claims_url" "$CLAIM_MANIFEST")"
      case "$status" in
        201) say "created claim $CLAIM from VolumeSnapshot $VOLUME_SNAPSHOT"; return 0 ;;
        409) ;;
        *) fail "creating claim $CLAIM: HTTP $status $(answer)" ;;
      esac
    elif [ "$status" = 200 ] && [ "$(field .metadata.uid)" != "${old_uid:-}" ]; then
      from_volume_snapshot || fail "claim $CLAIM was created again without VolumeSnapshot $VOLUME_SNAPSHOT (uid $(field .metadata.uid)), which ValidatingAdmissionPolicy $CLAIM_POLICY should have refused; its old volume ${old_volume:-none} is kept"
      return 0
    elif [ "$status" != 200 ]; then
      fail "reading claim $CLAIM: HTTP $status $(answer)"
    fi
    in_time "the old claim $CLAIM is still there" "; see kubectl -n $NAMESPACE get pod $POD"
  done
}

say "replacing claim $CLAIM of pod $POD in $NAMESPACE ($action${REQUESTED_AT:+, requested $REQUESTED_AT}): $REASON"
[ -z "${VOLUME_SNAPSHOT:-}" ] || await_volume_snapshot
status="$(call GET "$claim_url")"
case "$status" in
  200) ;;
  404) [ "$action" = seed ] || fail "claim $CLAIM does not exist: nothing to replace (is the ordinal below replicas, and deployed?)" ;;
  *) fail "reading claim $CLAIM: HTTP $status $(answer)" ;;
esac
if [ "$status" = 200 ]; then
  old_uid="$(field .metadata.uid)"
  old_volume="$(field .spec.volumeName)"
  created="$(field .metadata.creationTimestamp)"
  if [ -n "${VOLUME_SNAPSHOT:-}" ] && from_volume_snapshot; then
    say "claim $CLAIM is from VolumeSnapshot $VOLUME_SNAPSHOT already: nothing to do"
    exit 0
  fi
  if [ -n "${SNAPSHOT_VOLUME:-}" ] && [ "$old_volume" = "$SNAPSHOT_VOLUME" ]; then
    say "claim $CLAIM is on $SNAPSHOT_VOLUME already: nothing to do"
    exit 0
  fi
  if [ "$action" = seed ]; then
    [ -z "$old_volume" ] || fail "claim $CLAIM is on volume $old_volume already: a seed only starts a new ordinal, whose claim gets no volume before its pod starts (a WaitForFirstConsumer class); restore it instead. Nothing was changed"
  elif [ "$(epoch "$created")" -ge "$(epoch "$REQUESTED_AT")" ]; then
    say "claim $CLAIM was created at $created, not before $REQUESTED_AT: it is the replacement; nothing to do"
    exit 0
  fi
  [ -z "$old_volume" ] || require_retained_volume
  [ -z "${VOLUME_SNAPSHOT:-}" ] || await_claim_hold

  say "deleting claim $CLAIM (uid $old_uid, volume ${old_volume:-none}); the volume is kept"
  status="$(call DELETE "$claim_url" "{\"apiVersion\":\"v1\",\"kind\":\"DeleteOptions\",\"preconditions\":{\"uid\":\"$old_uid\"}}")"
  case "$status" in
    200 | 202 | 404) ;;
    409) fail "claim $CLAIM changed since it was read (uid $old_uid): run the Job again" ;;
    *) fail "deleting claim $CLAIM: HTTP $status $(answer)" ;;
  esac
  say "deleting pod $POD: it stops as on any restart, and the claim goes once it has"
  status="$(call DELETE "$pod_url")"
  case "$status" in
    200 | 202 | 404) ;;
    *) fail "deleting pod $POD: HTTP $status $(answer)" ;;
  esac
fi
[ -z "${VOLUME_SNAPSHOT:-}" ] || create_claim
if [ "$action" = seed ]; then
  say "claim $CLAIM starts from VolumeSnapshot $VOLUME_SNAPSHOT; it binds when pod $POD starts"
  exit 0
fi

start_waiting
while :; do
  status="$(call GET "$claim_url")"
  if [ "$status" = 200 ] && [ "$(field .metadata.uid)" != "$old_uid" ] && [ "$(field .status.phase)" = Bound ]; then
    break
  fi
  in_time "claim $CLAIM is not bound again" " (last HTTP $status, phase $(field .status.phase 2>/dev/null || true)); see kubectl -n $NAMESPACE describe pvc $CLAIM"
done
new_volume="$(field .spec.volumeName)"
if [ -n "${SNAPSHOT_VOLUME:-}" ] && [ "$new_volume" != "$SNAPSHOT_VOLUME" ]; then
  fail "claim $CLAIM bound to $new_volume, not to $SNAPSHOT_VOLUME"
fi
if [ -n "${VOLUME_SNAPSHOT:-}" ] && ! from_volume_snapshot; then
  fail "claim $CLAIM bound to $new_volume without VolumeSnapshot $VOLUME_SNAPSHOT as its source"
fi
say "claim $CLAIM is on volume $new_volume now; the old volume ${old_volume:-none} is Released and kept (kubectl get pv ${old_volume:-})"
