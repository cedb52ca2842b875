/**
 * scripts/validate-stacks.sh against a stand-in `terraform` on PATH that records its calls: the real
 * validation (real providers) runs in .github/workflows/validate.yml.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir, writeSynth } from "./fixtures";

const SCRIPT = join(__dirname, "..", "..", "scripts", "validate-stacks.sh");

/** A terraform that fails init without -backend=false (as the S3 backend without credentials does) and validate on "INVALID". */
const FAKE_TERRAFORM = `#!/bin/sh
dir=\${1#-chdir=}; shift
echo "$(basename "$dir") $*" >> "$CALLS"
case "$1" in
  init) case " $* " in *" -backend=false "*) exit 0 ;; *) echo "Error: No valid credential sources found" >&2; exit 1 ;; esac ;;
  validate) if grep -q INVALID "$dir/cdk.tf.json"; then echo "Error: Unsupported argument" >&2; exit 1; fi; echo "Success! The configuration is valid." ;;
esac
`;

function run(stacks: Record<string, { json: Record<string, unknown> }>, env: Record<string, string> = {}) {
  const bin = tempDir("fake-terraform");
  writeFileSync(join(bin, "terraform"), FAKE_TERRAFORM);
  chmodSync(join(bin, "terraform"), 0o755);
  const calls = join(bin, "calls.log");
  writeFileSync(calls, "");
  const outdir = writeSynth(stacks);
  const result = spawnSync("bash", [SCRIPT], {
    encoding: "utf8",
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, CDKTF_OUTDIR: outdir, CALLS: calls, GITHUB_ACTIONS: "false", ...env },
  });
  return { ...result, calls: readFileSync(calls, "utf8").trim().split("\n").filter(Boolean) };
}

const VALID = { json: { terraform: { backend: { s3: { bucket: "b" } } } } };
const INVALID = { json: { resource: { INVALID: {} } } };

describe("scripts/validate-stacks.sh", () => {
  it("initializes every stack without its backend, then validates it", () => {
    const result = run({ "dev-cluster": VALID, "dev-platform": VALID });
    expect(result.calls).toEqual([
      "dev-cluster init -backend=false -input=false -no-color",
      "dev-cluster validate -no-color",
      "dev-platform init -backend=false -input=false -no-color",
      "dev-platform validate -no-color",
    ]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("validate-stacks: all 2 stacks valid");
  });

  it("names an invalid stack, still validates the others, and fails listing every invalid one", () => {
    const result = run({ "a-bad": INVALID, "b-good": VALID, "c-bad": INVALID });
    expect(result.calls.filter((c) => c.includes(" validate "))).toHaveLength(3);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("validate-stacks: a-bad is NOT valid Terraform");
    expect(result.stderr).toContain("validate-stacks: 2 of 3 stacks invalid: a-bad c-bad");
    expect(result.stdout).toContain("validate-stacks: b-good is valid");
  });

  it("annotates each invalid stack under GitHub Actions", () => {
    const result = run({ "dev-bitcoin": INVALID }, { GITHUB_ACTIONS: "true" });
    expect(result.stdout).toContain("::error title=terraform validate::dev-bitcoin is not valid Terraform");
    expect(result.stdout).toContain("::group::dev-bitcoin");
  });

  it("fails when there is nothing to validate", () => {
    const result = run({});
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("no stack directory");
  });
});
