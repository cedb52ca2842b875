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
