/**
 * An `ephemeral "random_password"` block (hashicorp/random ≥ 3.7, Terraform ≥ 1.10).
 *
 * An ephemeral resource is opened anew in every plan and apply and never written to state or
 * plan files; Terraform only lets its values flow into write-only attributes (such as
 * `kubernetes_secret_v1.data_wo`), provider configuration, locals and other ephemeral blocks.
 * That is how credentials stay out of state: the value exists only while Terraform runs and in
 * the Kubernetes Secret it writes. cdktf 0.21 and the prebuilt random bindings have no class for
 * ephemeral resources, so this element writes the block itself and exposes `result` as an
 * ordinary reference token.
 */
import { ref, TerraformElement, Token } from "cdktf";
import type { Construct } from "constructs";

/**
 * `data_wo_revision` for a rotation count (config says how often a secret was rotated, from 0):
 * the kubernetes provider writes `data_wo` only at a revision of 1 or more, on create and again
 * whenever the revision changes; the ephemeral value itself changes on every run and is ignored otherwise.
 */
export function writeOnlyRevision(rotation: number): number {
  return rotation + 1;
}

/** Terraform type of the block, as references name it (`ephemeral.random_password.<name>`). */
export const EPHEMERAL_PASSWORD_TYPE = "random_password";

export interface EphemeralPasswordProps {
  /** Number of characters. */
  readonly length: number;
  /**
   * Lowercase hex digits only (an engine-API JWT secret) instead of letters and digits. The provider
   * has no hex switch: digits plus "special" characters overridden to `abcdef` give exactly 0-9a-f.
   * @default false
   */
  readonly hex?: boolean;
}

/** The provider arguments for `props`; every other argument keeps the provider's default. */
export function ephemeralPasswordArguments(props: EphemeralPasswordProps): Record<string, unknown> {
  return props.hex
    ? { length: props.length, upper: false, lower: false, numeric: true, special: true, override_special: "abcdef" }
    : { length: props.length, special: false };
}

export class EphemeralPassword extends TerraformElement {
  /** The generated value: a reference usable only in write-only attributes and other ephemeral places. */
  readonly result: string;
  private readonly props: EphemeralPasswordProps;

  constructor(scope: Construct, id: string, props: EphemeralPasswordProps) {
    super(scope, id, `ephemeral.${EPHEMERAL_PASSWORD_TYPE}`);
    this.props = props;
    this.result = Token.asString(ref(`ephemeral.${EPHEMERAL_PASSWORD_TYPE}.${this.friendlyUniqueId}.result`, this.cdktfStack));
  }

  override toTerraform(): Record<string, unknown> {
    return { ephemeral: { [EPHEMERAL_PASSWORD_TYPE]: { [this.friendlyUniqueId]: ephemeralPasswordArguments(this.props) } } };
  }
}
