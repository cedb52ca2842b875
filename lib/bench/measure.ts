/**
 * Wall time and peak memory of commands, each run several times; the median
 * of the runs is what the benchmark reports.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const REPORTER = join(__dirname, "rss-reporter.cjs");

export interface Run {
  readonly wallMs: number;
  /** Peak resident set size of the largest node process of the run. */
  readonly peakMb: number;
}

export interface Measurement {
  readonly runs: readonly Run[];
  /** Medians of the runs. */
  readonly wallMs: number;
  readonly peakMb: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Runs `work` `runs` times. `work` receives the environment its node processes
 * need so their peak memory is recorded (NODE_OPTIONS loads the reporter).
 */
export function measure(runs: number, work: (env: NodeJS.ProcessEnv) => void): Measurement {
  const dir = mkdtempSync(join(tmpdir(), "bench-rss-"));
  try {
    const results: Run[] = [];
    for (let i = 0; i < runs; i++) {
      const report = join(dir, `run-${i}.txt`);
      writeFileSync(report, "");
      const env = {
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require "${REPORTER}"`.trim(),
        BENCH_RSS_REPORT: report,
      };
      const start = performance.now();
      work(env);
      const wallMs = performance.now() - start;
      const peaksKb = readFileSync(report, "utf8").split("\n").filter(Boolean).map(Number);
      results.push({ wallMs, peakMb: peaksKb.length > 0 ? Math.max(...peaksKb) / 1024 : NaN });
    }
    return { runs: results, wallMs: median(results.map((r) => r.wallMs)), peakMb: median(results.map((r) => r.peakMb)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a command to completion; throws with the end of its output when it fails. */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): void {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw new Error(`${command} ${args.join(" ")}: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-20).join("\n");
    throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status}) in ${options.cwd}:\n${output}`);
  }
}
