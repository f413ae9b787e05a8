/**
 * A file that starts like an OLE compound file (MS-CFB) is not a zip: it is either a password-protected
 * .xlsx (Excel wraps the encrypted package in a compound file with an `EncryptedPackage` stream) or an old
 * .xls workbook (a `Workbook` or `Book` stream). This reads the compound file's directory to tell which.
 */
import type { ByteSource } from '../zip/byte-source.js';

/** The first 8 bytes of every compound file. */
export const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const END_OF_CHAIN = 0xfffffffe;
const MAX_SECTORS = 1 << 20;

/**
 * What a compound file holds: `encrypted` (an encrypted .xlsx), `xls` (a legacy workbook) or `other`.
 * @example await oleKind(source) // → 'encrypted' for a workbook saved with a password
 */
export async function oleKind(source: ByteSource): Promise<'encrypted' | 'xls' | 'other'> {
  const names: string[] = await streamNames(source).catch((): string[] => []);
  if (names.includes('EncryptedPackage')) return 'encrypted';
  if (names.includes('Workbook') || names.includes('Book')) return 'xls';
  return 'other';
}

/** The names in the compound file's directory (empty when it cannot be read). */
async function streamNames(source: ByteSource): Promise<string[]> {
  const size = source.size;
  const header = await source.read(0, 512);
  if (header.length < 512) return [];
  const shift = header.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) return [];
  const sectorSize = 1 << shift;
  const sector = (n: number): Promise<Buffer> => source.read((n + 1) * sectorSize, sectorSize);
  // the FAT's own sectors: 109 listed in the header, the rest in the DIFAT chain
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) fatSectors.push(header.readUInt32LE(0x4c + i * 4));
  for (let next = header.readUInt32LE(0x44), hops = 0; next < END_OF_CHAIN && hops < MAX_SECTORS; hops++) {
    const difat = await sector(next);
    for (let i = 0; i + 4 < sectorSize; i += 4) fatSectors.push(difat.readUInt32LE(i));
    next = difat.readUInt32LE(sectorSize - 4);
  }
  const fatCount = header.readUInt32LE(0x2c);
  const fat: number[] = [];
  for (const n of fatSectors.slice(0, fatCount)) {
    if ((n + 1) * sectorSize >= size) break;
    const s = await sector(n);
    for (let i = 0; i < sectorSize; i += 4) fat.push(s.readUInt32LE(i));
  }
  const names: string[] = [];
  for (let n = header.readUInt32LE(0x30), hops = 0; n < END_OF_CHAIN && hops < fat.length; hops++) {
    const dir = await sector(n);
    for (let e = 0; e + 128 <= dir.length; e += 128) {
      const length = Math.min(64, dir.readUInt16LE(e + 0x40));
      if (length >= 2) names.push(dir.toString('utf16le', e, e + length - 2));
    }
    n = fat[n] ?? END_OF_CHAIN;
  }
  return names;
}
