/**
 * Every shell script under coinstacks/: shellcheck-clean POSIX sh (bash only where
 * BASH_SCRIPTS says why) that sources the shared probe library from its production
 * path and holds no credential.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { cachedOutput } from "../../lib/acceptance/process";
import { COINSTACKS, REPO } from "../helpers/scripts";

// Each test starts shells and servers; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

function shellScripts(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return shellScripts(path);
    return entry.endsWith(".sh") ? [path] : [];
  });
}

const scripts = shellScripts(COINSTACKS);
const names = scripts.map((s) => relative(REPO, s));
const scriptTexts = scripts.map((path) => readFileSync(path, "utf8"));
const SHELLCHECK_CACHE = join(REPO, "node_modules", ".cache", "shellcheck");

/**
 * The only scripts allowed to be bash, each with the reason (shown in the test's name).
 * The Lighthouse image has no curl, wget or jq, and its startup and liveness probes must
 * run in its own container, since a failing liveness restarts only that container.
 */
const LIGHTHOUSE_HAS_NO_HTTP_CLIENT = "runs in the Lighthouse container: bash's /dev/tcp is the only HTTP client there";
const BASH_SCRIPTS: Readonly<Record<string, string>> = {
  "coinstacks/evm/beacon-lib.sh": LIGHTHOUSE_HAS_NO_HTTP_CLIENT,
  "coinstacks/evm/beacon/startup.sh": LIGHTHOUSE_HAS_NO_HTTP_CLIENT,
  "coinstacks/evm/beacon/liveness.sh": LIGHTHOUSE_HAS_NO_HTTP_CLIENT,
};
const shellOf = (name: string): "bash" | "sh" => (name in BASH_SCRIPTS ? "bash" : "sh");

it("finds the scripts", () => {
  expect(names).toEqual(
    expect.arrayContaining([
      "coinstacks/lib/probe-lib.sh",
      "coinstacks/utxo/daemon/init.sh",
      "coinstacks/blockbook/readiness.sh",
      "coinstacks/evm/evm-lib.sh",
      "coinstacks/evm/daemon/readiness.sh",
      "coinstacks/evm/beacon/readiness.sh",
      "coinstacks/evm/blockbook-init.sh",
      ...Object.keys(BASH_SCRIPTS),
    ]),
  );
});

describe("shellcheck", () => {
  const version = spawnSync("shellcheck", ["--version"], { encoding: "utf8" });
  const installed = !version.error && version.status === 0;
  /**
   * Findings per script, from one shellcheck run per shell (a process per script cost a second of
   * CPU each); coinstacks/.shellcheckrc enables external sources, so each script is still checked
   * together with the libraries it sources. A run's output is kept under node_modules/.cache, keyed
   * by everything that decides it (shellcheck's version, the rc file, the shell, every script's
   * text), since checking them all costs seconds of CPU on every `npm test`.
   */
  const findings = new Map<string, string[]>();
  beforeAll(async () => {
    if (!installed) return;
    for (const shell of ["sh", "bash"] as const) {
      const files = names.filter((name) => shellOf(name) === shell);
      const args = [`--shell=${shell}`, "--severity=style", "--format=gcc", ...files];
      const output = await cachedOutput(SHELLCHECK_CACHE, [version.stdout, readFileSync(join(COINSTACKS, ".shellcheckrc"), "utf8"), args, scriptTexts], () => {
        const result = spawnSync("shellcheck", args, { cwd: REPO, encoding: "utf8" });
        if (result.error) throw result.error;
        return `${result.stdout}${result.stderr}`;
      });
      for (const line of output.split("\n").filter(Boolean)) {
        const file = line.slice(0, line.indexOf(":"));
        findings.set(file, [...(findings.get(file) ?? []), line]);
      }
    }
  });

  it("is installed", () => {
    if (!installed) throw new Error("shellcheck is not installed: install shellcheck (apt-get install shellcheck); .ci/run does it in CI");
  });

  it.each(names)("passes on %s", (name) => {
    if (!installed) throw new Error("install shellcheck (apt-get install shellcheck)");
    expect(findings.get(name) ?? []).toEqual([]);
  });

  it("reports a planted finding against the script that has it", () => {
    if (!installed) throw new Error("install shellcheck (apt-get install shellcheck)");
    const planted = spawnSync("shellcheck", ["--shell=sh", "--format=gcc", "-"], { input: "#!/bin/sh\necho $1\n", encoding: "utf8" });
    expect(planted.stdout).toMatch(/^-:2:6: note: Double quote to prevent globbing and word splitting\. \[SC2086\]$/m);
  });
});

describe.each(names)("%s", (name) => {
  const text = readFileSync(join(REPO, name), "utf8");
  if (shellOf(name) === "bash") {
    it(`is bash, allowed because it ${BASH_SCRIPTS[name]}`, () => {
      expect(text.startsWith("#!/bin/bash\n")).toBe(true);
    });
  } else {
    it("is POSIX sh", () => {
      expect(text.startsWith("#!/bin/sh\n")).toBe(true);
    });
  }
  it("holds no credential and never passes one on a command line", () => {
    // A literal after rpcuser=/rpcpassword= (only printf's %s may follow), or credentials as daemon or curl arguments.
    expect(text).not.toMatch(/rpc(?:user|password)=(?!%s)|-rpcpassword|-rpcuser|--user[ =]|curl [^\n]*-u /);
  });
  // Libraries (probe-lib.sh, evm-lib.sh, beacon-lib.sh) are sourced, not run; the scripts source them.
  if (!name.endsWith("-lib.sh")) {
    it("sources the probe library from /probe-lib.sh unless PROBE_LIB points elsewhere", () => {
      expect(text).toContain('. "${PROBE_LIB:-/probe-lib.sh}"');
    });
  }
});
