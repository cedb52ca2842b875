/**
 * `npm run diagram [-- <env>]`: prints the Mermaid flowchart of an environment's stacks (default dev)
 * from `cdktf.out` (run `npm run synth` first), for the README's "What gets built".
 */
import { readSynth } from "../lib/ci/synth";
import { stackDiagram } from "../lib/ci/stack-diagram";

console.log(stackDiagram(readSynth(process.env.CDKTF_OUTDIR ?? "cdktf.out").manifest, process.argv[2] ?? "dev"));
