import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_DIR } from "../../config/load";
import type { VolumeFloors } from "./types";

/** Where each environment's current volume sizes are recorded, so a shrink is caught at synth. */
export const VOLUME_FLOORS_FILE = join(CONFIG_DIR, "volume-floors.json");

export function readVolumeFloors(path: string = VOLUME_FLOORS_FILE): VolumeFloors {
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as VolumeFloors) : {};
}
