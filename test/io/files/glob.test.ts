import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byteOrder, expandGlob, globSegment, isGlob } from '../../../src/io/files/glob.js';
import { tempDir } from '../../helpers/tmp.js';

describe('globSegment', () => {
  it('matches *, ?, sets and ranges within one segment', () => {
    expect(globSegment('Orders_*.json').test('Orders_2016.json')).toBe(true);
    expect(globSegment('Orders_*.json').test('Orders_2016.ndjson')).toBe(false);
    expect(globSegment('Orders_201?.json').test('Orders_2016.json')).toBe(true);
    expect(globSegment('Orders_201?.json').test('Orders_20166.json')).toBe(false);
    expect(globSegment('o[ab].json').test('ob.json')).toBe(true);
    expect(globSegment('o[!ab].json').test('ob.json')).toBe(false);
    expect(globSegment('o[0-9].json').test('o7.json')).toBe(true);
    expect(globSegment('o[0-9].json').test('ox.json')).toBe(false);
  });

  it('takes regex characters literally and keeps a wildcard off a leading dot', () => {
    expect(globSegment('a+b(1).json').test('a+b(1).json')).toBe(true);
    expect(globSegment('a.json').test('abjson')).toBe(false);
    expect(globSegment('*.json').test('.hidden.json')).toBe(false);
    expect(globSegment('.*.json').test('.hidden.json')).toBe(true);
    expect(globSegment('o[1.json').test('o[1.json')).toBe(true); // an unclosed '[' is a character
  });

  it('tells a glob from a plain path', () => {
    expect(isGlob('exports/Orders_*.json')).toBe(true);
    expect(isGlob('exports/o[12].json')).toBe(true);
    expect(isGlob('exports/Orders.json')).toBe(false);
  });
});

describe('expandGlob', () => {
  it('walks wildcard folders, keeps files only, and sorts by path in byte order', async () => {
    const dir = tempDir();
    for (const d of ['b', 'a', 'Z', 'é']) {
      mkdirSync(join(dir, d));
      writeFileSync(join(dir, d, 'orders.ndjson'), '');
    }
    mkdirSync(join(dir, 'c'));
    mkdirSync(join(dir, 'c', 'orders.ndjson')); // a folder, not a file
    writeFileSync(join(dir, 'e'), ''); // a file where a folder is wanted
    symlinkSync(join(dir, 'a', 'orders.ndjson'), join(dir, 'link.ndjson'));
    expect(await expandGlob(join(dir, '*', 'orders.ndjson'))).toEqual(
      ['Z', 'a', 'b', 'é'].map((d) => join(dir, d, 'orders.ndjson')),
    );
    expect(await expandGlob(join(dir, '*.ndjson'))).toEqual([join(dir, 'link.ndjson')]);
    expect(await expandGlob(join(dir, 'none', '*.json'))).toEqual([]);
  });

  it('refuses ** with a usage error', async () => {
    await expect(expandGlob('exports/**/orders.json')).rejects.toMatchObject({ name: 'UsageError' });
  });

  it('orders paths by their UTF-8 bytes', () => {
    expect(['é', 'z', 'Z', '\u{1F600}', '\uFF5E'].sort(byteOrder)).toEqual(['Z', 'z', 'é', '\uFF5E', '\u{1F600}']);
  });
});
