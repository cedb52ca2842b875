/**
 * Build point 4: each environment picks its state backend (s3, Terraform
 * Cloud or local), and cross-stack references read the producer's state
 * through the matching remote-state data source with every backend.
 */
import "cdktf/lib/testing/adapters/jest";
import { join, resolve } from "node:path";
import type { EnvironmentConfig } from "../../lib/config/schema";
import { allStrings, dataSourcesOf, onlyResource, shippedEnvironment, type SynthesizedStack, synthEnvironment, variantOf, synthShipped } from "../helpers/synth";

/** cdktf's remote-state data sources, by their Terraform type (the matchers need only `tfResourceType`). */
const REMOTE_STATE = { tfResourceType: "terraform_remote_state" };

const CLOUD = { type: "cloud", organization: "acme-chains", workspacePrefix: "coinstacks-" };

const devBuild = synthShipped("dev");
const dev = devBuild.json;
const cloud = synthEnvironment(variantOf("dev", (input) => (input.backend = CLOUD))).json;
const local = synthEnvironment(variantOf("dev", (input) => (input.backend = { type: "local" }))).json;

/** The one remote-state data source of a stack, with its name. */
function remoteState(stack: SynthesizedStack): [string, any] {
  const found = dataSourcesOf(stack, "terraform_remote_state");
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** Names of the producer outputs a consumer reads through `data.terraform_remote_state.<name>.outputs.<output>`. */
function outputsRead(stack: SynthesizedStack, dataName: string): string[] {
  const prefix = `data.terraform_remote_state.${dataName}.outputs.`;
  const names = allStrings({ provider: stack.provider, resource: stack.resource }).flatMap((s) =>
    [...s.matchAll(/data\.terraform_remote_state\.[\w-]+\.outputs\.([\w-]+)/g)].filter((m) => m[0].startsWith(prefix)).map((m) => m[1]!),
  );
  return [...new Set(names)].sort();
}

/** `${type.name.…}` references in a stack that name a resource or data source the stack does not have. */
function danglingReferences(stack: SynthesizedStack): string[] {
  const strings = allStrings({ resource: stack.resource, data: stack.data, provider: stack.provider, output: stack.output });
  const dangling = new Set<string>();
  for (const text of strings) {
    for (const expression of text.matchAll(/\$\{([^}]*)\}/g)) {
      for (const m of expression[1]!.matchAll(/(?<![\w.])(data\.)?((?:aws|kubernetes|helm|random|terraform)_[a-z0-9_]+)\.([\w-]+)/g)) {
        const [whole, isData, type, name] = m;
        const table = isData ? stack.data : stack.resource;
        if (!table?.[type!]?.[name!]) dangling.add(whole);
      }
    }
  }
  return [...dangling];
}

describe("the s3 backend", () => {
  it("stores each stack's state under <env>/<stack>.tfstate, encrypted with the environment's KMS key and locked with a lock file", () => {
    expect(dev["dev-cluster"]!.terraform.backend).toEqual({
      s3: {
        bucket: "coinstacks-dev-tfstate",
        key: "dev/dev-cluster.tfstate",
        region: "us-east-2",
        encrypt: true,
        kms_key_id: "arn:aws:kms:us-east-2:111111111111:alias/coinstacks-dev-tfstate",
        use_lockfile: true,
        allowed_account_ids: ["111111111111"],
      },
    });
  });

  it("gives every stack but the bootstrap stack its own key in the same bucket", () => {
    for (const id of ["dev-cluster", "dev-platform", "dev-bitcoin"]) {
      expect(dev[id]!.terraform.backend.s3).toMatchObject({ bucket: "coinstacks-dev-tfstate", key: `dev/${id}.tfstate`, use_lockfile: true });
    }
  });

  it("uses the bucket, region and key configured in backend instead of the defaults", () => {
    const env = variantOf("dev", (input) => {
      input.backend = {
        type: "s3",
        bucket: "acme-terraform-state",
        region: "eu-west-1",
        kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/0f0e0d0c-0b0a-0908-0706-050403020100",
      };
    });
    const json = synthEnvironment(env).json;
    expect(json["dev-platform"]!.terraform.backend.s3).toMatchObject({
      bucket: "acme-terraform-state",
      region: "eu-west-1",
      kms_key_id: "arn:aws:kms:eu-west-1:111111111111:key/0f0e0d0c-0b0a-0908-0706-050403020100",
      key: "dev/dev-platform.tfstate",
    });
    expect(onlyResource(json["dev-bootstrap"]!, "aws_s3_bucket").bucket).toBe("acme-terraform-state");
  });

  it("lets the platform stack read the cluster stack's outputs through an s3 remote state of the same bucket", () => {
    const [, data] = remoteState(dev["dev-platform"]!);
    expect(data).toEqual({
      backend: "s3",
      config: {
        bucket: "coinstacks-dev-tfstate",
        key: "dev/dev-cluster.tfstate",
        region: "us-east-2",
        encrypt: true,
        kms_key_id: "arn:aws:kms:us-east-2:111111111111:alias/coinstacks-dev-tfstate",
        allowed_account_ids: ["111111111111"],
      },
      workspace: "${terraform.workspace}",
    });
  });
});

