/**
 * An emulated pod of a synthesized StatefulSet, to run the lifecycle scripts in the containers they
 * will really run in, as far as this machine allows (issue 19):
 *
 * - the pod's own network namespace, shared by its containers, whose 127.0.0.1 ports are the ones
 *   the StatefulSet names (fake servers of the test are bound there, ./pod-network.cjs);
 * - per container a mount namespace and root: the StatefulSet's volume mounts at their paths
 *   (its ConfigMap's keys as Terraform will deliver them, secret keys 0440 and claims owned by
 *   the fsGroup, emptyDirs), read-only where they say so, a read-only root when
 *   `readOnlyRootFilesystem` says so, and the kubelet's /etc/hosts;
 * - each command runs as the container's user and groups, no new privileges, no capabilities,
 *   with exactly the environment the StatefulSet gives (field references resolved as the kubelet
 *   does), and is killed at its probe's `timeoutSeconds`.
 *
 * What it cannot be: the image. Its root is this machine's /usr and /etc (the tool-inventory trace
 * checks that the scripts call only what the image declares), but for an alpine image, whose
 * declared commands are this machine's busybox applets, and the image's own binaries are fakes
 * placed at their paths in the image. It needs root, mount and network namespaces (`unshare`,
 * `nsenter`, `setpriv` from util-linux, `ip` from iproute2) and busybox, which `.ci/run` checks.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import type { Server } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { one, type SynthesizedStack } from "./synth";
import { IMAGE_TOOLS } from "../../coinstacks/image-tools";
import { followTraced, type RunResult } from "./scripts";
import { scriptWithContent, traceRun } from "./tool-trace";

/** The PATH of the images, which the StatefulSet does not set: Docker's default. */
const IMAGE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export type ProbeKind = "startup" | "readiness" | "liveness";

export interface SynthesizedContainer {
  readonly name: string;
  readonly image: string;
  readonly command: readonly string[];
  readonly env: readonly { name: string; value?: string; value_from?: any }[];
  readonly mounts: readonly { mount_path: string; name: string; read_only?: boolean; sub_path?: string }[];
  readonly user: number;
  readonly group: number;
  readonly readOnlyRoot: boolean;
  readonly probes: Readonly<Partial<Record<ProbeKind, { command: readonly string[]; timeoutSeconds: number }>>>;
}

export interface SynthesizedPod {
  /** `<StatefulSet name>-<ordinal>`. */
  readonly name: string;
  readonly statefulSet: string;
  readonly namespace: string;
  readonly ordinal: number;
  readonly fsGroup?: number;
  readonly containers: readonly SynthesizedContainer[];
  /** Volume name → what backs it. */
  readonly volumes: ReadonlyMap<string, PodVolume>;
}

export type PodVolume =
  | { kind: "configMap"; files: Record<string, string>; mode: number }
  | { kind: "secret"; secretName: string; mode: number; keys: readonly string[] }
  | { kind: "emptyDir" }
  | { kind: "claim" };

/** Every StatefulSet of a synthesized stack, as its pod of ordinal 0. */
export function synthesizedPods(stack: SynthesizedStack): SynthesizedPod[] {
  return Object.values(stack.resource.kubernetes_stateful_set_v1 ?? {}).map((body) => podOf(stack, body));
}

function podOf(stack: SynthesizedStack, body: any): SynthesizedPod {
  const metadata = one(body.metadata);
  const spec = one(body.spec);
  const template = one(one(spec.template).spec);
  const podSecurity = one(template.security_context ?? {});
  const volumes = new Map<string, PodVolume>();
  for (const volume of template.volume ?? []) volumes.set(volume.name, volumeOf(stack, volume));
  for (const claim of spec.volume_claim_template ?? []) volumes.set(one(claim.metadata).name, { kind: "claim" });
  const statefulSet = referencedName(stack, metadata.name);
  const containers = [...(template.init_container ?? []), ...(template.container ?? [])].map((c: any) => containerOf(c, podSecurity));
  return {
    name: `${statefulSet}-0`,
    statefulSet,
    namespace: referencedName(stack, metadata.namespace),
    ordinal: 0,
    fsGroup: numberOf(podSecurity.fs_group),
    containers,
    volumes,
  };
}

