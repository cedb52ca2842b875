/**
 * Reads one file out of a zip archive, without unpacking the rest. Node has no
 * zip reader and `unzip` is not on every machine; the layout is small enough
 * to read directly (PKWARE APPNOTE: end of central directory, central
 * directory entries, local headers). Stored and deflated entries only, no
 * zip64: the archives read here are well under 4 GiB.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { inflateRawSync } from "node:zlib";

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** The end record is 22 bytes plus a comment of at most 65535. */
const END_SEARCH_BYTES = 22 + 0xffff;

interface ZipEntry {
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  if (read !== length) throw new Error(`short read: ${read} of ${length} bytes at ${position}`);
  return buffer;
}

/** Offset and size of the central directory, from the end record (searched backwards past the comment). */
function centralDirectory(fd: number): { offset: number; size: number } {
  const fileSize = fstatSync(fd).size;
  const start = Math.max(0, fileSize - END_SEARCH_BYTES);
  const tail = readAt(fd, start, fileSize - start);
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tail.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return { size: tail.readUInt32LE(at + 12), offset: tail.readUInt32LE(at + 16) };
  }
  throw new Error("not a zip archive (no end of central directory record)");
}

function findEntry(fd: number, name: string): ZipEntry | undefined {
  const directory = centralDirectory(fd);
  const entries = readAt(fd, directory.offset, directory.size);
  for (let at = 0; at + 46 <= entries.length; ) {
    if (entries.readUInt32LE(at) !== CENTRAL_DIRECTORY_ENTRY) throw new Error(`corrupt central directory at ${at}`);
    const nameLength = entries.readUInt16LE(at + 28);
    const entryName = entries.toString("utf8", at + 46, at + 46 + nameLength);
    if (entryName === name) {
      return {
        method: entries.readUInt16LE(at + 10),
        compressedSize: entries.readUInt32LE(at + 20),
        size: entries.readUInt32LE(at + 24),
        localHeaderOffset: entries.readUInt32LE(at + 42),
      };
    }
    at += 46 + nameLength + entries.readUInt16LE(at + 30) + entries.readUInt16LE(at + 32);
  }
  return undefined;
}

function entryData(fd: number, entry: ZipEntry): Buffer {
  const header = readAt(fd, entry.localHeaderOffset, 30);
  if (header.readUInt32LE(0) !== LOCAL_HEADER) throw new Error(`corrupt local header at ${entry.localHeaderOffset}`);
  // The local header's name and extra field may differ in length from the central directory's.
  const dataOffset = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const raw = readAt(fd, dataOffset, entry.compressedSize);
  if (entry.method === 0) return raw;
  if (entry.method === 8) return inflateRawSync(raw);
  throw new Error(`compression method ${entry.method} not supported`);
}

/** The bytes of `name` in the zip archive at `zipPath`; throws when absent. */
export function readZipEntry(zipPath: string, name: string): Buffer {
  const fd = openSync(zipPath, "r");
  try {
    const entry = findEntry(fd, name);
    if (!entry) throw new Error(`${zipPath}: no entry ${name}`);
    const data = entryData(fd, entry);
    if (data.length !== entry.size) throw new Error(`${zipPath}: ${name} unpacked to ${data.length} bytes, expected ${entry.size}`);
    return data;
  } finally {
    closeSync(fd);
  }
}
