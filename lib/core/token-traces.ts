/**
 * cdktf records a full stack trace whenever it creates a token (every reference
 * between resources, every lazy value), only to print it if that token later
 * fails to resolve: thousands of traces per coin stack, each formatted into
 * text as it is taken (and source-mapped under jest). That was a fifth of
 * synth time, for an error the tests and policy checks catch first.
 *
 * cdktf takes those traces on a plain object, never on an Error. The stack
 * formatter installed here (V8's `Error.prepareStackTrace`, which Node
 * documents) formats the stacks of errors as before and gives every other
 * capture an empty trace. Nothing of cdktf is replaced, and a cdktf that took
 * its traces differently would only be slower. `COINSTACKS_TOKEN_TRACES=1`
 * keeps every trace, when a token error needs the place it was created.
 */
import { isNativeError } from "node:util/types";

/** Environment variable that keeps the traces cdktf takes for the tokens it creates. */
export const TOKEN_TRACES_VARIABLE = "COINSTACKS_TOKEN_TRACES";

type StackFormatter = (target: object, frames: NodeJS.CallSite[]) => unknown;

const installed = new WeakSet<StackFormatter>();

/** Installs the formatter for this process (or realm: each jest test file has its own `Error`). */
export function skipTokenCreationTraces(env: NodeJS.ProcessEnv = process.env): void {
  const previous = Error.prepareStackTrace as StackFormatter | undefined;
  if (env[TOKEN_TRACES_VARIABLE] === "1" || (previous && installed.has(previous))) return;
  const formatter: StackFormatter = (target, frames) => {
    if (!(target instanceof Error || isNativeError(target))) return "";
    return previous ? previous(target, frames) : nodeFormat(target, frames);
  };
  installed.add(formatter);
  Error.prepareStackTrace = formatter as typeof Error.prepareStackTrace;
}

/** Node's own format of an error's stack: the error, then one `at` line per frame. */
function nodeFormat(error: Error, frames: readonly NodeJS.CallSite[]): string {
  const heading = Error.prototype.toString.call(error);
  return frames.length === 0 ? heading : `${heading}\n    at ${frames.join("\n    at ")}`;
}
