/**
 * What a stack tells the policy checks that its JSON cannot: the waivers that
 * apply to it, the roles of its ports, the environment's network and image
 * registries. Declared while the stack is built; the checks run after synth,
 * on the JSON as written (lib/policy/synthesized-policy.ts).
 */
import type { IConstruct } from "constructs";

/** A reviewed exception from `policy.waivers` in config/<env>.yaml (or derived from a setting, e.g. `probes: false`). */
export interface Waiver {
  /** Checklist id, e.g. "B3". */
  readonly check: string;
  /** `<stack>/<type>.<name>`; `*` matches any run of characters. */
  readonly resource: string;
  readonly reason: string;
  /** Where it was declared, for messages: `config/dev.yaml: policy.waivers[0]`. */
  readonly origin: string;
}

/** What the stack says about itself that its JSON cannot. */
export interface PolicyContext {
  /** Port number → role (`p2p`, `rpc`, `api`, …) of the coinstack ports in this stack. */
  readonly portRoles?: ReadonlyMap<number, string>;
  /** The cluster's own network (network.internalCidrs and the VPC): egress to "anywhere" must except them. @default none known */
  readonly internalCidrs?: readonly string[];
  /** Registries (and repository prefixes) images may come from (policy.imageRegistries). @default DEFAULT_IMAGE_REGISTRIES */
  readonly imageRegistries?: readonly string[];
}

export class StackPolicy {
  private readonly declared: Waiver[];
  private readonly portRoles = new Map<number, string>();

  /**
   * @param configFile the environment file whose keys change what the checks see, named in every
   * violation with the waiver that would accept it
   * @param environment what the environment says about itself (its network, its image registries)
   */
  constructor(
    readonly configFile: string,
    waivers: readonly Waiver[],
    private readonly environment: Omit<PolicyContext, "portRoles"> = {},
  ) {
    this.declared = [...waivers];
  }

  /** Roles of the container ports in this stack, so exposure checks know P2P from RPC. */
  declarePorts(ports: readonly { port: number; role: string }[]): void {
    for (const { port, role } of ports) this.portRoles.set(port, role);
  }

  /** A waiver a setting implies (e.g. `probes: false` waives A12 for that coin); listed like any other. */
  addWaiver(waiver: Waiver): void {
    this.declared.push(waiver);
  }

  get context(): PolicyContext {
    return { ...this.environment, portRoles: this.portRoles };
  }

  /** Waivers of this stack's environment (config and derived). */
  get waivers(): readonly Waiver[] {
    return this.declared;
  }
}

/** The policy declarations of a stack, if it has any. */
export function stackPolicyOf(stack: IConstruct): StackPolicy | undefined {
  const policy = (stack as { policy?: unknown }).policy;
  return policy instanceof StackPolicy ? policy : undefined;
}
