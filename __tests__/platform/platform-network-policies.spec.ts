/**
 * Issue 13, item 11: the platform namespaces (cert-manager, external-dns, Traefik, monitoring) deny all
 * traffic by default and admit only what each add-on needs.
 */
import { resourcesOf, type SynthesizedStack, synthEnvironment, variantOf, synthShipped } from "../helpers/synth";

const dev = synthShipped("dev").json["dev-platform"]!;
const local = synthShipped("local").json["local-platform"]!;

const INTERNAL = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"];
const PUBLIC = { cidr: "0.0.0.0/0", except: [...INTERNAL, "169.254.0.0/16"] };
const tcp = (...ports: number[]) => ports.map((port) => ({ port: String(port), protocol: "TCP" }));

/** The NetworkPolicies of one namespace, by name, as spec objects. */
function policiesIn(stack: SynthesizedStack, namespace: string): Record<string, any> {
  const namespaceIds = resourcesOf(stack, "kubernetes_namespace_v1")
    .filter(([, ns]) => ns.metadata.name === namespace)
    .map(([id]) => `\${kubernetes_namespace_v1.${id}.metadata[0].name}`);
  return Object.fromEntries(
    resourcesOf(stack, "kubernetes_network_policy_v1")
      .filter(([, p]) => namespaceIds.includes(p.metadata.namespace))
      .map(([, p]) => [p.metadata.name, p.spec]),
  );
}

describe.each(["cert-manager", "external-dns", "traefik", "monitoring"])("the %s namespace", (namespace) => {
  const policies = policiesIn(dev, namespace);

  it("denies every ingress and egress by default", () => {
    expect(policies["default-deny"]).toEqual({ pod_selector: {}, policy_types: ["Ingress", "Egress"] });
  });

  it("lets every pod resolve names through kube-dns", () => {
    expect(policies["allow-dns"].egress).toEqual([
      {
        to: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "kube-system" } }, pod_selector: { match_labels: { "k8s-app": "kube-dns" } } }],
        ports: [
          { port: "53", protocol: "UDP" },
          { port: "53", protocol: "TCP" },
        ],
      },
    ]);
  });

  it("lets every pod reach the API server (443, 6443) in the cluster's own network only", () => {
    expect(policies["allow-api-server"].egress).toEqual([{ to: INTERNAL.map((cidr) => ({ ip_block: { cidr } })), ports: tcp(443, 6443) }]);
  });

  it("is in place before the add-on's release installs its pods", () => {
    const [, release] = resourcesOf(dev, "helm_release").find(([, r]) => r.namespace === namespace)!;
    const ids = resourcesOf(dev, "kubernetes_network_policy_v1")
      .filter(([, p]) => Object.values(policies).includes(p.spec))
      .map(([id]) => `kubernetes_network_policy_v1.${id}`);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(ids.length).toBe(Object.keys(policies).length);
    expect(release.depends_on).toEqual(expect.arrayContaining(ids));
  });
});

describe("cert-manager's policies", () => {
  const policies = policiesIn(dev, "cert-manager");

  it("let the controller reach ACME, Route53 and the zone's nameservers on public addresses only", () => {
    expect(policies["allow-controller-acme-route53"].pod_selector).toEqual({ match_labels: { "app.kubernetes.io/component": "controller" } });
    expect(policies["allow-controller-acme-route53"].egress[0]).toEqual({
      to: [{ ip_block: PUBLIC }],
      ports: [...tcp(443), { port: "53", protocol: "UDP" }, { port: "53", protocol: "TCP" }],
    });
  });

  it("let the controller fetch its Route53 credentials from the Pod Identity agent, and no other link-local address", () => {
    expect(policies["allow-controller-acme-route53"].egress[1]).toEqual({ to: [{ ip_block: { cidr: "169.254.170.23/32" } }], ports: tcp(80) });
  });

  it("let the API server call the webhook on its secure port", () => {
    expect(policies["allow-webhook-from-api-server"]).toEqual({
      pod_selector: { match_labels: { "app.kubernetes.io/component": "webhook" } },
      policy_types: ["Ingress"],
      ingress: [{ from: INTERNAL.map((cidr) => ({ ip_block: { cidr } })), ports: tcp(10250) }],
    });
  });

  it("let Prometheus scrape its metrics", () => {
    expect(policies["allow-metrics-from-monitoring"].ingress).toEqual([
      { from: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "monitoring" } } }], ports: tcp(9402) },
    ]);
  });
});

