/** Checklist section J: Helm releases. */
import type { Check, Finding, StackView } from "../check";
import { list } from "../json";

/** API groups whose CRDs each chart installs (with the values this project uses). */
export const CRD_GROUPS_BY_CHART: Record<string, readonly string[]> = {
  "cert-manager": ["cert-manager.io", "acme.cert-manager.io"],
  traefik: ["traefik.io", "traefik.containo.us", "hub.traefik.io"],
  "kube-prometheus-stack": ["monitoring.coreos.com"],
  "external-dns": ["externaldns.k8s.io"],
};

/** The chart a release installs: its name, or the directory name of a local chart. */
function chartOf(release: any): string {
  return String(release.chart).split("/").at(-1)!;
}

/** A chart packaged with the project (cdktf asset), versioned by its own Chart.yaml. */
export const isLocalChart = (release: any) => release.repository === undefined && String(release.chart).startsWith("assets/");

/**
 * `kubernetes_manifest` resources of a stack whose CRD a helm_release of the
 * same stack installs: the provider reads the CRD at plan time, before the
 * release that would install it has been applied.
 */
export function manifestsNeedingSameStackCrds(stack: { resource?: Record<string, Record<string, any>> }): string[] {
  const groups = new Set(Object.values(stack.resource?.helm_release ?? {}).flatMap((release) => CRD_GROUPS_BY_CHART[chartOf(release)] ?? []));
  return Object.entries(stack.resource?.kubernetes_manifest ?? {})
    .filter(([, manifest]) => {
      const apiVersion = String(manifest.manifest?.apiVersion ?? "");
      return apiVersion.includes("/") && groups.has(apiVersion.split("/")[0]!);
    })
    .map(([name, manifest]) => `${name} (${manifest.manifest.kind} ${manifest.manifest.apiVersion})`);
}

function values(release: any): any {
  try {
    return Object.assign({}, ...list(release.values).map((v) => JSON.parse(String(v))));
  } catch {
    return {};
  }
}

export const helmChecks: readonly Check[] = [
  {
    id: "J1",
    upstream: ["reliability rule"],
    title: "chart version pinned, repository fixed, atomic with wait and timeout",
    appliesTo: ["helm_release"],
    evaluate: (object) => {
      const release = object.body;
      const findings: Finding[] = [];
      if (!isLocalChart(release)) {
        if (!/^v?\d+\.\d+\.\d+$/.test(String(release.version ?? ""))) findings.push({ what: `chart version ${release.version ?? "unset (latest)"}`, fix: "pin an exact version in lib/platform/charts.ts" });
        if (!/^(https|oci):\/\//.test(String(release.repository ?? ""))) findings.push({ what: `repository ${release.repository ?? "unset"}`, fix: "name the chart's https or oci repository" });
      }
      if (release.atomic !== true) findings.push({ what: "atomic is not true", fix: "set atomic = true so a failed upgrade rolls back" });
      if (release.wait === false) findings.push({ what: "wait is false", fix: "wait for the release to be ready" });
      if (release.timeout === undefined) findings.push({ what: "no timeout", fix: "set an explicit timeout" });
      return findings;
    },
  },
  {
    id: "J2",
    upstream: ["cert-manager chart values (crds.enabled, crds.keep)"],
    title: "cert-manager installs and keeps its CRDs",
    appliesTo: ["helm_release"],
    selects: (object) => chartOf(object.body) === "cert-manager",
    evaluate: (object) => {
      const crds = values(object.body).crds ?? {};
      return crds.enabled === true && crds.keep === true ? [] : [{ what: `crds ${JSON.stringify(crds)}`, fix: "set crds.enabled and crds.keep to true: removing a CRD deletes every Certificate" }];
    },
  },
  {
    id: "J3",
    upstream: ["terraform-provider-kubernetes #1367", "#1917", "#2597"],
    title: "custom resources plan in a later stack than the release that installs their CRD",
    appliesTo: ["kubernetes_manifest"],
    evaluate: (object, stack: StackView) =>
      manifestsNeedingSameStackCrds({ resource: { ...stack.json.resource, kubernetes_manifest: { [object.name]: object.body } } }).map((m) => ({
        what: `${m} needs a CRD that a helm_release of the same stack installs`,
        fix: "render it through a Helm chart or move it to a later stack",
      })),
  },
];