describe("the cloud backend", () => {
  it("puts each stack in its own named Terraform Cloud workspace", () => {
    for (const id of ["dev-cluster", "dev-platform", "dev-bitcoin"]) {
      expect(cloud[id]!.terraform.cloud).toEqual({
        organization: "acme-chains",
        hostname: "app.terraform.io",
        workspaces: { name: `coinstacks-${id}` },
      });
      expect(cloud[id]!.terraform.backend).toBeUndefined();
    }
  });

  it("has no bootstrap stack (Terraform Cloud holds the state)", () => {
    expect(Object.keys(cloud)).not.toContain("dev-bootstrap");
  });

  it("lets the platform stack read the cluster workspace's outputs through a remote backend data source", () => {
    const [, data] = remoteState(cloud["dev-platform"]!);
    expect(data).toEqual({
      backend: "remote",
      config: { organization: "acme-chains", hostname: "app.terraform.io", workspaces: { name: "coinstacks-dev-cluster" } },
    });
  });
});

describe("the local backend", () => {
  it("keeps each stack's state in state/<stack>.tfstate at the project root", () => {
    for (const id of ["dev-cluster", "dev-platform", "dev-bitcoin"]) {
      const path = local[id]!.terraform.backend.local.path;
      expect(path).toBe(`../../../state/${id}.tfstate`);
      const root = resolve(__dirname, "..", "..");
      expect(resolve(root, "cdktf.out", "stacks", id, path)).toBe(join(root, "state", `${id}.tfstate`));
    }
  });

  it("lets the platform stack read the cluster stack's state file through a local remote state", () => {
    const [, data] = remoteState(local["dev-platform"]!);
    expect(data).toEqual({ backend: "local", config: { path: "../../../state/dev-cluster.tfstate" }, workspace: "${terraform.workspace}" });
  });

  it("has no bootstrap stack (there is no bucket to create)", () => {
    expect(Object.keys(local)).not.toContain("dev-bootstrap");
  });
});

describe.each([
  ["s3", dev],
  ["cloud", cloud],
  ["local", local],
])("cross-stack references with the %s backend", (_backend, json) => {
  const platform = json["dev-platform"]!;
  const cluster = json["dev-cluster"]!;

  it("read only outputs the cluster stack declares, and those outputs are sensitive", () => {
    const [name] = remoteState(platform);
    const read = outputsRead(platform, name);
    expect(read.length).toBeGreaterThanOrEqual(3);
    for (const output of read) {
      expect(cluster.output?.[output]).toEqual(expect.objectContaining({ sensitive: true }));
    }
  });

  it("give the providers the cluster's endpoint, CA and name from the cluster stack", () => {
    const [name] = remoteState(platform);
    const eks = Object.keys(cluster.resource.aws_eks_cluster!)[0];
    const outputs = (attribute: string): string =>
      Object.entries(cluster.output ?? {}).find(([id, o]) => id.startsWith("cross-stack-output-") && o.value === `\${aws_eks_cluster.${eks}.${attribute}}`)![0];
    const kubernetes = platform.provider!.kubernetes![0];
    expect(kubernetes.host).toBe(`\${data.terraform_remote_state.${name}.outputs.${outputs("endpoint")}}`);
    expect(kubernetes.cluster_ca_certificate).toBe(`\${base64decode(data.terraform_remote_state.${name}.outputs.${outputs("certificate_authority[0].data")})}`);
    expect(kubernetes.exec[0].args).toContain(`\${data.terraform_remote_state.${name}.outputs.${outputs("name")}}`);
  });

  it("leave no stack referring to a resource it does not contain", () => {
    for (const [id, stack] of Object.entries(json)) {
      expect({ id, dangling: danglingReferences(stack) }).toEqual({ id, dangling: [] });
    }
  });
});

describe("an environment without a cluster stack (local)", () => {
  const { json, text } = synthShipped("local");

  it.each(Object.keys(text))("reads no remote state at all in %s", (id) => {
    expect(text[id]).not.toHaveDataSource(REMOTE_STATE);
  });

  it("the remote-state check does see the data source where there is one (dev-platform)", () => {
    expect(devBuild.text["dev-platform"]).toHaveDataSourceWithProperties(REMOTE_STATE, { backend: "s3" });
  });

  it("keeps the state of every stack in a local file", () => {
    for (const [id, stack] of Object.entries(json)) expect(stack.terraform.backend).toEqual({ local: { path: `../../../state/${id}.tfstate` } });
  });
});

describe("every shipped environment", () => {
  it.each(["dev", "prod", "local"])("%s has no dangling reference in any stack", (name) => {
    const env: EnvironmentConfig = shippedEnvironment(name);
    const json = name === "dev" ? dev : synthEnvironment(env).json;
    for (const [id, stack] of Object.entries(json)) {
      expect({ id, dangling: danglingReferences(stack) }).toEqual({ id, dangling: [] });
    }
  });

  it("the reference check catches a stack read on its own, where the cross-stack reference is not resolved", () => {
    const lonePlatform = JSON.parse(JSON.stringify(dev["dev-platform"])) as SynthesizedStack;
    lonePlatform.provider!.kubernetes![0].host = "${aws_eks_cluster.eks_cluster_55B0C966.endpoint}";
    expect(danglingReferences(lonePlatform)).toEqual(["aws_eks_cluster.eks_cluster_55B0C966"]);
  });
});
