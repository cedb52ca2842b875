import { Testing } from "cdktf";
import { skipTokenCreationTraces } from "../lib/core/token-traces";

Testing.setupJest();
// Stacks are built as the app builds them (buildApp): without cdktf's token creation traces. Under jest
// each of those traces is also source-mapped, which took a third of the suite's time.
skipTokenCreationTraces();
