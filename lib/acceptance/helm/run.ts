/**
 * Running helm as a child process: offline, isolated from the user's helm
 * configuration (repositories, plugins, registry logins live under a private
 * HELM_*_HOME), never talking to a cluster (no kubeconfig).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";

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
