/**
 * The README's runbooks, each a config change: the synth diff it produces is the one the README
 * shows, and it changes nothing but what the runbook says.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../../lib/app";
import type { EnvironmentConfig } from "../../lib/config/schema";
import { blockingFindings, diffSynthDirs, type SynthDiffReport } from "../../lib/ci/synth-diff";
import { renderText } from "../../lib/ci/synth-diff-render";
import { variantOf } from "../helpers/config";
import { QUIESCED_BACKUP, RESTORE } from "../helpers/volume-operations";

const README = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");

function synthOf(env: EnvironmentConfig): string {
  const outdir = join(mkdtempSync(join(tmpdir(), "runbook-")), "cdktf.out");
  buildApp({ outdir, environments: [env] }).synth();
  return outdir;
}

/**
 * dev with bitcoin its only coin: the runbooks' diffs stay the same when a coin joins the catalog
 * or dev (README, "Adding a coin").
 */
function devWithBitcoin(change: (input: Record<string, any>) => void = () => undefined): EnvironmentConfig {
  return variantOf("dev", (input) => {
    input.coins = { bitcoin: input.coins.bitcoin };
    change(input);
  });
}

function diffOf(before: EnvironmentConfig, after: EnvironmentConfig): SynthDiffReport {
  return diffSynthDirs(synthOf(before), synthOf(after), { base: "main", head: "this change" });
}

/** The fenced block of the README that follows `marker`, without the indentation of its fence (a block in a list item). */
function readmeBlockAfter(marker: string): string {
  const lines = README.slice(README.indexOf(marker)).split("\n");
  const open = lines.findIndex((line) => line.trim() === "```");
  const indent = lines[open]!.indexOf("```");
  const close = lines.findIndex((line, i) => i > open && line.trim() === "```");
  return lines.slice(open + 1, close).map((line) => line.slice(indent)).join("\n");
}

describe("runbook: back up a service on a schedule", () => {
  const report = diffOf(
    devWithBitcoin(),
    devWithBitcoin((input) => (input.coins.bitcoin.services.daemon.backup = { schedule: "cron(0 3 * * ? *)", retainDays: 7, copyToRegion: "us-west-2" })),
  );
  it("adds the environment's vaults and backup role, and the service's plan and selection, and changes nothing else", () => {
    expect(report.stacks.filter((s) => s.status !== "unchanged").map((s) => s.stack)).toEqual(["dev-cluster", "dev-bitcoin"]);
    expect(report.stacks.flatMap((s) => s.resources.filter((r) => r.kind !== "added").map((r) => r.address))).toEqual([]);
    expect(blockingFindings(report)).toEqual([]);
  });
  it("is the synth diff the README shows", () => {
    expect(renderText(report).trim()).toBe(readmeBlockAfter("<!-- runbook: backups synth diff -->").trim());
  });
});

describe("runbook: grow a volume", () => {
  const grown = (size: string) => devWithBitcoin((input) => (input.coins.bitcoin.services.daemon.storage = { ...input.coins.bitcoin.services.daemon.storage, size }));
  const before = devWithBitcoin();
  const size = before.coins.bitcoin!.services.daemon!.storage!.size;
  const report = diffOf(before, grown(`${Number.parseInt(size, 10) + 100}Gi`));
  it("changes the daemon's claim in place (its size) and nothing else Terraform plans: the StatefulSet's template is ignored, so no pod restarts", () => {
    const changes = report.stacks.flatMap((s) => s.resources.map((r) => ({ type: r.type, kind: r.kind, paths: r.paths, ignored: r.ignoredPaths })));
    expect(changes).toEqual([
      { type: "kubernetes_persistent_volume_claim_v1", kind: "changed", paths: ["spec.resources.requests.storage"], ignored: [] },
      { type: "kubernetes_stateful_set_v1", kind: "changed", paths: [], ignored: ["spec.volume_claim_template[0].spec.resources.requests.storage"] },
    ]);
    expect(blockingFindings(report)).toEqual([]);
  });
  it("is the synth diff the README shows", () => {
    expect(renderText(report).trim()).toBe(readmeBlockAfter("<!-- runbook: grow synth diff -->").trim());
  });
});

