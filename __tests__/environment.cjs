/**
 * jest's node environment, and one thing more for the worker process it runs in: the worker ends
 * through process.exit once its 'exit' event has run. jest 29's worker farm kills a worker that has not
 * terminated 500 ms after its end message ("A worker process has failed to exit gracefully"), and
 * measured here (issue 16) every worker had run its 'exit' event within milliseconds of that message
 * and left nothing open, then spent over half a second more in Node's own teardown of its
 * heap (a worker's holds every spec's module graph) before the process was gone. process.exit
 * ends the process without that teardown.
 */
"use strict";
const { TestEnvironment } = require("jest-environment-node");

let exitHooked = false;

module.exports = class extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    if (!exitHooked) {
      exitHooked = true;
      // Called in the 'exit' event, process.exit goes straight to the end: the event has run.
      process.once("exit", (code) => process.exit(code));
    }
  }
};
