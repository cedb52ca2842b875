/**
 * `npm run graph [-- <env> [<coin>]]`: prints, from `cdktf.out` (run `npm run synth` first), the Mermaid
 * flowcharts the README's "What gets built" embeds: an environment's stacks (default dev) and one coin
 * stack's Kubernetes objects (default bitcoin), each under the README's marker.
 */
import { readSynth } from "../lib/ci/synth";
import { coinstackDiagram, stackDiagram } from "../lib/ci/stack-diagram";

const [environment = "dev", coin = "bitcoin"] = process.argv.slice(2);
const { manifest, stacks } = readSynth(process.env.CDKTF_OUTDIR ?? "cdktf.out");
const stack = stacks.get(`${environment}-${coin}`);
if (!stack) throw new Error(`no stack ${environment}-${coin} in cdktf.out: synthesize it first`);
for (const [marker, diagram] of [[`stack diagram: ${environment}`, stackDiagram(manifest, environment)], [`coinstack diagram: ${environment}-${coin}`, coinstackDiagram(stack)]]) {
  console.log(`<!-- ${marker} -->\n\`\`\`mermaid\n${diagram}\n\`\`\`\n`);
}
