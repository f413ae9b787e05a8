/**
 * A zip archive open for reading: its central directory, and each entry streamed in chunks straight from the
 * file (compressed bytes read 1 MiB at a time, inflated by node:zlib), its CRC-32 and size checked at the end
 * and every inflated byte charged to a budget, so a zip bomb stops at the budget, not at the end of memory.
 * Nothing is written to disk. See docs/decisions.md, "xlsx reader".
 */
import { Readable, pipeline } from 'node:stream';
import * as zlib from 'node:zlib';
import type { ByteSource } from './byte-source.js';
import { readZipDirectory, type ZipDirectory, type ZipEntry } from './zip-directory.js';
import { ZipError } from './zip-error.js';

/** Where inflated bytes are charged; `spend` throws to stop the read (e.g. past a zip-bomb limit). */
export interface InflateBudget {
  spend(bytes: number): void;
}

const LOCAL = 0x04034b50;
/** Compressed bytes read from the file per step. */
const READ_CHUNK = 1 << 20;
/** Inflated bytes per chunk handed to the reader. */
const INFLATE_CHUNK = 256 << 10;
/** Entries up to this size (compressed and inflated) are read and inflated in one step. */
const SMALL_ENTRY = 8 << 20;

/** One open archive. */
export class ZipArchive {
  private readonly byName = new Map<string, ZipEntry>();

  private constructor(
    private readonly source: ByteSource,
    readonly directory: ZipDirectory,
  ) {
    for (const entry of directory.entries) this.byName.set(entry.name.toLowerCase(), entry);
  }

  /** Reads the directory of the archive in `source`; throws ZipError when it is damaged or unsafe. */
  static async open(source: ByteSource): Promise<ZipArchive> {
    return new ZipArchive(source, await readZipDirectory(source));
  }

  /** The entry named `name` (compared case-insensitively, as OPC part names are), or undefined. */
  entry(name: string): ZipEntry | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /**
   * The entry's uncompressed bytes, chunk by chunk, each charged to `budget`. Throws ZipError `damaged` when
   * the local header disagrees with the directory, the data does not inflate, or its size or CRC-32 differs
   * from the directory's (checked after the last chunk).
   * @example
   * for await (const chunk of zip.chunks(zip.entry('xl/workbook.xml')!, budget)) scanner.feed(chunk);
   */
  async *chunks(entry: ZipEntry, budget: InflateBudget): AsyncGenerator<Buffer, void, undefined> {
    const start = await this.dataStart(entry);
    const whole =
      entry.uncompressed <= SMALL_ENTRY && entry.compressed <= SMALL_ENTRY ? await this.small(entry, start) : null;
    let crc = 0;
    let size = 0;
    for await (const chunk of whole === null ? this.raw(entry, start) : [whole]) {
      budget.spend(chunk.length);
      size += chunk.length;
      crc = crc32(chunk, crc);
      yield chunk;
    }
    if (size !== entry.uncompressed) {
      const [real, declared] = [size, entry.uncompressed].map((n) => n.toLocaleString('en-US'));
      throw new ZipError(
        'damaged',
        `entry "${entry.name}" inflates to ${real} bytes, but the zip directory says ${declared}`,
      );
    }
    if (crc !== entry.crc)
      throw new ZipError('damaged', `entry "${entry.name}" fails its CRC-32 check (its data is corrupt)`);
  }

  /**
   * A small entry read and inflated in one step (a stream costs more than it saves below a few MiB); null when
   * it inflates past its declared size, so the streaming path charges the budget as it goes.
   */
  private async small(entry: ZipEntry, start: number): Promise<Buffer | null> {
    const packed = await this.source.read(start, entry.compressed);
    if (packed.length < entry.compressed)
      throw new ZipError('damaged', `entry "${entry.name}" is cut short (the file is truncated)`);
    if (entry.method === 0) return packed;
    try {
      return zlib.inflateRawSync(packed, { maxOutputLength: entry.uncompressed + 1 });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return null;
      throw corrupt(entry, error);
    }
  }

  /** Where the entry's data begins, after its local header; checks the header against the directory. */
  private async dataStart(entry: ZipEntry): Promise<number> {
    const head = await this.source.read(entry.localOffset, 30 + Buffer.byteLength(entry.name));
    if (head.length < 30 || head.readUInt32LE(0) !== LOCAL)
      throw new ZipError('damaged', `entry "${entry.name}" has no local header where the zip directory points`);
    const nameLength = head.readUInt16LE(26);
    const start = entry.localOffset + 30 + nameLength + head.readUInt16LE(28);
    const name = head.toString('utf8', 30, 30 + nameLength);
    if (name !== entry.name) throw new ZipError('damaged', `entry "${entry.name}" has a local header named "${name}"`);
    if (start + entry.compressed > this.source.size)
      throw new ZipError('damaged', `entry "${entry.name}" is cut short (the file is truncated)`);
    return start;
  }

  /** The entry's data as stored (method 0) or inflated (method 8). */
  private async *raw(entry: ZipEntry, start: number): AsyncGenerator<Buffer, void, undefined> {
    if (entry.compressed === 0) {
      if (entry.method === 8) throw new ZipError('damaged', `entry "${entry.name}" has no compressed data`);
      return;
    }
    const input = this.compressed(entry, start);
    if (entry.method === 0) {
      yield* input;
      return;
    }
    const inflate = zlib.createInflateRaw({ chunkSize: INFLATE_CHUNK });
    pipeline(Readable.from(input), inflate, () => {}); // errors reach the loop below through `inflate`
    try {
      for await (const chunk of inflate as AsyncIterable<Buffer>) yield chunk;
    } catch (error) {
      throw corrupt(entry, error);
    } finally {
      inflate.destroy();
    }
  }

  /** The entry's stored bytes, read from the file a piece at a time. */
  private async *compressed(entry: ZipEntry, start: number): AsyncGenerator<Buffer, void, undefined> {
    for (let done = 0; done < entry.compressed;) {
      const piece = await this.source.read(start + done, Math.min(READ_CHUNK, entry.compressed - done));
      if (piece.length === 0)
        throw new ZipError('damaged', `entry "${entry.name}" is cut short (the file is truncated)`);
      done += piece.length;
      yield piece;
    }
  }
}

/** A zlib failure as ZipError `damaged` naming the entry; any other error as it is. */
function corrupt(entry: ZipEntry, error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (error instanceof ZipError || typeof code !== 'string' || !code.startsWith('Z_')) return error;
  const why = error instanceof Error ? error.message : String(error);
  return new ZipError('damaged', `entry "${entry.name}" is corrupt (its compressed data does not inflate: ${why})`);
}

/** CRC-32 (IEEE) of `data`, continuing from `crc`: node:zlib's where it exists (Node ≥ 20.15), else a table. */
const crc32: (data: Uint8Array, crc: number) => number =
  (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32 ?? tableCrc32;

let table: Uint32Array | undefined;

function tableCrc32(data: Uint8Array, crc: number): number {
  if (table === undefined) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC-32 through the table (exported for its test: node:zlib's is used when present). */
export const crc32ForTest = tableCrc32;
