import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { awsNames } from "../../core/names";
import { terraformJson } from "../../core/terraform-text";

export enum NatGatewayMode {
  /** One NAT gateway for the VPC: cheaper, but one AZ's outage cuts every private subnet's egress. */
  SINGLE = "single",
  /** One NAT gateway per AZ: egress survives the loss of an AZ. */
  PER_AZ = "perAz",
}

export interface ClusterVpcProps {
  /** Cluster name, for names and the `kubernetes.io/cluster/<name>` tags. */
  readonly clusterName: string;
  readonly cidr: string;
  /** @default 3 */
  readonly azCount?: number;
  /** @default NatGatewayMode.PER_AZ */
  readonly natGateways?: NatGatewayMode;
  /** @default 90 */
  readonly flowLogRetentionDays?: number;
  /** KMS key ARN that encrypts the flow-log group. */
  readonly logsKeyArn: string;
}

/**
 * A VPC over `azCount` zones: public subnets (load balancers, NAT) and private
 * subnets (nodes), each /20 out of the VPC's range, tagged for the in-tree and
 * AWS load balancer controllers; flow logs on; the default security group
 * stripped of all rules.
 */
export class ClusterVpc extends Construct {
  readonly vpc: Vpc;
  readonly publicSubnets: Subnet[] = [];
  readonly privateSubnets: Subnet[] = [];
  private readonly natGateways: NatGateway[] = [];

  constructor(scope: Construct, id: string, props: ClusterVpcProps) {
    super(scope, id);
    const zones = new DataAwsAvailabilityZones(this, "zones", {
      state: "available",
      filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
    });
    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.clusterName },
    });
    new DefaultSecurityGroup(this, "default-sg", { vpcId: this.vpc.id, ingress: [], egress: [] });
    const igw = new InternetGateway(this, "igw", { vpcId: this.vpc.id, tags: { Name: props.clusterName } });
    const publicRoutes = new RouteTable(this, "public-routes", {
      vpcId: this.vpc.id,
      route: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
      tags: { Name: `${props.clusterName}-public` },
    });
    for (let az = 0; az < (props.azCount ?? 3); az++) this.addZone(props, az, Fn.element(zones.names, az), igw, publicRoutes);
    this.addFlowLogs(props);
  }

  /** A zone's public and private subnets, its NAT gateway (every zone's, or the first only) and their routes. */
  private addZone(props: ClusterVpcProps, az: number, zone: string, igw: InternetGateway, publicRoutes: RouteTable): void {
    const natMode = props.natGateways ?? NatGatewayMode.PER_AZ;
    const clusterTag = { [`kubernetes.io/cluster/${props.clusterName}`]: "shared" };
    // /20 subnets: public take netnums 0..azCount-1, private start at 8, leaving room to grow.
    const publicSubnet = new Subnet(this, `public-${az}`, {
      vpcId: this.vpc.id,
      availabilityZone: zone,
      cidrBlock: Fn.cidrsubnet(props.cidr, 4, az),
      mapPublicIpOnLaunch: false,
      tags: { Name: `${props.clusterName}-public-${az}`, "kubernetes.io/role/elb": "1", ...clusterTag },
    });
    const privateSubnet = new Subnet(this, `private-${az}`, {
      vpcId: this.vpc.id,
      availabilityZone: zone,
      cidrBlock: Fn.cidrsubnet(props.cidr, 4, 8 + az),
      mapPublicIpOnLaunch: false,
      tags: { Name: `${props.clusterName}-private-${az}`, "kubernetes.io/role/internal-elb": "1", ...clusterTag },
    });
    this.publicSubnets.push(publicSubnet);
    this.privateSubnets.push(privateSubnet);
    new RouteTableAssociation(this, `public-${az}-routes`, { subnetId: publicSubnet.id, routeTableId: publicRoutes.id });

    if (natMode === NatGatewayMode.PER_AZ || az === 0) {
      const eip = new Eip(this, `nat-${az}-eip`, { domain: "vpc", tags: { Name: `${props.clusterName}-nat-${az}` } });
      this.natGateways.push(
        new NatGateway(this, `nat-${az}`, { allocationId: eip.allocationId, subnetId: publicSubnet.id, tags: { Name: `${props.clusterName}-nat-${az}` }, dependsOn: [igw] }),
      );
    }
    const nat = this.natGateways[natMode === NatGatewayMode.PER_AZ ? az : 0];
    const privateRoutes = new RouteTable(this, `private-${az}-routes`, {
      vpcId: this.vpc.id,
      route: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat?.id }],
      tags: { Name: `${props.clusterName}-private-${az}` },
    });
    new RouteTableAssociation(this, `private-${az}-routes-association`, { subnetId: privateSubnet.id, routeTableId: privateRoutes.id });
  }

  /** Flow logs of all traffic into a KMS-encrypted log group, written by a role that may do only that. */
  private addFlowLogs(props: ClusterVpcProps): void {
    const flowLogGroup = new CloudwatchLogGroup(this, "flow-logs", {
      name: awsNames.flowLogGroup(props.clusterName),
      retentionInDays: props.flowLogRetentionDays ?? 90,
      kmsKeyId: props.logsKeyArn,
    });
    const flowLogRole = new IamRole(this, "flow-logs-role", {
      name: awsNames.flowLogRole(props.clusterName),
      assumeRolePolicy: terraformJson({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    new IamRolePolicy(this, "flow-logs-policy", {
      role: flowLogRole.id,
      name: "write-flow-logs",
      policy: terraformJson({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: `${flowLogGroup.arn}:*` }],
      }),
    });
    new FlowLog(this, "flow-log", {
      vpcId: this.vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: flowLogGroup.arn,
      iamRoleArn: flowLogRole.arn,
    });
  }
}