describe("external-dns' policies", () => {
  it("let it reach Route53 and STS on public addresses and its credentials from the Pod Identity agent, and admit nothing", () => {
    const policies = policiesIn(dev, "external-dns");
    expect(policies["allow-route53"].egress).toEqual([
      { to: [{ ip_block: PUBLIC }], ports: tcp(443) },
      { to: [{ ip_block: { cidr: "169.254.170.23/32" } }], ports: tcp(80) },
    ]);
    expect(Object.values(policies).filter((p) => p.ingress)).toEqual([]);
  });
});

describe("Traefik's policies", () => {
  const policies = policiesIn(dev, "traefik");

  it("admit clients on the web and websecure entrypoints from anywhere but link-local when no source range is set", () => {
    expect(policies["allow-entrypoints"].ingress).toEqual([{ from: [{ ip_block: { cidr: "0.0.0.0/0", except: ["169.254.0.0/16"] } }], ports: tcp(8000, 8443) }]);
  });

  it("admit only the load balancer's source ranges and the cluster's network (nodes in front of NodePorts) when ranges are set", () => {
    const env = variantOf("dev", (input) => (input.platform.traefik.loadBalancerSourceRanges = ["198.51.100.0/24"]));
    const stack = synthEnvironment(env).json["dev-platform"]!;
    expect(policiesIn(stack, "traefik")["allow-entrypoints"].ingress[0].from).toEqual(["198.51.100.0/24", ...INTERNAL].map((cidr) => ({ ip_block: { cidr } })));
  });

  it("send requests only to coinstack pods in coinstack namespaces", () => {
    const coinstack = { match_labels: { app: "unchained", tier: "statefulservice" } };
    expect(policies["allow-coinstack-backends"].egress).toEqual([{ to: [{ namespace_selector: coinstack, pod_selector: coinstack }] }]);
  });
});

describe("monitoring's policies", () => {
  const policies = policiesIn(dev, "monitoring");

  it("let Prometheus scrape pods in every namespace and the nodes' kubelet and node-exporter", () => {
    expect(policies["allow-prometheus-scrapes"].pod_selector).toEqual({ match_labels: { "app.kubernetes.io/name": "prometheus" } });
    expect(policies["allow-prometheus-scrapes"].egress).toEqual([
      { to: [{ namespace_selector: {}, pod_selector: {} }] },
      { to: INTERNAL.map((cidr) => ({ ip_block: { cidr } })), ports: tcp(10250, 9100) },
    ]);
  });

  it("let the API server call the prometheus-operator's admission webhook", () => {
    expect(policies["allow-operator-webhook-from-api-server"].ingress).toEqual([{ from: INTERNAL.map((cidr) => ({ ip_block: { cidr } })), ports: tcp(10250) }]);
  });

  it("let Alertmanager reach its receivers on public HTTPS only", () => {
    expect(policies["allow-alertmanager-receivers"].egress).toEqual([{ to: [{ ip_block: PUBLIC }], ports: tcp(443) }]);
  });
});

describe("the local environment (kind)", () => {
  it("guards its cert-manager and Traefik namespaces too; the default internal ranges hold kind's node, pod and service addresses", () => {
    expect(policiesIn(local, "cert-manager")["default-deny"]).toBeDefined();
    expect(policiesIn(local, "traefik")["allow-api-server"].egress[0].to).toEqual(INTERNAL.map((cidr) => ({ ip_block: { cidr } })));
  });
});
