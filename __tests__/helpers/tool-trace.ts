/**
 * The tool-inventory trace: every script the tests run finds each command of the machine through a
 * shim directory on its PATH. A command that every image the script runs in declares
 * (coinstacks/image-tools.ts) is a link to the real one; any other is a shim that logs its name and
 * then runs the real one. So what a script really calls, in every scenario a test exercises, is
 * checked (no grep: a command built at run time or called from a sourced library counts too), at
 * the cost of one extra process only for undeclared calls. A run that calls a command an image it
 * runs in does not declare fails its test.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { COINS } from "../../coinstacks";
import { IMAGE_TOOLS } from "../../coinstacks/image-tools";
import type { ServiceDefinition } from "../../lib/coinstack/definition";
import { MONITOR_IMAGE } from "../../lib/coinstack/monitor-image";

const COINSTACKS = join(__dirname, "..", "..", "coinstacks");

/** The environment variable naming the run's trace file; fakes unset it (they stand for an image's own binary). */
export const TRACE_VARIABLE = "COINSTACKS_TOOL_TRACE";

/** The shim every command name links to: logs the name, then execs the first real one on COINSTACKS_REAL_PATH. */
const TRACER = `#!/bin/sh
name=\${0##*/}
if [ -n "\${${TRACE_VARIABLE}:-}" ]; then printf '%s\\n' "$name" >>"\$${TRACE_VARIABLE}"; fi
IFS=:
for dir in $COINSTACKS_REAL_PATH; do
  if [ -f "$dir/$name" ] && [ -x "$dir/$name" ]; then exec "$dir/$name" "$@"; fi
done
printf '%s: not found\\n' "$name" >&2
exit 127
`;

let workDir: string | undefined;
const shimDirs = new Map<string, string>();
let runs = 0;

function work(): string {
  if (!workDir) {
    const dir = mkdtempSync(join(tmpdir(), "coinstacks-tool-trace-"));
    // Scripts run as a container's user in an emulated pod (./pod.ts) reach the shims too.
    chmodSync(dir, 0o755);
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, "tracer"), TRACER);
    chmodSync(join(dir, "tracer"), 0o755);
    workDir = dir;
  }
  return workDir;
}

/** The directory of the shims and trace files, which an emulated pod mounts at the same path. */
export function traceDirectory(): string {
  return work();
}

/** An image's own binaries: command name → its absolute path in the image. */
export type ImageBinaries = Readonly<Record<string, string>>;

/**
 * A directory with an entry for every command on `realPath`: a link to it when `allowed`, else the
 * tracer; and a link to each of the image's own binaries (`own`), which are no call of the script's.
 */
function shimDir(realPath: readonly string[], allowed: ReadonlySet<string>, own: ImageBinaries = {}): string {
  const key = `${realPath.join(":")} ${[...allowed].sort().join(" ")} ${JSON.stringify(own)}`;
  let dir = shimDirs.get(key);
  if (dir) return dir;
  dir = join(work(), `shims-${shimDirs.size}`);
  mkdirSync(dir);
  const seen = new Set<string>();
  for (const [name, path] of Object.entries(own)) {
    seen.add(name);
    symlinkSync(path, join(dir, name));
  }
  for (const real of realPath) {
    let names: string[];
    try {
      names = readdirSync(real);
    } catch {
      continue;
    }
    for (const name of names) {
      if (seen.has(name)) continue;
      seen.add(name);
      symlinkSync(allowed.has(name) ? join(real, name) : join(work(), "tracer"), join(dir, name));
    }
  }
  shimDirs.set(key, dir);
  return dir;
}

/** The commands every image that runs `script` declares. */
function declaredByAll(script: string): Set<string> {
  const images = [...(scriptImages().get(relative(COINSTACKS, script)) ?? [])];
  const each = images.map((image) => new Set(IMAGE_TOOLS[image]?.commands ?? []));
  return each.length === 0 ? new Set() : new Set([...each[0]!].filter((command) => each.every((commands) => commands.has(command))));
}

/** The sandboxes' own directories (fake binaries) stay in front of the shims, untraced. */
const SANDBOX_PREFIX = join(tmpdir(), "coinstacks-scripts-");

