/**
 * Which stack writes the state a `terraform_remote_state` data source reads,
 * so reads of `outputs.KEY` can be held against the outputs that stack
 * actually declares (cdktf's cross-stack references become exactly such reads).
 */
import { posix } from "node:path";
import { isDeepStrictEqual } from "node:util";
import type { StackJson } from "../../ci/synth";
import { isObject, type RemoteOutputs } from "./context";

interface StateLocation {
  readonly backend: string;
  readonly config: Record<string, unknown>;
}

/** Each remote-state data source of `stack`, by name, with the outputs its producer offers. */
export function remoteStates(stack: string, json: StackJson, stacks: ReadonlyMap<string, StackJson>): Map<string, RemoteOutputs> {
  const sources = json.data?.terraform_remote_state;
  if (!isObject(sources)) return new Map();
  return new Map(Object.entries(sources).map(([name, body]) => [name, producerOutputs(stack, body, stacks)]));
}

function producerOutputs(stack: string, body: unknown, stacks: ReadonlyMap<string, StackJson>): RemoteOutputs {
  if (!isObject(body) || typeof body.backend !== "string") return { missing: "no backend given" };
  const wanted: StateLocation = { backend: body.backend, config: isObject(body.config) ? body.config : {} };
  for (const [producer, producerJson] of stacks) {
    if (sameState(wanted, stack, stateOf(producerJson), producer)) {
      const defaults = isObject(body.defaults) ? Object.keys(body.defaults) : [];
      return { outputs: new Set([...Object.keys(producerJson.output ?? {}), ...defaults]) };
    }
  }
  return { missing: `no stack among the ${stacks.size} checked writes the ${wanted.backend} state ${describe(wanted)}` };
}

/** Where a stack keeps its state; without a backend block, Terraform's default local `terraform.tfstate`. */
function stateOf(json: StackJson): StateLocation {
  const backends = json.terraform?.backend;
  const [backend, config] = isObject(backends) ? (Object.entries(backends)[0] ?? []) : [];
  return backend && isObject(config) ? { backend, config } : { backend: "local", config: {} };
}

/**
 * s3: same bucket and key. local: same file, each path taken relative to its
 * own stack's directory (`cdktf.out/stacks/<stack>`, see `localStatePath`).
 * Any other backend: the same configuration.
 */
function sameState(wanted: StateLocation, consumer: string, candidate: StateLocation, producer: string): boolean {
  if (wanted.backend !== candidate.backend) return false;
  if (wanted.backend === "s3") return wanted.config.bucket === candidate.config.bucket && wanted.config.key === candidate.config.key;
  if (wanted.backend === "local") return localFile(consumer, wanted.config) === localFile(producer, candidate.config);
  return isDeepStrictEqual(wanted.config, candidate.config);
}

function localFile(stack: string, config: Record<string, unknown>): string {
  const path = typeof config.path === "string" ? config.path : "terraform.tfstate";
  return posix.join("stacks", stack, path);
}

function describe({ backend, config }: StateLocation): string {
  return backend === "s3" ? `s3://${config.bucket}/${config.key}` : JSON.stringify(config);
}
