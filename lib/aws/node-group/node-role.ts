import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { terraformJson } from "../../core/terraform-text";

/**
 * The only policies nodes get: joining the cluster and pulling images. Add-ons
 * and workloads get their AWS permissions through Pod Identity, never here,
 * because every pod on a node could use the node's role.
 */
export const NODE_ROLE_POLICY_ARNS = [
  "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
  "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
] as const;

export class NodeRole extends Construct {
  readonly role: IamRole;
  readonly attachments: IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: { readonly roleName: string }) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      assumeRolePolicy: terraformJson({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    this.attachments = NODE_ROLE_POLICY_ARNS.map(
      (policyArn, index) => new IamRolePolicyAttachment(this, `policy-${index}`, { role: this.role.name, policyArn }),
    );
  }
}
