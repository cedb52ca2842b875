import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./fixtures";

const SCRIPT = join(__dirname, "..", "..", "scripts", "package-stack.sh");

function synthDir(): string {
  const outdir = join(tempDir("package"), "cdktf.out");
  const stack = join(outdir, "stacks", "dev-bitcoin");
  mkdirSync(join(stack, ".terraform", "providers"), { recursive: true });
  writeFileSync(join(stack, "cdk.tf.json"), JSON.stringify({ terraform: { cloud: { organization: "acme" } } }));
  writeFileSync(join(stack, ".terraform.lock.hcl"), "# lock\n");
  writeFileSync(join(stack, ".terraform", "providers", "provider-binary"), "x");
  writeFileSync(join(stack, "terraform.tfstate"), "{}");
  writeFileSync(join(stack, "tfplan"), "plan");
  return outdir;
}

const run = (outdir: string, ...args: string[]) =>
  spawnSync("bash", [SCRIPT, ...args], { cwd: join(outdir, ".."), encoding: "utf8", env: { ...process.env, CDKTF_OUTDIR: outdir } });

describe("scripts/package-stack.sh", () => {
  it("packs the stack's synthesized directory for a configuration version upload, without .terraform, state or plans", () => {
    const outdir = synthDir();
    const archive = join(outdir, "..", "dev-bitcoin.tar.gz");
    const result = run(outdir, "dev-bitcoin", archive);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(archive);
    expect(result.stderr).toBe("");
    const list = spawnSync("tar", ["-tzf", archive], { encoding: "utf8" }).stdout.split("\n").filter(Boolean).sort();
    expect(list).toEqual(["./", "./.terraform.lock.hcl", "./cdk.tf.json"]);
  });

  it("gives the same bytes for the same synth (GNU tar)", () => {
    const outdir = synthDir();
    const a = join(outdir, "..", "a.tar.gz");
    const b = join(outdir, "..", "b.tar.gz");
    run(outdir, "dev-bitcoin", a);
    run(outdir, "dev-bitcoin", b);
    const gnu = spawnSync("tar", ["--version"], { encoding: "utf8" }).stdout.includes("GNU tar");
    if (gnu) expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
  });

  it("warns about stacks without a cloud backend and refuses unknown or malformed stack names", () => {
    const outdir = synthDir();
    writeFileSync(join(outdir, "stacks", "dev-bitcoin", "cdk.tf.json"), JSON.stringify({ terraform: { backend: { s3: {} } } }));
    const warned = run(outdir, "dev-bitcoin");
    expect(warned.status).toBe(0);
    expect(warned.stderr).toContain("has no cloud backend");
    expect(existsSync(join(outdir, "..", "dev-bitcoin.tar.gz"))).toBe(true);
    const missing = run(outdir, "dev-nope");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("cdk.tf.json not found");
    expect(missing.stderr).toContain("dev-bitcoin");
    expect(run(outdir, "../etc").status).toBe(2);
    expect(run(outdir).status).toBe(2);
  });

});
