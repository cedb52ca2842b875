/**
 * JSON written one value per line, remembering which key path each line
 * holds, so a Terraform diagnostic (which names a file and a byte offset) can
 * be traced back to the key it is about.
 */
import type { KeyPath } from "../problem";

export interface LocatedJson {
  readonly text: string;
  /**
   * The key path of the value at byte offset `byte` of `text`. Terraform places
   * an error inside a string at the string's offset plus the offset within its
   * decoded text; decoding never lengthens a JSON string, so that still falls
   * on the string's own line (a line number would not: decoded newlines count).
   */
  pathAt(byte: number): KeyPath;
}

export function locatedJson(value: unknown): LocatedJson {
  const lines: string[] = [];
  const paths: KeyPath[] = [];
  const emit = (text: string, path: KeyPath) => {
    lines.push(text);
    paths.push(path);
  };
  const write = (item: unknown, path: KeyPath, lead: string, trail: string) => {
    if (Array.isArray(item) && item.length > 0) {
      emit(`${lead}[`, path);
      item.forEach((child, index) => write(child, [...path, index], "", index < item.length - 1 ? "," : ""));
      emit(`]${trail}`, path);
    } else if (item !== null && typeof item === "object" && Object.keys(item).length > 0) {
      const entries = Object.entries(item);
      emit(`${lead}{`, path);
      entries.forEach(([key, child], index) => write(child, [...path, key], `${JSON.stringify(key)}: `, index < entries.length - 1 ? "," : ""));
      emit(`}${trail}`, path);
    } else {
      emit(`${lead}${JSON.stringify(item)}${trail}`, path);
    }
  };
  write(value, [], "", "");
  const ends: number[] = [];
  let offset = 0;
  for (const line of lines) ends.push((offset += Buffer.byteLength(line) + 1));
  const pathAt = (byte: number): KeyPath => {
    let low = 0;
    let high = ends.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (ends[middle]! <= byte) low = middle + 1;
      else high = middle;
    }
    return paths[low] ?? [];
  };
  return { text: `${lines.join("\n")}\n`, pathAt };
}
