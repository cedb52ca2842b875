/** Synth directories written by hand (manifest.json + stacks/<name>/cdk.tf.json) for the CI tooling tests. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterSuite } from "../helpers/specs";

export interface FixtureStack {
  readonly json: Record<string, any>;
  readonly dependencies?: string[];
}

const created: string[] = [];

afterSuite(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new temporary directory, removed after the suite. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  created.push(dir);
  return dir;
}

/** Writes a cdktf.out layout into a new temporary directory and returns it. */
export function writeSynth(stacks: Record<string, FixtureStack>, dir: string = tempDir("synth")): string {
  const manifest: Record<string, unknown> = {};
  for (const [name, stack] of Object.entries(stacks)) {
    const workingDirectory = `stacks/${name}`;
    mkdirSync(join(dir, workingDirectory), { recursive: true });
    writeFileSync(join(dir, workingDirectory, "cdk.tf.json"), JSON.stringify(stack.json, null, 2));
    manifest[name] = {
      name,
      constructPath: name,
      annotations: [],
      dependencies: stack.dependencies ?? [],
      workingDirectory,
      synthesizedStackPath: `${workingDirectory}/cdk.tf.json`,
      stackMetadataPath: `${workingDirectory}/metadata.json`,
    };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: manifest }, null, 2));
  return dir;
}

export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The one resource of `type` in a synthesized stack, for mutation. */
export function only(json: Record<string, any>, type: string): { name: string; body: any } {
  const entries = Object.entries(json.resource?.[type] ?? {});
  if (entries.length !== 1) throw new Error(`expected one ${type}, found ${entries.length}`);
  const [name, body] = entries[0]!;
  return { name, body };
}

export function firstOf(json: Record<string, any>, type: string): { name: string; body: any } {
  const entries = Object.entries(json.resource?.[type] ?? {});
  if (entries.length === 0) throw new Error(`no ${type}`);
  const [name, body] = entries[0]!;
  return { name, body };
}
