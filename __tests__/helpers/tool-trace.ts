/**
 * The tool-inventory trace: every script the tests run finds each command of the machine through a
 * shim directory on its PATH. Each run emulates one image (coinstacks/image-tools.ts), and is checked
 * against that image alone:
 *
 * - the image whose PATH the run was given (`imagePath(image)`, e.g. the monitor's: curl, no wget),
 *   or that of the container an emulated pod runs it in (./pod.ts);
 * - else, given this machine's PATH, the image the definitions run the script in, and for a script
 *   they run in several images (evm/daemon/readiness.sh: geth's own container and op-reth's monitor),
 *   the first of them (in the order of coinstacks/index.ts); a test emulates the others by their PATH.
 *
 * A command the emulated image declares is a link to the real one. A command another pinned image
 * declares but the emulated one lacks is absent, as in that image: a script, or a library it sources,
 * may look for it (`command -v wget`) to adapt to the image it runs in. Any other command is a shim that logs its name
 * and then runs the real one. So what a script really calls, in every scenario a test exercises, is
 * checked (no grep: a command built at run time or called from a sourced library counts too), at
 * the cost of one extra process only for undeclared calls. A run that calls a command the image it
 * emulates does not declare fails its test; a script that runs in several images is held to each of
 * them in the runs that emulate it.
 */
import { accessSync, constants, chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
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
 * A directory with an entry for every command on `realPath` but the `absent` ones: a link to it when
 * `allowed`, else the tracer; and a link to each of the image's own binaries (`own`), which are no
 * call of the script's.
 */
function shimDir(realPath: readonly string[], allowed: ReadonlySet<string>, absent: ReadonlySet<string>, own: ImageBinaries = {}): string {
  const key = `${realPath.join(":")} ${[...allowed].sort().join(" ")} -${[...absent].sort().join(" ")} ${JSON.stringify(own)}`;
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
      if (absent.has(name)) continue;
      symlinkSync(allowed.has(name) ? join(real, name) : join(work(), "tracer"), join(dir, name));
    }
  }
  shimDirs.set(key, dir);
  return dir;
}

/** The commands `image` declares (none for an image coinstacks/image-tools.ts does not declare). */
function declaredBy(image: string | undefined): Set<string> {
  return new Set(image === undefined ? [] : (IMAGE_TOOLS[image]?.commands ?? []));
}

/**
 * The commands another pinned image declares and `image` lacks: absent from a run that emulates
 * `image`, as they are from the image, so that `command -v` answers as it would there (evm-lib's
 * eth_post takes wget where an image has it, else curl, in whichever image sources it).
 */
function lackedBy(image: string | undefined): Set<string> {
  const own = declaredBy(image);
  return new Set(Object.values(IMAGE_TOOLS).flatMap((tools) => tools.commands).filter((command) => !own.has(command)));
}

/**
 * The image a run of `script` given this machine's PATH emulates: the first image a coin definition
 * runs it in (coinstacks/index.ts order), or none when no definition runs it.
 */
export function defaultImage(script: string): string | undefined {
  return [...(scriptImages().get(relative(COINSTACKS, script)) ?? [])][0];
}

