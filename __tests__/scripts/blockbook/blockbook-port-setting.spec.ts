/**
 * The blockbook probes read BLOCKBOOK_PORT into a variable before asking blockbook (issue 19,
 * item 3): a `$(setting ...)` inside http_json's URL argument did not stop the probe when the
 * setting was malformed, which then asked a URL without a port and blamed blockbook for not
 * answering. A malformed setting fails the probe with one line naming it, and nothing is asked.
 */
import { runScript, sandboxPerTest, scriptPath } from "../../helpers/scripts";

jest.setTimeout(60_000);

const t = sandboxPerTest();

it.each(["startup", "readiness", "liveness"])("blockbook %s.sh fails on a malformed BLOCKBOOK_PORT with one line naming it", async (kind) => {
  const result = await runScript(scriptPath(`blockbook/${kind}.sh`), t.box.env({ BLOCKBOOK_PORT: "80O1" }));
  expect(result.code).not.toBe(0);
  expect(result.output).toBe('invalid setting BLOCKBOOK_PORT="80O1": expected a non-negative integer\n');
});
