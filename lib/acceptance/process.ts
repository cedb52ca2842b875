/**
 * What every consumer check (Terraform, Helm) needs to run a real binary: the run itself, a bound
 * on how many run at once, and verdicts kept where parallel runs can share them.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface ProcessResult {
  /** Exit status; -1 when the binary could not be started (stderr then says why). */
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ProcessOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Written to the process's standard input, which is then closed. @default nothing */
  readonly stdin?: string;
}

export function runProcess(binary: string, args: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error) => resolve({ status: -1, stdout: "", stderr: String(error) }));
    child.on("close", (status) => resolve({ status: status ?? -1, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") }));
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.stdin ?? "");
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

/**
 * Writes `data` to `path` so that a reader never sees half of it: each writer (jest workers run
 * side by side) writes its own temporary file and renames it into place, which is atomic.
 */
export function writeFileAtomically(path: string, data: string | Buffer, mode?: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, data, mode === undefined ? undefined : { mode });
  renameSync(temporary, path);
}

/**
 * A deterministic tool's output, from `dir` when the tool already ran on exactly this input:
 * `key` must hold everything that decides the output (the tool's version, its configuration,
 * its arguments, the text of every file it reads).
 */
export async function cachedOutput(dir: string, key: unknown, run: () => string | Promise<string>): Promise<string> {
  const file = join(dir, `${createHash("sha256").update(JSON.stringify(key)).digest("hex")}.txt`);
  if (existsSync(file)) return readFileSync(file, "utf8");
  const output = await run();
  writeFileAtomically(file, output);
  return output;
}
