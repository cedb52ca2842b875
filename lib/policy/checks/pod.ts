/**
 * Checklist section A: pod and container spec of every workload the project
 * emits (StatefulSets today; Deployments, DaemonSets and Pods are read the same way).
 */
import { parseQuantity } from "../../config/quantity";
import type { Check, Finding, PolicyObject, StackView } from "../check";
import { holdsCredential } from "../../core/credential-name";
import { claimTemplateNames, containersOf, type ContainerRef, integer, list, one, podTemplate, STATEFUL_SET_TYPES, WORKLOAD_TYPES } from "../json";

/** kube-score, Checkov and Trivy disagree on the UID floor (>= 10000, > 10000); 10001 satisfies all. */
export const MIN_ID = 10001;
/** Bitcoin Core's systemd unit gives bitcoind 600 s to flush its caches (TimeoutStopSec=600). */
export const MIN_GRACE_SECONDS = 600;
const SHELLS = /^(\/(usr\/)?bin\/)?(ba|da|a)?sh$/;
const ALLOWED_VOLUMES = new Set(["config_map", "csi", "downward_api", "empty_dir", "ephemeral", "persistent_volume_claim", "projected", "secret"]);

/** A check over each container of each workload: `evaluate` returns the problem for one container, if any. */
function perContainer(
  base: Omit<Check, "appliesTo" | "evaluate">,
  problem: (container: ContainerRef, podSpec: any) => Finding | undefined,
): Check {
  return {
    ...base,
    appliesTo: WORKLOAD_TYPES,
    evaluate: (object) => {
      const spec = podTemplate(object)?.spec;
      return containersOf(spec).flatMap((c) => {
        const found = problem(c, spec);
        return found ? [{ what: `${c.label}: ${found.what}`, fix: found.fix }] : [];
      });
    },
  };
}

/** A check over each workload's pod spec. */
function perPod(base: Omit<Check, "appliesTo" | "evaluate">, problems: (spec: any, object: PolicyObject, stack: StackView) => Finding[], types = WORKLOAD_TYPES): Check {
  return { ...base, appliesTo: types, evaluate: (object, stack) => problems(podTemplate(object)?.spec ?? {}, object, stack) };
}

const securityContext = (container: ContainerRef) => one(container.body.security_context) ?? {};
const podSecurityContext = (spec: any) => one(spec?.security_context) ?? {};

/**
 * Containers that write one of the StatefulSet's data claims: the chain daemon and indexer, not
 * sidecars, and not a readiness monitor, which mounts its service's claim read-only.
 */
function dataContainers(object: PolicyObject): ContainerRef[] {
  const claims = new Set(claimTemplateNames(object));
  return containersOf(podTemplate(object)?.spec).filter((c) => list(c.body.volume_mount).some((m) => claims.has(m.name) && m.read_only !== true));
}