function volumeOf(stack: SynthesizedStack, volume: any): PodVolume {
  if (volume.config_map) {
    const source = one(volume.config_map);
    const configMap = referencedResource(stack, source.name);
    const data: Record<string, string> = configMap.data ?? {};
    const files = Object.fromEntries(Object.entries(data).map(([key, value]) => [key, terraformString(value, `config map ${source.name} key ${key}`)]));
    return { kind: "configMap", files, mode: parseInt(source.default_mode ?? "0644", 8) };
  }
  if (volume.secret) {
    const source = one(volume.secret);
    const secret = Object.values(stack.resource.kubernetes_secret_v1 ?? {}).find((body) => one(body.metadata).name === source.secret_name);
    if (!secret) throw new Error(`volume ${volume.name}: Secret ${source.secret_name} is not created by this stack, so its keys are unknown here`);
    const keys = Object.keys(secret.data_wo ?? secret.data ?? {});
    return { kind: "secret", secretName: source.secret_name, mode: parseInt(source.default_mode ?? "0644", 8), keys };
  }
  if (volume.empty_dir) return { kind: "emptyDir" };
  throw new Error(`volume ${volume.name}: the emulated pod knows configMap, secret and emptyDir volumes, not ${Object.keys(volume).join(", ")}`);
}

function containerOf(container: any, podSecurity: any): SynthesizedContainer {
  const security = one(container.security_context ?? {});
  const user = numberOf(security.run_as_user ?? podSecurity.run_as_user);
  const group = numberOf(security.run_as_group ?? podSecurity.run_as_group);
  if (user === undefined || group === undefined) throw new Error(`container ${container.name} sets no runAsUser/runAsGroup: its image's user is unknown here`);
  const probes: Partial<Record<ProbeKind, { command: string[]; timeoutSeconds: number }>> = {};
  for (const kind of ["startup", "readiness", "liveness"] as const) {
    const probe = container[`${kind}_probe`] && one(container[`${kind}_probe`]);
    if (probe?.exec) probes[kind] = { command: one(probe.exec).command, timeoutSeconds: Number(probe.timeout_seconds ?? 1) };
  }
  return {
    name: container.name,
    image: container.image,
    command: [...(container.command ?? []), ...(container.args ?? [])],
    env: container.env ?? [],
    mounts: container.volume_mount ?? [],
    user,
    group,
    readOnlyRoot: security.read_only_root_filesystem === true,
    probes,
  };
}

function numberOf(value: unknown): number | undefined {
  return value === undefined || value === null ? undefined : Number(value);
}

/**
 * A JSON string as Terraform reads it: a template, where `$${` and `%%{` stand for `${` and `%{`.
 * Anything else that interpolates would be a value known only at apply: an error here.
 */
