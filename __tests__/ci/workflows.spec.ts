/**
 * The GitHub workflows: valid against GitHub's workflow schema
 * (@action-validator/core, a WebAssembly build of action-validator that
 * bundles the schema, so no network), and the conventions they must keep.
 */
import { validateWorkflow } from "@action-validator/core";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { loadEnvironments } from "../../lib/config/load";
import { COIN_NAMES } from "../../coinstacks/names";

const DIR = join(__dirname, "..", "..", ".github", "workflows");
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const source = (file: string): string => readFileSync(join(DIR, file), "utf8");
const workflow = (file: string): any => parse(source(file));

/**
 * The validator's result; its one warning, that it skips the glob patterns of `paths` filters, is
 * known and says nothing about the file, so it stays out of the test output.
 */
function validate(text: string): ReturnType<typeof validateWorkflow> {
  const warn = jest.spyOn(console, "warn").mockImplementation((message: unknown) => {
    if (!String(message).startsWith("WARNING: Glob validation is not yet supported")) process.stderr.write(`${String(message)}\n`);
  });
  try {
    return validateWorkflow(text);
  } finally {
    warn.mockRestore();
  }
}

type Step = { uses?: string; with?: Record<string, unknown>; run?: string; name?: string; if?: string };
const steps = (wf: any): Step[] => Object.values<any>(wf.jobs).flatMap((job) => job.steps ?? []);

describe("GitHub workflows", () => {
  it("ships test, validate, plan and deploy", () => {
    expect(files).toEqual(expect.arrayContaining(["deploy.yml", "plan.yml", "test.yml", "validate.yml"]));
  });

  it.each(files)("%s validates against the GitHub workflow schema", (file) => {
    const result = validate(source(file));
    expect(result.errors).toEqual([]);
  });

  it("the validator does catch mistakes (so the check above means something)", () => {
    const broken = source("plan.yml").replace("id-token: write", "id-token: writ");
    expect(validate(broken).errors.length).toBeGreaterThan(0);
  });

  it.each(files)("%s pins every action to a full commit SHA, its version in a comment (a tag can be moved; a commit cannot)", (file) => {
    const text = source(file);
    const uses = [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(.+)$/gm)].map((match) => match[1]!.trim()).filter((use) => !use.startsWith("./"));
    expect(uses.length).toBeGreaterThan(0);
    expect(uses.filter((use) => !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/.test(use))).toEqual([]);
  });

  it.each(files)("%s sets a concurrency group", (file) => {
    expect(workflow(file).concurrency?.group).toEqual(expect.any(String));
  });

  it.each(files)("%s turns the setup-terraform wrapper off wherever it installs Terraform", (file) => {
    for (const step of steps(workflow(file)).filter((s) => s.uses?.startsWith("hashicorp/setup-terraform@"))) {
      expect(step.with?.terraform_wrapper).toBe(false);
    }
  });
});

