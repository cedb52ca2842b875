/** Gp3StorageClass (lib/platform/storage-class) on its own, synthesized with `Testing.synthScope`. */
import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { GP3_PARAMETERS, Gp3StorageClass, type Gp3StorageClassProps } from "../../lib/platform/storage-class";

const synthClass = (props: Partial<Gp3StorageClassProps> = {}): string =>
  Testing.synthScope((scope) => new Gp3StorageClass(scope, "gp3", { environment: "dev", ...props }));
const defaultAnnotation = (value: string) => ({ annotations: { "storageclass.kubernetes.io/is-default-class": value } });

describe("a Gp3StorageClass", () => {
  const synthesized = synthClass();

  it("is named gp3 and is the cluster default unless told otherwise", () => {
    expect(synthesized).toHaveResourceWithProperties(StorageClassV1, { metadata: expect.objectContaining({ name: "gp3", ...defaultAnnotation("true") }) });
  });
  it("takes another name, and can leave the default to another class", () => {
    expect(synthClass({ name: "chain", isDefault: false })).toHaveResourceWithProperties(StorageClassV1, {
      metadata: expect.objectContaining({ name: "chain", ...defaultAnnotation("false") }),
    });
  });
  it("provisions encrypted ext4 gp3 volumes through the EBS CSI driver", () => {
    expect(synthesized).toHaveResourceWithProperties(StorageClassV1, { storage_provisioner: "ebs.csi.aws.com", parameters: expect.objectContaining({ type: "gp3", encrypted: "true", fsType: "ext4" }) });
    expect(GP3_PARAMETERS).toEqual({ type: "gp3", encrypted: "true", fsType: "ext4" });
  });
  it("encrypts with the customer-managed key it is given, so snapshots can be copied and shared", () => {
    const keyArn = "arn:aws:kms:us-east-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    expect(synthClass({ kmsKeyArn: keyArn })).toHaveResourceWithProperties(StorageClassV1, { parameters: expect.objectContaining({ kmsKeyId: keyArn }) });
    const parameters = Object.values<{ parameters: Record<string, string> }>(JSON.parse(synthesized).resource.kubernetes_storage_class_v1)[0]!.parameters;
    expect(parameters.kmsKeyId).toBeUndefined();
  });
  it("tags each volume with its environment, and with its namespace and claim as the EBS CSI driver fills them in", () => {
    expect(synthesized).toHaveResourceWithProperties(StorageClassV1, {
      parameters: expect.objectContaining({
        tagSpecification_1: "coinstacks.io/environment=dev",
        tagSpecification_2: "coinstacks.io/namespace={{ .PVCNamespace }}",
        tagSpecification_3: "coinstacks.io/claim={{ .PVCName }}",
      }),
    });
  });
  it("retains volumes, binds on first consumer and grows in place", () => {
    expect(synthesized).toHaveResourceWithProperties(StorageClassV1, { reclaim_policy: "Retain", volume_binding_mode: "WaitForFirstConsumer", allow_volume_expansion: true });
  });
  it("cannot be destroyed by Terraform", () => {
    expect(synthesized).toHaveResourceWithProperties(StorageClassV1, { lifecycle: { prevent_destroy: true } });
  });
});
