/**
 * `npm run volumes:record`: records every shipped environment's current
 * volume sizes in config/volume-floors.json. Synth refuses a size below the
 * record, so a shrink (which EBS and Kubernetes cannot do, and which would
 * not fit the synced chain) fails early. Run it after growing a volume; the
 * diff shows the growth in review.
 */
import { writeFileSync } from "node:fs";
import { buildApp } from "../lib/app";
import { VOLUME_FLOORS_FILE, type VolumeFloors } from "../lib/coinstack/resolve";
import { loadEnvironments } from "../lib/config/load";
import { CoinStack } from "../stacks/coin-stack";
import { COIN_NAMES } from "../coinstacks/names";

export function currentVolumeSizes(): VolumeFloors {
  const app = buildApp({ environments: loadEnvironments({ coins: COIN_NAMES }), outdir: "/tmp/coinstacks-volume-floors" });
  const floors: VolumeFloors = {};
  for (const stack of app.node.children) {
    if (!(stack instanceof CoinStack)) continue;
    for (const { env, names, services } of [stack.coinstack, ...stack.coinstack.workloads]) {
      const byService = Object.fromEntries(services.map((s) => [s.name, s.storage.size]));
      floors[env.name] = { ...floors[env.name], [names.asset]: byService };
    }
  }
  return floors;
}

if (require.main === module) {
  writeFileSync(VOLUME_FLOORS_FILE, `${JSON.stringify(currentVolumeSizes(), null, 2)}\n`);
  console.log(`wrote ${VOLUME_FLOORS_FILE}`);
}
