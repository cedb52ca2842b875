/**
 * What an EC2 instance type offers a pod, for the check that every coin's pod fits a node of its
 * node group (lib/coinstack/resolve/node-fit.ts). The families the shipped environments use, from
 * AWS's published sizes (vCPUs and GiB of memory per size: m is 4 GiB per vCPU, r 8). A type not
 * listed here is not judged.
 */
const SIZES: Readonly<Record<string, number>> = { large: 2, xlarge: 4, "2xlarge": 8, "4xlarge": 16, "8xlarge": 32, "12xlarge": 48, "16xlarge": 64, "24xlarge": 96 };
const GIB_PER_VCPU: Readonly<Record<string, number>> = { m7a: 4, m7i: 4, m6a: 4, m6i: 4, r7a: 8, r7i: 8, r6a: 8, r6i: 8 };

/**
 * What the kubelet keeps back and the node's DaemonSets (VPC CNI, kube-proxy, EBS CSI node, the
 * monitoring agent) request, taken off every node: generous, so only a pod that can never be scheduled
 * is reported.
 */
export const NODE_OVERHEAD = { cpu: 0.5, memoryGiB: 2 } as const;

/** vCPUs and GiB of memory of `type`, or undefined for a type not listed. */
export function instanceCapacity(type: string): { readonly cpu: number; readonly memoryGiB: number } | undefined {
  const [family, size] = type.split(".");
  const vcpus = SIZES[size ?? ""];
  const perVcpu = GIB_PER_VCPU[family ?? ""];
  return vcpus === undefined || perVcpu === undefined ? undefined : { cpu: vcpus, memoryGiB: vcpus * perVcpu };
}
