import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { StatefulSetV1 } from "@cdktf/provider-kubernetes/lib/stateful-set-v1";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { coinStack, container, podSpec, scriptsConfigMapData, statefulSet, synthCoin } from "../helpers/coinstack";
import { onlyResource, resourcesOf, type SynthesizedStack } from "../helpers/synth";

describe("dev-bitcoin", () => {
  const synthesized = Testing.synth(coinStack("bitcoin"));
  const stack = JSON.parse(synthesized) as SynthesizedStack;
  const sts = statefulSet(stack);
  const pod = podSpec(stack);
  // The services' containers, without the sidecars.
  const services = pod.container.filter((c: any) => c.name !== "bitcoin-probe-metrics");

  describe("namespace", () => {
    it("is the coinstack's only namespace", () => {
      expect(onlyResource(stack, "kubernetes_namespace_v1")).toBeDefined();
    });
    it("is coin-<asset> and enforces Pod Security restricted", () => {
      expect(synthesized).toHaveResourceWithProperties(NamespaceV1, {
        metadata: expect.objectContaining({
          name: "coin-bitcoin",
          labels: expect.objectContaining({
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/audit": "restricted",
            "pod-security.kubernetes.io/warn": "restricted",
          }),
        }),
      });
    });
    it("cannot be destroyed by Terraform (deleting it deletes every claim)", () => {
      expect(synthesized).toHaveResourceWithProperties(NamespaceV1, { lifecycle: expect.objectContaining({ prevent_destroy: true }) });
    });
    it("has a dedicated ServiceAccount without an API token", () => {
      expect(onlyResource(stack, "kubernetes_service_account_v1")).toBeDefined();
      expect(synthesized).toHaveResourceWithProperties(ServiceAccountV1, { automount_service_account_token: false });
      expect(pod.service_account_name).toBe("${kubernetes_service_account_v1." + resourcesOf(stack, "kubernetes_service_account_v1")[0]![0] + ".metadata[0].name}");
      expect(pod.automount_service_account_token).toBe(false);
    });
  });

  describe("scripts ConfigMap", () => {
    const data = scriptsConfigMapData(stack);
    it("holds <service>-<kind>.sh for every lifecycle script", () => {
      for (const service of ["daemon", "indexer"]) {
        for (const kind of ["init", "startup", "liveness", "readiness"]) expect(data[`${service}-${kind}.sh`]).toMatch(/^#!\/bin\/sh/);
      }
    });
    it("holds the extra config files", () => {
      expect(JSON.parse(data["indexer-blockbook-config.json"])).toMatchObject({ coin_shortcut: "BTC", rpc_url: "http://127.0.0.1:8332" });
    });
    it("rolls the pods when a script changes, through a checksum annotation", () => {
      expect(sts.spec.template.metadata.annotations["coinstacks.io/scripts-checksum"]).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  describe("StatefulSet", () => {
    it("is <asset>-sts governed by the headless Service", () => {
      expect(synthesized).toHaveResourceWithProperties(StatefulSetV1, {
        metadata: expect.objectContaining({ name: "bitcoin-sts" }),
        spec: expect.objectContaining({ service_name: "bitcoin-headless" }),
      });
    });
    it("runs one container per service named <asset>-<service>, then the sidecars", () => {
      expect(pod.container.map((c: any) => c.name)).toEqual(["bitcoin-daemon", "bitcoin-indexer", "bitcoin-probe-metrics"]);
    });
    it("starts services that have an init script with /init.sh", () => {
      expect(container(stack, "bitcoin-daemon").command).toEqual(["/init.sh"]);
    });
    it("probes with the service's scripts and the service's timing", () => {
      const daemon = container(stack, "bitcoin-daemon");
      expect(daemon.startup_probe).toMatchObject({ exec: { command: ["/startup.sh"] }, period_seconds: 30, failure_threshold: 60, timeout_seconds: 10 });
      expect(daemon.liveness_probe.exec.command).toEqual(["/liveness.sh"]);
      expect(container(stack, "bitcoin-indexer").readiness_probe).toMatchObject({ exec: { command: ["/readiness.sh"] }, period_seconds: 15, failure_threshold: 8 });
    });
    it("sets requests and limits on every container", () => {
      for (const c of pod.container) {
        expect(Object.keys(c.resources.requests).sort()).toEqual(["cpu", "memory"]);
        expect(Object.keys(c.resources.limits).sort()).toEqual(["cpu", "memory"]);
      }
    });
    it("runs pods as non-root 10001 with fsGroupChangePolicy OnRootMismatch and RuntimeDefault seccomp", () => {
      expect(pod.security_context).toEqual({
        run_as_non_root: true,
        run_as_user: "10001",
        run_as_group: "10001",
        fs_group: "10001",
        fs_group_change_policy: "OnRootMismatch",
        seccomp_profile: { type: "RuntimeDefault" },
      });
    });
    it("locks every container down: read-only root, no escalation, all capabilities dropped", () => {
      for (const c of pod.container) {
        expect(c.security_context).toMatchObject({
          allow_privilege_escalation: false,
          privileged: false,
          read_only_root_filesystem: true,
          run_as_non_root: true,
          capabilities: { drop: ["ALL"] },
        });
        expect(c.volume_mount).toContainEqual({ name: "tmp", mount_path: "/tmp" });
      }
    });
    it("gives daemons 600 s to flush on stop", () => {
      expect(pod.termination_grace_period_seconds).toBe(600);
    });
    it("manages pods in parallel and rolls updates by partition", () => {
      expect(sts.spec.pod_management_policy).toBe("Parallel");
      expect(sts.spec.update_strategy).toEqual([{ type: "RollingUpdate", rolling_update: [{ partition: 0 }] }]);
    });
    it("retains claims when deleted or scaled down", () => {
      expect(sts.spec.persistent_volume_claim_retention_policy).toEqual([{ when_deleted: "Retain", when_scaled: "Retain" }]);
    });
    it("labels with app/asset/tier and app.kubernetes.io/*, selecting on app/asset/tier only", () => {
      expect(sts.spec.selector.match_labels).toEqual({ app: "unchained", asset: "bitcoin", tier: "statefulservice" });
      expect(sts.spec.template.metadata.labels).toMatchObject({
        app: "unchained",
        asset: "bitcoin",
        tier: "statefulservice",
        "app.kubernetes.io/name": "bitcoin",
        "app.kubernetes.io/instance": "bitcoin",
        "app.kubernetes.io/managed-by": "cdktf",
      });
    });
    it("does not wait for rollout (syncs take days)", () => {
      expect(synthesized).toHaveResourceWithProperties(StatefulSetV1, { wait_for_rollout: false });
    });
    it("cannot be destroyed or replaced, and ignores its claim templates", () => {
      expect(synthesized).toHaveResourceWithProperties(StatefulSetV1, { lifecycle: { prevent_destroy: true, ignore_changes: ["spec[0].volume_claim_template"] } });
    });
    it("hands POD_INDEX from the downward API to every service's container", () => {
      for (const c of services) {
        expect(c.env).toContainEqual({ name: "POD_INDEX", value_from: { field_ref: { field_path: "metadata.labels['apps.kubernetes.io/pod-index']" } } });
      }
    });
    it("mounts credentials as read-only files, never as environment variables", () => {
      expect(pod.volume).toContainEqual({ name: "credentials", secret: { secret_name: "bitcoin-credentials", default_mode: "0440" } });
      for (const c of services) {
        expect(c.volume_mount).toContainEqual({ name: "credentials", mount_path: "/secrets", read_only: true });
        expect(c.env.some((e: any) => e.value_from?.secret_key_ref)).toBe(false);
      }
    });
    it("keeps the credentials from the probe-metrics sidecar, which serves /tmp's .prom files and needs none", () => {
      const sidecar = pod.container.find((c: any) => c.name === "bitcoin-probe-metrics");
      expect(sidecar.volume_mount.map((m: any) => m.name)).not.toContain("credentials");
      expect(sidecar.env).toEqual([]);
    });
    it("spreads its pods with one replica already, so raising replicas leaves the pod template, and the running pod, alone", () => {
      expect(pod.topology_spread_constraint).toHaveLength(2);
      expect(podSpec(synthCoin("bitcoin", { settings: { replicas: 2 } }))).toEqual(pod);
    });
  });

  it("emits a PodDisruptionBudget that never blocks every eviction", () => {
    expect(synthesized).toHaveResourceWithProperties(Manifest, {
      manifest: expect.objectContaining({
        kind: "PodDisruptionBudget",
        spec: {
          maxUnavailable: 1,
          unhealthyPodEvictionPolicy: "AlwaysAllow",
          selector: { matchLabels: { app: "unchained", asset: "bitcoin", tier: "statefulservice" } },
        },
      }),
    });
  });
});

describe("a coinstack with several replicas", () => {
  const stack = synthCoin("bitcoin", { settings: { replicas: 3, updatePartition: 2, podManagementPolicy: "OrderedReady" } });
  const pod = podSpec(stack);

  it("spreads pods over hosts strictly and over zones when it can", () => {
    expect(pod.topology_spread_constraint).toEqual([
      expect.objectContaining({ topology_key: "kubernetes.io/hostname", when_unsatisfiable: "DoNotSchedule", max_skew: 1 }),
      expect.objectContaining({ topology_key: "topology.kubernetes.io/zone", when_unsatisfiable: "ScheduleAnyway", max_skew: 1 }),
    ]);
  });
  it("takes pod management policy and partition from config", () => {
    const sts = statefulSet(stack);
    expect(sts.spec.pod_management_policy).toBe("OrderedReady");
    expect(sts.spec.update_strategy[0].rolling_update[0].partition).toBe(2);
    expect(sts.spec.replicas).toBe("3");
  });
});

describe("scheduling settings", () => {
  const pod = podSpec(
    synthCoin("bitcoin", {
      settings: {
        scheduling: {
          nodeSelector: { "coinstacks.io/pool": "chain" },
          tolerations: [{ key: "chain", operator: "Exists", effect: "NoSchedule" }],
          priorityClassName: "chain-critical",
          imagePullSecrets: ["registry"],
        },
      },
    }),
  );
  it("reach the pod spec", () => {
    expect(pod.node_selector).toEqual({ "coinstacks.io/pool": "chain" });
    expect(pod.toleration).toEqual([{ key: "chain", operator: "Exists", effect: "NoSchedule" }]);
    expect(pod.priority_class_name).toBe("chain-critical");
    expect(pod.image_pull_secrets).toEqual([{ name: "registry" }]);
  });
});

describe("maintenance mode (probes: false)", () => {
  const pod = podSpec(synthCoin("bitcoin", { settings: { probes: false } }));
  it("removes every probe", () => {
    for (const c of pod.container) {
      expect(c.startup_probe).toBeUndefined();
      expect(c.liveness_probe).toBeUndefined();
      expect(c.readiness_probe).toBeUndefined();
    }
  });
});

describe("zones in config", () => {
  const pod = podSpec(synthCoin("bitcoin", { settings: { scheduling: { zones: ["us-east-2a", "us-east-2b"] } } }));
  it("become required node affinity on topology.kubernetes.io/zone", () => {
    expect(pod.affinity.node_affinity.required_during_scheduling_ignored_during_execution.node_selector_term).toEqual([
      { match_expressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: ["us-east-2a", "us-east-2b"] }] },
    ]);
  });
});
