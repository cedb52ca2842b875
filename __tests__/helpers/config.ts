/**
 * Config helpers that load only the config modules (no stacks, no providers),
 * for tests that need nothing else.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { CONFIG_DIR, loadEnvironments, parseEnvironment } from "../../lib/config/load";
import type { EnvironmentConfig } from "../../lib/config/schema";
import { COIN_NAMES } from "../../coinstacks/names";

const shippedEnvironments = new Map<string, EnvironmentConfig>();

/** `config/<name>.yaml` parsed and validated, a fresh copy each time (the file is loaded once per suite). */
export function shippedEnvironment(name: string): EnvironmentConfig {
  let env = shippedEnvironments.get(name);
  if (!env) {
    [env] = loadEnvironments({ coins: COIN_NAMES, only: [name] });
    if (!env) throw new Error(`no environment ${name}`);
    shippedEnvironments.set(name, env);
  }
  return structuredClone(env);
}

const parsedInputs = new Map<string, Record<string, any>>();

/** The raw YAML content of `config/<name>.yaml`, as a plain object to modify (a fresh copy each time; the file is parsed once). */
export function shippedInput(name: string): Record<string, any> {
  let parsed = parsedInputs.get(name);
  if (!parsed) {
    parsed = parse(readFileSync(join(CONFIG_DIR, `${name}.yaml`), "utf8")) as Record<string, any>;
    parsedInputs.set(name, parsed);
  }
  return structuredClone(parsed);
}

/** Parses a config object as if it were `config/<name>.yaml`. */
export function environmentFrom(input: Record<string, unknown>): EnvironmentConfig {
  return parseEnvironment(`config/${String(input.name)}.yaml`, stringify(input), COIN_NAMES);
}

/** A shipped environment with some settings replaced (`change` edits a copy of its YAML). */
export function variantOf(name: string, change: (input: Record<string, any>) => void): EnvironmentConfig {
  const input = shippedInput(name);
  change(input);
  return environmentFrom(input);
}
