import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { scratch } from '../helpers/scratch.js';
import { runCli } from '../helpers/spawn-cli.js';
import { hasSample, sampleDir } from '../helpers/tmp.js';
import { runHelp } from '../../src/cli/run-command.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures');
const version = (
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }
).version;
const tmp = scratch();
afterAll(() => {
  tmp.cleanup();
});

/** An input folder holding the named fixtures (all three by default). */
function inputWith(names: readonly string[] = ['Customer.xlsx', 'Products.csv', 'Orders.json']): string {
  const dir = tmp.dir('ecomflow-in-');
  for (const n of names) writeFileSync(join(dir, n), readFileSync(join(fixtures, n)));
  return dir;
}
const freshOut = (): string => join(tmp.dir('ecomflow-wh-'), 'w');

describe('version and help', () => {
  it('prints the package version for --version, -V and version', async () => {
    for (const arg of ['--version', '-V', 'version']) {
      expect(await cli(arg)).toEqual({ code: 0, out: `ecomflow ${version}\n`, err: '' });
    }
  });

  it('lists every command, with the run options, for --help and help', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const word of ['run', 'sql', 'report', 'version', '--input', '--out', '--on-bad-rows', '--json', '--quiet']) {
      expect(r.out).toContain(word);
    }
    expect((await cli('help')).out).toBe(r.out);
  });

  it('prints only one command\'s help for "help <command>" and "<command> --help"', async () => {
    const r = await cli('help', 'run');
    expect(r).toEqual({ code: 0, out: runHelp, err: '' });
    expect(r.out).not.toContain('ecomflow sql');
    expect((await cli('run', '--help')).out).toBe(runHelp);
    expect((await cli('help', 'sql')).out).toMatch(/^Usage: ecomflow sql/);
    expect((await cli('help', 'report')).out).toMatch(/^Usage: ecomflow report/);
  });

  it('prints a short usage for a bare ecomflow (stderr, exit 2)', async () => {
    const r = await cli();
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n').length).toBeLessThanOrEqual(4);
    expect(r.err).toContain('ecomflow run --input <dir> --out <warehouse>');
  });
});

describe('usage errors: exit 2, one line in the same style, saying what to do', () => {
  it('suggests the command meant by a typo', async () => {
    expect(await cli('rnu')).toEqual({
      code: 2,
      out: '',
      err: 'ecomflow: unknown command "rnu"; did you mean "run"? (ecomflow --help lists the commands)\n',
    });
    expect((await cli('sq')).err).toContain('did you mean "sql"?');
    expect((await cli('reprot')).err).toContain('did you mean "report"?');
    expect((await cli('frobnicate')).err).toBe(
      'ecomflow: unknown command "frobnicate" (ecomflow --help lists the commands)\n',
    );
    const help = await cli('help', 'rnu');
    expect(help.code).toBe(2);
    expect(help.err).toContain('did you mean "run"?');
    expect(await cli('--input', 'x')).toMatchObject({
      code: 2,
      err: 'ecomflow: --input comes after a command, e.g. ecomflow run --input … (ecomflow --help)\n',
    });
  });

  it('names an unknown option in the house style, with a guess', async () => {
    expect(await cli('run', '--out', 'w', '--colour')).toEqual({
      code: 2,
      out: '',
      err: 'ecomflow: unknown option --colour for "ecomflow run" (ecomflow help run lists the options)\n',
    });
    expect((await cli('run', '--out', 'w', '--quite')).err).toBe(
      'ecomflow: unknown option --quite for "ecomflow run"; did you mean --quiet? (ecomflow help run lists the ' +
        'options)\n',
    );
    expect((await cli('report', '--warehose', 'w')).err).toContain('did you mean --warehouse?');
    expect((await cli('sql', '--warehouse', 'w', '--fromat', 'csv', 'select 1')).err).toContain(
      'unknown option --fromat for "ecomflow sql"; did you mean --format?',
    );
  });

  it('says which option lacks its value, takes none, or what an extra argument is', async () => {
    expect((await cli('run', '--input', 'in', '--out')).err).toBe(
      'ecomflow: --out needs a value: --out <warehouse> (ecomflow help run lists the options)\n',
    );
    expect((await cli('run', '--out', '--quiet')).err).toBe(
      'ecomflow: --out needs a value: --out <warehouse> (ecomflow help run lists the options)\n',
    );
    expect((await cli('run', '--quiet=yes')).err).toBe(
      'ecomflow: --quiet takes no value (ecomflow help run lists the options)\n',
    );
    expect(await cli('run', 'exports')).toMatchObject({
      code: 2,
      err:
        'ecomflow: unexpected argument "exports": "ecomflow run" takes only options (ecomflow help run lists the ' +
        'options)\n',
    });
  });

  it('exits 2 when --out or --input is missing, or a mode is unknown', async () => {
    expect(await cli('run', '--input', 'x')).toMatchObject({
      code: 2,
      err: 'ecomflow: run needs --out <warehouse>: the folder to write the warehouse to\n',
    });
    expect(await cli('run', '--out', freshOut())).toMatchObject({
      code: 2,
      err:
        'ecomflow: run needs --input <dir> (the folder holding the sources), or --customers, --products and ' +
        '--orders\n',
    });
    expect(await cli('run', '--out', freshOut(), '--orders', join(fixtures, 'Orders.json'))).toMatchObject({
      code: 2,
      err:
        'ecomflow: run needs --input <dir> to find the customers and products files, or --customers and ' +
        '--products\n',
    });
    expect((await cli('run', '--out', 'w', '--on-bad-rows', 'maybe')).code).toBe(2);
  });

  it('says an --input that is a file is one, and which option names it', async () => {
    const file = join(inputWith(), 'Orders.json');
    expect(await cli('run', '--input', file, '--out', freshOut())).toEqual({
      code: 2,
      out: '',
      err: `ecomflow: --input ${file} is a file; give the folder, or name the file with --orders\n`,
    });
    const workbook = join(inputWith(), 'Customer.xlsx');
    expect((await cli('run', '--input', workbook, '--out', freshOut())).err).toContain(
      'name the file with --customers',
    );
  });
});

