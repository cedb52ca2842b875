/** Checklist section B: container images. */
import { isPinnedImage } from "../../coinstack/config";
import type { Check } from "../check";
import { containersOf, podTemplate, WORKLOAD_TYPES } from "../json";

const DIGEST = /@sha256:[0-9a-f]{64}$/;

export const imageChecks: readonly Check[] = [
  {
    id: "B1",
    upstream: ["CKV_K8S_14", "KSV013", "kube-score container-image-tag", "kube-linter latest-tag", "Polaris tagNotSpecified"],
    title: "image pinned to a tag other than latest, or to a digest",
    appliesTo: WORKLOAD_TYPES,
    evaluate: (object) =>
      containersOf(podTemplate(object)?.spec)
        .filter((c) => typeof c.body.image !== "string" || !isPinnedImage(c.body.image))
        .map((c) => ({ what: `${c.label}: image ${JSON.stringify(c.body.image)} is not pinned`, fix: "pin a release tag (not latest) or a digest" })),
  },
  {
    id: "B3",
    upstream: ["CKV_K8S_15", "kube-score container-image-pull-policy", "Polaris pullPolicyNotAlways"],
    title: "pull policy Always, or a digest-pinned image",
    appliesTo: WORKLOAD_TYPES,
    evaluate: (object) =>
      containersOf(podTemplate(object)?.spec)
        .filter((c) => c.body.image_pull_policy !== "Always" && !DIGEST.test(String(c.body.image)))
        .map((c) => ({
          what: `${c.label}: image_pull_policy ${c.body.image_pull_policy ?? "unset"} with the mutable tag ${c.body.image}`,
          fix: "pin the image by digest (then IfNotPresent is safe) or pull Always",
        })),
  },
];
