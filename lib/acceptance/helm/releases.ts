/**
 * The Helm releases of a synth output: every `helm_release` of every stack,
 * with where its chart is, the values it passes and the Kubernetes version of
 * the cluster it goes to.
 */
import { join } from "node:path";
import type { Manifest, StackJson } from "../../ci/synth";
import { environmentOf } from "../../ci/plan-matrix";
import { SUPPORTED_KUBERNETES_VERSIONS, type EnvironmentConfig } from "../../config/schema";
import { isLocalChart } from "../../policy/checks/helm";
import { list } from "../../policy/json";

/** The project's own chart (a cdktf asset directory) or an upstream chart pinned by name and version. */
export type ChartSource = { readonly kind: "own"; readonly dir: string } | { readonly kind: "upstream"; readonly name: string; readonly version: string; readonly repository: string };

export interface HelmReleaseInput {
  readonly stack: string;
  /** `helm_release.<name>`. */
  readonly address: string;
  readonly releaseName: string;
  readonly namespace: string;
  readonly chart: ChartSource;
  /** The `values` attribute: Terraform template strings, each a YAML (here JSON) document. */
  readonly values: readonly string[];
  /** `x.y.z` of the cluster the release is installed in. */
  readonly kubeVersion: string;
  /** Addresses of the helm_releases of the same stack this one depends on. */
  readonly dependsOn: readonly string[];
}

/**
 * Clusters from a kubeconfig (the local environment) have no version in
 * config: render for the newest version the project supports, what a fresh
 * kind or minikube cluster runs.
 */
export const DEFAULT_KUBERNETES_VERSION = SUPPORTED_KUBERNETES_VERSIONS.at(-1)!;

function kubeVersion(stack: string, environments: readonly EnvironmentConfig[]): string {
  const name = environmentOf(stack, environments.map((e) => e.name));
  const version = environments.find((e) => e.name === name)?.cluster?.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  return `${version}.0`;
}

function chartSource(release: any, stackDir: string): ChartSource {
  if (isLocalChart(release)) return { kind: "own", dir: join(stackDir, String(release.chart)) };
  return { kind: "upstream", name: String(release.chart), version: String(release.version), repository: String(release.repository) };
}

/** `helm_release.x` addresses among `depends_on` (written bare or, wrongly, as `${…}`). */
function releaseDependencies(release: any): string[] {
  return list(release.depends_on).flatMap((entry) => /helm_release\.[\w-]+/.exec(String(entry)) ?? []);
}

export function helmReleases(outdir: string, manifest: Manifest, stacks: ReadonlyMap<string, StackJson>, environments: readonly EnvironmentConfig[]): HelmReleaseInput[] {
  return [...stacks].flatMap(([stack, json]) => {
    const stackDir = join(outdir, manifest.stacks[stack]?.workingDirectory ?? join("stacks", stack));
    return Object.entries((json.resource?.helm_release ?? {}) as Record<string, any>).map(([name, release]) => ({
      stack,
      address: `helm_release.${name}`,
      releaseName: String(release.name),
      namespace: String(release.namespace ?? "default"),
      chart: chartSource(release, stackDir),
      values: list(release.values).map(String),
      kubeVersion: kubeVersion(stack, environments),
      dependsOn: releaseDependencies(release),
    }));
  });
}
