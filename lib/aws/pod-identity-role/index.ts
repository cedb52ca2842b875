import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import type { PolicyStatement } from "../kms-key";
import { terraformJson } from "../../core/terraform-text";

/** Trust policy letting EKS Pod Identity hand the role to a pod's service account. */
export const POD_IDENTITY_TRUST_POLICY = terraformJson({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: "pods.eks.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession"],
    },
  ],
});

export interface PodIdentityRoleProps {
  readonly roleName: string;
  /** AWS-managed policies to attach. @default [] */
  readonly managedPolicyArns?: readonly string[];
  /** Inline policy statements, for permissions scoped tighter than any managed policy. @default [] */
  readonly statements?: readonly Omit<PolicyStatement, "Principal">[];
  /**
   * Associate the role with this service account. Leave unset when an EKS add-on's own
   * `pod_identity_association` does it.
   * @default no association
   */
  readonly serviceAccount?: { readonly clusterName: string; readonly namespace: string; readonly name: string };
}

/**
 * An IAM role for one workload through EKS Pod Identity, so no permission
 * lands on the node role where every pod would inherit it.
 */
export class PodIdentityRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      assumeRolePolicy: POD_IDENTITY_TRUST_POLICY,
    });
    (props.managedPolicyArns ?? []).forEach((policyArn, index) => {
      new IamRolePolicyAttachment(this, `managed-${index}`, { role: this.role.name, policyArn });
    });
    if (props.statements && props.statements.length > 0) {
      new IamRolePolicy(this, "inline", {
        role: this.role.id,
        name: props.roleName,
        policy: terraformJson({ Version: "2012-10-17", Statement: props.statements }),
      });
    }
    if (props.serviceAccount) {
      new EksPodIdentityAssociation(this, "association", {
        clusterName: props.serviceAccount.clusterName,
        namespace: props.serviceAccount.namespace,
        serviceAccount: props.serviceAccount.name,
        roleArn: this.role.arn,
      });
    }
  }
}
