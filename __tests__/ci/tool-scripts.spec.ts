/** The shell scripts of the tooling (scripts/*.sh: stack packaging, validation, the fixture coin) pass shellcheck. */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const SCRIPTS = join(__dirname, "..", "..", "scripts");
const shellScripts = readdirSync(SCRIPTS).filter((name) => name.endsWith(".sh"));
// .ci/run and test.yml install shellcheck; without it (a bare machine) these checks are skipped.
const installed = !spawnSync("shellcheck", ["--version"]).error;

it("finds the tooling's shell scripts", () => {
  expect(shellScripts).toEqual(expect.arrayContaining(["add-fixture-coin.sh", "package-stack.sh", "validate-stacks.sh"]));
});

(installed ? it.each(shellScripts) : it.skip.each(shellScripts))("scripts/%s passes shellcheck", (name) => {
  const result = spawnSync("shellcheck", [join(SCRIPTS, name)], { encoding: "utf8" });
  expect(result.stdout).toBe("");
  expect(result.status).toBe(0);
});
