/**
 * Reads a zip archive's central directory (the table of contents at its end) without inflating anything. The
 * directory is the only map of the archive this module trusts: entries are found by its offsets, never by
 * scanning for local header signatures, so bytes inside a compressed stream (`PK\x07\x08`…) cannot confuse it.
 * Handles ZIP64; refuses multi-disk archives, encrypted entries and entry names that point outside the archive.
 */
import type { ByteSource } from './byte-source.js';
import { ZipError } from './zip-error.js';

/** One entry as the central directory declares it. */
export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflated (the only methods accepted). */
  readonly method: number;
  /** CRC-32 of the uncompressed data. */
  readonly crc: number;
  readonly compressed: number;
  readonly uncompressed: number;
  /** Offset of the entry's local header in the file. */
  readonly localOffset: number;
}

/** The declared entries of an archive and the sum of their uncompressed sizes. */
export interface ZipDirectory {
  readonly entries: readonly ZipEntry[];
  readonly uncompressedTotal: number;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const MAX_COMMENT = 0xffff;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;

/**
 * The central directory of the zip archive in `source`; throws ZipError `damaged` for
 * a truncated or corrupt archive and `unsafe` for an entry named like `../x` or `/x`.
 * @example
 * const dir = await readZipDirectory(source);
 * dir.entries.map((e) => e.name); // ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', …]
 */
export async function readZipDirectory(source: ByteSource): Promise<ZipDirectory> {
  const size = source.size;
  const tailLength = Math.min(size, 22 + MAX_COMMENT);
  const tail = await source.read(size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('damaged', 'the zip directory at the end of the file is missing (truncated?)');
  if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0)
    throw new ZipError('damaged', 'it is one part of a multi-disk zip archive');
  let count = tail.readUInt16LE(eocd + 10);
  let dirSize = tail.readUInt32LE(eocd + 12);
  let dirOffset = tail.readUInt32LE(eocd + 16);
  if (count === U16_MAX || dirSize === U32_MAX || dirOffset === U32_MAX) {
    const locatorAt = eocd - 20;
    if (locatorAt < 0 || tail.readUInt32LE(locatorAt) !== EOCD64_LOCATOR)
      throw new ZipError('damaged', 'the ZIP64 directory locator is missing');
    const record = await source.read(Number(tail.readBigUInt64LE(locatorAt + 8)), 56);
    if (record.length < 56 || record.readUInt32LE(0) !== EOCD64)
      throw new ZipError('damaged', 'the ZIP64 directory record is corrupt');
    count = Number(record.readBigUInt64LE(32));
    dirSize = Number(record.readBigUInt64LE(40));
    dirOffset = Number(record.readBigUInt64LE(48));
  }
  if (dirOffset + dirSize > size)
    throw new ZipError('damaged', 'the zip directory points past the end of the file (truncated?)');
  if (count > dirSize / 46)
    throw new ZipError('damaged', 'the zip directory is corrupt (more entries than it has room for)');
  return parseEntries(await source.read(dirOffset, dirSize), count, size);
}

/** Walks `count` central directory headers in `dir`. */
function parseEntries(dir: Buffer, count: number, size: number): ZipDirectory {
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let total = 0;
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL)
      throw new ZipError('damaged', `zip directory entry ${k + 1} is corrupt`);
    const flags = dir.readUInt16LE(p + 8);
    const method = dir.readUInt16LE(p + 10);
    const crc = dir.readUInt32LE(p + 16);
    let compressed = dir.readUInt32LE(p + 20);
    let uncompressed = dir.readUInt32LE(p + 24);
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    let localOffset = dir.readUInt32LE(p + 42);
    if (p + 46 + nameLength + extraLength > dir.length)
      throw new ZipError('damaged', `zip directory entry ${k + 1} is corrupt`);
    const name = dir.toString('utf8', p + 46, p + 46 + nameLength);
    if (uncompressed === U32_MAX || compressed === U32_MAX || localOffset === U32_MAX) {
      const wide = zip64Fields(dir.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength), [
        uncompressed === U32_MAX,
        compressed === U32_MAX,
        localOffset === U32_MAX,
      ]);
      if (wide === null) throw new ZipError('damaged', `zip directory entry "${name}" lacks its ZIP64 sizes`);
      [uncompressed = uncompressed, compressed = compressed, localOffset = localOffset] = wide;
    }
    assertSafeName(name);
    if ((flags & 1) !== 0)
      throw new ZipError('damaged', `entry "${name}" is encrypted (a zip password), which Excel never writes`);
    if (method !== 0 && method !== 8)
      throw new ZipError('damaged', `entry "${name}" uses compression method ${method}, which Excel never writes`);
    if (names.has(name)) throw new ZipError('damaged', `entry "${name}" appears twice in the zip directory`);
    if (localOffset + 30 + compressed > size)
      throw new ZipError('damaged', `entry "${name}" lies past the end of the file (truncated?)`);
    names.add(name);
    entries.push({ name, method, crc, compressed, uncompressed, localOffset });
    total += uncompressed;
    p += 46 + nameLength + extraLength + commentLength;
  }
  return { entries, uncompressedTotal: total };
}

/** Throws ZipError `unsafe` for a name that is absolute or climbs out of the archive (`..`). */
function assertSafeName(name: string): void {
  const parts = name.split(/[\\/]/);
  if (/^([\\/]|[A-Za-z]:)/.test(name) || parts.includes('..') || name.includes('\0'))
    throw new ZipError('unsafe', `holds an entry named "${name}" that points outside the archive`);
}

/** The 64-bit fields an entry's ZIP64 extra field (id 1) holds, in the format's order, for the `wanted` ones. */
function zip64Fields(extra: Buffer, wanted: readonly boolean[]): (number | undefined)[] | null {
  for (let p = 0; p + 4 <= extra.length;) {
    const id = extra.readUInt16LE(p);
    const length = extra.readUInt16LE(p + 2);
    if (id === 1) {
      let q = p + 4;
      const out: (number | undefined)[] = [];
      for (const want of wanted) {
        if (!want) {
          out.push(undefined);
          continue;
        }
        if (q + 8 > p + 4 + length || q + 8 > extra.length) return null;
        out.push(Number(extra.readBigUInt64LE(q)));
        q += 8;
      }
      return out;
    }
    p += 4 + length;
  }
  return null;
}
