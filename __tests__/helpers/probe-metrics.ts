/**
 * Reads what a readiness script wrote for the probe-metrics exporter, parsed as node-exporter's textfile
 * collector parses it: the Prometheus text format, every sample labelled with its service, one TYPE line
 * before each.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The samples of `<dir>/probe-<service>.prom` by metric name ({} when the file is absent or empty). */
export function readProbeMetrics(dir: string, service: string): Record<string, number> {
  const file = join(dir, `probe-${service}.prom`);
  if (!existsSync(file)) return {};
  const samples: Record<string, number> = {};
  const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
  lines.forEach((line, index) => {
    if (line.startsWith("#")) {
      expect(line).toMatch(/^# TYPE coinstack_probe_[a-z_]+ gauge$/);
      return;
    }
    const sample = /^(coinstack_probe_[a-z_]+)\{service="([a-z-]+)"\} (-?[0-9]+)$/.exec(line);
    expect([line, sample?.[2]]).toEqual([line, service]);
    expect(lines[index - 1]).toBe(`# TYPE ${sample![1]} gauge`);
    samples[sample![1]!] = Number(sample![3]);
  });
  return samples;
}