describe('input problems: exit 1, naming the file and what to do', () => {
  it('says an --input that does not exist does not exist', async () => {
    const missing = join(tmp.dir(), 'exports');
    expect(await cli('run', '--input', missing, '--out', freshOut())).toEqual({
      code: 1,
      out: '',
      err: `ecomflow: ${missing}: --input folder does not exist\n`,
    });
  });

  it('lists every missing source at once', async () => {
    const empty = tmp.dir();
    expect((await cli('run', '--input', empty, '--out', freshOut())).err).toBe(
      `ecomflow: ${empty}: is empty: expected files named customer*.xlsx, product*.csv and order*.json, ` +
        `order*.ndjson or order*.jsonl (or name them with --customers, --products and --orders)\n`,
    );
    const two = inputWith(['Products.csv']);
    writeFileSync(join(two, 'notes.txt'), '');
    expect(await cli('run', '--input', two, '--out', freshOut())).toEqual({
      code: 1,
      out: '',
      err:
        `ecomflow: ${two}: no customers or orders file: expected files named customer*.xlsx and order*.json, ` +
        `order*.ndjson or order*.jsonl (or name them with --customers and --orders)\n`,
    });
  });

  it('finds sources that are symlinks to files (issue 10 item 12)', async () => {
    const real = inputWith();
    const links = tmp.dir('ecomflow-links-');
    for (const n of ['Customer.xlsx', 'Products.csv', 'Orders.json']) symlinkSync(join(real, n), join(links, n));
    mkdirSync(join(links, 'orders-archive.json')); // a folder named like a source is not one
    const r = await cli('run', '--input', links, '--out', freshOut(), '--quiet');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('  orders     Orders.json      27    21         6\n');
  });

  it('--on-bad-rows fail says the run stopped at the first bad row and wrote nothing', async () => {
    const r = await cli('run', '--input', fixtures, '--out', freshOut(), '--on-bad-rows', 'fail', '--quiet');
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `ecomflow: ${join(fixtures, 'Customer.xlsx')}, row 12, column "customer_id": customer_id "DP-13000" ` +
        `already seen at source row 11 (rule customer.duplicate_id); the run stopped at this first bad row ` +
        `(--on-bad-rows fail) and wrote nothing\n`,
    );
    expect(r.err).not.toContain('kept');
  });
});

