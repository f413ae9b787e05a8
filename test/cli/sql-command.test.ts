import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, truncateSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { queriesAfterEnd } from '../../src/cli/sql-command.js';
import { cli, sink } from '../helpers/cli.js';
import { hasSample, sampleDir, tempDir } from '../helpers/tmp.js';
import {
  emptyWarehouse,
  lazy,
  removeLazyWarehouse,
  removeWarehouse,
  tinyWarehouse,
  writeTable,
} from '../sql/warehouse.js';

const root = resolve(import.meta.dirname, '../..');

/** `ecomflow <args>` in-process with stdout as a terminal `columns` wide. */
async function cliOnTerminal(columns: number, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = Object.assign(sink(), { isTTY: true, columns });
  const err = sink();
  const code = await main(args, out, err);
  return { code, out: out.text(), err: err.text() };
}

describe('ecomflow sql', () => {
  const wh = lazy(tinyWarehouse);
  afterAll(async () => {
    await removeLazyWarehouse(wh);
  });

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
      await wh(),
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
    expect((await cli('sql', '--warehouse', await wh(), '--format', 'csv', q)).out).toBe(
      'row_id,customer_name,profit\n1,"Smith, ""Jo""",12.30\n2,,-0.05\n',
    );
    expect(JSON.parse((await cli('sql', '--warehouse', await wh(), '--format', 'json', q)).out)).toEqual([
      { row_id: 1, customer_name: 'Smith, "Jo"', profit: '12.30' },
      { row_id: 2, customer_name: null, profit: '-0.05' },
    ]);
  });

  it('exits 2 on usage errors', async () => {
    expect(await cli('sql', 'select 1')).toMatchObject({
      code: 2,
      err: 'ecomflow: sql needs --warehouse <warehouse>\n',
    });
    expect(await cli('sql', '--warehouse', await wh())).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^ecomflow: sql needs a query/) as string,
    });
    expect(await cli('sql', '--warehouse', await wh(), 'select', '1')).toMatchObject({
      code: 2,
      err: 'ecomflow: sql takes one query: quote it\n',
    });
    expect(await cli('sql', '--warehouse', await wh(), '--format', 'xml', 'select 1')).toMatchObject({
      code: 2,
      err: 'ecomflow: --format must be table, csv or json, not "xml"\n',
    });
    expect((await cli('sql', '--warehouse', await wh(), '--colour', 'select 1')).code).toBe(2);
    expect(await cli('sql', '--warehouse', await wh(), '--max-rows', 'ten', 'select 1')).toMatchObject({
      code: 2,
      err: 'ecomflow: --max-rows must be a whole number, not "ten"\n',
    });
    expect(await cli('sql', '--warehouse', await wh(), '--format', 'csv', '--max-rows', '5', 'select 1')).toMatchObject(
      {
        code: 2,
        err: 'ecomflow: --max-rows and --max-width apply to --format table, not csv\n',
      },
    );
    expect(await cli('sql', '--warehouse', await wh(), '--escape-formulas', 'select 1')).toMatchObject({
      code: 2,
      err: 'ecomflow: --escape-formulas applies to --format csv, not table\n',
    });
  });

  it('takes --format in any case', async () => {
    const q = 'select 1 as a';
    expect((await cli('sql', '--warehouse', await wh(), '--format', 'CSV', q)).out).toBe('a\n1\n');
    expect((await cli('sql', '--warehouse', await wh(), '--format', 'Json', q)).out).toBe('[\n{"a":1}\n]\n');
    expect((await cli('sql', '--warehouse', await wh(), '--format=TABLE', q)).out).toBe('a\n-\n1\n(1 row)\n');
  });

  it('lists the warehouse tables with show tables', async () => {
    expect((await cli('sql', '--warehouse', await wh(), '--format', 'csv', 'show tables')).out).toBe(
      'name,source,problem\nenriched.orders,enriched/orders.parquet,\n' +
        'aggregates.profit_by_year,aggregates/profit_by_year.parquet,\n',
    );
  });

  it('reads a query that starts with an SQL comment as the query, and everything after --', async () => {
    const commented = '-- profit per year\nselect order_year from aggregates.profit_by_year order by 1';
    expect(await cli('sql', '--warehouse', await wh(), '--format', 'csv', commented)).toEqual({
      code: 0,
      out: 'order_year\n2016\n2017\n',
      err: '',
    });
    expect(await cli('sql', '--format', 'csv', commented, '--warehouse', await wh())).toMatchObject({ code: 0 });
    expect(await cli('sql', '--warehouse', await wh(), '--format', 'csv', '--', '--x\nselect 2 as b')).toEqual({
      code: 0,
      out: 'b\n2\n',
      err: '',
    });
    expect(await cli('sql', '--warehouse', await wh(), '--', '--help')).toMatchObject({
      code: 1,
      err: 'ecomflow: no SQL statement given\n',
    });
  });

  it('prints a screenful of a 200,000-row table, then counts the rest', async () => {
    const big = emptyWarehouse();
    try {
      await writeTable(
        big,
        'enriched/orders.parquet',
        "select range as row_id, 'CA-' || range as order_id, (range % 1000 - 500)::decimal(18,2) as profit " +
          'from range(200000)',
      );
      const r = await cli('sql', '--warehouse', big, 'select * from enriched.orders order by row_id');
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
      const lines = r.out.trimEnd().split('\n');
      expect(lines).toHaveLength(2 + 40 + 1);
      expect(lines[2]).toBe('     0  CA-0      -500.00');
      expect(lines.at(-1)).toBe('… 199,960 more rows (200,000 in all)');
      const five = await cli('sql', '--warehouse', big, '--max-rows', '5', 'select * from enriched.orders');
      expect(five.out.trimEnd().split('\n').at(-1)).toBe('… 199,995 more rows (200,000 in all)');
      expect(five.out.trimEnd().split('\n')).toHaveLength(2 + 5 + 1);
      const csv = await cli('sql', '--warehouse', big, '--format', 'csv', 'select * from enriched.orders order by 1');
      expect(csv.out.split('\n')).toHaveLength(200_000 + 2);
      expect(csv.out.split('\n')[200_000]).toBe('199999,CA-199999,499.00');
    } finally {
      removeWarehouse(big);
    }
  });

  it('fits the table to the terminal, cutting text with …; no limit when stdout is not a terminal', async () => {
    const q = "select 'Claire Gute of a very long company name indeed' as customer_name, -123456.78 as profit";
    const narrow = await cliOnTerminal(30, 'sql', '--warehouse', await wh(), q);
    expect(narrow.out).toBe(
      [
        'customer_name           profit',
        '------------------  ----------',
        'Claire Gute of a…   -123456.78',
        '(1 row)',
        '',
      ].join('\n'),
    );
    expect((await cli('sql', '--warehouse', await wh(), q)).out).toContain(
      'Claire Gute of a very long company name indeed',
    );
    const wide = await cliOnTerminal(30, 'sql', '--warehouse', await wh(), '--max-width', '0', q);
    expect(wide.out).toContain('Claire Gute of a very long company name indeed');
    const set = await cli('sql', '--warehouse', await wh(), '--max-width', '25', q);
    for (const line of set.out.trimEnd().split('\n').slice(0, 3)) expect(line.length).toBe(25);
  });

  it('escapes spreadsheet formulas in csv when asked, never touching numbers', async () => {
    const q = `select '=HYPERLINK("http://evil.example","x")' as customer_id, -12.50::decimal(18,2) as profit`;
    expect((await cli('sql', '--warehouse', await wh(), '--format', 'csv', q)).out).toBe(
      'customer_id,profit\n"=HYPERLINK(""http://evil.example"",""x"")",-12.50\n',
    );
    expect((await cli('sql', '--warehouse', await wh(), '--format', 'csv', '--escape-formulas', q)).out).toBe(
      `customer_id,profit\n"'=HYPERLINK(""http://evil.example"",""x"")",-12.50\n`,
    );
  });

  it('names a damaged Parquet file in the error, and answers queries over the other tables', async () => {
    const damaged = await tinyWarehouse();
    try {
      const file = join(damaged, 'enriched/orders.parquet');
      truncateSync(file, Math.floor(readFileSync(file).length / 2));
      expect(await cli('sql', '--warehouse', damaged, 'select count(*) from enriched.orders')).toEqual({
        code: 1,
        out: '',
        err:
          `ecomflow: ${file}: table enriched.orders cannot be read ` +
          '(Invalid Input Error: No magic bytes found at end of file)\n',
      });
      expect(
        await cli('sql', '--warehouse', damaged, '--format', 'csv', 'select order_year from aggregates.profit_by_year'),
      ).toEqual({ code: 0, out: 'order_year\n2016\n2017\n', err: '' });
    } finally {
      removeWarehouse(damaged);
    }
  });

  it('exits 1 with one line on stderr when a query is refused or fails', async () => {
    expect(await cli('sql', '--warehouse', await wh(), 'drop view enriched.orders')).toEqual({
      code: 1,
      out: '',
      err: 'ecomflow: ecomflow sql is read-only: DROP statements are not allowed\n',
    });
    const missing = await cli('sql', '--warehouse', await wh(), 'select * from nope');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(
      /^ecomflow: Catalog Error: Table with name nope does not exist!.*\(available tables: aggregates\.profit_by_year, enriched\.orders\)\n$/,
    );
    const notWarehouse = tempDir();
    expect(await cli('sql', '--warehouse', notWarehouse, 'select 1')).toMatchObject({
      code: 1,
      err: `ecomflow: ${notWarehouse}: is not an ecomflow warehouse (no _ecomflow_warehouse.json)\n`,
    });
    rmSync(notWarehouse, { recursive: true, force: true });
  });

  it('works as a real process: exit codes and output streams', async () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli.ts'), 'sql', '--warehouse', ...args], {
        cwd: root,
        encoding: 'utf8',
      });
    const ok = run(await wh(), '--format', 'csv', 'select count(*) as n from enriched.orders');
    expect([ok.status, ok.stdout, ok.stderr]).toEqual([0, 'n\n3\n', '']);
    const refused = run(await wh(), "copy (select 1) to '/tmp/ecomflow-x.csv'");
    expect([refused.status, refused.stdout, refused.stderr]).toEqual([
      1,
      '',
      'ecomflow: ecomflow sql is read-only: COPY statements are not allowed\n',
    ]);
  });
});

