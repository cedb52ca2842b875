/**
 * Issue 13, item 9: every EKS Pod Identity role trusts one service account of one cluster in one
 * account, through conditions on the request EKS Pod Identity makes (session tags, source account and
 * source ARN), and no statement lets any other association assume it.
 */
import { policyDocument, resourcesOf, type SynthesizedStack, synthShipped } from "../helpers/synth";

const dev = synthShipped("dev").json;
const prod = synthShipped("prod").json;

/** Trust policy of the role an `arn` reference (`${aws_iam_role.<id>.arn}`) points at. */
function trustOf(stack: SynthesizedStack, roleArnReference: string): any[] {
  const id = /^\$\{aws_iam_role\.([\w-]+)\.arn\}$/.exec(roleArnReference)![1]!;
  return policyDocument(stack.resource.aws_iam_role![id].assume_role_policy).Statement;
}

/** Each Pod Identity role of an environment with the service account it is associated with. */
function podIdentityRoles(json: Record<string, SynthesizedStack>, env: string): { who: string; namespace: string; serviceAccount: string; trust: any[] }[] {
  const cluster = json[`${env}-cluster`]!;
  const platform = json[`${env}-platform`]!;
  const fromAddons = resourcesOf(cluster, "aws_eks_addon")
    .filter(([, addon]) => addon.pod_identity_association)
    .map(([, addon]) => {
      const [association] = addon.pod_identity_association;
      return { who: addon.addon_name, namespace: "kube-system", serviceAccount: association.service_account, trust: trustOf(cluster, association.role_arn) };
    });
  const fromAssociations = resourcesOf(platform, "aws_eks_pod_identity_association").map(([, association]) => ({
    who: association.namespace,
    namespace: association.namespace,
    serviceAccount: association.service_account,
    trust: trustOf(platform, association.role_arn),
  }));
  return [...fromAddons, ...fromAssociations];
}

describe.each([
  ["dev", dev, "111111111111"],
  ["prod", prod, "222222222222"],
])("the Pod Identity roles of %s", (env, json, account) => {
  const roles = podIdentityRoles(json, env);
  const clusterArn = `arn:aws:eks:us-east-2:${account}:cluster/coinstacks-${env}`;

  it("are the VPC CNI's, the EBS CSI driver's, cert-manager's and external-dns'", () => {
    expect(roles.map((r) => `${r.who} ${r.namespace}/${r.serviceAccount}`).sort()).toEqual([
      "aws-ebs-csi-driver kube-system/ebs-csi-controller-sa",
      "cert-manager cert-manager/cert-manager",
      "external-dns external-dns/external-dns",
      "vpc-cni kube-system/aws-node",
    ]);
  });

  it("each trust EKS Pod Identity in one statement whose conditions cover both sts:AssumeRole and sts:TagSession", () => {
    for (const { trust } of roles) {
      expect(trust).toHaveLength(1);
      expect(trust[0]).toMatchObject({ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] });
      expect(trust[0].Condition).toBeDefined();
    }
  });

  it("each admit only their own namespace and service account, by the session tags EKS Pod Identity sets", () => {
    for (const { namespace, serviceAccount, trust } of roles) {
      expect(trust[0].Condition.StringEquals).toMatchObject({
        "aws:RequestTag/kubernetes-namespace": namespace,
        "aws:RequestTag/kubernetes-service-account": serviceAccount,
      });
    }
  });

  it("each admit only this cluster: its ARN as session tag and as source ARN (cluster or one of its associations)", () => {
    for (const { trust } of roles) {
      expect(trust[0].Condition.StringEquals["aws:RequestTag/eks-cluster-arn"]).toBe(clusterArn);
      expect(trust[0].Condition.ArnLike["aws:SourceArn"]).toEqual([clusterArn, `arn:aws:eks:us-east-2:${account}:podidentityassociation/coinstacks-${env}/*`]);
    }
  });

  it("each admit only requests made on behalf of the environment's account", () => {
    for (const { trust } of roles) expect(trust[0].Condition.StringEquals["aws:SourceAccount"]).toBe(account);
  });
});
