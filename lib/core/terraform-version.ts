/**
 * The Terraform every stack requires, written into each stack's `terraform`
 * block so an older binary refuses it up front instead of failing midway.
 */
import { TerraformElement } from "cdktf";
import type { Construct } from "constructs";

/** Write-only attributes and ephemeral values (no secret in state) and S3-native locking need 1.11. */
export const MINIMUM_TERRAFORM = "1.11.0";

/** `terraform { required_version = ">= MINIMUM_TERRAFORM" }`: an element, merged into the stack's terraform block like the backend. */
export class RequiredTerraformVersion extends TerraformElement {
  constructor(scope: Construct) {
    super(scope, "required-terraform-version");
  }

  override toTerraform(): Record<string, unknown> {
    return { terraform: { required_version: `>= ${MINIMUM_TERRAFORM}` } };
  }
}
