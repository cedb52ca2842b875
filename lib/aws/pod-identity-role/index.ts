import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import type { PolicyStatement } from "../kms-key";
import { awsNames } from "../../core/names";
import { terraformJson } from "../../core/terraform-text";

/** The one cluster whose pods may use a role. */
export interface PodIdentityCluster {
  readonly name: string;
  readonly region: string;
  readonly accountId: string;
}

/** The one service account a role is for. */
export interface PodIdentityServiceAccount {
  readonly namespace: string;
  readonly name: string;
}

/**
 * Trust policy letting EKS Pod Identity hand the role to one service account of one cluster, and nothing else.
 *
 * EKS Pod Identity calls sts:AssumeRole with session tags, so STS authorizes both sts:AssumeRole and
 * sts:TagSession against this statement for the same request, with the same request context: the
 * conditions therefore hold for both actions, and a request that lacks any of them is refused for both.
 * - `aws:RequestTag/*`: the session tags EKS Pod Identity always sets (EKS User Guide, "Create IAM role
 *   with trust policy required by EKS Pod Identity" and "Enable or disable session tags": eks-cluster-arn,
 *   kubernetes-namespace, kubernetes-service-account, ...). Without them any association in the account,
 *   on any cluster and service account, could be given this role. An association with
 *   `disable_session_tags` would send none and be refused; none of ours sets it.
 * - `aws:SourceAccount` / `aws:SourceArn`: the confused-deputy guard for a service principal. Public
 *   examples disagree on whether EKS sends the cluster's ARN or the association's ARN
 *   (`podidentityassociation/<cluster>/<id>`) as the source ARN; both forms of *this* cluster are
 *   accepted, so either one holds and no other cluster's does.
 */
export function podIdentityTrustPolicy(cluster: PodIdentityCluster, serviceAccount: PodIdentityServiceAccount): string {
  const clusterArn = awsNames.clusterArn(cluster.region, cluster.accountId, cluster.name);
  return terraformJson({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "EksPodIdentityForOneServiceAccount",
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: {
          StringEquals: {
            "aws:SourceAccount": cluster.accountId,
            "aws:RequestTag/eks-cluster-arn": clusterArn,
            "aws:RequestTag/kubernetes-namespace": serviceAccount.namespace,
            "aws:RequestTag/kubernetes-service-account": serviceAccount.name,
          },
          ArnLike: {
            "aws:SourceArn": [clusterArn, awsNames.podIdentityAssociationArns(cluster.region, cluster.accountId, cluster.name)],
          },
        },
      },
    ],
  });
}

export interface PodIdentityRoleProps {
  readonly roleName: string;
  readonly cluster: PodIdentityCluster;
  /** The service account the role is for; the trust policy admits no other. */
  readonly serviceAccount: PodIdentityServiceAccount;
  /** AWS-managed policies to attach. @default [] */
  readonly managedPolicyArns?: readonly string[];
  /** Inline policy statements, for permissions scoped tighter than any managed policy. @default [] */
  readonly statements?: readonly Omit<PolicyStatement, "Principal">[];
  /**
   * Create the Pod Identity association here. False when an EKS add-on's own
   * `pod_identity_association` does it.
   * @default true
   */
  readonly associate?: boolean;
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
      assumeRolePolicy: podIdentityTrustPolicy(props.cluster, props.serviceAccount),
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
    if (props.associate ?? true) {
      new EksPodIdentityAssociation(this, "association", {
        clusterName: props.cluster.name,
        namespace: props.serviceAccount.namespace,
        serviceAccount: props.serviceAccount.name,
        roleArn: this.role.arn,
      });
    }
  }
}
