/**
 * What a Job of the coin that calls the Kubernetes API needs (the claim replacement, the quiesced
 * backup): a ServiceAccount, a Role with exactly the given rules, a NetworkPolicy that lets its pods
 * reach DNS and the API server only, its script in a ConfigMap, and the pod spec that runs the script
 * in the monitor image with a token that expires.
 */
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import type { JobV1SpecTemplateSpec } from "@cdktf/provider-kubernetes/lib/job-v1";
import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { RoleV1, type RoleV1Rule } from "@cdktf/provider-kubernetes/lib/role-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { apiServerEgress, KUBE_DNS_EGRESS } from "../../core/cluster-network";
import { terraformTextDeep } from "../../core/terraform-text";
import { MONITOR_IMAGE } from "../monitor-image";
import type { ResolvedCoinstack } from "../resolve";
import { restrictedPodSecurityContext, restrictedSecurityContext } from "../workload/containers";

/** The shell functions every such script sources (api, call, field, fail, ...), mounted next to it. */
export const API_LIB_SCRIPT = readFileSync(join(__dirname, "api-lib.sh"), "utf8");

/** Where the Job's token and the API server's CA are mounted. */
export const API_ACCESS_DIR = "/var/run/secrets/coinstacks/api";

export interface ApiJobProps {
  readonly coinstack: ResolvedCoinstack;
  /** The Job's (or CronJob's) name, and its ServiceAccount's, Role's, policy's and script's. */
  readonly name: string;
  readonly namespace: string;
  /** `app.kubernetes.io/component` of its objects. */
  readonly component: string;
  /** Everything its Role allows, in the namespace. */
  readonly rules: RoleV1Rule[];
  /** The script's file name and text (POSIX sh with the monitor image's tools). */
  readonly script: { readonly file: string; readonly text: string };
}

/** Made in its owner's scope (no construct of its own), so the resources' addresses are the owner's. */
export class ApiJob {
  readonly labels: Record<string, string>;
  /** What the Job waits for: its account, Role and binding, NetworkPolicy and script. */
  readonly prerequisites: ITerraformDependable[];
  private readonly podLabels: Record<string, string>;

  constructor(scope: Construct, private readonly props: ApiJobProps) {
    const { name, namespace } = props;
    this.labels = props.coinstack.names.jobLabels(props.component);
    this.podLabels = { [`coinstacks.io/${props.component}`]: name };
    const metadata = { name, namespace, labels: this.labels };
    this.prerequisites = [
      new ServiceAccountV1(scope, "service-account", { metadata, automountServiceAccountToken: false }),
      new RoleV1(scope, "role", { metadata, rule: props.rules }),
      new RoleBindingV1(scope, "role-binding", {
        metadata,
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
        subject: [{ kind: "ServiceAccount", name, namespace }],
      }),
      new NetworkPolicyV1(scope, "network-policy", {
        metadata,
        spec: { podSelector: { matchLabels: this.podLabels }, policyTypes: ["Ingress", "Egress"], egress: [KUBE_DNS_EGRESS, apiServerEgress(props.coinstack.env)] },
      }),
      new ConfigMapV1(scope, "script", { metadata, data: terraformTextDeep({ "api-lib.sh": API_LIB_SCRIPT, [props.script.file]: props.script.text }) }),
    ];
  }

  /** The pod template: the script with `env`, and a token valid for `seconds` and an hour more at least. */
  podTemplate(env: Record<string, string>, seconds: number): { metadata: { labels: Record<string, string> }; spec: JobV1SpecTemplateSpec } {
    const { name, script } = this.props;
    return {
      metadata: { labels: { ...this.labels, ...this.podLabels } },
      spec: {
        serviceAccountName: name,
        // A pod of the coin that calls the API: its token comes as an explicit projected volume that
        // expires when the Job would have given up, not the automounted one.
        automountServiceAccountToken: false,
        restartPolicy: "Never",
        enableServiceLinks: false,
        securityContext: restrictedPodSecurityContext(),
        container: [{
          name: script.file.replace(/\.sh$/, ""),
          image: MONITOR_IMAGE,
          // A run now and then: pulled fresh, so the tag names what the registry serves now.
          imagePullPolicy: "Always",
          command: ["/bin/sh", `/scripts/${script.file}`],
          env: Object.entries(terraformTextDeep({ ...env, SERVICE_ACCOUNT_DIR: API_ACCESS_DIR })).map(([key, value]) => ({ name: key, value })),
          resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
          securityContext: restrictedSecurityContext({ security: undefined }),
          volumeMount: [
            { name: "script", mountPath: "/scripts", readOnly: true },
            { name: "tmp", mountPath: "/tmp" },
            { name: "api-access", mountPath: API_ACCESS_DIR, readOnly: true },
          ],
        }],
        volume: [
          { name: "script", configMap: { name, defaultMode: "0555" } },
          { name: "tmp", emptyDir: { sizeLimit: "16Mi" } },
          {
            name: "api-access",
            projected: [{
              sources: [{
                serviceAccountToken: { path: "token", expirationSeconds: Math.max(3600, seconds + 600) },
                // Every namespace has this ConfigMap: the API server's CA, published by the control plane.
                configMap: [{ name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] }],
              }],
            }],
          },
        ],
        imagePullSecrets: this.props.coinstack.settings.scheduling.imagePullSecrets.map((secret) => ({ name: secret })),
      },
    };
  }
}
