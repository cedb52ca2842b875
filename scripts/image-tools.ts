/**
 * Prints the images workflow's matrix (.github/workflows/images.yml): every image of
 * coinstacks/image-tools.ts with the commands it declares, as one line of JSON.
 */
import { imageToolsMatrix } from "../coinstacks/image-tools";

process.stdout.write(`${JSON.stringify(imageToolsMatrix())}\n`);
