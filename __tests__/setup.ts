import { sep } from "node:path";

// The script suites build no stacks: they do without cdktf, whose loading costs every test file half
// a second of CPU.
if (!expect.getState().testPath?.includes(`${sep}__tests__${sep}scripts${sep}`)) {
  const { Testing } = require("cdktf") as typeof import("cdktf");
  const { skipTokenCreationTraces } = require("../lib/core/token-traces") as typeof import("../lib/core/token-traces");
  Testing.setupJest();
  // Stacks are built as the app builds them (buildApp): without cdktf's token creation traces. Under jest
  // each of those traces is also source-mapped, which took a third of the suite's time.
  skipTokenCreationTraces();
}
