/**
 * The plan workflow's matrix: which synthesized stacks to `terraform plan` on
 * a pull request, in dependency order, with what each job needs to
 * authenticate. Plans read the *applied* state of the stacks they depend on,
 * so the order does not change a plan's result; it is the order the PR comment
 * lists them in and the order jobs are started in.
 */
import { join } from "node:path";
import { backendType, dependencyOrder, readManifest, readStack } from "./synth";

export interface PlanTarget {
  readonly stack: string;
  readonly environment: string;
  /** Position in dependency order (0-based) among all stacks of the synth. */
  readonly order: number;
  /** `cdktf.out/stacks/<stack>`, relative to the repository root. */
  readonly workingDirectory: string;
  readonly backend: "s3" | "cloud";
  /** AWS region for OIDC credentials (s3 backend region, else the aws provider's). */
  readonly region: string;
  /** Repository variable holding the plan role ARN for this environment (s3 backend). */
  readonly roleVariable: string;
  /** Environment variable Terraform reads the Terraform Cloud token from (cloud backend), e.g. TF_TOKEN_app_terraform_io. */
  readonly tokenVariable: string;
}

export interface SkippedStack {
  readonly stack: string;
  readonly reason: string;
}

export interface PlanMatrix {
  /** Stacks to plan, in dependency order: the matrix's `include`. */
  readonly include: PlanTarget[];
  /** Stacks that changed (or all, without a diff) but cannot be planned in CI, with why. */
  readonly skipped: SkippedStack[];
  /** Stacks left out because the synth diff shows no change. */
  readonly unchanged: string[];
}

export interface PlanMatrixOptions {
  /** Stacks the synth diff reports as added or changed; undefined plans every stack. */
  readonly changed?: readonly string[];
  /** Known environment names, to tell `<env>-<layer>` apart when env names contain dashes. */
  readonly environments?: readonly string[];
  /** Plan only these environments (e.g. from the PLAN_ENVIRONMENTS repository variable). */
  readonly only?: readonly string[];
  /** Prefix of `workingDirectory`. @default the outdir as given */
  readonly outdirPath?: string;
  /** Region when neither the backend nor an aws provider names one. @default us-east-1 */
  readonly defaultRegion?: string;
}

/** The environment a stack id belongs to: the longest known `<env>-` prefix, else the text before the first dash. */
export function environmentOf(stack: string, environments: readonly string[] = []): string {
  const match = [...environments].sort((a, b) => b.length - a.length).find((env) => stack.startsWith(`${env}-`));
  return match ?? stack.split("-")[0]!;
}

/** `AWS_PLAN_ROLE_ARN_DEV` for `dev`; `AWS_PLAN_ROLE_ARN_EU_PROD` for `eu-prod`. */
export function roleVariable(environment: string): string {
  return `AWS_PLAN_ROLE_ARN_${environment.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/** Terraform's credential variable for a host: dots become `_`, dashes `__` (Terraform CLI docs, "Environment Variable Credentials"). */
export function tokenVariable(hostname: string): string {
  return `TF_TOKEN_${hostname.replace(/-/g, "__").replace(/\./g, "_")}`;
}

const one = (value: unknown): any => (Array.isArray(value) ? value[0] : value);

export function planMatrix(outdir: string, options: PlanMatrixOptions = {}): PlanMatrix {
  const manifest = readManifest(outdir);
  const order = dependencyOrder(manifest);
  const changed = options.changed ? new Set(options.changed) : undefined;
  const include: PlanTarget[] = [];
  const skipped: SkippedStack[] = [];
  const unchanged: string[] = [];
  order.forEach((stack, index) => {
    const entry = manifest.stacks[stack]!;
    if (changed && !changed.has(stack)) {
      unchanged.push(stack);
      return;
    }
    const environment = environmentOf(stack, options.environments);
    if (options.only && !options.only.includes(environment)) {
      skipped.push({ stack, reason: `environment ${environment} is not in PLAN_ENVIRONMENTS (${options.only.join(", ")})` });
      return;
    }
    const json = readStack(outdir, entry);
    const backend = backendType(json);
    if (backend !== "s3" && backend !== "cloud") {
      const reason =
        backend === "local"
          ? "local backend: its state is a file on an operator's machine (a bootstrap stack before migration, or the local environment), so a CI plan would show everything as new"
          : `backend ${backend} is not planned in CI`;
      skipped.push({ stack, reason });
      return;
    }
    const s3 = one(json.terraform?.backend?.s3);
    const aws = one(json.provider?.aws);
    const cloud = one(json.terraform?.cloud);
    include.push({
      stack,
      environment,
      order: index,
      workingDirectory: join(options.outdirPath ?? outdir, entry.workingDirectory).split("\\").join("/"),
      backend,
      region: s3?.region ?? aws?.region ?? options.defaultRegion ?? "us-east-1",
      roleVariable: roleVariable(environment),
      tokenVariable: tokenVariable(cloud?.hostname ?? "app.terraform.io"),
    });
  });
  return { include, skipped, unchanged };
}
