import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/schema";
import { configureBackend } from "./backend";
import { internalCidrs } from "./cluster-network";
import { StackPolicy } from "./stack-policy";
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
  /** What the policy checks run on this stack's synthesized JSON need to know: the environment's waivers, its network, its registries. */
  readonly policy: StackPolicy;

  protected constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    this.env = props.env;
    configureBackend(this, props.env, id, props.localState ?? false);
    new RequiredTerraformVersion(this);
    const configFile = `config/${props.env.name}.yaml`;
    this.policy = new StackPolicy(
      configFile,
      props.env.policy.waivers.map((waiver, index) => ({ ...waiver, origin: `${configFile}: policy.waivers[${index}]` })),
      { internalCidrs: internalCidrs(props.env), imageRegistries: props.env.policy.imageRegistries },
    );
  }
}
