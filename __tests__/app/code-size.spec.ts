/**
 * The rules of the project stay readable one screen at a time (README, Layout): no function in
 * lib/ longer than about 60 lines, no file longer than about 300. The margins below allow the odd
 * long table row, not a second concern.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

const LIB = join(__dirname, "..", "..", "lib");
const MAX_FUNCTION_LINES = 65;
const MAX_FILE_LINES = 330;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sources(path);
    return entry.endsWith(".ts") ? [path] : [];
  });
}

function longFunctions(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const lines = source.getLineAndCharacterOfPosition(node.end).line - first + 1;
      if (lines > MAX_FUNCTION_LINES) found.push(`${relative(LIB, file)}:${first + 1} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

it(`has no function in lib/ over ${MAX_FUNCTION_LINES} lines`, () => {
  expect(sources(LIB).flatMap(longFunctions)).toEqual([]);
});

it(`has no file in lib/ over ${MAX_FILE_LINES} lines`, () => {
  const lineCount = (file: string): number => readFileSync(file, "utf8").split("\n").length;
  expect(sources(LIB).filter((file) => lineCount(file) > MAX_FILE_LINES).map((file) => `${relative(LIB, file)} (${lineCount(file)} lines)`)).toEqual([]);
});
