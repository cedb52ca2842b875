/**
 * Jest through ts-jest in transpile-only mode (tsconfig `isolatedModules`):
 * type-checking is `tsc -b` (tsconfig: noEmit) in `npm test`, once, not per test file.
 * No native transformer, so `npm ci` works on every platform.
 */
module.exports = {
  testEnvironment: "<rootDir>/__tests__/environment.cjs",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  workerIdleMemoryLimit: "512MB",
  // One more worker than the 2 cores: the script tests spend much of their time waiting on bash,
  // curl and fake servers, and a third worker keeps the cores busy meanwhile (npm test measured
  // 55 s of jest with 2 workers, 44 s with 3, 50 s with 4).
  maxWorkers: 3,
};
