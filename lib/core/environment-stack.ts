import { Aspects, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/schema";
import { PolicyAspect } from "../policy/aspect";
import { configureBackend } from "./backend";

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

  protected constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    this.env = props.env;
    configureBackend(this, props.env, id, props.localState ?? false);
    this.policy = new PolicyAspect(
      this,
      props.env.policy.waivers.map((waiver, index) => ({ ...waiver, origin: `config/${props.env.name}.yaml: policy.waivers[${index}]` })),
      () => this.renderForSynth(),
    );
    Aspects.of(this).add(this.policy);
  }

  private rendered?: { [key: string]: any };

  /**
   * Renders the stack for the policy checks and keeps the result as the JSON to write. cdktf would
   * render it again to write it, repeating the token resolution (a third of a coin stack's synth);
   * by validation time every stack is prepared, so the second render could not differ.
   */
  private renderForSynth(): { [key: string]: any } {
    const json = super.toTerraform();
    this.rendered = json;
    return json;
  }

  override toTerraform(): { [key: string]: any } {
    return this.rendered ?? super.toTerraform();
  }
}
