/**
 * Build point 3: one module owns stack ids, state keys, resource names and
 * labels, and the app uses it for every stack it creates.
 */
import { App } from "cdktf";
import { addEnvironment } from "../../lib/app";
import { awsNames, defaultTags, localStatePath, platformLabels, stackIds, stateKey } from "../../lib/core/names";
import { clusterName } from "../../stacks/cluster-stack";
import { shippedEnvironment, stacksOf } from "../helpers/synth";

describe("stack ids", () => {
  it("are <env>-bootstrap, <env>-cluster and <env>-platform for the layers", () => {
    expect(stackIds.bootstrap("dev")).toBe("dev-bootstrap");
    expect(stackIds.cluster("dev")).toBe("dev-cluster");
    expect(stackIds.platform("dev")).toBe("dev-platform");
  });

  it("are <env>-<coin> for a coin", () => {
    expect(stackIds.coin("prod", "bitcoin")).toBe("prod-bitcoin");
  });

  it("are the ids of the stacks the app builds", () => {
    const app = new App({ outdir: "unused", skipValidation: true });
    const env = shippedEnvironment("dev");
    addEnvironment(app, env);
    const coins = Object.entries(env.coins)
      .filter(([, settings]) => settings?.enabled)
      .map(([coin]) => `dev-${coin}`);
    expect(coins.length).toBeGreaterThan(0);
    expect(stacksOf(app).map((s) => s.node.id)).toEqual(["dev-bootstrap", "dev-cluster", "dev-platform", ...coins]);
  });
});

describe("state locations", () => {
  it("key each stack's state as <env>/<stack>.tfstate", () => {
    expect(stateKey("prod", "prod-cluster")).toBe("prod/prod-cluster.tfstate");
  });

  it("keep local state in state/ at the project root, relative to cdktf.out/stacks/<stack>", () => {
    expect(localStatePath("local-platform")).toBe("../../../state/local-platform.tfstate");
  });
});

describe("AWS names", () => {
  it("derive the state bucket and its key alias from the prefix and environment", () => {
    expect(awsNames.stateBucket("coinstacks", "dev")).toBe("coinstacks-dev-tfstate");
    expect(awsNames.stateKeyAlias("coinstacks", "dev")).toBe("alias/coinstacks-dev-tfstate");
  });

  it("name the cluster <prefix>-<env> unless the config names it", () => {
    expect(clusterName(shippedEnvironment("prod"))).toBe("coinstacks-prod");
  });

  it("put the control-plane log group where EKS writes it", () => {
    expect(awsNames.clusterLogGroup("coinstacks-dev")).toBe("/aws/eks/coinstacks-dev/cluster");
  });
});

describe("labels and tags", () => {
  it("mark platform objects as part of coinstacks and managed by cdktf", () => {
    expect(platformLabels("traefik")).toEqual({
      "app.kubernetes.io/name": "traefik",
      "app.kubernetes.io/part-of": "coinstacks",
      "app.kubernetes.io/managed-by": "cdktf",
    });
  });

  it("tag every AWS resource with its environment and stack", () => {
    expect(defaultTags("dev", "dev-cluster")).toEqual({ Environment: "dev", Stack: "dev-cluster", ManagedBy: "cdktf", Project: "coinstacks" });
  });
});
