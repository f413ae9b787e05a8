import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { describeWithSample } from '../helpers/sample.js';
import { sampleDir, tempDir } from '../helpers/tmp.js';
import { tinyWarehouse } from '../sql/warehouse.js';

describe('ecomflow sql', () => {
  const wh = tinyWarehouse();

  it('prints help, and lists sql in the main help', async () => {
    const r = await cli('sql', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: ecomflow sql --warehouse <warehouse> [--format table|csv|json] "<query>"');
    expect((await cli('--help')).out).toMatch(/\n {2}sql {6}run read-only SQL/);
  });

  it('prints an aligned table by default', async () => {
    const r = await cli(
      'sql',
      '--warehouse',
      await wh,
      'select order_year, profit from aggregates.profit_by_year order by 1',
    );
    expect(r).toEqual({
      code: 0,
      err: '',
      out: 'order_year  profit\n----------  ------\n      2016   12.30\n      2017   99.95\n(2 rows)\n',
    });
  });

  it('prints csv and json', async () => {
    const q = 'select row_id, customer_name, profit from enriched.orders order by row_id limit 2';
    expect((await cli('sql', '--warehouse', await wh, '--format', 'csv', q)).out).toBe(
      'row_id,customer_name,profit\n1,"Smith, ""Jo""",12.30\n2,,-0.05\n',
    );
    expect(JSON.parse((await cli('sql', '--warehouse', await wh, '--format', 'json', q)).out)).toEqual([
      { row_id: 1, customer_name: 'Smith, "Jo"', profit: '12.30' },
      { row_id: 2, customer_name: null, profit: '-0.05' },
    ]);
  });

  it('exits 2 on usage errors', async () => {
    expect(await cli('sql', 'select 1')).toMatchObject({
      code: 2,
      err: 'ecomflow: sql needs --warehouse <warehouse>\n',
    });
    expect(await cli('sql', '--warehouse', await wh)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^ecomflow: sql needs a query/),
    });
    expect(await cli('sql', '--warehouse', await wh, 'select', '1')).toMatchObject({
      code: 2,
      err: 'ecomflow: sql takes one query: quote it\n',
    });
    expect(await cli('sql', '--warehouse', await wh, '--format', 'xml', 'select 1')).toMatchObject({
      code: 2,
      err: 'ecomflow: --format must be table, csv or json, not "xml"\n',
    });
    expect((await cli('sql', '--warehouse', await wh, '--colour', 'select 1')).code).toBe(2);
  });

  it('exits 1 with one line on stderr when a query is refused or fails', async () => {
    expect(await cli('sql', '--warehouse', await wh, 'drop view enriched.orders')).toEqual({
      code: 1,
      out: '',
      err: 'ecomflow: ecomflow sql is read-only: DROP statements are not allowed\n',
    });
    const missing = await cli('sql', '--warehouse', await wh, 'select * from nope');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(
      /^ecomflow: Catalog Error: Table with name nope does not exist!.*\(available tables: aggregates\.profit_by_year, enriched\.orders\)\n$/,
    );
    const notWarehouse = tempDir();
    expect(await cli('sql', '--warehouse', notWarehouse, 'select 1')).toMatchObject({
      code: 1,
      err: `ecomflow: ${notWarehouse}: is not an ecomflow warehouse (no _ecomflow_warehouse.json)\n`,
    });
  });

  it('works as a real process: exit codes and output streams', async () => {
    const root = resolve(import.meta.dirname, '../..');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli.ts'), 'sql', '--warehouse', ...args], {
        cwd: root,
        encoding: 'utf8',
      });
    const ok = run(await wh, '--format', 'csv', 'select count(*) as n from enriched.orders');
    expect([ok.status, ok.stdout, ok.stderr]).toEqual([0, 'n\n3\n', '']);
    const refused = run(await wh, "copy (select 1) to '/tmp/ecomflow-x.csv'");
    expect([refused.status, refused.stdout, refused.stderr]).toEqual([
      1,
      '',
      'ecomflow: ecomflow sql is read-only: COPY statements are not allowed\n',
    ]);
  });
});

describeWithSample('ecomflow run then sql on the shared sample', () => {
  let out = '';
  let run: ReturnType<typeof cli>;
  beforeAll(async () => {
    out = join(tempDir(), 'w');
    run = Promise.resolve(await cli('run', '--input', sampleDir, '--out', out, '--quiet'));
  });

  it('prints the four answers at the end of the run summary', async () => {
    const r = await run;
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      [
        'profit_by_year (sql/profit_by_year.csv)',
        '  order_year     profit',
        '  ----------  ---------',
        '        2014   39185.75',
        '        2015   63073.09',
        '        2016   65073.23',
        '        2017  111084.96',
        '  (4 rows)',
      ].join('\n'),
    );
    expect(r.out).toContain('profit_by_customer (sql/profit_by_customer.csv)');
    expect(r.out).toContain('  … 783 more rows (793 in all)');
    expect(r.out).toContain('profit_by_customer_year (sql/profit_by_customer_year.csv)');
  });

  it('counts 9,994 enriched order lines', async () => {
    await run;
    expect(
      await cli('sql', '--warehouse', out, '--format', 'csv', 'select count(*) as n from enriched.orders'),
    ).toEqual({ code: 0, out: 'n\n9994\n', err: '' });
  });
});
