/**
 * Reads a zip archive's central directory (the table of contents at its end) without inflating anything, so a
 * reader can see how large the archive *says* its entries are before streaming them. Handles ZIP64.
 */
import type { FileHandle } from 'node:fs/promises';

/** One entry as the central directory declares it. */
export interface ZipEntrySize {
  readonly name: string;
  readonly compressed: number;
  readonly uncompressed: number;
}

/** The declared entries of an archive and the sum of their uncompressed sizes. */
export interface ZipDirectory {
  readonly entries: readonly ZipEntrySize[];
  readonly uncompressedTotal: number;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const MAX_COMMENT = 0xffff;
const U32_MAX = 0xffffffff;

/**
 * The central directory of the zip archive open in `handle` (`size` bytes long), or a string saying why it
 * cannot be read (truncated file, corrupt directory).
 * @example
 * const dir = await readZipDirectory(handle, size);
 * if (typeof dir !== 'string') dir.uncompressedTotal; // 463578 for the sample Customer.xlsx
 */
export async function readZipDirectory(handle: FileHandle, size: number): Promise<ZipDirectory | string> {
  const tailLength = Math.min(size, 22 + MAX_COMMENT);
  const tail = await readAt(handle, size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return 'the zip directory at the end of the file is missing (truncated?)';
  let count = tail.readUInt16LE(eocd + 10);
  let dirSize = tail.readUInt32LE(eocd + 12);
  let dirOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirSize === U32_MAX || dirOffset === U32_MAX) {
    const locatorAt = eocd - 20;
    if (locatorAt < 0 || tail.readUInt32LE(locatorAt) !== EOCD64_LOCATOR)
      return 'the ZIP64 directory locator is missing';
    const record = await readAt(handle, Number(tail.readBigUInt64LE(locatorAt + 8)), 56);
    if (record.length < 56 || record.readUInt32LE(0) !== EOCD64) return 'the ZIP64 directory record is corrupt';
    count = Number(record.readBigUInt64LE(32));
    dirSize = Number(record.readBigUInt64LE(40));
    dirOffset = Number(record.readBigUInt64LE(48));
  }
  if (dirOffset + dirSize > size) return 'the zip directory points past the end of the file (truncated?)';
  return parseEntries(await readAt(handle, dirOffset, dirSize), count);
}

/** Walks `count` central directory headers in `dir`. */
function parseEntries(dir: Buffer, count: number): ZipDirectory | string {
  const entries: ZipEntrySize[] = [];
  let total = 0;
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) return `zip directory entry ${k + 1} is corrupt`;
    let compressed = dir.readUInt32LE(p + 20);
    let uncompressed = dir.readUInt32LE(p + 24);
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    const name = dir.toString('utf8', p + 46, p + 46 + nameLength);
    if (uncompressed === U32_MAX || compressed === U32_MAX) {
      const zip64 = zip64Sizes(
        dir.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength),
        uncompressed === U32_MAX,
        compressed === U32_MAX,
      );
      if (zip64 === null) return `zip directory entry "${name}" lacks its ZIP64 sizes`;
      uncompressed = zip64.uncompressed ?? uncompressed;
      compressed = zip64.compressed ?? compressed;
    }
    entries.push({ name, compressed, uncompressed });
    total += uncompressed;
    p += 46 + nameLength + extraLength + commentLength;
  }
  return { entries, uncompressedTotal: total };
}

/** The 64-bit sizes in an entry's ZIP64 extra field (id 1), in the order the format stores them. */
function zip64Sizes(
  extra: Buffer,
  wantUncompressed: boolean,
  wantCompressed: boolean,
): { uncompressed?: number; compressed?: number } | null {
  for (let p = 0; p + 4 <= extra.length;) {
    const id = extra.readUInt16LE(p);
    const length = extra.readUInt16LE(p + 2);
    if (id === 1) {
      let q = p + 4;
      const next = (): number | null => {
        if (q + 8 > p + 4 + length || q + 8 > extra.length) return null;
        const v = Number(extra.readBigUInt64LE(q));
        q += 8;
        return v;
      };
      const uncompressed = wantUncompressed ? next() : undefined;
      const compressed = wantCompressed ? next() : undefined;
      if (uncompressed === null || compressed === null) return null;
      return {
        ...(uncompressed === undefined ? {} : { uncompressed }),
        ...(compressed === undefined ? {} : { compressed }),
      };
    }
    p += 4 + length;
  }
  return null;
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}