export interface TracedRun {
  /** The environment to run the script with: PATH through the shims, the trace file named. */
  readonly env: Record<string, string>;
  /**
   * The `#!` interpreter, then the commands the run called that not every image the script runs in
   * declares, each once, in order of first call.
   */
  calls(): string[];
}

/**
 * Prepares one traced run of `script` (its `#!` interpreter is `interpreter`) with `env`, in an
 * image whose own binaries are `own`.
 */
export function traceRun(script: string, interpreter: string, env: Record<string, string>, own?: ImageBinaries): TracedRun {
  const entries = (env.PATH ?? "").split(":").filter(Boolean);
  const sandboxDirs = entries.filter((e) => e.startsWith(SANDBOX_PREFIX));
  const real = entries.filter((e) => !e.startsWith(SANDBOX_PREFIX));
  const file = join(work(), `trace-${process.pid}-${runs++}`);
  writeFileSync(file, "");
  chmodSync(file, 0o666);
  return {
    env: { ...env, PATH: [...sandboxDirs, shimDir(real, declaredByAll(script), own)].join(":"), COINSTACKS_REAL_PATH: real.join(":"), [TRACE_VARIABLE]: file },
    calls: () => {
      const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
      rmSync(file, { force: true });
      return [...new Set([interpreter, ...lines])];
    },
  };
}

let filesByContent: Map<string, string> | undefined;

/** The `.sh` file of coinstacks/ (absolute path) whose content is `text`, if any. */
export function scriptWithContent(text: string): string | undefined {
  filesByContent ??= scriptFiles();
  const name = filesByContent.get(text);
  return name === undefined ? undefined : join(COINSTACKS, name);
}

/** Every `.sh` file of coinstacks/ by its content, to name the scripts the definitions mount. */
function scriptFiles(dir = COINSTACKS): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) scriptFiles(path).forEach((name, text) => files.set(text, name));
    else if (entry.endsWith(".sh")) files.set(readFileSync(path, "utf8"), relative(COINSTACKS, path));
  }
  return files;
}

/** Everything the definitions can run: every coin, every network, with every optional workload on. */
function definedServices(): ServiceDefinition[] {
  return Object.values(COINS).flatMap((coin) =>
    coin.networks.flatMap((network) => {
      const workloads = Object.fromEntries((coin.workloads ?? []).map((name) => [name, { enabled: true, protected: true }]));
      const spec = coin.spec(network, { replicas: 2, workloads });
      return [...spec.services, ...(spec.workloads ?? []).flatMap((w) => w.services)];
    }),
  );
}

let imagesByScript: Map<string, Set<string>> | undefined;

/**
 * The images each script (path under coinstacks/) runs in, by the coin definitions: the service's
 * image, or the monitor's for a readiness probe the service runs in its monitor container.
 */
export function scriptImages(): ReadonlyMap<string, ReadonlySet<string>> {
  if (!imagesByScript) {
    filesByContent ??= scriptFiles();
    const files = filesByContent;
    const map = new Map<string, Set<string>>();
    for (const service of definedServices()) {
      for (const [kind, text] of Object.entries(service.scripts ?? {})) {
        const file = files.get(text);
        if (!file) throw new Error(`${service.name}'s ${kind} script is no file of coinstacks/`);
        const image = kind === "readiness" && service.monitor ? MONITOR_IMAGE : service.image;
        map.set(file, (map.get(file) ?? new Set()).add(image));
      }
    }
    imagesByScript = map;
  }
  return imagesByScript;
}

/**
 * What is wrong with a run of `script` (absolute path) that called `calls`: one line per command an
 * image it runs in does not declare, or a script that no definition runs.
 */
export function undeclaredCalls(script: string, calls: readonly string[]): string[] {
  const name = relative(COINSTACKS, script);
  const images = scriptImages().get(name);
  if (!images) return [`coinstacks/${name} is run by no coin definition, so no image declares what it may call`];
  return [...images].flatMap((image) => {
    const declared = IMAGE_TOOLS[image];
    if (!declared) return [`${image}, which runs coinstacks/${name}, declares no commands in coinstacks/image-tools.ts`];
    return calls
      .filter((command) => !declared.commands.includes(command))
      .map((command) => `coinstacks/${name} called \`${command}\`, which ${image} (${declared.base}) does not declare in coinstacks/image-tools.ts`);
  });
}
