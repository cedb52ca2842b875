import { sep } from "node:path";

const scriptSuite = expect.getState().testPath?.includes(`${sep}__tests__${sep}scripts${sep}`) ?? false;

if (scriptSuite) {
  // No script a test left running outlives its test file (and keeps the jest worker from exiting).
  const { endUnfinishedScripts } = require("./helpers/scripts") as typeof import("./helpers/scripts");
  afterAll(endUnfinishedScripts);
} else {
  // The script suites build no stacks: they do without cdktf, whose loading costs every test file half
  // a second of CPU.
  const { Testing } = require("cdktf") as typeof import("cdktf");
  const { skipTokenCreationTraces } = require("../lib/core/token-traces") as typeof import("../lib/core/token-traces");
  Testing.setupJest();
  // Stacks are built as the app builds them (buildApp): without cdktf's token creation traces. Under jest
  // each of those traces is also source-mapped, which took a third of the suite's time.
  skipTokenCreationTraces();
}
