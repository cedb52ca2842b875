/**
 * Issue 13, item 11: P2P egress reaches public addresses only. It excepts the cluster's own network
 * (network.internalCidrs, and the VPC CIDR when those do not hold it) and all of link-local, not only
 * the instance metadata address; the D3 guardrail refuses an egress rule to 0.0.0.0/0 that does not.
 */
import { formatViolation, type StackJson } from "../../lib/policy/check";
import { CHECKS } from "../../lib/policy/checks";
import { evaluateStack } from "../../lib/policy/evaluate";
import { synthCoin } from "../helpers/coinstack";
import { variantOf } from "../helpers/synth";

const p2pPolicy = (stack: { resource: Record<string, Record<string, any>> }, name = "allow-p2p") =>
  Object.values(stack.resource.kubernetes_network_policy_v1!).find((p: any) => p.metadata.name === name)!.spec;

describe("P2P egress", () => {
  it("excepts the private ranges the cluster's VPC, pods and services live in, and all of link-local", () => {
    const except = p2pPolicy(synthCoin("bitcoin")).egress[0].to[0].ip_block.except;
    expect(except).toEqual(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"]);
  });

  it("never reaches the kubelet, API endpoint or webhooks at a node address in the VPC", () => {
    const { cidr, except } = p2pPolicy(synthCoin("bitcoin", { env: "prod" })).egress[0].to[0].ip_block;
    expect(cidr).toBe("0.0.0.0/0");
    expect(except.some((range: string) => range === "10.0.0.0/8")).toBe(true); // prod's VPC is 10.10.0.0/16
  });

  it("excepts a VPC CIDR outside the configured internal ranges, and the configured ranges themselves", () => {
    const env = variantOf("dev", (input) => {
      input.network = { internalCidrs: ["10.96.0.0/12"] };
      input.cluster.vpc.cidr = "192.168.0.0/16";
    });
    expect(p2pPolicy(synthCoin("bitcoin", { env })).egress[0].to[0].ip_block.except).toEqual(["10.96.0.0/12", "192.168.0.0/16", "169.254.0.0/16"]);
  });

  it("still admits inbound peers from anywhere but link-local (load balancers and NodePorts arrive from nodes in the VPC)", () => {
    expect(p2pPolicy(synthCoin("bitcoin")).ingress[0].from).toEqual([{ ip_block: { cidr: "0.0.0.0/0", except: ["169.254.0.0/16"] } }]);
  });
});

describe("the D3 guardrail", () => {
  const internal = { internalCidrs: ["10.0.0.0/8", "172.16.0.0/12"] };
  const d3 = CHECKS.filter((c) => c.id === "D3");
  const stackWith = (egressExcept: string[], ingressExcept = ["169.254.0.0/16"]): StackJson => ({
    resource: {
      kubernetes_network_policy_v1: {
        p2p: {
          metadata: { name: "allow-p2p", namespace: "coin-x" },
          spec: {
            pod_selector: {},
            ingress: [{ from: [{ ip_block: { cidr: "0.0.0.0/0", except: ingressExcept } }] }],
            egress: [{ to: [{ ip_block: { cidr: "0.0.0.0/0", except: egressExcept } }] }],
          },
        },
      },
    },
  });
  const findings = (json: StackJson) => evaluateStack("prod-x", json, d3, { context: internal }).violations.map(formatViolation);

  it("passes egress that excepts link-local and every internal range (a wider block covers a narrower one)", () => {
    expect(findings(stackWith(["10.0.0.0/8", "172.16.0.0/12", "169.254.0.0/16"]))).toEqual([]);
  });

  it("refuses egress that excepts only the metadata address", () => {
    expect(findings(stackWith(["169.254.169.254/32"]))).toEqual([
      expect.stringContaining("D3 [project rule, AWS EKS best practices (block IMDS from pods)]: egress ip_block 0.0.0.0/0 does not except 169.254.0.0/16, 10.0.0.0/8, 172.16.0.0/12; fix:"),
    ]);
  });

  it("refuses egress that excepts link-local but reaches the cluster's network", () => {
    expect(findings(stackWith(["169.254.0.0/16", "10.0.0.0/8"]))).toEqual([expect.stringContaining("egress ip_block 0.0.0.0/0 does not except 172.16.0.0/12")]);
  });

  it("refuses ingress from 0.0.0.0/0 that does not except link-local", () => {
    expect(findings(stackWith(["10.0.0.0/8", "172.16.0.0/12", "169.254.0.0/16"], []))).toEqual([
      expect.stringContaining("ingress ip_block 0.0.0.0/0 does not except 169.254.0.0/16"),
    ]);
  });
});

describe("network.internalCidrs in config", () => {
  it("refuses 0.0.0.0/0, which would leave nothing public", () => {
    expect(() => variantOf("dev", (input) => (input.network = { internalCidrs: ["0.0.0.0/0"] }))).toThrow(
      /config\/dev\.yaml: network\.internalCidrs\[0\]: expected an IPv4 CIDR block of the cluster's network such as 10\.0\.0\.0\/8 \(0\.0\.0\.0\/0 is refused\), got "0\.0\.0\.0\/0"/,
    );
  });
});
