/** HelmAddon (lib/platform/helm-addon) on its own, synthesized with `Testing.synthScope`. */
import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { HelmAddon, type HelmAddonProps, PodSecurityLevel } from "../../lib/platform/helm-addon";

const PROPS: HelmAddonProps = {
  releaseName: "example",
  namespace: "example-system",
  chart: { repository: "https://charts.example.com", chart: "example", version: "1.2.3" },
  values: { replicas: 2 },
};
const synthAddon = (props: Partial<HelmAddonProps> = {}): string => Testing.synthScope((scope) => new HelmAddon(scope, "addon", { ...PROPS, ...props }));
const podSecurity = (enforce: PodSecurityLevel) =>
  expect.objectContaining({
    "pod-security.kubernetes.io/enforce": enforce,
    "pod-security.kubernetes.io/audit": "restricted",
    "pod-security.kubernetes.io/warn": "restricted",
  });

describe("a HelmAddon", () => {
  const synthesized = synthAddon();

  it("installs the pinned chart from its repository into its namespace", () => {
    expect(synthesized).toHaveResourceWithProperties(Release, {
      name: "example",
      namespace: "example-system",
      repository: "https://charts.example.com",
      chart: "example",
      version: "1.2.3",
    });
  });
  it("passes its values as one JSON document", () => {
    expect(synthesized).toHaveResourceWithProperties(Release, { values: ['{"replicas":2}'] });
  });
  it("is atomic, cleans up a failed install and waits for resources and jobs", () => {
    expect(synthesized).toHaveResourceWithProperties(Release, { atomic: true, cleanup_on_fail: true, wait: true, wait_for_jobs: true, max_history: 10 });
  });
  it("waits 900 s for readiness unless told otherwise", () => {
    expect(synthesized).toHaveResourceWithProperties(Release, { timeout: 900 });
    expect(synthAddon({ timeoutSeconds: 1200 })).toHaveResourceWithProperties(Release, { timeout: 1200 });
  });
  it("creates its namespace as a Terraform resource enforcing the restricted Pod Security Standard", () => {
    expect(synthesized).toHaveResourceWithProperties(NamespaceV1, { metadata: expect.objectContaining({ name: "example-system", labels: podSecurity(PodSecurityLevel.RESTRICTED) }) });
  });
  it("enforces a weaker level only when asked, still auditing and warning at restricted", () => {
    expect(synthAddon({ podSecurity: PodSecurityLevel.PRIVILEGED })).toHaveResourceWithProperties(NamespaceV1, {
      metadata: expect.objectContaining({ labels: podSecurity(PodSecurityLevel.PRIVILEGED) }),
    });
  });
  it("is installed after its namespace", () => {
    expect(synthesized).toHaveResourceWithProperties(Release, { depends_on: [expect.stringMatching(/^kubernetes_namespace_v1\./)] });
  });
  it("creates no namespace when another add-on owns it", () => {
    const shared = synthAddon({ createNamespace: false });
    expect(shared).not.toHaveResource(NamespaceV1);
    expect(shared).toHaveResourceWithProperties(Release, { namespace: "example-system" });
  });
  it("is installed after the resources it is told to depend on", () => {
    const synthesized = Testing.synthScope((scope) => {
      const first = new HelmAddon(scope, "first", { ...PROPS, releaseName: "first", createNamespace: false });
      new HelmAddon(scope, "second", { ...PROPS, releaseName: "second", createNamespace: false, dependsOn: [first.release] });
    });
    expect(synthesized).toHaveResourceWithProperties(Release, { name: "second", depends_on: [expect.stringMatching(/^helm_release\.first_/)] });
  });
});