describe("runbook: quiesced backups", () => {
  const twoReplicas = (change: (input: Record<string, any>) => void = () => undefined) =>
    devWithBitcoin((input) => {
      input.coins.bitcoin.replicas = 2;
      change(input);
    });
  const report = diffOf(twoReplicas(), twoReplicas((input) => (input.coins.bitcoin.services.daemon.backup = QUIESCED_BACKUP)));
  it("adds the CronJob with its account, Role, policies and script, and the quiesce ConfigMap; changes the pod template once; no AWS resource", () => {
    expect(report.stacks.filter((s) => s.status !== "unchanged").map((s) => s.stack)).toEqual(["dev-bitcoin"]);
    expect(changedOrRemoved(report)).toEqual([expect.stringMatching(/^changed kubernetes_stateful_set_v1\./)]);
    expect(report.stacks.flatMap((s) => s.resources.map((r) => r.type)).filter((type) => type.startsWith("aws_"))).toEqual([]);
  });
  it("is the synth diff the README shows", () => {
    expect(renderText(report).trim()).toBe(readmeBlockAfter("<!-- runbook: quiesced backup synth diff -->").trim());
  });
});

describe("runbook: take one ordinal out of service", () => {
  const report = diffOf(
    devWithBitcoin(),
    devWithBitcoin((input) => (input.coins.bitcoin.maintenance = [{ ordinal: 0, daemon: "stopped", until: "2026-12-05T00:00:00Z", reason: "re-sync after a corrupted chainstate" }])),
  );
  it("changes the coin's maintenance ConfigMap and its alert rules only: no pod template, so no pod restarts", () => {
    expect(report.stacks.filter((s) => s.status !== "unchanged").map((s) => s.stack)).toEqual(["dev-bitcoin"]);
    expect(report.stacks.flatMap((s) => s.resources.map((r) => `${r.kind} ${r.type}`))).toEqual(["changed kubernetes_config_map_v1", "changed kubernetes_manifest"]);
  });
  it("is the synth diff the README shows", () => {
    expect(renderText(report).trim()).toBe(readmeBlockAfter("<!-- runbook: maintenance synth diff -->").trim());
  });
});

/** What a volume operation's synth diff may hold: additions, the StatefulSet's replicas, no claim or volume changed or removed. */
function changedOrRemoved(report: SynthDiffReport): string[] {
  return report.stacks.flatMap((s) => s.resources.filter((r) => r.kind !== "added").map((r) => `${r.kind} ${r.address}`));
}

describe("runbook: restore one ordinal from a snapshot", () => {
  const report = diffOf(devWithBitcoin(), devWithBitcoin((input) => (input.coins.bitcoin.volumeOperations = [RESTORE])));
  it("only adds: the volume, its PersistentVolume and the Job with its account, roles, policy and script; no claim changes", () => {
    expect(report.stacks.filter((s) => s.status !== "unchanged").map((s) => s.stack)).toEqual(["dev-bitcoin"]);
    expect(changedOrRemoved(report)).toEqual([]);
    expect(blockingFindings(report)).toEqual([]);
  });
  it("is the synth diff the README shows", () => {
    expect(renderText(report).trim()).toBe(readmeBlockAfter("<!-- runbook: restore synth diff -->").trim());
  });
});

describe("runbook: seed new replicas from a snapshot", () => {
  const seeds = [
    { action: "seed", service: "daemon", ordinal: 1, snapshot: "snap-0123456789abcdef0", zone: "us-east-2a" },
    { action: "seed", service: "indexer", ordinal: 1, snapshot: "snap-0abcdef0123456789", zone: "us-east-2a" },
  ];
  const report = diffOf(
    devWithBitcoin(),
    devWithBitcoin((input) => {
      input.coins.bitcoin.replicas = 2;
      input.coins.bitcoin.volumeOperations = seeds;
    }),
  );
  it("adds the new ordinal's volumes, PersistentVolumes and claims and raises replicas; the pod template, so the running pod, stays", () => {
    expect(changedOrRemoved(report)).toEqual([expect.stringMatching(/^changed kubernetes_stateful_set_v1\./)]);
    const statefulSet = report.stacks.flatMap((s) => s.resources).find((r) => r.type === "kubernetes_stateful_set_v1")!;
    expect(statefulSet.paths).toEqual(["depends_on", "spec.replicas"]);
    expect(blockingFindings(report)).toEqual([]);
  });
  it("is the synth diff the README shows", () => {
    expect(renderText(report).trim()).toBe(readmeBlockAfter("<!-- runbook: seed synth diff -->").trim());
  });
});

