/**
 * stop_before_start (coinstacks/lib/probe-lib.sh), the init scripts' TERM/INT handling before they
 * exec their daemon: a stop ends the script at once and leaves nothing of it running.
 */
import { spawn } from "node:child_process";
import { PROBE_LIB } from "../helpers/scripts";

// A loaded CI machine may take seconds to start shells; the sleep the bug left behind lasts 30 s.
jest.setTimeout(40_000);

/** Runs `body` after sourcing probe-lib.sh and stop_before_start; resolves when stdout and stderr close. */
function run(body: string): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  const child = spawn("/bin/sh", ["-euc", `. "${PROBE_LIB}"\nstop_before_start "the daemon"\n${body}`], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, output, ms: Date.now() - started })));
}

describe("stop_before_start", () => {
  it("stops at once while interruptible waits, killing what it waits for", async () => {
    const result = await run("(sleep 0.3; kill -TERM $$) &\ninterruptible sleep 30\necho started");
    expect(result.code).toBe(143);
    expect(result.output).toBe("stopping before the daemon started\n");
    expect(result.ms).toBeLessThan(10_000);
  });

  it("kills the command interruptible has just started even before it noted its PID", async () => {
    // The moment between interruptible's `"$@" &` and `_pending=$!`, held open: the signal arrives there.
    const result = await run("sleep 30 &\nkill -TERM $$\nwait\necho started");
    expect(result.code).toBe(143);
    expect(result.output).toBe("stopping before the daemon started\n");
    // Before the fix the orphaned sleep kept the output open for its 30 s.
    expect(result.ms).toBeLessThan(10_000);
  });
});