describe('the run summary', () => {
  it('is short, aligned, with plurals, the facts a data owner needs and what to do next', async () => {
    const out = freshOut();
    const input = inputWith();
    const r = await cli('run', '--input', input, '--out', out, '--quiet');
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ecomflow run: wrote the warehouse in \d+(\.\d\d s| ms)$/);
    expect(lines.slice(1, 8)).toEqual([
      '',
      '  source     file           read  kept  rejected',
      '  customers  Customer.xlsx    15    14         1',
      '  products   Products.csv     14    11         3',
      '  orders     Orders.json      27    21         6',
      `  (in ${input}; customers from sheet "Worksheet")`,
      '',
    ]);
    expect(lines.slice(8, 13)).toEqual([
      '  rejected  customers duplicate_id 1 · products duplicate_id 3 · orders bad_order_date 1, bad_profit 1, ' +
        'bad_quantity 1, discount_out_of_range 1, missing_row_id 1, nonpositive_quantity 1',
      '  unknown   1 order line with an unknown product (category null), 1 with an unknown customer (name null)',
      '  nulled    email.validate 2 · name.clean 1 · phone.normalise 3 · 6 values in all',
      '  profit    2014 123.35 · 2015 241.27 · 2016 -1,685.09 · 2017 106.71',
      '  answers   4 CSV files in sql/',
    ]);
    expect(lines.slice(13)).toEqual([
      '',
      `  warehouse  ${out}`,
      `  report     ${join(out, 'report', 'index.html')}`,
      `  next       ecomflow sql --warehouse ${out} "select * from aggregates.profit_by_year"`,
    ]);
    expect(lines.length).toBe(17);
  });

  it('prints the summary as one JSON object with --json', async () => {
    const out = freshOut();
    const r = await cli('run', '--input', fixtures, '--out', out, '--quiet', '--json');
    expect(r.code).toBe(0);
    expect(r.out.trimEnd().split('\n')).toHaveLength(1);
    const s = JSON.parse(r.out) as Record<string, unknown>;
    expect(s).toMatchObject({
      warehouse: out,
      sources: {
        customers: {
          file: join(fixtures, 'Customer.xlsx'),
          sheet: 'Worksheet',
          rows_read: 15,
          rows_written: 14,
          rows_rejected: 1,
        },
        products: { rows_read: 14, rejected_by_reason: { 'product.duplicate_id': 3 } },
        orders: { rows_read: 27, rows_written: 21, rows_rejected: 6 },
      },
      unknown_product_lines: 1,
      unknown_customer_lines: 1,
      report: join(out, 'report', 'index.html'),
    });
    expect((s['sources'] as Record<string, { values_nulled: object }>)['customers']!.values_nulled).toEqual({
      'email.validate': 2,
      'name.clean': 1,
      'phone.normalise': 3,
    });
    expect(s['wall_ms']).toEqual(expect.any(Number));
    expect((s['tables'] as unknown[]).length).toBe(14);
    expect(Object.keys(s['stage_ms'] as object)).toEqual([
      'read sources',
      'enrich',
      'aggregate',
      'write',
      'sql',
      'report',
    ]);
  });

  it.skipIf(!hasSample)('on the shared sample: rows, rejects and unknown products', async () => {
    const r = await cli('run', '--input', sampleDir, '--out', freshOut());
    expect(r.code).toBe(0);
    expect(r.out).toContain('  products   Products.csv   1,851  1,818        33\n');
    expect(r.out).toContain('  orders     Orders.json    9,994  9,994         0\n');
    expect(r.out).toContain('  rejected  products duplicate_id 33\n');
    expect(r.out).toContain(
      '  unknown   204 order lines with an unknown product (category null); every customer known\n',
    );
    expect(r.out).toContain('  nulled    phone.normalise 142 · 142 values in all\n');
    expect(r.out).toContain('  profit    2014 39,185.75 · 2015 63,073.09 · 2016 65,073.23 · 2017 111,084.96\n');
    expect(r.err).toContain('read sources');
  });

  it('sends progress to stderr, and nothing with --quiet', async () => {
    const out = freshOut();
    const loud = await cli('run', '--input', fixtures, '--out', out);
    expect(loud.err).toMatch(/^ {2}read sources +\d+ ms {2}customers 15, products 14( · [\d,]+ rows\/s)?\n/);
    expect(
      loud.err
        .trimEnd()
        .split('\n')
        .map((l) => l.trim().split(/\s+/)[0]),
    ).toEqual(['read', 'enrich', 'aggregate', 'write', 'sql', 'report']);
    expect((await cli('run', '--input', fixtures, '--out', out, '--quiet')).err).toBe('');
  });
});

describe('as a real process', () => {
  it('keeps stdout for results and stderr for errors, with the exit codes', async () => {
    const missing = join(tmp.dir(), 'nonexistent');
    expect(await runCli(['run', '--out', freshOut(), '--input', missing])).toEqual({
      code: 1,
      signal: null,
      out: '',
      err: `ecomflow: ${missing}: --input folder does not exist\n`,
    });
    expect(await runCli(['--version'])).toMatchObject({ code: 0, out: `ecomflow ${version}\n`, err: '' });
    expect(await runCli(['rnu'])).toMatchObject({ code: 2, out: '' });
  });
});
