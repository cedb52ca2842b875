"use strict";
/**
 * Loaded into every node process the benchmark starts (NODE_OPTIONS=--require):
 * appends the process's peak resident set size in KiB to $BENCH_RSS_REPORT as
 * it exits, so the peak of a command that spawns more node processes (npx,
 * jest workers) is known without /usr/bin/time, on any OS.
 */
const { appendFileSync } = require("node:fs");

process.on("exit", () => {
  try {
    appendFileSync(process.env.BENCH_RSS_REPORT, `${process.resourceUsage().maxRSS}\n`);
  } catch {
    // Not started by the benchmark, or the report is gone: nothing to record.
  }
});