export const podChecks: readonly Check[] = [
  perPod(
    { id: "A1", upstream: ["CKV_K8S_23", "KSV012", "kube-linter run-as-non-root", "Polaris runAsRootAllowed", "PSS restricted"], title: "runAsNonRoot" },
    (spec) => {
      const podLevel = podSecurityContext(spec).run_as_non_root === true;
      return containersOf(spec).flatMap((c) => {
        const value = securityContext(c).run_as_non_root;
        if (value === false) return [{ what: `${c.label}: run_as_non_root is false`, fix: "remove the override or set it to true" }];
        if (!podLevel && value !== true) return [{ what: `${c.label}: run_as_non_root is not true (not set on the pod either)`, fix: "set runAsNonRoot: true in the pod securityContext" }];
        return [];
      });
    },
  ),
  perPod(
    { id: "A2", upstream: ["CKV_K8S_40", "KSV020", "KSV021", "kube-score container-security-context-user-group-id", "PSS restricted"], title: `UID, GID and fsGroup >= ${MIN_ID}` },
    (spec) => {
      const pod = podSecurityContext(spec);
      const low = (value: unknown) => value !== undefined && (integer(value) ?? 0) < MIN_ID;
      const findings: Finding[] = [];
      const fix = `run as UID/GID ${MIN_ID} or higher`;
      if (low(pod.fs_group)) findings.push({ what: `pod fs_group is ${pod.fs_group}`, fix: `set fsGroup to ${MIN_ID} or higher` });
      if (list(pod.supplemental_groups).some((g) => integer(g) === 0)) findings.push({ what: "pod supplemental_groups include 0 (root)", fix: "remove group 0" });
      for (const c of containersOf(spec)) {
        const own = securityContext(c);
        for (const key of ["run_as_user", "run_as_group"] as const) {
          const value = own[key] ?? pod[key];
          if (value === undefined) findings.push({ what: `${c.label}: ${key} is not set (the image decides, often root)`, fix });
          else if (low(value)) findings.push({ what: `${c.label}: ${key} is ${value}`, fix });
        }
      }
      return findings;
    },
  ),
  perContainer(
    { id: "A3", upstream: ["CKV_K8S_20", "KSV001", "CIS EKS 4.2.5", "Polaris privilegeEscalationAllowed"], title: "allowPrivilegeEscalation: false" },
    (c) => (securityContext(c).allow_privilege_escalation === false ? undefined : { what: "allow_privilege_escalation is not false (the default allows it)", fix: "set allowPrivilegeEscalation: false" }),
  ),
  perContainer(
    { id: "A4", upstream: ["CKV_K8S_16", "KSV017", "CIS EKS 4.2.1", "kube-score container-security-context-privileged"], title: "not privileged" },
    (c) => (securityContext(c).privileged === true ? { what: "privileged is true", fix: "remove privileged" } : undefined),
  ),
  perContainer(
    { id: "A5", upstream: ["CKV_K8S_28", "CKV_K8S_37", "CKV_K8S_25", "CKV_K8S_39", "KSV003", "KSV022", "PSS restricted"], title: "drop ALL capabilities, add none" },
    (c) => {
      const capabilities = one(securityContext(c).capabilities) ?? {};
      if (!list(capabilities.drop).includes("ALL")) return { what: 'capabilities.drop does not contain "ALL"', fix: 'set capabilities: {drop: ["ALL"]}' };
      if (list(capabilities.add).length > 0) return { what: `capabilities.add is ${JSON.stringify(capabilities.add)}`, fix: "add no capability (P2P and RPC ports are above 1024)" };
      return undefined;
    },
  ),
  perPod(
    { id: "A6", upstream: ["CKV_K8S_31", "KSV030", "KSV104", "Polaris linuxHardening", "PSS restricted"], title: "seccomp RuntimeDefault" },
    (spec) => {
      const allowed = (profile: any) => ["RuntimeDefault", "Localhost"].includes(one(profile)?.type);
      const podLevel = allowed(podSecurityContext(spec).seccomp_profile);
      return containersOf(spec).flatMap((c) => {
        const profile = one(securityContext(c).seccomp_profile);
        if (profile?.type === "Unconfined") return [{ what: `${c.label}: seccomp_profile is Unconfined`, fix: "use RuntimeDefault" }];
        if (!podLevel && !allowed(profile)) return [{ what: `${c.label}: no RuntimeDefault seccomp profile (pod or container)`, fix: "set seccompProfile: {type: RuntimeDefault} in the pod securityContext" }];
        return [];
      });
    },
  ),
  perContainer(
    { id: "A7", upstream: ["CKV_K8S_22", "KSV014", "kube-linter no-read-only-root-fs", "Polaris notReadOnlyRootFilesystem"], title: "read-only root filesystem" },
    (c) => (securityContext(c).read_only_root_filesystem === true ? undefined : { what: "read_only_root_filesystem is not true", fix: "set readOnlyRootFilesystem: true and mount an emptyDir where the image writes" }),
  ),
  perPod(
    { id: "A8", upstream: ["CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_19", "CKV_K8S_26", "KSV008", "KSV009", "KSV010", "KSV024", "CIS EKS 4.2.2-4.2.4"], title: "no host namespaces or host ports" },
    (spec) => [
      ...["host_network", "host_pid", "host_ipc"].filter((key) => spec[key] === true).map((key) => ({ what: `${key} is true`, fix: `remove ${key}` })),
      ...containersOf(spec).flatMap((c) =>
        list(c.body.port)
          .filter((p) => p.host_port !== undefined)
          .map((p) => ({ what: `${c.label}: port ${p.name ?? p.container_port} has host_port ${p.host_port}`, fix: "expose it through a Service, never a hostPort" })),
      ),
    ],
  ),
  perPod(
    { id: "A9", upstream: ["CKV_K8S_27", "KSV023", "KSV028", "Polaris hostPathSet", "PSS restricted volume types"], title: "only restricted volume types" },
    (spec) =>
      list(spec.volume).flatMap((volume) =>
        Object.keys(volume)
          .filter((key) => key !== "name" && !ALLOWED_VOLUMES.has(key))
          .map((key) => ({ what: `volume ${volume.name} is a ${key}`, fix: `use one of ${[...ALLOWED_VOLUMES].join(", ")}` })),
      ),
  ),
  perPod(
    { id: "A10", upstream: ["CKV_K8S_38", "CKV_K8S_41", "KSV036", "CIS EKS 4.1.5", "CIS EKS 4.1.6", "Polaris automountServiceAccountToken"], title: "no token automount; a dedicated ServiceAccount" },
    (spec, _object, stack) => {
      const findings: Finding[] = [];
      if (spec.automount_service_account_token !== false) {
        findings.push({ what: "automount_service_account_token is not false (the provider default is true)", fix: "set automountServiceAccountToken: false" });
      }
      const account = spec.service_account_name;
      if (account === undefined || account === "default") findings.push({ what: "the pod runs as the default ServiceAccount", fix: "create a ServiceAccount for the workload and name it" });
      else if (typeof account === "string" && account.startsWith("${") && !stack.referenced(account)) {
        findings.push({ what: `service_account_name ${account} is not a ServiceAccount of this stack`, fix: "reference the workload's own ServiceAccount" });
      }
      return findings;
    },
  ),
  {
    id: "A10",
    upstream: ["CKV_K8S_38", "CIS EKS 4.1.6"],
    title: "ServiceAccount does not automount its token",
    appliesTo: ["kubernetes_service_account_v1", "kubernetes_service_account"],
    evaluate: (object) =>
      object.body.automount_service_account_token === false ? [] : [{ what: "automount_service_account_token is not false", fix: "set automountServiceAccountToken: false on the ServiceAccount" }],
  },
  perContainer(
    { id: "A11", upstream: ["CKV_K8S_10", "CKV_K8S_11", "CKV_K8S_12", "CKV_K8S_13", "KSV011", "KSV015", "KSV016", "KSV018", "kube-score container-resources"], title: "CPU and memory requests and limits" },
    (c) => {
      const resources = one(c.body.resources) ?? {};
      const missing = ["requests", "limits"].flatMap((kind) => ["cpu", "memory"].filter((r) => resources[kind]?.[r] === undefined).map((r) => `${kind}.${r}`));
      if (missing.length > 0) return { what: `resources ${missing.join(", ")} not set`, fix: "set CPU and memory requests and limits" };
      const below = ["cpu", "memory"].filter((r) => (parseQuantity(String(resources.limits[r])) ?? 0) < (parseQuantity(String(resources.requests[r])) ?? 0));
      if (below.length > 0) return { what: `limits.${below[0]} ${resources.limits[below[0]!]} is below the request ${resources.requests[below[0]!]}`, fix: "raise the limit to at least the request" };
      return undefined;
    },
  ),
  {
    id: "A12",
    upstream: ["CKV_K8S_8", "CKV_K8S_9", "kube-score pod-probes", "kube-score pod-probes-identical", "Polaris readinessProbeMissing", "Polaris livenessProbeMissing"],
    title: "startup, liveness and readiness probes on data containers; liveness differs from readiness",
    appliesTo: STATEFUL_SET_TYPES,
    evaluate: (object) => {
      const containers = containersOf(podTemplate(object)?.spec);
      return dataContainers(object).flatMap((c) => {
        const mounts = new Set(list(c.body.volume_mount).map((m) => m.name));
        // Readiness may live in a monitor container that mounts the same data volume.
        const readiness = containers.filter((other) => list(other.body.volume_mount).some((m) => mounts.has(m.name))).map((o) => one(o.body.readiness_probe)).find(Boolean);
        const liveness = one(c.body.liveness_probe);
        const missing = [!one(c.body.startup_probe) && "startup", !liveness && "liveness", !readiness && "readiness"].filter(Boolean);
        if (missing.length > 0) return [{ what: `${c.label}: no ${missing.join(", ")} probe`, fix: "give the service startup, liveness and readiness scripts (or waive A12 while probes are off for maintenance)" }];
        if (JSON.stringify(liveness) === JSON.stringify(readiness)) return [{ what: `${c.label}: liveness probe is identical to readiness`, fix: "liveness must check that the process is alive, readiness that it serves" }];
        return [];
      });
    },
  },
  perContainer(
    { id: "A13", upstream: ["CKV_K8S_35", "CIS EKS 4.4.1", "kube-linter env-var-secret", "Polaris sensitiveContainerEnvVar"], title: "secrets as files, not environment variables" },
    (c) => {
      for (const env of list(c.body.env)) {
        if (one(one(env.value_from)?.secret_key_ref)) return { what: `env ${env.name} reads a Secret`, fix: "mount the Secret as files under /secrets" };
        if (env.value !== undefined && holdsCredential(env.name, env.value)) {
          return { what: `env ${env.name} holds a literal credential-like value`, fix: "mount credentials as files under /secrets" };
        }
      }
      return undefined;
    },
  ),
  perPod(
    { id: "A15", upstream: ["project rule: bitcoind TimeoutStopSec=600", "cculianu/Fulcrum#253"], title: `termination grace >= ${MIN_GRACE_SECONDS} s for data-bearing pods` },
    (spec) => {
      const grace = integer(spec.termination_grace_period_seconds);
      return grace !== undefined && grace >= MIN_GRACE_SECONDS
        ? []
        : [{ what: `termination_grace_period_seconds is ${spec.termination_grace_period_seconds ?? "unset (30 s)"}`, fix: `set terminationGracePeriodSeconds to at least ${MIN_GRACE_SECONDS} so daemons flush their caches` }];
    },
    STATEFUL_SET_TYPES,
  ),
  perPod(
    { id: "A16", upstream: ["kubernetes/kubernetes#69699", "kubernetes/kubernetes#130192"], title: "fsGroup with OnRootMismatch on data volumes" },
    (spec) => {
      const pod = podSecurityContext(spec);
      return pod.fs_group !== undefined && pod.fs_group_change_policy === "OnRootMismatch"
        ? []
        : [{ what: `fs_group ${pod.fs_group ?? "unset"}, fs_group_change_policy ${pod.fs_group_change_policy ?? "unset (Always)"}`, fix: `set fsGroup ${MIN_ID} and fsGroupChangePolicy: OnRootMismatch (a recursive chown of a chain volume takes hours)` }];
    },
    STATEFUL_SET_TYPES,
  ),
  {
    id: "A17",
    upstream: ["project rule", "bitcoin/bitcoin#20732"],
    title: "data containers run their daemon as PID 1 (exec form)",
    appliesTo: STATEFUL_SET_TYPES,
    evaluate: (object) =>
      dataContainers(object).flatMap((c) => {
        const command = list(c.body.command);
        if (!SHELLS.test(String(command[0] ?? "")) || command[1] !== "-c") return [];
        const script = String(command[2] ?? "").trim();
        const last = script.split(/;|&&|\n/).map((s) => s.trim()).filter(Boolean).at(-1) ?? "";
        return last.startsWith("exec ") ? [] : [{ what: `${c.label}: runs its daemon under a shell without exec, so SIGTERM never reaches it`, fix: "end the script with exec <daemon> or run the daemon directly" }];
      }),
  },
];
