import { Aspects, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/schema";
import { PolicyAspect } from "../policy/aspect";
import { configureBackend } from "./backend";
import { internalCidrs } from "./cluster-network";
import { StackRender } from "./stack-render";
import { RequiredTerraformVersion } from "./terraform-version";

export interface EnvironmentStackProps {
  readonly env: EnvironmentConfig;
  /**
   * Keep this stack's state in a local file even when the environment uses s3.
   * @default false
   */
  readonly localState?: boolean;
}

/** A stack that belongs to one environment and stores its state in that environment's backend. */
export abstract class EnvironmentStack extends TerraformStack {
  readonly env: EnvironmentConfig;
  /** Guardrails evaluated at synth: every check of lib/policy/checks, with the environment's waivers. */
  readonly policy: PolicyAspect;
  /** Renders this stack in one resolution pass (lib/core/stack-render.ts). */
  private readonly singlePass: StackRender;

  protected constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    this.env = props.env;
    configureBackend(this, props.env, id, props.localState ?? false);
    new RequiredTerraformVersion(this);
    this.policy = new PolicyAspect(
      this,
      props.env.policy.waivers.map((waiver, index) => ({ ...waiver, origin: `config/${props.env.name}.yaml: policy.waivers[${index}]` })),
      `config/${props.env.name}.yaml`,
      { internalCidrs: internalCidrs(props.env), imageRegistries: props.env.policy.imageRegistries },
    );
    Aspects.of(this).add(this.policy);
    this.singlePass = new StackRender(this, (aspect) => aspect instanceof PolicyAspect);
  }

  override prepareStack(): void {
    if (this.singlePass.stock) return super.prepareStack();
    this.ensureBackendExists();
    this.singlePass.prepare();
  }

  override toTerraform(): { [key: string]: any } {
    return this.singlePass.render() ?? super.toTerraform();
  }
}