export function terraformString(value: string, where: string): string {
  return value.replace(/\$\$\{|%%\{|(\$\{|%\{)/g, (match, interpolation: string | undefined, offset: number) => {
    if (interpolation) throw new Error(`${where} holds a Terraform interpolation (${value.slice(offset, offset + 40)}…)`);
    return match.slice(1);
  });
}

const REFERENCE = /^\$\{([a-z0-9_]+)\.([^.]+)\.metadata\[0\]\.name\}$/;

function referencedResource(stack: SynthesizedStack, reference: string): any {
  const match = REFERENCE.exec(reference);
  const resource = match && stack.resource[match[1]!]?.[match[2]!];
  if (!resource) throw new Error(`${reference} names no resource of the stack`);
  return resource;
}

/** A name as the cluster will see it: the literal, or the name of the resource it references. */
function referencedName(stack: SynthesizedStack, value: string): string {
  return REFERENCE.test(value) ? referencedName(stack, one(referencedResource(stack, value).metadata).name) : terraformString(value, `name ${value}`);
}

/** The environment the kubelet gives the container: values, and field references resolved for `pod`. */
export function containerEnvironment(pod: SynthesizedPod, container: SynthesizedContainer): Record<string, string> {
  const fields: Record<string, string> = {
    "metadata.name": pod.name,
    "metadata.namespace": pod.namespace,
    "metadata.labels['apps.kubernetes.io/pod-index']": String(pod.ordinal),
    "status.podIP": "127.0.0.1",
  };
  const env: Record<string, string> = {};
  for (const variable of container.env) {
    if (variable.value_from) {
      const path = one(one(variable.value_from).field_ref ?? {}).field_path as string | undefined;
      const value = path === undefined ? undefined : fields[path];
      if (value === undefined) throw new Error(`${container.name}: ${variable.name} comes from ${JSON.stringify(variable.value_from)}, which the emulated kubelet does not resolve`);
      env[variable.name] = value;
    } else {
      env[variable.name] = terraformString(variable.value ?? "", `${container.name} env ${variable.name}`);
    }
  }
  return env;
}

// ---------------------------------------------------------------------------------------------
// Running it

export interface PodOptions {
  /** The value of each key of a Secret the pod mounts (the cluster generates them; the test chooses). */
  readonly secretValue?: (key: string, secretName: string) => string;
  /** Host names the pod resolves to 127.0.0.1 (stands in for the cluster's DNS). */
  readonly hosts?: readonly string[];
  /** Per image, its own binaries: path in the image (under /usr) → the fake that stands for it. */
  readonly imageBinaries?: Record<string, Record<string, string>>;
  /**
   * Directories of the test (fake binaries and what they record) that appear at the same path in
   * every container, writable.
   */
  readonly instrumentation?: readonly string[];
}

export interface EmulatedPod {
  /** Makes `port` on the pod's 127.0.0.1 reach `server` (a fake), until `release(port)`. */
  bind(port: number): Promise<Server>;
  release(port: number): void;
  /**
   * Runs `command` (a script the container mounts) in `container` as a kubelet exec probe does, or
   * as the runtime starts the container's own command; killed after `timeoutSeconds`.
   */
  exec(container: string, command: readonly string[], timeoutSeconds: number): Promise<ContainerRun>;
  close(): Promise<void>;
}

export interface ContainerRun extends RunResult {
  /** Killed at the deadline, as the kubelet ends a probe at its timeoutSeconds. */
  readonly timedOut: boolean;
}

function requireTool(name: string): void {
  if (spawnSync("sh", ["-c", `command -v ${name}`]).status !== 0) throw new Error(`the emulated pod needs ${name} (util-linux, iproute2, busybox); .ci/run checks for it`);
}

export async function startPod(spec: SynthesizedPod, options: PodOptions = {}): Promise<EmulatedPod> {
  for (const tool of ["unshare", "nsenter", "setpriv", "ip", "busybox"]) requireTool(tool);
  const root = mkdtempSync(join(tmpdir(), "coinstacks-pod-"));
  chmodSync(root, 0o755);
  prepareVolumes(spec, root, options);
  const hostsFile = join(root, "hosts");
  writeFileSync(hostsFile, kubeletHosts(spec, options.hosts ?? []));
  const network = await startNetwork();
  const holders = new Map<string, Promise<ChildProcess>>();
  const bound = new Map<number, Server>();
  // Concurrent commands of one container share its filesystem: the promise is kept, not the process.
  const holder = (name: string): Promise<ChildProcess> => {
    let process = holders.get(name);
    if (!process) {
      process = holdContainer(containerNamed(spec, name), root, hostsFile, network.process.pid!, options);
      holders.set(name, process);
    }
    return process;
  };
  return {
    bind: async (port) => {
      const server = await network.bind(port);
      bound.set(port, server);
      return server;
    },
    release: (port) => {
      bound.get(port)?.close();
      bound.delete(port);
    },
    exec: async (name, command, timeoutSeconds) => run(spec, containerNamed(spec, name), await holder(name), command, timeoutSeconds, options),
    close: async () => {
      for (const server of bound.values()) server.close();
      const children = [...(await Promise.allSettled(holders.values())).flatMap((child) => (child.status === "fulfilled" ? [child.value] : [])), network.process];
      // Ended, and their pipes and IPC channel closed, before the test file ends: a child still
      // exiting keeps the jest worker from exiting gracefully.
      await Promise.all(children.map(ended));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Kills a child and resolves once it has exited and its stdio and IPC channel are closed. */
function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  child.kill("SIGKILL");
  return closed;
}

function containerNamed(spec: SynthesizedPod, name: string): SynthesizedContainer {
  const container = spec.containers.find((c) => c.name === name);
  if (!container) throw new Error(`${spec.statefulSet} has no container ${name}`);
  return container;
}

/** The files behind each volume, owned and moded as the kubelet makes them. */
function prepareVolumes(spec: SynthesizedPod, root: string, options: PodOptions): void {
  const group = spec.fsGroup ?? 0;
  for (const [name, volume] of spec.volumes) {
    const dir = join(root, "volumes", name);
    mkdirSync(dir, { recursive: true });
    if (volume.kind === "emptyDir") {
      chmodSync(dir, 0o777);
    } else if (volume.kind === "claim") {
      // fsGroup: the volume's root belongs to the group, setgid, group-writable.
      chownSync(dir, 0, group);
      chmodSync(dir, 0o2775);
    } else {
      const files = volume.kind === "configMap" ? volume.files : secretFiles(volume, options);
      for (const [key, content] of Object.entries(files)) {
        const file = join(dir, key);
        writeFileSync(file, content);
        chownSync(file, 0, group);
        chmodSync(file, volume.mode);
      }
      chmodSync(dir, 0o755);
    }
  }
}

function secretFiles(volume: Extract<PodVolume, { kind: "secret" }>, options: PodOptions): Record<string, string> {
  if (!options.secretValue) throw new Error(`the pod mounts Secret ${volume.secretName}: give its values (secretValue)`);
  return Object.fromEntries(volume.keys.map((key) => [key, options.secretValue!(key, volume.secretName)]));
}

function kubeletHosts(spec: SynthesizedPod, extra: readonly string[]): string {
  return [
    "# Kubernetes-managed hosts file (emulated).",
    "127.0.0.1\tlocalhost",
    "::1\tlocalhost ip6-localhost ip6-loopback",
    `127.0.0.1\t${spec.name}`,
    ...extra.map((host) => `127.0.0.1\t${host}`),
    "",
  ].join("\n");
}

interface PodNetwork {
  readonly process: ChildProcess;
  bind(port: number): Promise<Server>;
}

async function startNetwork(): Promise<PodNetwork> {
  const child = spawn("unshare", ["--net", "sh", "-c", `ip link set lo up && exec "${process.execPath}" "${join(__dirname, "pod-network.cjs")}"`], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const waiting = new Map<number, (result: { error?: string; server?: Server }) => void>();
  child.on("message", (message: any, handle: Server | undefined) => {
    if (typeof message?.bound === "number") waiting.get(message.bound)?.({ error: message.error, server: handle });
  });
  await new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the pod's network namespace ended (${code})`)));
    child.once("message", () => resolve());
  });
  return {
    process: child,
    bind: (port) =>
      new Promise<Server>((resolve, reject) => {
        waiting.set(port, ({ error, server }) => {
          waiting.delete(port);
          if (error || !server) reject(new Error(`cannot bind 127.0.0.1:${port} in the pod: ${error ?? "no socket came back"}`));
          else resolve(server);
        });
        child.send({ bind: port });
      }),
  };
}

/** Single-quoted for sh. */
function q(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A process in the pod's network namespace and a mount namespace of the container's own, whose root
 * (chroot) is the container's filesystem; every command of the container enters it. It ends when
 * its stdin closes (the test process ended) or when killed.
 */
async function holdContainer(container: SynthesizedContainer, root: string, hostsFile: string, networkPid: number, options: PodOptions): Promise<ChildProcess> {
  const fs = join(root, "roots", container.name);
  const layer = join(root, "layers", container.name);
  mkdirSync(fs, { recursive: true });
  mkdirSync(join(layer, "usr", "bin"), { recursive: true });
  for (const applet of busyboxCommands(container.image)) symlinkSync(BUSYBOX, join(layer, "usr", "bin", applet));
  // The root's skeleton is made here, in-process; the namespace's shell only mounts (busybox's
  // mount: a process per mount is most of what building a container costs).
  chmodSync(fs, 0o755);
  for (const dir of ["usr", "etc", "dev", "proc"]) mkdirSync(join(fs, dir));
  // The image's own binaries: under /usr in the layer over it, elsewhere (avalanchego's
  // /avalanchego/build) in the root itself.
  for (const [path, target] of Object.entries(options.imageBinaries?.[container.image] ?? {})) {
    const at = path.startsWith("/usr/") ? join(layer, path) : join(fs, path);
    mkdirSync(dirname(at), { recursive: true });
    symlinkSync(target, at);
  }
  for (const link of ["bin", "lib", "lib64", "sbin"]) symlinkSync(`usr/${link}`, join(fs, link));
  const mount = (args: string) => `${BUSYBOX} mount ${args}`;
  const lines = [
    "set -e",
    `R=${q(fs)}`,
    mount('-o bind "$R" "$R"'),
    mount(`-t overlay -o ro,lowerdir=${q(join(layer, "usr"))}:/usr overlay "$R/usr"`),
    mount('-o bind /etc "$R/etc"'),
    mount('-o remount,bind,ro "$R/etc"'),
    mount(`-o bind ${q(hostsFile)} "$R/etc/hosts"`),
    mount('-o rbind /dev "$R/dev"'),
    mount('-o rbind /proc "$R/proc"'),
  ];
  for (const volumeMount of container.mounts) {
    const source = join(root, "volumes", volumeMount.name, volumeMount.sub_path ?? "");
    const target = join(fs, volumeMount.mount_path);
    mkdirSync(dirname(target), { recursive: true });
    if (statSync(source).isDirectory()) mkdirSync(target, { recursive: true });
    else if (volumeMount.read_only && container.readOnlyRoot) {
      // A read-only file of a ConfigMap or Secret on a read-only root: the same bytes, mode and
      // owner at its path, without a mount of its own.
      copyFileSync(source, target);
      const { mode, uid, gid } = statSync(source);
      chmodSync(target, mode & 0o7777);
      chownSync(target, uid, gid);
      continue;
    } else writeFileSync(target, "");
    lines.push(mount(`-o bind ${q(source)} ${q(target)}`));
    if (volumeMount.read_only) lines.push(mount(`-o remount,bind,ro ${q(target)}`));
  }
  for (const dir of options.instrumentation ?? []) {
    // Its mount point, in the volume mounted over its path if there is one (the test's files live in /tmp).
    const covering = container.mounts.filter((m) => dir.startsWith(`${m.mount_path}/`)).sort((a, b) => b.mount_path.length - a.mount_path.length)[0];
    const host = covering ? join(root, "volumes", covering.name, covering.sub_path ?? "", relative(covering.mount_path, dir)) : join(fs, dir);
    mkdirSync(host, { recursive: true });
    lines.push(mount(`-o bind ${q(dir)} ${q(join(fs, dir))}`));
  }
  if (container.readOnlyRoot) lines.push(mount('-o remount,bind,ro "$R"'));
  lines.push('exec chroot "$R" /bin/sh -c "read -r _ || :"');
  const child = spawn("nsenter", [`--net=/proc/${networkPid}/ns/net`, "unshare", "--mount", "--propagation", "private", "sh", "-c", lines.join("\n")], {
    stdio: ["pipe", "ignore", "pipe"],
  });
  let errors = "";
  child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  // Entered once its root is the container's: chroot has replaced the setup shell.
  const deadline = Date.now() + 10_000;
  while (readLink(`/proc/${child.pid}/root`) !== fs) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`cannot build ${container.name}'s filesystem:\n${errors}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return child;
}

const BUSYBOX = "/usr/bin/busybox";
let applets: Set<string> | undefined;

/**
 * Applets this machine's busybox cannot stand in for: Debian builds busybox without wget's timeout
 * (`-T` crashes it), which alpine's has; the host's GNU wget takes its place.
 */
const UNLIKE_ALPINE = new Set(["wget"]);

/**
 * For an image of busybox applets (IMAGE_TOOLS' `busybox`), the commands it declares that busybox
 * provides, `/bin/sh` as `sh`: the container runs each as busybox, as alpine does.
 */
function busyboxCommands(image: string): string[] {
  if (!IMAGE_TOOLS[image]?.busybox) return [];
  if (!applets) {
    const list = spawnSync(BUSYBOX, ["--list"], { encoding: "utf8" });
    if (list.status !== 0) throw new Error(`${image} is a busybox image: its emulated container needs ${BUSYBOX} (apt-get install busybox; .ci/run does)`);
    applets = new Set(list.stdout.split("\n").filter(Boolean));
  }
  return IMAGE_TOOLS[image]!.commands.map((command) => command.replace(/^\/bin\//, "")).filter((command) => applets!.has(command) && !UNLIKE_ALPINE.has(command));
}

function readLink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/** The repository script (absolute path) the container mounts at `path`, found by its content as Terraform delivers it. */
export function mountedScript(pod: SynthesizedPod, container: SynthesizedContainer, path: string): string {
  const mount = container.mounts.find((m) => m.mount_path === path);
  const volume = mount && pod.volumes.get(mount.name);
  if (!mount?.sub_path || volume?.kind !== "configMap") throw new Error(`${container.name}: ${path} is no script of its ConfigMap`);
  const content = volume.files[mount.sub_path];
  const file = content === undefined ? undefined : scriptWithContent(content);
  if (!file) throw new Error(`${container.name}: ${path} (key ${mount.sub_path}) is, as Terraform delivers it, no file of coinstacks/`);
  return file;
}

/**
 * A command or argument as the kubelet runs it: `$(NAME)` replaced by the container's variable NAME
 * where it has one (left as written where not), `$$` standing for `$`.
 */
export function dependentValue(word: string, env: Readonly<Record<string, string>>): string {
  return word.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (match, name: string | undefined) => (name === undefined ? "$" : (env[name] ?? match)));
}

async function run(
  spec: SynthesizedPod,
  container: SynthesizedContainer,
  holder: ChildProcess,
  command: readonly string[],
  timeoutSeconds: number,
  options: PodOptions,
): Promise<ContainerRun> {
  const script = mountedScript(spec, container, command[0]!);
  const shebang = /^#!(\S+)/.exec(readFileSync(script, "utf8"))?.[1] ?? "?";
  const own = Object.fromEntries(Object.keys(options.imageBinaries?.[container.image] ?? {}).map((path) => [basename(path), path]));
  const trace = traceRun(script, shebang, { ...containerEnvironment(spec, container), PATH: IMAGE_PATH }, own, container.image);
  const groups = [container.group, ...(spec.fsGroup === undefined ? [] : [spec.fsGroup])].join(",");
  const args = [
    `--target=${holder.pid}`,
    "--mount",
    "--net",
    "--root",
    "--wd",
    "--",
    "setpriv",
    `--reuid=${container.user}`,
    `--regid=${container.group}`,
    `--groups=${groups}`,
    "--no-new-privs",
    "--inh-caps=-all",
    "--bounding-set=-all",
    "--",
    "env",
    "-i",
    ...Object.entries(trace.env).map(([name, value]) => `${name}=${value}`),
    ...command.map((word) => dependentValue(word, containerEnvironment(spec, container))),
  ];
  // Its own process group, so the deadline ends whatever the script started too.
  const child = spawn("nsenter", args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
  const run = followTraced(script, child, trace);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    process.kill(-child.pid!, "SIGKILL");
  }, timeoutSeconds * 1000);
  try {
    return { ...(await run.done), timedOut };
  } finally {
    clearTimeout(timer);
  }
}