describe("test.yml", () => {
  const wf = workflow("test.yml");
  const runs = steps(wf).map((s) => s.run ?? "");

  it("runs on pull requests, when deploy.yml calls it for a push to main, and by hand: each commit once", () => {
    expect(Object.keys(wf.on).sort()).toEqual(["pull_request", "workflow_call", "workflow_dispatch"]);
    expect(workflow("deploy.yml").on.push).toEqual({ branches: ["main"] });
    expect(workflow("deploy.yml").jobs.test.uses).toBe("./.github/workflows/test.yml");
  });

  it("proves the README's steps for adding a coin: a fixture coin added by them, then the whole suite", () => {
    const job = wf.jobs["add-a-coin"];
    const runs = job.steps.map((s: Step) => s.run ?? "");
    const at = (text: string): number => runs.findIndex((run: string) => run.includes(text));
    expect([at("npm ci"), at("scripts/add-fixture-coin.sh"), at("npm test")].every((i, n, all) => i >= 0 && (n === 0 || i > all[n - 1]!))).toBe(true);
    expect(readFileSync(join(DIR, "..", "..", "scripts", "add-fixture-coin.sh"), "utf8")).toContain("npm run --silent records");
  });

  it("lets a newer commit of a pull request cancel the older run, never a run a deploy waits for", () => {
    expect(wf.concurrency).toEqual({ group: "test-${{ github.event_name }}-${{ github.head_ref || github.run_id }}", "cancel-in-progress": "${{ github.event_name == 'pull_request' }}" });
  });

  it("tests on Node 20 and 22 (both supported LTS lines), uploading the synth once", () => {
    expect(wf.jobs.test.strategy.matrix.node).toEqual([20, 22]);
    expect(steps(wf).find((s) => s.uses?.startsWith("actions/upload-artifact@"))!.if).toBe("matrix.node == 22");
  });

  it("sets up the matrix's Node with the npm cache, installs shellcheck, then npm ci, npm test, npm run synth", () => {
    const node = steps(wf).find((s) => s.uses?.startsWith("actions/setup-node@"))!;
    expect(node.with).toEqual(expect.objectContaining({ "node-version": "${{ matrix.node }}", cache: "npm" }));
    const order = ["apt-get install -y -q shellcheck", "npm ci", "npm test", "npm run synth"].map((cmd) => runs.findIndex((r) => r.includes(cmd)));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const upload = steps(wf).find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
    expect(upload.with).toEqual(expect.objectContaining({ path: "cdktf.out" }));
  });
});

