/**
 * Problems found while resolving a coinstack, each pointing at where its value
 * came from: the environment file (`config/<env>.yaml: coins.<coin>…`) or the
 * coin definition (`coinstacks/<coin> (<network>): services…`).
 */
import { ConfigError, formatPath, showValue } from "../../config/messages";
import type { EnvironmentConfig } from "../../config/schema";

export type Origin = "config" | "definition";
export type KeyPath = (string | number)[];

export interface Problem {
  readonly origin: Origin;
  readonly path: KeyPath;
  readonly value: unknown;
  readonly message: string;
}

export type Report = (origin: Origin, path: KeyPath, value: unknown, message: string) => void;

/** Problems in the order found; `report` is handed to every check. */
export class Problems {
  readonly list: Problem[] = [];
  readonly report: Report = (origin, path, value, message) => void this.list.push({ origin, path, value, message });
}

/** The problem's identity for deduplication: where it is, not what is said of it. */
export function problemKey(problem: Problem): string {
  return `${problem.origin}:${formatPath(problem.path)}`;
}

export function toError(env: EnvironmentConfig, coin: string, network: string, problems: readonly Problem[]): ConfigError {
  return new ConfigError(
    problems.map((p) => {
      const where = p.origin === "config" ? `config/${env.name}.yaml` : `coinstacks/${coin} (${network})`;
      return `${where}: ${formatPath(p.path)}: ${p.message}, got ${showValue(p.value)}`;
    }),
  );
}
