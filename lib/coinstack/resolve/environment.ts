import { formatPath } from "../../config/messages";
import type { EnvironmentConfig } from "../../config/schema";
import { PortRole } from "../definition";
import { nodeFitProblems } from "./node-fit";
import type { ResolvedCoinstack } from "./types";

/**
 * Problems between the coins of one environment, and between them and its cluster: NodePort ranges
 * (base + replicas x P2P ports) that overlap, so two Services would ask for the same node port and the
 * second apply would fail; pods that fit no node they may run on (./node-fit.ts).
 */
export function environmentProblems(env: EnvironmentConfig, coinstacks: readonly ResolvedCoinstack[]): string[] {
  return [...nodePortProblems(env, coinstacks), ...nodeFitProblems(env, coinstacks)];
}

function nodePortProblems(env: EnvironmentConfig, coinstacks: readonly ResolvedCoinstack[]): string[] {
  const ranges = coinstacks.flatMap((c) => {
    const base = c.settings.p2p.nodePortBase;
    const count = c.ports.filter((p) => p.role === PortRole.P2P).length * c.settings.replicas;
    return c.settings.p2p.exposure === "NodePort" && base !== undefined && count > 0 ? [{ coin: c.coin, base, last: base + count - 1 }] : [];
  });
  return ranges.flatMap((range, index) =>
    ranges
      .slice(0, index)
      .filter((other) => range.base <= other.last && other.base <= range.last)
      .map(
        (other) =>
          `config/${env.name}.yaml: ${formatPath(["coins", range.coin, "p2p", "nodePortBase"])}: expected node ports no other coin uses (${other.coin} uses ${other.base}-${other.last}, ${range.coin} would use ${range.base}-${range.last}), got ${range.base}`,
      ),
  );
}
