/** Resolving a coinstack: a coin's definition merged with an environment's settings, checked, for the constructs to render. */
export { resolveCoinstack } from "./coinstack";
export { environmentProblems } from "./environment";
export type { ResolvedCoinstack, ResolvedPort, ResolvedRoute, ResolvedService, ResolvedSidecar, ResolvedWorkload, ResolveOptions, VolumeFloors } from "./types";
export { readVolumeFloors, VOLUME_FLOORS_FILE } from "./volume-floors";
export type { ResolvedVolumeOperation } from "./volume-operations";
