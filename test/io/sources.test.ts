import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSources } from '../../src/index.js';
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
      findSources(folder(['Customer.xlsx', 'Products.csv', 'orders.json', 'orders-2.json'])),
    ).rejects.toThrow(/several orders files match .*orders-2\.json, orders\.json.*--orders/);
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
