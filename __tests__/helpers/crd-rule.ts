/**
 * The rule "no stack may plan a kubernetes_manifest whose CRD a helm_release
 * of the same stack installs": the kubernetes provider reads the CRD's schema
 * at plan time, before the release that would install it has been applied.
 */
import type { SynthesizedStack } from "./synth";

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

/** `kubernetes_manifest` resources of a stack whose CRD a helm_release of the same stack installs. */
export function manifestsNeedingSameStackCrds(stack: SynthesizedStack): string[] {
  const groups = new Set(
    Object.values(stack.resource?.helm_release ?? {}).flatMap((release) => CRD_GROUPS_BY_CHART[chartOf(release)] ?? []),
  );
  return Object.entries(stack.resource?.kubernetes_manifest ?? {})
    .filter(([, manifest]) => {
      const apiVersion = String(manifest.manifest?.apiVersion ?? "");
      return apiVersion.includes("/") && groups.has(apiVersion.split("/")[0]!);
    })
    .map(([name, manifest]) => `${name} (${manifest.manifest.kind} ${manifest.manifest.apiVersion})`);
}
