import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { byteSource, memorySource } from '../../../src/io/zip/byte-source.js';
import { ZipArchive, crc32ForTest, type InflateBudget } from '../../../src/io/zip/zip-archive.js';
import { readZipDirectory } from '../../../src/io/zip/zip-directory.js';
import { ZipError } from '../../../src/io/zip/zip-error.js';
import { tempDir } from '../../helpers/tmp.js';
import { zipArchive } from '../../helpers/zip.js';

const unlimited: InflateBudget = { spend: () => {} };

async function text(zip: ZipArchive, name: string, budget: InflateBudget = unlimited): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of zip.chunks(zip.entry(name)!, budget)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** A stored one-entry archive written the ZIP64 way: 0xFFFFFFFF sizes, the real ones in extra field 1. */
function zip64Archive(name: string, data: Buffer): Buffer {
  const nameBytes = Buffer.from(name);
  const crc = zlibCrc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(45, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const extra = Buffer.alloc(20);
  extra.writeUInt16LE(1, 0);
  extra.writeUInt16LE(16, 2);
  extra.writeBigUInt64LE(BigInt(data.length), 4);
  extra.writeBigUInt64LE(BigInt(data.length), 12);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(45, 4);
  central.writeUInt16LE(45, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(0xffffffff, 20);
  central.writeUInt32LE(0xffffffff, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt16LE(extra.length, 30);
  const dirOffset = local.length + nameBytes.length + data.length;
  const dirSize = central.length + nameBytes.length + extra.length;
  const eocd64 = Buffer.alloc(56);
  eocd64.writeUInt32LE(0x06064b50, 0);
  eocd64.writeBigUInt64LE(44n, 4);
  eocd64.writeBigUInt64LE(1n, 24);
  eocd64.writeBigUInt64LE(1n, 32);
  eocd64.writeBigUInt64LE(BigInt(dirSize), 40);
  eocd64.writeBigUInt64LE(BigInt(dirOffset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(dirOffset + dirSize), 8);
  locator.writeUInt32LE(1, 16);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(0xffff, 8);
  eocd.writeUInt16LE(0xffff, 10);
  eocd.writeUInt32LE(0xffffffff, 12);
  eocd.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, extra, eocd64, locator, eocd]);
}

describe('readZipDirectory', () => {
  it('lists the entries the central directory declares, with their sizes and CRCs', async () => {
    const bytes = zipArchive([
      { name: 'a.txt', data: 'alpha' },
      { name: 'dir/b.txt', data: 'beta', stored: true },
    ]);
    const dir = await readZipDirectory(memorySource(bytes));
    expect(dir.entries.map((e) => [e.name, e.method, e.uncompressed, e.crc])).toEqual([
      ['a.txt', 8, 5, zlibCrc32('alpha')],
      ['dir/b.txt', 0, 4, zlibCrc32('beta')],
    ]);
    expect(dir.uncompressedTotal).toBe(9);
  });

  it('reads ZIP64 sizes and directory records', async () => {
    const data = Buffer.from('sixty-four');
    const zip = await ZipArchive.open(memorySource(zip64Archive('big.xml', data)));
    expect(zip.directory.entries.map((e) => [e.name, e.compressed, e.uncompressed])).toEqual([['big.xml', 10, 10]]);
    expect(await text(zip, 'big.xml')).toBe('sixty-four');
  });

  it('refuses a repeated entry name and a multi-disk archive', async () => {
    const twice = zipArchive([
      { name: 'a', data: '1' },
      { name: 'a', data: '2' },
    ]);
    await expect(readZipDirectory(memorySource(twice))).rejects.toThrow('entry "a" appears twice in the zip directory');
    const disk = Buffer.from(zipArchive([{ name: 'a', data: '1' }]));
    disk.writeUInt16LE(1, disk.length - 22 + 4);
    await expect(readZipDirectory(memorySource(disk))).rejects.toThrow(ZipError);
  });
});

describe('ZipArchive', () => {
  it('finds entries case-insensitively and streams stored and deflated data', async () => {
    const zip = await ZipArchive.open(
      memorySource(
        zipArchive([
          { name: 'XL/Workbook.xml', data: '<w/>' },
          { name: 's.bin', data: 'raw', stored: true },
        ]),
      ),
    );
    expect(zip.entry('xl/workbook.xml')?.name).toBe('XL/Workbook.xml');
    expect(zip.entry('missing')).toBeUndefined();
    expect(await text(zip, 'xl/workbook.xml')).toBe('<w/>');
    expect(await text(zip, 's.bin')).toBe('raw');
  });

  it('charges every inflated byte to the budget, which may stop the read', async () => {
    const zip = await ZipArchive.open(memorySource(zipArchive([{ name: 'x', data: 'y'.repeat(10_000) }])));
    let spent = 0;
    await text(zip, 'x', { spend: (n) => (spent += n) });
    expect(spent).toBe(10_000);
    await expect(
      text(zip, 'x', {
        spend: () => {
          throw new Error('over budget');
        },
      }),
    ).rejects.toThrow('over budget');
  });

  it('checks the CRC-32 after the last chunk', async () => {
    const zip = await ZipArchive.open(memorySource(zipArchive([{ name: 'x', data: 'hello', declaredCrc: 7 }])));
    await expect(text(zip, 'x')).rejects.toThrow('entry "x" fails its CRC-32 check (its data is corrupt)');
  });
});

describe('crc32ForTest (the table CRC-32 used when node:zlib has none)', () => {
  it('equals node:zlib crc32, also when continued chunk by chunk', () => {
    const data = Buffer.from('The quick brown fox jumps over the lazy dog 🙂'.repeat(50));
    expect(crc32ForTest(data, 0)).toBe(zlibCrc32(data));
    expect(crc32ForTest(data.subarray(100), crc32ForTest(data.subarray(0, 100), 0))).toBe(zlibCrc32(data));
    expect(crc32ForTest(Buffer.from('123456789'), 0)).toBe(0xcbf43926);
  });
});

describe('byteSource', () => {
  it('reads a small file whole and a large one at offsets, with the same bytes', async () => {
    const dir = tempDir('ecomflow-zip-');
    try {
      for (const size of [1000, (16 << 20) + 1000]) {
        const bytes = Buffer.alloc(size);
        for (let i = 0; i < size; i += 997) bytes[i] = i & 0xff;
        const file = join(dir, `f${size}`);
        writeFileSync(file, bytes);
        const handle = await open(file, 'r');
        try {
          const source = await byteSource(handle, size);
          expect(source.size).toBe(size);
          expect((await source.read(size - 600, 500)).equals(bytes.subarray(size - 600, size - 100))).toBe(true);
          expect((await source.read(size - 10, 100)).length).toBe(10);
        } finally {
          await handle.close();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
