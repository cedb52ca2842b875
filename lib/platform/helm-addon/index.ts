import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { platformLabels } from "../../core/names";
import { terraformJson } from "../../core/terraform-text";

/** Pod Security Standard a namespace enforces. */
export enum PodSecurityLevel {
  RESTRICTED = "restricted",
  BASELINE = "baseline",
  /** Only for add-ons that need host access (node-exporter). */
  PRIVILEGED = "privileged",
}

/** A chart pinned to one exact version from one repository. */
export interface PinnedChart {
  readonly repository: string;
  readonly chart: string;
  /** Exact version; ranges are refused by the policy checks. */
  readonly version: string;
}

export interface HelmAddonProps {
  readonly releaseName: string;
  readonly namespace: string;
  readonly chart: PinnedChart;
  /** Chart values; serialized as one JSON document (JSON is YAML). */
  readonly values: object;
  /** @default PodSecurityLevel.RESTRICTED */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Seconds Helm waits for the release to become ready. Fresh nodes pulling
   * images routinely exceed the provider's 300 s default.
   * @default 900
   */
  readonly timeoutSeconds?: number;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
  /** Create the namespace here; false when another add-on already owns it. @default true */
  readonly createNamespace?: boolean;
}

/**
 * One Helm release in its own namespace. The namespace is a Terraform
 * resource (not Helm's create_namespace) so it carries Pod Security labels.
 * Releases are atomic: a failed upgrade rolls back instead of leaving a
 * half-applied platform.
 */
export class HelmAddon extends Construct {
  readonly release: Release;
  readonly namespace?: NamespaceV1;
  readonly chart: PinnedChart;

  constructor(scope: Construct, id: string, props: HelmAddonProps) {
    super(scope, id);
    this.chart = props.chart;
    const level = props.podSecurity ?? PodSecurityLevel.RESTRICTED;
    if (props.createNamespace ?? true) {
      this.namespace = new NamespaceV1(this, "namespace", {
        metadata: {
          name: props.namespace,
          labels: {
            ...platformLabels(props.releaseName),
            "pod-security.kubernetes.io/enforce": level,
            "pod-security.kubernetes.io/audit": PodSecurityLevel.RESTRICTED,
            "pod-security.kubernetes.io/warn": PodSecurityLevel.RESTRICTED,
          },
        },
      });
    }
    this.release = new Release(this, "release", {
      name: props.releaseName,
      namespace: props.namespace,
      repository: props.chart.repository,
      chart: props.chart.chart,
      version: props.chart.version,
      values: [terraformJson(props.values)],
      atomic: true,
      cleanupOnFail: true,
      wait: true,
      waitForJobs: true,
      timeout: props.timeoutSeconds ?? 900,
      maxHistory: 10,
      dependsOn: [...(this.namespace ? [this.namespace] : []), ...(props.dependsOn ?? [])],
    });
  }

  /** Adds a values document after the chart's own; Helm merges maps key by key and replaces lists. */
  addValues(values: object): void {
    // valuesInput is what was set; the `values` getter would be a reference to the resource's own attribute.
    this.release.values = [...(this.release.valuesInput ?? []), terraformJson(values)];
  }
}
