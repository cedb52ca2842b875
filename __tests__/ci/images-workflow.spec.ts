/**
 * images.yml: the job that checks each image's declared tool inventory (coinstacks/image-tools.ts)
 * against the real image, where images can be pulled. (__tests__/ci/workflows.spec.ts validates it
 * against GitHub's schema and checks its action pins, as for every workflow.)
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { IMAGE_TOOLS, imageToolsMatrix } from "../../coinstacks/image-tools";
import { NON_ROOT_ID } from "../../lib/coinstack/workload/containers";

const wf = parse(readFileSync(join(__dirname, "..", "..", ".github", "workflows", "images.yml"), "utf8"));
type Step = { run?: string; env?: Record<string, string> };
const runs = (job: string): string => (wf.jobs[job].steps as Step[]).map((s) => s.run ?? "").join("\n");

it("runs when declarations, scripts or pinned images change, weekly (a tag can be pushed again) and by hand", () => {
  for (const trigger of [wf.on.pull_request, wf.on.push]) {
    expect(trigger.paths).toEqual(expect.arrayContaining(["coinstacks/**", "config/**", "lib/coinstack/workload/**"]));
  }
  expect(wf.on.schedule).toHaveLength(1);
  expect(Object.keys(wf.on)).toContain("workflow_dispatch");
});

it("is triggered by paths that exist (a moved file would silently stop triggering it)", () => {
  const paths = [...wf.on.pull_request.paths, ...wf.on.push.paths] as string[];
  expect(paths.filter((path) => !existsSync(join(__dirname, "..", "..", path.replace(/\/\*\*$/, ""))))).toEqual([]);
});

it("checks every declared image with a shell, each in a job of its own, from the matrix scripts/image-tools.ts prints", () => {
  expect(runs("declarations")).toContain("node --require ./scripts/ts-hook.cjs scripts/image-tools.ts");
  expect(wf.jobs.check.strategy.matrix).toBe("${{ fromJSON(needs.declarations.outputs.matrix) }}");
  expect(wf.jobs.check.strategy["fail-fast"]).toBe(false);
  const withShell = Object.entries(IMAGE_TOOLS).filter(([, tools]) => !tools.shellless);
  expect(imageToolsMatrix().include).toEqual(withShell.map(([image, tools]) => ({ image, commands: tools.commands.join(" ") })));
  // OP Labs' images: no script runs in them, and there is no shell there to run command -v with.
  expect(Object.keys(IMAGE_TOOLS).filter((image) => IMAGE_TOOLS[image]!.shellless)).toEqual([expect.stringContaining("/op-reth:"), expect.stringContaining("/op-node:")]);
  expect(Object.values(IMAGE_TOOLS).flatMap((tools) => tools.commands).filter((command) => /\s/.test(command))).toEqual([]);
});

it("resolves each declared command with command -v in a container of the image, as the pods' user", () => {
  const check = runs("check");
  expect(check).toContain('docker pull --quiet "$IMAGE"');
  expect(check).toMatch(/docker run --rm --user (\d+):\1 --read-only --network none --entrypoint sh "\$IMAGE" -c '/);
  expect(check).toContain(`--user ${NON_ROOT_ID}:${NON_ROOT_ID}`);
  expect(check).toContain('command -v "$command"');
  expect(check).toContain("exit 1");
  expect(wf.jobs.check.env).toEqual({ IMAGE: "${{ matrix.image }}", COMMANDS: "${{ matrix.commands }}" });
});
