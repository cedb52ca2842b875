/**
 * Reads the files of a gzipped tar archive (a Helm chart `.tgz`) into memory.
 * Charts are small (under a megabyte packed), and only their values files,
 * schema and Chart.yaml are read from them; helm itself renders the archive.
 * Handles ustar names with prefix, PAX `path` records and GNU long names,
 * which is what Go's archive/tar (helm package) and GNU tar write.
 */
import { gunzipSync } from "node:zlib";

const BLOCK = 512;

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.toString("utf8", 0, end < 0 ? length : end);
}

/** The `path` record of a PAX extended header ("<length> path=<value>\n" records). */
function paxPath(data: Buffer): string | undefined {
  const match = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString("utf8"));
  return match?.[1];
}

/** Regular files by path, as stored in the archive. */
export function readTarGz(archive: Buffer): Map<string, Buffer> {
  const tar = gunzipSync(archive);
  const files = new Map<string, Buffer>();
  let longName: string | undefined;
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const size = parseInt(field(header, 124, 12).trim() || "0", 8);
    const type = field(header, 156, 1);
    const data = tar.subarray(at + BLOCK, at + BLOCK + size);
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === "x") longName = paxPath(data);
    else if (type === "L") longName = field(data, 0, data.length);
    else {
      const prefix = field(header, 345, 155);
      const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
      longName = undefined;
      if (type === "0" || type === "") files.set(name, data);
    }
  }
  return files;
}
