/**
 * Checks, before the deploy workflow touches anything, that an environment's
 * synthesized stacks can be deployed from CI: every stack keeps its state in a
 * shared backend (a local-backend stack would start from an empty state on a
 * fresh runner and try to create everything again: the bootstrap stack before
 * its state is migrated, or the local environment), and no stack depends on a
 * stack of another environment (`cdktf deploy '<env>-*'` would refuse).
 */
import { environmentOf } from "./plan-matrix";
import { backendType, dependencyOrder, readManifest, readStack } from "./synth";

export interface Preflight {
  /** The environment's stacks in deployment order. */
  readonly stacks: string[];
  /** AWS region for the deploy credentials (first s3 backend or aws provider found). */
  readonly region?: string;
  readonly problems: string[];
}

const one = (value: unknown): any => (Array.isArray(value) ? value[0] : value);

export function deployPreflight(outdir: string, environment: string, environments: readonly string[] = []): Preflight {
  const manifest = readManifest(outdir);
  const stacks = dependencyOrder(manifest).filter((stack) => environmentOf(stack, environments) === environment);
  const problems: string[] = [];
  let region: string | undefined;
  if (stacks.length === 0) problems.push(`no synthesized stack belongs to environment "${environment}" (is COINSTACKS_ENVIRONMENTS set to it?)`);
  for (const stack of stacks) {
    const entry = manifest.stacks[stack]!;
    const json = readStack(outdir, entry);
    const backend = backendType(json);
    if (backend === "local") {
      problems.push(
        stack.endsWith("-bootstrap")
          ? `${stack}: keeps its state in a local file; migrate it into the bucket first (README, "Bootstrap the state bucket") and set backend.bootstrapStateInBucket: true`
          : `${stack}: local backend; environments with local state are deployed from an operator's machine, not CI`,
      );
    }
    for (const dependency of entry.dependencies) {
      if (!stacks.includes(dependency)) problems.push(`${stack}: depends on ${dependency}, outside environment ${environment}`);
    }
    region ??= one(json.terraform?.backend?.s3)?.region ?? one(json.provider?.aws)?.region;
  }
  return { stacks, region, problems };
}
