import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { customerRows } from '../../../fixtures/customers.rows.js';
import { customerHeader } from '../../../fixtures/generator/customer-xlsx.js';
import { cli } from '../../helpers/cli.js';
import { withDuck, sqlPath } from '../../helpers/duckdb.js';
import { tempDir } from '../../helpers/tmp.js';
import { rowsXml, workbookFile } from '../../helpers/workbook.js';

const fixtures = join(import.meta.dirname, '../../../fixtures');
const root = tempDir('ecomflow-xlsx-run-');
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('ecomflow run: the customers sheet', () => {
  it('never reads a hidden first sheet, and says which sheet it read in the summary and run.json', async () => {
    const input = join(root, 'in');
    const out = join(root, 'warehouse');
    mkdirSync(input);
    for (const f of ['Products.csv', 'Orders.json']) copyFileSync(join(fixtures, f), join(input, f));
    workbookFile(
      input,
      {
        sheets: [
          { name: 'Notes', state: 'hidden', rows: rowsXml([[...customerHeader], ['XX-1', 'Not A Customer']]) },
          { name: 'Data', rows: rowsXml([[...customerHeader], ...customerRows]) },
        ],
      },
      'Customer.xlsx',
    );
    const r = await cli('run', '--input', input, '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain('; customers from sheet "Data")\n');
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))).toMatchObject({ customers_sheet: 'Data' });
    const counts = await withDuck((q) =>
      q(
        "select count(*) as n, count(*) filter (customer_id = 'XX-1') as hidden " +
          `from ${sqlPath(join(out, 'raw', 'customers.parquet'))}`,
      ),
    );
    expect(counts).toEqual([{ n: String(customerRows.length), hidden: '0' }]);
  }, 60_000);
});
