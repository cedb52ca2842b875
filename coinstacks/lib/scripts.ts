import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ConfigFile } from "../../lib/coinstack/definition";

/** Directory of the coinstacks catalog, where every family keeps its scripts. */
export const COINSTACKS_DIR = join(__dirname, "..");

const scripts = new Map<string, string>();

/** A script shipped in coinstacks/, e.g. script("utxo/daemon/init.sh"); read once per process, as every stack of a family mounts the same. */
export function script(path: string): string {
  let text = scripts.get(path);
  if (text === undefined) scripts.set(path, (text = readFileSync(join(COINSTACKS_DIR, path), "utf8")));
  return text;
}

/** The shared probe helpers, mounted at /probe-lib.sh in a service's containers. */
export function probeLibrary(service: string): ConfigFile {
  return { key: `${service}-probe-lib.sh`, mountPath: "/probe-lib.sh", content: script("lib/probe-lib.sh") };
}

/** The chain-tip helpers (HTTP through wget or curl, the reference quorum), mounted at /tip-lib.sh; the EVM and CometBFT libraries source them. */
export function tipLibrary(service: string): ConfigFile {
  return { key: `${service}-tip-lib.sh`, mountPath: "/tip-lib.sh", content: script("lib/tip-lib.sh") };
}

/**
 * The reference check of a node's readiness (tip-lib.sh's reference_check): its height within
 * `tolerance` blocks of a quorum of two of these public endpoints, as environment.
 */
export function referenceCheck(endpoints: readonly string[], tolerance: number): Record<string, string> {
  return { BLOCK_TOLERANCE: String(tolerance), REFERENCE_ENDPOINTS: endpoints.join(","), REFERENCE_QUORUM: "2" };
}

/** Secret keys every RPC-authenticated coinstack has. */
export const RPC_SECRETS = [{ key: "rpc-username", length: 16 }, { key: "rpc-password", length: 32 }] as const;
