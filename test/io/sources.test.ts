import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSources } from '../../src/index.js';
import { findOrderFiles, findRunSources } from '../../src/io/sources.js';
import { tempDir } from '../helpers/tmp.js';

function folder(names: string[]): string {
  const dir = tempDir();
  for (const n of names) writeFileSync(join(dir, n), '');
  return dir;
}

describe('findSources', () => {
  it('finds the three sources by name, case-insensitively', async () => {
    const dir = folder(['CUSTOMER.xlsx', 'products.CSV', 'Orders.ndjson', 'notes.txt']);
    expect(await findSources(dir)).toEqual({
      customers: join(dir, 'CUSTOMER.xlsx'),
      products: join(dir, 'products.CSV'),
      orders: join(dir, 'Orders.ndjson'),
    });
  });

  it('prefers explicit files and only searches for the rest', async () => {
    const dir = folder(['Customer.xlsx', 'Products.csv']);
    const s = await findSources(dir, { orders: '/elsewhere/o.jsonl' });
    expect(s.orders).toBe('/elsewhere/o.jsonl');
  });

  it('names what is missing and what is ambiguous', async () => {
    await expect(findSources(folder(['Customer.xlsx', 'Products.csv']))).rejects.toThrow(
      /no orders file: expected a file named order\*\.json/,
    );
    await expect(
      findSources(folder(['Customer.xlsx', 'customers-old.xlsx', 'Products.csv', 'orders.json'])),
    ).rejects.toThrow(/several customers files match .*Customer\.xlsx, customers-old\.xlsx.*--customers/);
    await expect(findSources(undefined)).rejects.toThrow(/run needs --input <dir>/);
    await expect(findSources(folder([]))).rejects.toThrow(
      /is empty: expected files named customer\*\.xlsx, product\*\.csv and order\*\.json/,
    );
  });

  it('counts a symlink to a file as a file, and nothing else that is not a file', async () => {
    const real = folder(['Customer.xlsx', 'Products.csv', 'Orders.json']);
    const dir = folder([]);
    for (const n of ['Customer.xlsx', 'Products.csv']) symlinkSync(join(real, n), join(dir, n));
    symlinkSync(join(real, 'Orders.json'), join(dir, 'orders-link.json'));
    mkdirSync(join(dir, 'orders-old.json'));
    symlinkSync(join(real, 'gone.json'), join(dir, 'orders-dangling.json'));
    expect(await findSources(dir)).toEqual({
      customers: join(dir, 'Customer.xlsx'),
      products: join(dir, 'Products.csv'),
      orders: join(dir, 'orders-link.json'),
    });
  });
});

describe('orders of several files', () => {
  it('takes an input folder holding several order files as the orders source, read in byte order', async () => {
    const dir = folder(['Customer.xlsx', 'Products.csv', 'Orders_2017.json', 'orders_2016.ndjson', 'ORDERS.jsonl']);
    writeFileSync(join(dir, '~$Orders_lock.json'), '');
    const s = await findSources(dir);
    expect(s.orders).toBe(dir);
    expect(await findOrderFiles(s.orders)).toEqual(
      ['ORDERS.jsonl', 'Orders_2017.json', 'orders_2016.ndjson'].map((n) => join(dir, n)),
    );
  });

  it('lists an --orders folder (not its subfolders) and expands a glob', async () => {
    const dir = folder(['Orders_b.json', 'Orders_a.json', 'notes.json']);
    mkdirSync(join(dir, 'orders-2015.json'));
    mkdirSync(join(dir, 'y2018'));
    writeFileSync(join(dir, 'y2018', 'orders.ndjson'), '');
    mkdirSync(join(dir, 'y2019'));
    writeFileSync(join(dir, 'y2019', 'orders.ndjson'), '');
    expect(await findOrderFiles(dir)).toEqual([join(dir, 'Orders_a.json'), join(dir, 'Orders_b.json')]);
    expect(await findOrderFiles(join(dir, 'Orders_*.json'))).toEqual([
      join(dir, 'Orders_a.json'),
      join(dir, 'Orders_b.json'),
    ]);
    expect(await findOrderFiles(join(dir, '*', 'orders.ndjson'))).toEqual([
      join(dir, 'y2018', 'orders.ndjson'),
      join(dir, 'y2019', 'orders.ndjson'),
    ]);
  });

  it('takes an existing file as it is, even when its name holds glob characters', async () => {
    const dir = folder(['orders[1].json', 'orders1.json']);
    expect(await findOrderFiles(join(dir, 'orders[1].json'))).toEqual([join(dir, 'orders[1].json')]);
    expect(await findOrderFiles(join(dir, 'missing.json'))).toEqual([join(dir, 'missing.json')]);
  });

  it('names the folder or the pattern that matches no order file', async () => {
    const dir = folder(['Customer.xlsx']);
    await expect(findOrderFiles(dir)).rejects.toMatchObject({
      rule: 'sources.no_match',
      message: expect.stringMatching(/the folder holds no file named order\*\.json/) as unknown,
    });
    await expect(findOrderFiles(join(dir, 'Orders_*.json'))).rejects.toMatchObject({
      rule: 'sources.no_match',
      message: expect.stringContaining(`${join(dir, 'Orders_*.json')}: no file matches this pattern`) as unknown,
    });
  });
});

describe('findRunSources', () => {
  it('lists the order files, and takes a folder naming one file as that file', async () => {
    const dir = folder(['Customer.xlsx', 'Products.csv', 'Orders_2017.json', 'orders_2016.ndjson']);
    expect(await findRunSources({ input: dir })).toEqual({
      sources: { customers: join(dir, 'Customer.xlsx'), products: join(dir, 'Products.csv'), orders: dir },
      orderFiles: [join(dir, 'Orders_2017.json'), join(dir, 'orders_2016.ndjson')],
    });
    const one = folder(['Orders_2017.json']);
    const explicit = { customers: 'c.xlsx', products: 'p.csv', orders: one, input: undefined };
    expect(await findRunSources(explicit)).toEqual({
      sources: { customers: 'c.xlsx', products: 'p.csv', orders: join(one, 'Orders_2017.json') },
      orderFiles: [join(one, 'Orders_2017.json')],
    });
  });
});
