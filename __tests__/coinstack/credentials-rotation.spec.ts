/**
 * Rotation is a config change: `coins.<coin>.credentials.rotation` (and
 * `platform.monitoring.adminRotation` for Grafana) sets the Secret's data_wo_revision, so Terraform
 * writes fresh ephemeral values, and the same revision is annotated on the pod templates that
 * mount the Secret, so those pods restart with them together.
 */
import { ConfigError } from "../../lib/config/messages";
import { synthCoin } from "../helpers/coinstack";
import { onlyResource, resourcesOf, shippedEnvironment, synthEnvironment, variantOf, type SynthesizedStack } from "../helpers/synth";

const ANNOTATION = "coinstacks.io/credentials-revision";

function annotations(stack: SynthesizedStack): Record<string, string>[] {
  return resourcesOf(stack, "kubernetes_stateful_set_v1").map(([, sts]) => sts.spec.template.metadata.annotations);
}

describe("coin credentials", () => {
  it("start at revision 1, on the Secret and on the pods that mount it", () => {
    const stack = synthCoin("bitcoin");
    expect(onlyResource(stack, "kubernetes_secret_v1").data_wo_revision).toBe(1);
    expect(annotations(stack)).toEqual([expect.objectContaining({ [ANNOTATION]: "1" })]);
  });

  it("rotate when the rotation count is raised: a new revision on the Secret and on every pod template mounting it", () => {
    const stack = synthCoin("ethereum", { settings: { credentials: { rotation: 2 } } });
    expect(onlyResource(stack, "kubernetes_secret_v1").data_wo_revision).toBe(3);
    expect(annotations(stack).map((a) => a[ANNOTATION])).toEqual(["3"]);
  });

  it("leave an existingSecret coin alone: no Secret, no revision annotation", () => {
    const stack = synthCoin("bitcoin", { settings: { existingSecret: "bitcoin-rpc" } });
    expect(resourcesOf(stack, "kubernetes_secret_v1")).toEqual([]);
    expect(annotations(stack).every((a) => !(ANNOTATION in a))).toBe(true);
  });

  it("put no revision on pods that mount no Secret", () => {
    const stack = synthCoin("polkadot", { settings: { credentials: { rotation: 4 } } });
    expect(annotations(stack).every((a) => !(ANNOTATION in a))).toBe(true);
  });

  it("refuse a rotation of an existingSecret, which its owner rotates", () => {
    const build = () => synthCoin("bitcoin", { settings: { existingSecret: "bitcoin-rpc", credentials: { rotation: 1 } } });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow("config/dev.yaml: coins.bitcoin.credentials.rotation: expected 0 with existingSecret (bitcoin-rpc): its owner rotates it; nothing is generated here, got 1");
  });

  it.each([[-1], [1.5], ["2"]])("refuse a rotation count of %p, naming file and key", (rotation) => {
    expect(() => variantOf("dev", (input) => (input.coins.bitcoin.credentials = { rotation }))).toThrow(/config\/dev\.yaml: coins\.bitcoin\.credentials\.rotation: expected an integer between 0 and 1000000/);
  });
});

describe("Grafana's admin password", () => {
  function platform(rotation?: number): SynthesizedStack {
    const env = rotation === undefined ? shippedEnvironment("dev") : variantOf("dev", (input) => (input.platform.monitoring.adminRotation = rotation));
    return synthEnvironment(env).json["dev-platform"]!;
  }
  function grafanaAnnotation(stack: SynthesizedStack): string {
    const [, release] = resourcesOf(stack, "helm_release").find(([, r]) => r.name === "kube-prometheus-stack")!;
    return JSON.parse(release.values[0]).grafana.podAnnotations[ANNOTATION];
  }

  it("is an ephemeral password written at revision 1, and Grafana's pods carry that revision", () => {
    const stack = platform();
    expect(onlyResource(stack, "kubernetes_secret_v1").data_wo_revision).toBe(1);
    expect(Object.values<any>(stack.ephemeral!.random_password!)).toEqual([{ length: 32, special: false }]);
    expect(grafanaAnnotation(stack)).toBe("1");
  });

  it("rotates with platform.monitoring.adminRotation, restarting Grafana", () => {
    const stack = platform(1);
    expect(onlyResource(stack, "kubernetes_secret_v1").data_wo_revision).toBe(2);
    expect(grafanaAnnotation(stack)).toBe("2");
  });
});
