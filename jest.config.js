/**
 * Jest through ts-jest in transpile-only mode (tsconfig `isolatedModules`):
 * type-checking is `tsc --noEmit` in `npm test`, once, not per test file.
 * No native transformer, so `npm ci` works on every platform.
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  workerIdleMemoryLimit: "512MB",
  maxWorkers: 2,
};
