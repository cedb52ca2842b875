/**
 * Problems reported for a shipped environment with some keys changed, through parsing it and
 * resolving its coins as a build does (resolveEnvironment: every config problem a build finds,
 * without building the stacks; the synth-refusal spec runs the whole build).
 */
import { stringify } from "yaml";
import { resolveEnvironment } from "../../lib/app";
import { parseEnvironment } from "../../lib/config/load";
import { ConfigError } from "../../lib/config/messages";
import { shippedInput } from "./config";
import { COIN_NAMES } from "../../coinstacks/names";

export const DELETE = Symbol("delete");

/** Sets `value` at a path written as in the messages: `cluster.nodeGroups[0].desiredSize`. */
export function setAt(target: Record<string, any>, keyPath: string, value: unknown): void {
  const keys = keyPath.match(/[^.[\]]+/g)!.map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  let current: any = target;
  for (const key of keys.slice(0, -1)) {
    current[key] ??= {};
    current = current[key];
  }
  const last = keys.at(-1)!;
  if (value === DELETE) delete current[last];
  else current[last] = value;
}

/** The ConfigError (undefined when none) of parsing and resolving `config/<base>.yaml` with `changes`. */
export function buildError(changes: Record<string, unknown>, base = "prod"): ConfigError | undefined {
  const input = shippedInput(base);
  for (const [keyPath, value] of Object.entries(changes)) setAt(input, keyPath, value);
  try {
    const { problems } = resolveEnvironment(parseEnvironment(`config/${base}.yaml`, stringify(input), COIN_NAMES));
    return problems.length > 0 ? new ConfigError(problems) : undefined;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}