describe("validate.yml", () => {
  const wf = workflow("validate.yml");
  const text = source("validate.yml");
  const job = wf.jobs.validate;
  const runIndex = (command: string): number => job.steps.findIndex((s: Step) => s.run?.includes(command));

  it("is one job", () => {
    expect(Object.keys(wf.jobs)).toEqual(["validate"]);
  });

  it("runs on every pull request and on pushes to main", () => {
    expect(wf.on).toEqual({ pull_request: null, push: { branches: ["main"] } });
  });

  it("may only read the repository, and uses no secret, token or cloud credential", () => {
    expect(wf.permissions).toEqual({ contents: "read" });
    expect(job.permissions).toBeUndefined();
    expect(text).not.toMatch(/secrets\.|id-token|configure-aws-credentials|AWS_|TF_API_TOKEN|TF_TOKEN_/);
  });

  it("installs Terraform 1.11 or later with the wrapper off", () => {
    const setup = job.steps.find((s: Step) => s.uses?.startsWith("hashicorp/setup-terraform@"));
    expect(setup.with).toEqual({ terraform_version: "${{ env.TERRAFORM_VERSION }}", terraform_wrapper: false });
    const [major, minor] = String(wf.env.TERRAFORM_VERSION).split(".").map(Number);
    expect(major! > 1 || (major === 1 && minor! >= 11)).toBe(true);
  });

  it("sets up Node 22 with the npm cache, then npm ci and npm run synth before validating", () => {
    const node = job.steps.find((s: Step) => s.uses?.startsWith("actions/setup-node@"));
    expect(node.with).toEqual(expect.objectContaining({ "node-version": 22, cache: "npm" }));
    const order = ["npm ci", "npm run synth", "scripts/validate-stacks.sh", "npx jest"].map(runIndex);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("inits without the backend and validates every stack directory of cdktf.out/stacks, collecting failures", () => {
    const script = readFileSync(join(__dirname, "..", "..", "scripts", "validate-stacks.sh"), "utf8");
    expect(script).toContain('dirs=("$outdir"/stacks/*/)');
    expect(script).toContain('terraform -chdir="$dir" init -backend=false -input=false -no-color && terraform -chdir="$dir" validate -no-color');
    expect(script).toContain('failed+=("$stack")');
    expect(job.steps[runIndex("scripts/validate-stacks.sh")].env).toBeUndefined();
  });

  it("shares one download of each provider through a plugin cache keyed on the synthesized provider versions", () => {
    expect(wf.env.TF_PLUGIN_CACHE_DIR).toBe("${{ github.workspace }}/.terraform-plugin-cache");
    const cache = job.steps.find((s: Step) => s.uses?.startsWith("actions/cache@"));
    expect(cache.with.path).toBe("${{ env.TF_PLUGIN_CACHE_DIR }}");
    expect(cache.with.key).toBe("terraform-providers-${{ runner.os }}-${{ hashFiles('cdktf.out/provider-versions.txt') }}");
    const versions = job.steps.findIndex((s: Step) => s.run?.includes(".terraform.required_providers") && s.run.includes("> cdktf.out/provider-versions.txt"));
    expect(versions).toBeGreaterThan(runIndex("npm run synth"));
    expect(job.steps.indexOf(cache)).toBeGreaterThan(versions);
    expect(job.steps.indexOf(cache)).toBeLessThan(runIndex("scripts/validate-stacks.sh"));
  });

  it("then runs the toBeValidTerraform suite with providers allowed", () => {
    const jest = job.steps[runIndex("npx jest")];
    expect(jest.run).toBe("npx jest --ci __tests__/provider-validation");
    expect(jest.env).toEqual({ COINSTACKS_TERRAFORM_PROVIDERS: "1" });
    const suite = readFileSync(join(__dirname, "..", "provider-validation", "valid-terraform.test.ts"), "utf8");
    expect(suite).toContain('const PROVIDERS_VARIABLE = "COINSTACKS_TERRAFORM_PROVIDERS"');
    expect(suite).toContain("toBeValidTerraform()");
  });
});

describe("plan.yml", () => {
  const wf = workflow("plan.yml");
  const text = source("plan.yml");

  it("shares one download of each provider among the plan jobs through a plugin cache keyed on the synthesized provider versions", () => {
    const plan = wf.jobs.plan;
    expect(wf.env.TF_PLUGIN_CACHE_DIR).toBe("${{ github.workspace }}/.terraform-plugin-cache");
    const versions = plan.steps.findIndex((s: any) => s.run?.includes("> cdktf.out/provider-versions.txt"));
    const cache = plan.steps.findIndex((s: any) => s.uses?.startsWith("actions/cache@"));
    const init = plan.steps.findIndex((s: any) => s.run?.includes("terraform init"));
    expect(plan.steps[cache].with.key).toBe("terraform-providers-${{ runner.os }}-${{ hashFiles('cdktf.out/provider-versions.txt') }}");
    expect([versions, cache, init].every((index) => index >= 0)).toBe(true);
    expect(versions < cache && cache < init).toBe(true);
  });

  it("runs on pull requests, one run per pull request at a time", () => {
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    expect(wf.concurrency).toEqual({ group: "plan-${{ github.event.pull_request.number }}", "cancel-in-progress": true });
  });

  it("synthesizes once, diffs against the PR base and computes the matrix from the synth", () => {
    const runs = wf.jobs.synth.steps.map((s: Step) => s.run ?? "").join("\n");
    expect(runs).toContain("npm run synth");
    expect(runs).toContain('npm run --silent synth:diff -- --base "$BASE_SHA" --to cdktf.out');
    expect(runs).toContain("scripts/plan-matrix.ts --outdir cdktf.out --diff synth-diff.json");
    expect(wf.jobs.synth.steps[0].with).toEqual({ "fetch-depth": 0 });
  });

  it("plans each stack with OIDC credentials, without locking, in its synthesized directory", () => {
    const plan = wf.jobs.plan;
    expect(plan.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(plan.strategy.matrix.include).toBe("${{ fromJSON(needs.synth.outputs.matrix) }}");
    const aws = plan.steps.find((s: Step) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
    expect(aws.with["role-to-assume"]).toBe("${{ vars[matrix.roleVariable] }}");
    const script = plan.steps.find((s: Step) => s.run?.includes("terraform plan")) as Step & { "working-directory": string };
    expect(script["working-directory"]).toBe("${{ matrix.workingDirectory }}");
    expect(script.run).toContain("terraform init -input=false");
    expect(script.run).toContain("terraform plan -input=false -lock=false -no-color -out=tfplan");
  });

  it("keeps one comment per pull request: found by its hidden marker and updated, else created", () => {
    const comment = wf.jobs.comment;
    expect(comment.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(comment.if).toContain("always()");
    expect(wf.env.COMMENT_MARKER).toMatch(/^<!-- .+ -->$/);
    const script = comment.steps.find((s: Step) => s.uses?.startsWith("actions/github-script@")).with.script as string;
    expect(script).toContain("startsWith(marker)");
    expect(script.indexOf("updateComment")).toBeLessThan(script.indexOf("createComment"));
    expect(text).toContain('--marker "$COMMENT_MARKER"');
  });
});

describe("deploy.yml", () => {
  const wf = workflow("deploy.yml");
  const awsEnvironments = loadEnvironments({ coins: COIN_NAMES })
    .filter((e) => e.backend.type !== "local")
    .map((e) => e.name)
    .sort();

  it("deploys dev on pushes to main and any environment with AWS state on demand", () => {
    expect(wf.on.push).toEqual({ branches: ["main"] });
    const input = wf.on.workflow_dispatch.inputs.environment;
    expect(input.type).toBe("choice");
    expect([...input.options].sort()).toEqual(awsEnvironments);
    expect(wf.jobs.apply.environment).toBe("${{ inputs.environment || 'dev' }}");
  });

  it("never runs two deploys of one environment at once, and never cancels a running one", () => {
    expect(wf.concurrency).toEqual({ group: "deploy-${{ inputs.environment || 'dev' }}", "cancel-in-progress": false });
  });

  it("tests first, checks the environment can be deployed from CI, plans with the plan role and applies with the deploy role", () => {
    expect(wf.jobs.test.uses).toBe("./.github/workflows/test.yml");
    for (const job of [wf.jobs.plan, wf.jobs.apply]) expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
    const runs = wf.jobs.plan.steps.map((s: Step) => s.run ?? "").join("\n");
    expect(runs).toContain('scripts/deploy-preflight.ts "$DEPLOY_ENVIRONMENT"');
    const role = (job: any): string => job.steps.find((s: Step) => s.uses?.startsWith("aws-actions/configure-aws-credentials@")).with["role-to-assume"];
    expect(role(wf.jobs.plan)).toBe("${{ vars[steps.preflight.outputs.plan_role_variable] }}");
    expect(role(wf.jobs.apply)).toBe("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
  });
});

describe("scan.yml", () => {
  const wf = workflow("scan.yml");
  const job = wf.jobs.checkov;
  const runs = (job.steps as Step[]).map((s) => s.run ?? s.uses ?? "");
  it("runs on pull requests, pushes to main and by hand", () => {
    expect(Object.keys(wf.on).sort()).toEqual(["pull_request", "push", "workflow_dispatch"]);
  });
  it("scans every synthesized stack with a pinned checkov, triages the findings, and uploads the SARIF to code scanning", () => {
    expect(wf.env.CHECKOV_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    const order = ["npm ci", "npm run synth", "pipx install \"checkov==${CHECKOV_VERSION}\"", "checkov --directory cdktf.out/stacks --framework terraform_json --output sarif", "npm run --silent scan:triage", "github/codeql-action/upload-sarif@"];
    const positions = order.map((part) => runs.findIndex((run) => run.includes(part)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const upload = (job.steps as Step[]).find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"))!;
    expect(upload.with).toMatchObject({ sarif_file: "scan/triaged.sarif", category: "checkov" });
    expect(upload.if).toContain("!cancelled()");
  });
  it("may write security events in the scan job only, and read the repository", () => {
    expect(wf.permissions).toEqual({ contents: "read" });
    expect(job.permissions).toEqual({ contents: "read", "security-events": "write" });
  });
});

describe("dependabot.yml", () => {
  const config = parse(readFileSync(join(DIR, "..", "dependabot.yml"), "utf8"));
  it("proposes updates of the pinned actions and of the npm dependencies (cdktf, providers), weekly", () => {
    expect(config.version).toBe(2);
    expect(config.updates.map((u: any) => [u["package-ecosystem"], u.directory, u.schedule.interval])).toEqual([
      ["github-actions", "/", "weekly"],
      ["npm", "/", "weekly"],
    ]);
  });
});

