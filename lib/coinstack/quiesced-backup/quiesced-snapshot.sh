#!/bin/sh
# A quiesced snapshot of one ordinal's volume (services.<name>.backup.quiesce), run by the coin's
# CronJob on the backup's schedule (lib/coinstack/quiesced-backup):
#
#   1. only while the pod is Ready (a snapshot of a pod that is not in sync is no backup);
#   2. writes QUIESCE_KEY into the ConfigMap QUIESCE_CONFIG_MAP, `stopped <epoch>`: the pod's init
#      holds its daemons until that second at most (coinstacks/lib/probe-lib.sh, maintenance_state);
#   3. deletes the pod: its daemons stop as on any restart (the kubelet's TERM, their own clean
#      shutdown), and the StatefulSet controller starts it again, held;
#   4. once the old pod is gone, creates a VolumeSnapshot of CLAIM in SNAPSHOT_CLASS, labelled
#      coinstacks.io/quiesced-backup=BACKUP, and waits until its point in time is fixed
#      (status.creationTime; the snapshot's blocks are copied afterwards);
#   5. removes QUIESCE_KEY (always, also when a step failed): the daemons start within
#      MAINTENANCE_POLL_SECONDS;
#   6. deletes this backup's snapshots older than RETAIN_DAYS, keeping the newest ready one.
#
# POSIX sh with curl, jq, cat, date and sleep (the monitor image, lib/coinstack/monitor-image.ts).
# Environment:
#   NAMESPACE, POD, CLAIM        whose volume
#   BACKUP                       this backup's name (the CronJob's), the snapshots' label
#   QUIESCE_CONFIG_MAP, QUIESCE_KEY
#   SNAPSHOT_CLASS               the VolumeSnapshotClass (ebs-scheduled: its EBS snapshot goes with it)
#   RETAIN_DAYS                  how long a snapshot is kept
#   STOP_SECONDS                 how long the old pod may take to stop (its grace period and a margin)
#   SNAPSHOT_SECONDS             how long the snapshot may take to fix its point in time (default 900)
#   POLL_SECONDS                 (default 5)
#   API_LIB                      the shared API calls (default /scripts/api-lib.sh), which read
#                                KUBERNETES_API, SERVICE_ACCOUNT_DIR and WORK_DIR
set -eu

# shellcheck source=SCRIPTDIR/../api-job/api-lib.sh
. "${API_LIB:-/scripts/api-lib.sh}"
poll="${POLL_SECONDS:-5}"
label="coinstacks.io/quiesced-backup"
pod_url="$api/api/v1/namespaces/$NAMESPACE/pods/$POD"
config_map_url="$api/api/v1/namespaces/$NAMESPACE/configmaps/$QUIESCE_CONFIG_MAP"
snapshots_url="$api/apis/snapshot.storage.k8s.io/v1/namespaces/$NAMESPACE/volumesnapshots"
stop_seconds="${STOP_SECONDS:-900}"
snapshot_seconds="${SNAPSHOT_SECONDS:-900}"

# set_quiesce VALUE: writes QUIESCE_KEY (a JSON string), or removes it (null).
set_quiesce() {
  status="$(call PATCH "$config_map_url" "{\"data\":{\"$QUIESCE_KEY\":$1}}" application/merge-patch+json)"
  [ "$status" = 200 ]
}

# Set once QUIESCE_KEY is written: only then is there anything to resume.
resumed=yes
resume() {
  [ -z "$resumed" ] || return 0
  resumed=yes
  if set_quiesce null; then
    say "resumed: $POD's daemons start once the pod sees $QUIESCE_KEY gone"
  else
    say "error: could not remove $QUIESCE_KEY from $QUIESCE_CONFIG_MAP (HTTP $status $(answer)); $POD's daemons start when its time has passed"
  fi
}
trap resume EXIT
trap 'exit 143' TERM INT

status="$(call GET "$pod_url")"
[ "$status" = 200 ] || fail "reading pod $POD: HTTP $status $(answer); no snapshot taken"
[ "$(jq -r '[.status.conditions[]? | select(.type == "Ready")][0].status // empty' "$response")" = True ] ||
  fail "pod $POD is not Ready: a snapshot of it would be no backup; no snapshot taken"
old_uid="$(field .metadata.uid)"

now="$(epoch now)"
set_quiesce "\"stopped $((now + stop_seconds + snapshot_seconds + 60))\"" ||
  fail "writing $QUIESCE_KEY into $QUIESCE_CONFIG_MAP: HTTP $status $(answer); no snapshot taken"
resumed=""
say "stopping $POD's daemons for a quiesced snapshot of $CLAIM"
status="$(call DELETE "$pod_url")"
case "$status" in
  200 | 202) ;;
  *) fail "deleting pod $POD: HTTP $status $(answer); no snapshot taken" ;;
esac

deadline=$((now + stop_seconds))
while :; do
  status="$(call GET "$pod_url")"
  if [ "$status" = 404 ] || { [ "$status" = 200 ] && [ "$(field .metadata.uid)" != "$old_uid" ]; }; then
    break
  fi
  [ "$(epoch now)" -lt "$deadline" ] || fail "pod $POD did not stop within $stop_seconds s; no snapshot taken"
  sleep "$poll"
done

snapshot="$CLAIM-quiesced-$(date -u +%Y%m%d-%H%M%S)"
status="$(call POST "$snapshots_url" "{\"apiVersion\":\"snapshot.storage.k8s.io/v1\",\"kind\":\"VolumeSnapshot\",\"metadata\":{\"name\":\"$snapshot\",\"labels\":{\"$label\":\"$BACKUP\"}},\"spec\":{\"volumeSnapshotClassName\":\"$SNAPSHOT_CLASS\",\"source\":{\"persistentVolumeClaimName\":\"$CLAIM\"}}}")"
[ "$status" = 201 ] || fail "creating VolumeSnapshot $snapshot: HTTP $status $(answer)"
deadline=$(($(epoch now) + snapshot_seconds))
while :; do
  status="$(call GET "$snapshots_url/$snapshot")"
  error="$(field .status.error.message 2>/dev/null || true)"
  [ -z "$error" ] || fail "VolumeSnapshot $snapshot failed: $error"
  [ -z "$(field .status.creationTime 2>/dev/null || true)" ] || break
  [ "$(epoch now)" -lt "$deadline" ] || fail "VolumeSnapshot $snapshot has no point in time after $snapshot_seconds s (kubectl -n $NAMESPACE describe volumesnapshot $snapshot)"
  sleep "$poll"
done
say "VolumeSnapshot $snapshot holds $CLAIM as of $(field .status.creationTime), taken with the daemons stopped"
resume

status="$(call GET "$snapshots_url?labelSelector=$label%3D$BACKUP")"
[ "$status" = 200 ] || fail "listing this backup's snapshots: HTTP $status $(answer)"
cutoff="$(($(epoch now) - ${RETAIN_DAYS:?} * 86400))"
expired="$(jq -r --argjson cutoff "$cutoff" '
  [.items[] | select(.status.readyToUse == true)] | sort_by(.metadata.creationTimestamp) | .[:-1][]
  | select((.metadata.creationTimestamp | fromdateiso8601) < $cutoff) | .metadata.name' "$response")"
for old in $expired; do
  status="$(call DELETE "$snapshots_url/$old")"
  case "$status" in
    200 | 202 | 404) say "deleted VolumeSnapshot $old, older than $RETAIN_DAYS days" ;;
    *) fail "deleting VolumeSnapshot $old: HTTP $status $(answer)" ;;
  esac
done
