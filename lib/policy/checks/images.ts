/** Checklist section B: container images. */
import { DEFAULT_IMAGE_REGISTRIES, DIGEST_PINNED as DIGEST, fromRegistry, isPinnedImage } from "../../config/coin-settings";
import type { Check, Finding, PolicyObject } from "../check";
import { type ContainerRef, containersOf, podTemplate, WORKLOAD_TYPES } from "../json";

/** One finding per container of the workload that fails `passes`. */
function containerFindings(object: PolicyObject, passes: (container: ContainerRef) => boolean, finding: (container: ContainerRef) => Finding): Finding[] {
  return containersOf(podTemplate(object)?.spec)
    .filter((container) => !passes(container))
    .map(finding);
}

export const imageChecks: readonly Check[] = [
  {
    id: "B1",
    upstream: ["CKV_K8S_14", "KSV013", "kube-score container-image-tag", "kube-linter latest-tag", "Polaris tagNotSpecified"],
    title: "image pinned to a tag other than latest, or to a digest",
    appliesTo: WORKLOAD_TYPES,
    evaluate: (object) =>
      containerFindings(
        object,
        (c) => typeof c.body.image === "string" && isPinnedImage(c.body.image),
        (c) => ({ what: `${c.label}: image ${JSON.stringify(c.body.image)} is not pinned`, fix: "pin a release tag (not latest) or a digest" }),
      ),
  },
  {
    id: "B2",
    upstream: ["CKV_K8S_43", "Gatekeeper k8simagedigests", "KICS Image Without Digest"],
    title: "image pinned by digest",
    appliesTo: WORKLOAD_TYPES,
    // A tag can be moved to other content; a digest cannot. An image accepted with a tag only is a waiver
    // with its reason in config/<env>.yaml, listed in the synth summary.
    evaluate: (object) =>
      containerFindings(
        object,
        (c) => DIGEST.test(String(c.body.image)),
        (c) => ({
          what: `${c.label}: image ${c.body.image} is pinned by tag only`,
          fix: "pin it as <image>:<tag>@sha256:<digest> in coins.<coin>.services.<service>.image, or waive B2 for this stack with the reason the tag is trusted",
        }),
      ),
  },
  {
    id: "B3",
    upstream: ["CKV_K8S_15", "kube-score container-image-pull-policy", "Polaris pullPolicyNotAlways"],
    title: "pull policy Always, or a digest-pinned image",
    appliesTo: WORKLOAD_TYPES,
    evaluate: (object) =>
      containerFindings(
        object,
        (c) => c.body.image_pull_policy === "Always" || DIGEST.test(String(c.body.image)),
        (c) => ({
          what: `${c.label}: image_pull_policy ${c.body.image_pull_policy ?? "unset"} with the mutable tag ${c.body.image}`,
          fix: "pin the image by digest (then IfNotPresent is safe) or pull Always",
        }),
      ),
  },
  {
    id: "B4",
    upstream: ["CIS EKS 5.1.1", "CIS EKS 5.1.4", "KSV034", "KSV035", "KSV125"],
    title: "images only from the allowed registries",
    appliesTo: WORKLOAD_TYPES,
    evaluate: (object, stack) => {
      const registries = stack.context.imageRegistries ?? DEFAULT_IMAGE_REGISTRIES;
      return containerFindings(
        object,
        (c) => fromRegistry(String(c.body.image), registries),
        (c) => ({
          what: `${c.label}: image ${c.body.image} is from none of ${registries.join(", ")}`,
          fix: "use an image from an allowed registry, or add its registry (and repository prefix) to policy.imageRegistries",
        }),
      );
    },
  },
];