describe('queriesAfterEnd', () => {
  it('moves arguments that are SQL behind a -- terminator, leaving option values in place', () => {
    expect(queriesAfterEnd(['--warehouse', 'w', 'select 1'])).toEqual(['--warehouse', 'w', 'select 1']);
    expect(queriesAfterEnd(['--warehouse', 'w', '-- c\nselect 1'])).toEqual([
      '--warehouse',
      'w',
      '--',
      '-- c\nselect 1',
    ]);
    expect(queriesAfterEnd(['-- c\nselect 1', '--format', 'csv', '--', '-x'])).toEqual([
      '--format',
      'csv',
      '--',
      '-- c\nselect 1',
      '-x',
    ]);
    expect(queriesAfterEnd(['--warehouse', '-- odd folder'])).toEqual(['--warehouse', '-- odd folder']);
  });
});

describe('ecomflow sql as a real process', () => {
  const wh = lazy(() => emptyWarehouse());
  afterAll(async () => {
    await removeLazyWarehouse(wh);
  });

  /** Runs the CLI, counting stdout's lines as they arrive (never holding them); reports its peak RSS. */
  const stream = (...args: string[]): Promise<{ code: number | null; lines: number; rssMb: number; err: string }> =>
    new Promise((done, fail) => {
      const rss =
        'data:text/javascript,process.on("exit",()=>process.stderr.write("rss "+process.resourceUsage().maxRSS+"\\n"))';
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--import', rss, join(root, 'src/cli.ts'), 'sql', ...args],
        {
          cwd: root,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let lines = 0;
      let err = '';
      child.stdout.on('data', (b: Buffer) => {
        for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) lines += 1;
      });
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      child.on('error', fail);
      child.on('close', (code) => {
        const kb = Number(/rss (\d+)/.exec(err)?.[1]);
        done({ code, lines, rssMb: kb / 1024, err: err.replace(/rss \d+\n/, '') });
      });
    });

  it('prints the table of a 1,000,000-row result in bounded memory (under 250 MB peak)', async () => {
    const texts = Array.from({ length: 12 }, (_, i) => `'a text value number ${i} ' || range as t${i}`).join(', ');
    const r = await stream('--warehouse', await wh(), `select range as n, ${texts} from range(1000000)`);
    expect([r.code, r.err, r.lines]).toEqual([0, '', 2 + 40 + 1]);
    expect(r.rssMb).toBeLessThan(250);
  });

  it('streams a 1,000,000-row CSV export in bounded memory (under 300 MB peak)', async () => {
    const r = await stream(
      '--warehouse',
      await wh(),
      '--format',
      'csv',
      "select range as n, 'customer ' || range as name, (range / 7)::decimal(18,2) as profit from range(1000000)",
    );
    expect([r.code, r.err, r.lines]).toEqual([0, '', 1_000_001]);
    expect(r.rssMb).toBeLessThan(300);
  });
});

describe.skipIf(!hasSample)('ecomflow run then sql on the shared sample', () => {
  // made by the first test that runs: a clone without the sample collects this file without doing any work
  const out = lazy(() => join(tempDir(), 'w'));
  const run = lazy(async () => cli('run', '--input', sampleDir, '--out', await out(), '--quiet'));
  afterAll(async () => {
    const made = out.made();
    if (made !== undefined) rmSync(join(await made, '..'), { recursive: true, force: true });
  });

  it('names the answers in the run summary, with profit by year', async () => {
    const r = await run();
    expect(r.code).toBe(0);
    expect(r.out).toContain('  profit    2014 39,185.75 · 2015 63,073.09 · 2016 65,073.23 · 2017 111,084.96\n');
    expect(r.out).toContain('  answers   4 CSV files in sql/\n');
  });

  it('counts 9,994 enriched order lines', async () => {
    await run();
    expect(
      await cli('sql', '--warehouse', await out(), '--format', 'csv', 'select count(*) as n from enriched.orders'),
    ).toEqual({ code: 0, out: 'n\n9994\n', err: '' });
  });
});
