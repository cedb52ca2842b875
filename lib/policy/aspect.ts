/**
 * The policy aspect: added to every environment stack, it makes `cdktf synth`
 * (and `npm run synth`) evaluate every check over the stack's JSON right
 * before it is written, and refuse to write it when a check fails.
 *
 * Cost: the aspect only registers one validation per stack; the validation
 * takes the stack's JSON (`toTerraform`, the JSON about to be written; an
 * environment stack merges fragments it resolved once, lib/core/stack-render.ts)
 * and runs the checks over it. `Testing.synth` runs no validations, so unit
 * tests of single stacks pay nothing.
 */
import { App, type IAspect, type TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { formatViolation, type PolicyContext } from "./check";
import { CHECKS } from "./checks";
import { evaluateStack, type StackReport, type Waiver } from "./evaluate";

/** Policy violations or waivers that match nothing: printed one per line, without a stack trace. */
export class PolicyError extends Error {
  constructor(
    readonly problems: readonly string[],
    heading = "Policy violations",
  ) {
    super(`${heading} (${problems.length}):\n  ${problems.join("\n  ")}`);
    this.name = "PolicyError";
  }
}

const appsChecked = new WeakSet<App>();
/** Apps whose synth records every violation instead of failing at the first stack (see `policyProblems`). */
const appsCollecting = new WeakSet<App>();

/**
 * Makes `app.synth()` evaluate every stack and keep going: the caller then reads every violation and
 * unused waiver with `policyProblems`, so one run reports them all (lib/app.ts `synthesize`).
 */
export function collectPolicyProblems(app: App): void {
  appsCollecting.add(app);
}

export class PolicyAspect implements IAspect {
  private readonly waivers: Waiver[];
  private readonly portRoles = new Map<number, string>();
  private registered = false;
  /** The last evaluation of the stack (set during synth). */
  report?: StackReport;

  /**
   * @param configFile the environment file whose keys change what the checks see, named in every
   * violation with the waiver that would accept it. @default none named
   */
  constructor(
    private readonly stack: TerraformStack,
    waivers: readonly Waiver[],
    private readonly configFile?: string,
    /** What the environment says about itself (its network, its image registries). @default {} */
    private readonly environment: Omit<PolicyContext, "portRoles"> = {},
  ) {
    this.waivers = [...waivers];
  }

  /** Roles of the container ports in this stack, so exposure checks know P2P from RPC. */
  declarePorts(ports: readonly { port: number; role: string }[]): void {
    for (const { port, role } of ports) this.portRoles.set(port, role);
  }

  /** A waiver a setting implies (e.g. `probes: false` waives A12 for that coin); listed like any other. */
  addWaiver(waiver: Waiver): void {
    this.waivers.push(waiver);
  }

  get context(): PolicyContext {
    return { ...this.environment, portRoles: this.portRoles };
  }

  /** Waivers of this stack's environment (config and derived). */
  get declaredWaivers(): readonly Waiver[] {
    return this.waivers;
  }

  visit(node: IConstruct): void {
    if (node !== this.stack || this.registered) return;
    this.registered = true;
    this.stack.node.addValidation({ validate: () => this.validate() });
    const app = App.of(this.stack);
    if (!appsChecked.has(app)) {
      appsChecked.add(app);
      app.node.addValidation({
        validate: () => {
          const unused = appsCollecting.has(app) ? [] : unusedWaivers(app);
          if (unused.length > 0) throw new PolicyError(unused, UNUSED_WAIVERS);
          return [];
        },
      });
    }
  }

  /** The violations of the last evaluation, one line each, naming what to change in config. */
  get violationLines(): string[] {
    return (this.report?.violations ?? []).map((violation) => {
      const waiver = `a waiver in ${this.configFile ?? "the environment's config file"}: policy.waivers (check: ${violation.check.id}, resource: "${violation.address}", reason: why it cannot pass)`;
      return `${formatViolation(violation)}; or accept it with ${waiver}`;
    });
  }

  /** Evaluates the stack; throws PolicyError so the CLI prints the violations, not a cdktf stack trace. */
  private validate(): string[] {
    this.report = evaluateStack(this.stack.node.id, this.stack.toTerraform(), CHECKS, { context: this.context, waivers: this.waivers });
    if (this.report.violations.length > 0 && !appsCollecting.has(App.of(this.stack))) throw new PolicyError(this.violationLines);
    return [];
  }
}

const UNUSED_WAIVERS = "Unused policy waivers";

/** The policy aspect of a stack, if it has one. */
export function policyOf(stack: IConstruct): PolicyAspect | undefined {
  const policy = (stack as { policy?: unknown }).policy;
  return policy instanceof PolicyAspect ? policy : undefined;
}

/** Reports of every stack of the app evaluated by the last synth. */
export function policyReports(app: App): StackReport[] {
  return app.node.children.flatMap((child) => policyOf(child)?.report ?? []);
}

/**
 * A waiver that waives nothing is an error, so waivers never outlive the
 * problem they excused. Checked once every stack of the app is evaluated.
 * @param incomplete environments some of whose stacks could not be built: their waivers may excuse
 * a stack that is missing, so they are not judged
 */
function unusedWaivers(app: App, incomplete: ReadonlySet<string> = new Set()): string[] {
  const aspects = app.node.children.flatMap((child) => policyOf(child) ?? []);
  if (aspects.some((aspect) => !aspect.report)) return [];
  const used = new Set(aspects.flatMap((aspect) => aspect.report!.waived.map((w) => w.waiver.origin)));
  const unused = new Map<string, Waiver>();
  for (const waiver of aspects.flatMap((aspect) => aspect.declaredWaivers)) if (!used.has(waiver.origin)) unused.set(waiver.origin, waiver);
  return [...unused.values()]
    .filter((w) => ![...incomplete].some((env) => w.origin.startsWith(`config/${env}.yaml:`)))
    .map((w) => `${w.origin}: expected a waiver that matches a violation, got ${JSON.stringify({ check: w.check, resource: w.resource })} which matches none; remove it`);
}

/** Every policy problem of an app synthesized after `collectPolicyProblems`: violations of every stack, then unused waivers. */
export function policyProblems(app: App, incomplete?: ReadonlySet<string>): PolicyError[] {
  const violations = app.node.children.flatMap((child) => policyOf(child)?.violationLines ?? []);
  const unused = unusedWaivers(app, incomplete);
  return [...(violations.length > 0 ? [new PolicyError(violations)] : []), ...(unused.length > 0 ? [new PolicyError(unused, UNUSED_WAIVERS)] : [])];
}
