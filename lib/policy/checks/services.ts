/** Checklist section C: Services, ingress and TLS. */
import type { Check, Finding, PolicyObject, StackView } from "../check";
import { list, one, podTemplate, selects, WORKLOAD_TYPES, withoutControllerLabels } from "../json";

const SERVICE_TYPES = ["kubernetes_service_v1", "kubernetes_service"];
const EXPOSED = new Set(["LoadBalancer", "NodePort"]);

/** Manifests of one kind in the stack. */
export function manifestsOfKind(stack: StackView, kind: string): PolicyObject[] {
  return stack.resources("kubernetes_manifest").filter((m) => m.body.manifest?.kind === kind);
}

const isKind = (kind: string) => (object: PolicyObject) => object.body.manifest?.kind === kind;

/** Pod templates (labels) of the workloads in one namespace of the stack. */
function podLabelsIn(stack: StackView, namespace: string | undefined): Record<string, string>[] {
  return WORKLOAD_TYPES.flatMap((type) => stack.resources(type))
    .filter((w) => stack.namespaceOf(w) === namespace)
    .map((w) => podTemplate(w)!.labels);
}

/** `Host(`a`) && PathPrefix(…) || Host(`b`)` → [a, b] */
function hostsOf(match: unknown): string[] {
  return [...String(match).matchAll(/Host\(([^)]*)\)/g)].flatMap((m) => [...m[1]!.matchAll(/`([^`]+)`/g)].map((h) => h[1]!));
}

export const serviceChecks: readonly Check[] = [
  {
    id: "C1",
    upstream: ["kube-score service-type", "KSV108", "kube-linter exposed-services"],
    title: "only P2P ports on LoadBalancer/NodePort Services; no externalIPs",
    appliesTo: SERVICE_TYPES,
    evaluate: (object, stack) => {
      const spec = one(object.body.spec) ?? {};
      const findings: Finding[] = [];
      if (list(spec.external_ips).length > 0) findings.push({ what: "external_ips set", fix: "remove external_ips (KSV108: traffic interception)" });
      if (!EXPOSED.has(spec.type)) return findings;
      for (const port of list(spec.port)) {
        const role = stack.context.portRoles?.get(Number(port.port));
        if (role !== "p2p") {
          findings.push({
            what: `${spec.type} Service exposes port ${port.name ?? port.port} (${role ?? "unknown role"})`,
            fix: "only P2P ports get a LoadBalancer/NodePort; serve clients through the ClusterIP Service and Traefik",
          });
        }
      }
      return findings;
    },
  },
  {
    id: "C2",
    upstream: ["project rule (RPC takeover)", "CIS EKS 5.4.x"],
    title: "IngressRoutes route only API ports",
    appliesTo: ["kubernetes_manifest"],
    selects: isKind("IngressRoute"),
    evaluate: (object, stack) =>
      list(object.body.manifest.spec?.routes)
        .flatMap((route) => list(route.services))
        .filter((service) => stack.context.portRoles?.get(Number(service.port)) !== "api")
        .map((service) => ({
          what: `routes ${service.name}:${service.port} (${stack.context.portRoles?.get(Number(service.port)) ?? "unknown role"}) to the public`,
          fix: "route only api ports; rpc, auth, database, metrics and p2p ports never get a route",
        })),
  },
  {
    id: "C3",
    upstream: ["kube-score service-targets-pod", "kube-linter dangling-service", "kube-score statefulset-has-servicename", "kube-linter mismatching-selector"],
    title: "Services select the stack's pods; StatefulSets name an existing headless Service and select their own template",
    appliesTo: [...SERVICE_TYPES, "kubernetes_stateful_set_v1", "kubernetes_stateful_set"],
    evaluate: (object, stack) => {
      const spec = one(object.body.spec) ?? {};
      if (SERVICE_TYPES.includes(object.type)) {
        const selector = withoutControllerLabels(spec.selector);
        if (Object.keys(selector).length === 0) return [{ what: "Service has no selector", fix: "select the workload's pod labels" }];
        const pods = podLabelsIn(stack, stack.namespaceOf(object));
        return pods.some((labels) => selects(selector, labels)) ? [] : [{ what: `selector ${JSON.stringify(spec.selector)} matches no pod template in its namespace`, fix: "use the workload's selector labels" }];
      }
      const findings: Finding[] = [];
      const template = podTemplate(object)!;
      if (!selects(one(spec.selector)?.match_labels, template.labels) || Object.keys(one(spec.selector)?.match_labels ?? {}).length === 0) {
        findings.push({ what: "selector does not match the pod template's labels", fix: "select exactly the template's selector labels" });
      }
      const headless = SERVICE_TYPES.flatMap((t) => stack.resources(t)).find(
        (s) => one(s.body.metadata)?.name === spec.service_name && one(s.body.spec)?.cluster_ip === "None",
      );
      if (!headless) findings.push({ what: `service_name ${spec.service_name ?? "(unset)"} is not a headless Service of this stack`, fix: "create the governing headless Service (clusterIP: None)" });
      return findings;
    },
  },
  {
    id: "C4",
    upstream: ["Polaris tlsSettingsMissing", "CIS EKS 5.4.5"],
    title: "TLS on every HTTP entry: IngressRoutes on websecure with a certificate; Ingresses that route carry tls",
    appliesTo: ["kubernetes_manifest", "kubernetes_ingress_v1", "kubernetes_ingress"],
    selects: (object) => object.type !== "kubernetes_manifest" || isKind("IngressRoute")(object),
    evaluate: (object) => {
      if (object.type === "kubernetes_manifest") {
        const spec = object.body.manifest.spec ?? {};
        const findings: Finding[] = [];
        const entryPoints = list(spec.entryPoints);
        if (entryPoints.length === 0 || entryPoints.some((e) => e !== "websecure")) {
          findings.push({ what: `entryPoints ${JSON.stringify(spec.entryPoints)}`, fix: 'use entryPoints: ["websecure"] only (web redirects to HTTPS)' });
        }
        if (!spec.tls?.secretName && !spec.tls?.certResolver) findings.push({ what: "no tls.secretName or certResolver", fix: "terminate TLS with the route's Certificate secret" });
        return findings;
      }
      const spec = one(object.body.spec) ?? {};
      // An Ingress without HTTP paths routes nothing (this project uses one for external-dns records only).
      const routes = list(spec.rule).some((rule) => one(rule.http)) || one(spec.default_backend);
      return routes && list(spec.tls).length === 0 ? [{ what: "Ingress routes HTTP without tls", fix: "add a tls block with the host's certificate secret" }] : [];
    },
  },
  {
    id: "C5",
    upstream: ["cert-manager docs", "cert-manager 1.18 rotationPolicy default"],
    title: "Certificates: a ClusterIssuer, rotation Always, strong keys, covering the routed hosts",
    appliesTo: ["kubernetes_manifest"],
    selects: isKind("Certificate"),
    evaluate: (object, stack) => {
      const spec = object.body.manifest.spec ?? {};
      const findings: Finding[] = [];
      const key = spec.privateKey ?? {};
      if (spec.issuerRef?.kind !== "ClusterIssuer") findings.push({ what: `issuerRef kind ${spec.issuerRef?.kind ?? "unset (Issuer)"}`, fix: "use the environment's ClusterIssuer" });
      if (key.rotationPolicy !== "Always") findings.push({ what: `privateKey.rotationPolicy ${key.rotationPolicy ?? "unset"}`, fix: "set rotationPolicy: Always" });
      const strong = (key.algorithm === "ECDSA" && Number(key.size ?? 256) >= 256) || ((key.algorithm ?? "RSA") === "RSA" && Number(key.size ?? 2048) >= 2048) || key.algorithm === "Ed25519";
      if (!strong) findings.push({ what: `privateKey ${key.algorithm ?? "RSA"} ${key.size ?? ""}`.trimEnd(), fix: "use ECDSA 256 or RSA 2048 or larger" });
      const routes = manifestsOfKind(stack, "IngressRoute").filter((r) => r.body.manifest.spec?.tls?.secretName === spec.secretName);
      const hosts = routes.flatMap((r) => list(r.body.manifest.spec.routes).flatMap((route) => hostsOf(route.match)));
      const missing = hosts.filter((h) => !list(spec.dnsNames).includes(h));
      if (missing.length > 0) findings.push({ what: `dnsNames lack ${missing.join(", ")}, routed with secret ${spec.secretName}`, fix: "list every routed host in dnsNames" });
      return findings;
    },
  },
];
