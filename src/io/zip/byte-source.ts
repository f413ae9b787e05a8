/**
 * Where an archive's bytes come from: the open file, read at offsets, or — for a small file — the whole file
 * read once into memory, so a small workbook costs one read instead of one per part.
 */
import type { FileHandle } from 'node:fs/promises';

/** Random access to a file's bytes. */
export interface ByteSource {
  readonly size: number;
  /** `length` bytes from `position` (fewer at the end of the file); may share memory with the source. */
  read(position: number, length: number): Promise<Buffer>;
}

/** Files up to this size are read whole. */
const IN_MEMORY_BYTES = 16 << 20;

/**
 * A source for the file open in `handle` (`size` bytes; the caller closes `handle`).
 * @example const source = await byteSource(handle, (await handle.stat()).size); await source.read(0, 4);
 */
export async function byteSource(handle: FileHandle, size: number): Promise<ByteSource> {
  if (size <= IN_MEMORY_BYTES) {
    const bytes = await readAt(handle, 0, size);
    return { size: bytes.length, read: (position, length) => Promise.resolve(slice(bytes, position, length)) };
  }
  return { size, read: (position, length) => readAt(handle, position, length) };
}

/** A source over bytes already in memory (tests, and small files). */
export function memorySource(bytes: Buffer): ByteSource {
  return { size: bytes.length, read: (position, length) => Promise.resolve(slice(bytes, position, length)) };
}

function slice(bytes: Buffer, position: number, length: number): Buffer {
  const start = Math.min(Math.max(0, position), bytes.length);
  return bytes.subarray(start, Math.min(bytes.length, start + length));
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}