describe("runbook: re-sync one ordinal from genesis", () => {
  const resync = { action: "resync", service: "indexer", ordinal: 0, requestedAt: "2026-12-01T20:00:00Z", reason: "blockbook index corrupted by an unclean stop" };
  const report = diffOf(devWithBitcoin(), devWithBitcoin((input) => (input.coins.bitcoin.volumeOperations = [resync])));
  it("only adds the Job with its account, roles, policy and script", () => {
    expect(changedOrRemoved(report)).toEqual([]);
    expect(report.stacks.flatMap((s) => s.resources.map((r) => r.type)).sort()).toEqual([
      "kubernetes_cluster_role_binding_v1",
      "kubernetes_cluster_role_v1",
      "kubernetes_config_map_v1",
      "kubernetes_job_v1",
      "kubernetes_network_policy_v1",
      "kubernetes_role_binding_v1",
      "kubernetes_role_v1",
      "kubernetes_service_account_v1",
    ]);
  });
  it("is the synth diff the README shows", () => {
    expect(renderText(report).trim()).toBe(readmeBlockAfter("<!-- runbook: resync synth diff -->").trim());
  });
});

describe("runbook: a quiesced snapshot of one ordinal", () => {
  const maintenance = [{ ordinal: 0, daemon: "stopped", until: "2026-12-02T00:00:00Z", reason: "quiesced snapshot before the 27.0 upgrade" }];
  const inMaintenance = (change: (input: Record<string, any>) => void = () => undefined) =>
    devWithBitcoin((input) => {
      input.coins.bitcoin.maintenance = maintenance;
      change(input);
    });
  const report = diffOf(inMaintenance(), inMaintenance((input) => (input.coins.bitcoin.volumeOperations = [{ action: "snapshot", service: "daemon", ordinal: 0, name: "before-27-0" }])));
  it("only adds the VolumeSnapshot", () => {
    expect(report.stacks.flatMap((s) => s.resources.map((r) => `${r.kind} ${r.type}`))).toEqual(["added kubernetes_manifest"]);
  });
  it("is the synth diff the README shows", () => {
    expect(renderText(report).trim()).toBe(readmeBlockAfter("<!-- runbook: snapshot synth diff -->").trim());
  });
});

describe("runbook: restore or seed from a VolumeSnapshot (any CSI driver; the local cluster)", () => {
  const snapshots = ["daemon", "indexer"].map((service) => ({ action: "snapshot", service, ordinal: 0, name: "before-27-0", class: "csi-hostpath-snapclass" }));
  /** local with the snapshots of step 1 taken, and then `operations` after them. */
  const local = (change: (input: Record<string, any>) => void = () => undefined) =>
    variantOf("local", (input) => {
      input.coins.bitcoin.volumeOperations = [...snapshots];
      change(input);
    });
  const restore = { action: "restore", service: "daemon", ordinal: 0, volumeSnapshot: "data-daemon-bitcoin-regtest-sts-0-before-27-0", requestedAt: "2026-12-01T20:00:00Z", reason: "chainstate corrupted after the disk filled up" };
  const seeds = ["daemon", "indexer"].map((service) => ({ action: "seed", service, ordinal: 1, volumeSnapshot: `data-${service}-bitcoin-regtest-sts-0-before-27-0` }));
  const restored = diffOf(local(), local((input) => input.coins.bitcoin.volumeOperations.push(restore)));
  const seeded = diffOf(
    local(),
    local((input) => {
      input.coins.bitcoin.replicas = 2;
      input.coins.bitcoin.volumeOperations.push(...seeds);
    }),
  );
  it("restore only adds: the Job with its account, roles, policy and script, and the admission policy that holds the claim", () => {
    expect(changedOrRemoved(restored)).toEqual([]);
    expect(blockingFindings(restored)).toEqual([]);
  });
  it("seed adds the new ordinal's claims and Jobs and raises replicas after them; the pod template, so the running pod, stays", () => {
    expect(changedOrRemoved(seeded)).toEqual([expect.stringMatching(/^changed kubernetes_stateful_set_v1\./)]);
    expect(seeded.stacks.flatMap((s) => s.resources).find((r) => r.type === "kubernetes_stateful_set_v1")!.paths).toEqual(["depends_on", "spec.replicas"]);
    expect(blockingFindings(seeded)).toEqual([]);
  });
  it("are the synth diffs the README shows", () => {
    expect(renderText(restored).trim()).toBe(readmeBlockAfter("<!-- runbook: restore from a VolumeSnapshot synth diff -->").trim());
    expect(renderText(seeded).trim()).toBe(readmeBlockAfter("<!-- runbook: seed from a VolumeSnapshot synth diff -->").trim());
  });
});
