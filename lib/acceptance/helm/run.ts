/**
 * Running helm as a child process: offline, isolated from the user's helm
 * configuration (repositories, plugins, registry logins live under a private
 * HELM_*_HOME), never talking to a cluster (no kubeconfig).
 */
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export interface HelmResult {
  /** Exit status; -1 when helm could not be started. */
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Environment for helm: PATH and a private home under `home` (created), nothing else of the caller's. */
export function helmEnvironment(home: string): NodeJS.ProcessEnv {
  for (const dir of ["cache", "config", "data"]) mkdirSync(join(home, dir), { recursive: true });
  return {
    PATH: process.env.PATH,
    HOME: home,
    HELM_CACHE_HOME: join(home, "cache"),
    HELM_CONFIG_HOME: join(home, "config"),
    HELM_DATA_HOME: join(home, "data"),
    KUBECONFIG: join(home, "no-kubeconfig"),
  };
}

export function runHelm(helm: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<HelmResult> {
  return new Promise((resolve) => {
    const child = spawn(helm, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error) => resolve({ status: -1, stdout: "", stderr: String(error) }));
    child.on("close", (status) => resolve({ status: status ?? -1, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") }));
  });
}

/** Runs at most `concurrency` tasks at once, the rest in the order they were queued. */
export function limiter(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running < concurrency) running++;
    // A finishing task hands its slot straight to the next one, so no newcomer can take it in between.
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
