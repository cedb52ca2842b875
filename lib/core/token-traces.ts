/**
 * cdktf records a full stack trace whenever it creates a token (every reference
 * between resources, every lazy value), only to print it if that token later
 * fails to resolve. On a coin stack that is thousands of traces, about a fifth
 * of synth time, for an error the tests and policy checks catch first. This
 * turns the capture off for the process; `COINSTACKS_TOKEN_TRACES=1` keeps it
 * when a token error needs its creation site.
 */
// A private module of cdktf (pinned exactly in package.json); its callers look the function up on the
// exports object at each call, so replacing it there takes effect everywhere.
import * as stackTrace from "cdktf/lib/tokens/private/stack-trace";

/** Environment variable that keeps cdktf's token creation traces. */
export const TOKEN_TRACES_VARIABLE = "COINSTACKS_TOKEN_TRACES";

export function skipTokenCreationTraces(env: NodeJS.ProcessEnv = process.env): void {
  if (env[TOKEN_TRACES_VARIABLE] === "1") return;
  (stackTrace as { captureStackTrace: (below?: unknown) => string[] }).captureStackTrace = () => [];
}
