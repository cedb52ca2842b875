/** EbsSnapshotClass (lib/platform/snapshot-class) on its own, synthesized with `Testing.synthScope`. */
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { EbsSnapshotClass } from "../../lib/platform/snapshot-class";
import { schemaProblems } from "../../lib/policy/schemas";

const synthesized = Testing.synthScope((scope) => new EbsSnapshotClass(scope, "snapshots", { environment: "prod" }));
const named = (name: string): Record<string, any> => Object.values<{ manifest: Record<string, any> }>(JSON.parse(synthesized).resource.kubernetes_manifest).find((r) => r.manifest.metadata.name === name)!.manifest;
const manifest = (): Record<string, any> => named("ebs-retain");

describe("the EBS VolumeSnapshotClass", () => {
  it("keeps the EBS snapshot when its VolumeSnapshot is deleted", () => {
    expect(synthesized).toHaveResourceWithProperties(Manifest, { manifest: expect.objectContaining({ kind: "VolumeSnapshotClass", driver: "ebs.csi.aws.com", deletionPolicy: "Retain" }) });
  });
  it("is the default class, named as the coinstacks refer to it", () => {
    expect(manifest().metadata).toEqual(expect.objectContaining({ name: "ebs-retain", annotations: { "snapshot.storage.kubernetes.io/is-default-class": "true" } }));
  });
  it("tags each snapshot with its environment, namespace and name", () => {
    expect(manifest().parameters).toEqual({
      tagSpecification_1: "coinstacks.io/environment=prod",
      tagSpecification_2: "coinstacks.io/namespace={{ .VolumeSnapshotNamespace }}",
      tagSpecification_3: "coinstacks.io/snapshot={{ .VolumeSnapshotName }}",
    });
  });
  it("has a sibling, ebs-scheduled, whose EBS snapshots go with their VolumeSnapshots (the quiesced backups' retention), and is not the default", () => {
    const scheduled = named("ebs-scheduled");
    expect(scheduled).toMatchObject({ metadata: { name: "ebs-scheduled" }, deletionPolicy: "Delete", parameters: manifest().parameters });
    expect(scheduled.metadata.annotations).toBeUndefined();
    expect(schemaProblems(scheduled)).toEqual([]);
  });
  it("is valid against the CRD's schema", () => {
    expect(schemaProblems(manifest())).toEqual([]);
  });
  it("would be refused by that schema with another deletion policy or no driver", () => {
    const refused: Record<string, unknown> = { ...manifest(), deletionPolicy: "Keep", driver: undefined };
    expect(schemaProblems(refused)).toEqual([
      "snapshot.storage.k8s.io/v1/VolumeSnapshotClass: / must have required property 'driver'",
      "snapshot.storage.k8s.io/v1/VolumeSnapshotClass: /deletionPolicy must be equal to one of the allowed values",
    ]);
  });
});
