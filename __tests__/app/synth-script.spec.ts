/**
 * Build point 10: `npm run synth` synthesizes every environment with no AWS
 * credentials and prints a short table: stack, resource count, depends on.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatTable, summarize } from "../../scripts/synth";

const ROOT = join(__dirname, "..", "..");

/** A child environment with every AWS credential source removed. */
function withoutAws(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("AWS_") && key !== "COINSTACKS_ENVIRONMENTS") env[key] = value;
  }
  return {
    ...env,
    AWS_CONFIG_FILE: "/nonexistent/aws-config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
    AWS_EC2_METADATA_DISABLED: "true",
    ...extra,
  };
}

/** `npm run synth` as package.json defines it, run once for the whole file with no AWS credentials. */
const outdir = mkdtempSync(join(tmpdir(), "npm-synth-"));
const script = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts.synth as string;
const [command, ...args] = script.split(" ");
const run = spawnSync(command === "node" ? process.execPath : command!, args, {
  cwd: ROOT,
  env: withoutAws({ CDKTF_OUTDIR: outdir }),
  encoding: "utf8",
  timeout: 60_000,
});
if (run.status !== 0) throw new Error(`npm run synth failed (${run.status}):\n${run.stderr}`);
const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
const rows = summarize(outdir);
const table = formatTable(rows);

describe("summarize", () => {
  it("has one row per stack in manifest.json", () => {
    expect(rows.map((r) => r.stack).sort()).toEqual(Object.keys(manifest.stacks).sort());
  });

  it("lists the stacks in deploy order: each after every stack it depends on", () => {
    const position = new Map(rows.map((row, index) => [row.stack, index]));
    for (const row of rows) for (const dependency of row.dependsOn) expect({ [row.stack]: position.get(dependency)! < position.get(row.stack)! }).toEqual({ [row.stack]: true });
    expect(rows.slice(0, 3).map((r) => r.stack)).toEqual(["dev-bootstrap", "dev-cluster", "dev-platform"]);
  });

  it("counts each stack's resources from its synthesized JSON", () => {
    for (const row of rows) {
      const json = JSON.parse(readFileSync(join(outdir, manifest.stacks[row.stack].synthesizedStackPath), "utf8"));
      const count = Object.values<Record<string, unknown>>(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
      expect({ stack: row.stack, resources: row.resources }).toEqual({ stack: row.stack, resources: count });
    }
  });

  it("lists what each stack depends on, sorted", () => {
    const platform = rows.find((r) => r.stack === "dev-platform")!;
    expect(platform.dependsOn).toEqual(["dev-cluster"]);
    for (const row of rows) expect(row.dependsOn).toEqual([...manifest.stacks[row.stack].dependencies].sort());
  });

  it("counts real work in the cluster stack", () => {
    expect(rows.find((r) => r.stack === "prod-cluster")!.resources).toBeGreaterThan(40);
  });
});

describe("formatTable", () => {
  const lines = table.split("\n");

  it("starts with a header and a rule", () => {
    expect(lines[0]).toMatch(/^stack\s+resources\s+depends on$/);
    expect(lines[1]).toMatch(/^-+\s+-+\s+-+$/);
  });

  it("prints one line per stack with its count and dependencies, or - for none", () => {
    expect(lines).toHaveLength(rows.length + 4);
    for (const row of rows) {
      const line = lines.find((l) => l.split(/\s+/)[0] === row.stack)!;
      const expectedDeps = row.dependsOn.length ? row.dependsOn.join(", ") : "-";
      expect(line).toMatch(new RegExp(`^${row.stack}\\s+${row.resources}\\s+${expectedDeps.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
    }
  });

  it("ends with a rule and the totals: every resource and the number of stacks", () => {
    const total = rows.reduce((n, row) => n + row.resources, 0);
    expect(lines.at(-2)).toBe(lines[1]);
    expect(lines.at(-1)).toMatch(new RegExp(`^total\\s+${total}\\s+${rows.length} stacks$`));
  });

  it("right-aligns the counts under their header and left-aligns the dependencies", () => {
    const countEnd = lines[0]!.indexOf("resources") + "resources".length;
    const dependsAt = lines[0]!.indexOf("depends on");
    for (const line of [...lines.slice(2, -2), lines.at(-1)!]) {
      expect(line.slice(0, countEnd)).toMatch(/ \d+$/);
      expect(line.slice(countEnd, dependsAt)).toMatch(/^ +$/);
      expect(line[dependsAt]).toMatch(/\S/);
    }
  });
});

describe("`npm run synth`", () => {
  it("synthesizes every environment with no AWS credentials", () => {
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    expect(Object.keys(manifest.stacks)).toEqual(expect.arrayContaining(["dev-cluster", "prod-platform", "local-platform"]));
  });

  it("prints the summary table: stack, resource count, depends on", () => {
    expect(run.stdout.trim().split("\n\n")[0]).toBe(table);
  });

  it("prints the policy figures and every waiver in force, with its reason", () => {
    const policy = run.stdout.trim().split("\n\n")[1]!.split("\n");
    expect(policy[0]).toMatch(/^policy: \d+ checks evaluated over \d+ stacks, 0 violations, \d+ findings waived by 22 waivers:$/);
    expect(policy.slice(1)).toEqual(expect.arrayContaining([expect.stringMatching(/^  B3 \*\/kubernetes_stateful_set_v1\.\* \(config\/prod\.yaml: policy\.waivers\[0\], \d+ findings\): tag-pinned/)]));
  });
});

describe("the cdktf app (cdktf.json `app`)", () => {
  it("validates the config at start and exits 1 with every problem, without a stack trace", () => {
    const app = JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")).app as string;
    const [appCommand, ...appArgs] = app.split(" ");
    const result = spawnSync(appCommand === "node" ? process.execPath : appCommand!, appArgs, {
      cwd: ROOT,
      env: withoutAws({ CDKTF_OUTDIR: mkdtempSync(join(tmpdir(), "cdktf-app-")), COINSTACKS_ENVIRONMENTS: "staging" }),
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      "Invalid configuration (1 problem):",
      '  COINSTACKS_ENVIRONMENTS: unknown environment "staging"; expected some of dev, local, prod',
    ]);
  });
});
