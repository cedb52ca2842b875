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

const DIR = join(__dirname, "..", "..", ".github", "workflows");
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const source = (file: string): string => readFileSync(join(DIR, file), "utf8");
const workflow = (file: string): any => parse(source(file));

type Step = { uses?: string; with?: Record<string, unknown>; run?: string; name?: string; if?: string };
const steps = (wf: any): Step[] => Object.values<any>(wf.jobs).flatMap((job) => job.steps ?? []);

describe("GitHub workflows", () => {
  it("ships test, plan and deploy", () => {
    expect(files).toEqual(expect.arrayContaining(["deploy.yml", "plan.yml", "test.yml"]));
  });

  it.each(files)("%s validates against the GitHub workflow schema", (file) => {
    const result = validateWorkflow(source(file));
    expect(result.errors).toEqual([]);
  });

  it("the validator does catch mistakes (so the check above means something)", () => {
    const broken = source("plan.yml").replace("id-token: write", "id-token: writ");
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  it.each(files)("%s pins every action to a major version or a commit", (file) => {
    for (const step of steps(workflow(file))) {
      if (!step.uses || step.uses.startsWith("./")) continue;
      expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
    }
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

  it("runs on push, pull requests and when deploy.yml calls it", () => {
    expect(Object.keys(wf.on).sort()).toEqual(["pull_request", "push", "workflow_call"]);
  });

  it("sets up Node 20 with the npm cache, installs shellcheck, then npm ci, npm test, npm run synth", () => {
    const node = steps(wf).find((s) => s.uses?.startsWith("actions/setup-node@"))!;
    expect(node.with).toEqual(expect.objectContaining({ "node-version": 20, cache: "npm" }));
    const order = ["apt-get install -y -q shellcheck", "npm ci", "npm test", "npm run synth"].map((cmd) => runs.findIndex((r) => r.includes(cmd)));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const upload = steps(wf).find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
    expect(upload.with).toEqual(expect.objectContaining({ path: "cdktf.out" }));
  });
});

describe("plan.yml", () => {
  const wf = workflow("plan.yml");
  const text = source("plan.yml");

  it("runs on pull requests, one run per pull request at a time", () => {
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    expect(wf.concurrency).toEqual({ group: "plan-${{ github.event.pull_request.number }}", "cancel-in-progress": true });
  });

  it("synthesizes once, diffs against the PR base and computes the matrix from the synth", () => {
    const runs = wf.jobs.synth.steps.map((s: Step) => s.run ?? "").join("\n");
    expect(runs).toContain("npm run synth");
    expect(runs).toContain('npm run --silent diff -- --base "$BASE_SHA" --to cdktf.out');
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
  const deploy = wf.jobs.deploy;
  const awsEnvironments = loadEnvironments()
    .filter((e) => e.backend.type !== "local")
    .map((e) => e.name)
    .sort();

  it("deploys dev on pushes to main and any environment with AWS state on demand", () => {
    expect(wf.on.push).toEqual({ branches: ["main"] });
    const input = wf.on.workflow_dispatch.inputs.environment;
    expect(input.type).toBe("choice");
    expect([...input.options].sort()).toEqual(awsEnvironments);
    expect(deploy.environment).toBe("${{ inputs.environment || 'dev' }}");
  });

  it("never runs two deploys of one environment at once, and never cancels a running one", () => {
    expect(deploy.concurrency).toEqual({ group: "deploy-${{ inputs.environment || 'dev' }}", "cancel-in-progress": false });
  });

  it("tests first, checks the environment can be deployed from CI, then deploys its stacks one at a time", () => {
    expect(deploy.needs).toBe("test");
    expect(wf.jobs.test.uses).toBe("./.github/workflows/test.yml");
    expect(deploy.permissions).toEqual({ contents: "read", "id-token": "write" });
    const runs = deploy.steps.map((s: Step) => s.run ?? "").join("\n");
    expect(runs).toContain('scripts/deploy-preflight.ts "$DEPLOY_ENVIRONMENT"');
    expect(runs).toContain('terraform -chdir="$dir" apply -input=false -no-color tfplan');
  });
});