/** Docker's default PATH, which the images keep: where an image's commands are found, here and in an emulated pod. */
const IMAGE_PATH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/** Image → the directory `imagePath` made for it, and back. */
const imageDirs = new Map<string, string>();
const imagesByDir = new Map<string, string>();

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The PATH of a container of `image`: a directory holding exactly the commands the image declares,
 * as this machine has them (links; its own binaries, e.g. geth, are the test's fakes). A traced run
 * given it (after the sandbox's own directories, and nothing else of this machine's) emulates that
 * image: `command -v wget` finds nothing in the monitor's, as in the monitor.
 */
export function imagePath(image: string): string {
  const known = imageDirs.get(image);
  if (known) return known;
  const tools = IMAGE_TOOLS[image];
  if (!tools) throw new Error(`${image} declares no commands in coinstacks/image-tools.ts`);
  const dir = join(work(), `image-${imageDirs.size}`);
  mkdirSync(dir);
  // Interpreters are declared by absolute path: a script's `#!` line runs them, not its PATH.
  for (const command of tools.commands.filter((c) => !c.includes("/"))) {
    const found = IMAGE_PATH.map((real) => join(real, command)).find(executable);
    if (found) symlinkSync(found, join(dir, command));
  }
  imageDirs.set(image, dir);
  imagesByDir.set(dir, image);
  return dir;
}

/** The sandboxes' own directories (fake binaries) stay in front of the shims, untraced. */
const SANDBOX_PREFIX = join(tmpdir(), "coinstacks-scripts-");

export interface TracedRun {
  /** The environment to run the script with: PATH through the shims, the trace file named. */
  readonly env: Record<string, string>;
  /** The image the run emulates, whose declarations it is checked against (none: no definition runs the script). */
  readonly image: string | undefined;
  /**
   * The `#!` interpreter, then the commands the run called that the image it emulates does not
   * declare, each once, in order of first call.
   */
  calls(): string[];
}

/**
 * Prepares one traced run of `script` (its `#!` interpreter is `interpreter`) with `env`, in an
 * image whose own binaries are `own`. The run emulates `image` when given (an emulated pod's
 * container), else the image whose `imagePath` its PATH holds, else the script's `defaultImage`.
 */
export function traceRun(script: string, interpreter: string, env: Record<string, string>, own?: ImageBinaries, image?: string): TracedRun {
  const entries = (env.PATH ?? "").split(":").filter(Boolean);
  const sandboxDirs = entries.filter((e) => e.startsWith(SANDBOX_PREFIX));
  let real = entries.filter((e) => !e.startsWith(SANDBOX_PREFIX));
  const named = [...new Set(real.flatMap((e) => imagesByDir.get(e) ?? []))];
  if (named.length > 0) {
    const others = real.filter((e) => !imagesByDir.has(e));
    if (named.length > 1 || others.length > 0) {
      throw new Error(`${script}: a run given an image's PATH (imagePath) emulates that image, so it takes no other image's or this machine's directories: ${real.join(":")}`);
    }
    if (image !== undefined && image !== named[0]) throw new Error(`${script}: a run in ${image} was given ${named[0]}'s PATH`);
    // Its commands are this machine's, as the image's PATH finds them: the shims decide which are there.
    real = IMAGE_PATH;
  }
  const emulated = image ?? named[0] ?? defaultImage(script);
  const file = join(work(), `trace-${process.pid}-${runs++}`);
  writeFileSync(file, "");
  chmodSync(file, 0o666);
  const shims = shimDir(real, declaredBy(emulated), lackedBy(emulated), own);
  return {
    env: { ...env, PATH: [...sandboxDirs, shims].join(":"), COINSTACKS_REAL_PATH: real.join(":"), [TRACE_VARIABLE]: file },
    image: emulated,
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
 * What is wrong with a run of `script` (absolute path) that emulated `image` (by default the
 * script's `defaultImage`) and called `calls`: one line per command that image does not declare, or
 * a script that no definition runs.
 */
export function undeclaredCalls(script: string, calls: readonly string[], image = defaultImage(script)): string[] {
  const name = relative(COINSTACKS, script);
  const images = scriptImages().get(name);
  if (!images || image === undefined) return [`coinstacks/${name} is run by no coin definition, so no image declares what it may call`];
  const declared = IMAGE_TOOLS[image];
  if (!declared) return [`${image}, which runs coinstacks/${name}, declares no commands in coinstacks/image-tools.ts`];
  return calls
    .filter((command) => !declared.commands.includes(command))
    .map((command) => `coinstacks/${name} called \`${command}\`, which ${image} (${declared.base}) does not declare in coinstacks/image-tools.ts`);
}
