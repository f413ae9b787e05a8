import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { hasSample, sampleDir, tempDir } from '../helpers/tmp.js';

describe('ecomflow CLI', () => {
  it('prints help with every command and run option', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const word of [
      'run',
      '--input',
      '--out',
      '--customers',
      '--products',
      '--orders',
      '--on-bad-rows',
      '--quiet',
      '--debug',
    ]) {
      expect(r.out).toContain(word);
    }
    expect((await cli('run', '--help')).out).toContain('Usage: ecomflow run');
  });

  it('exits 2 with a one-line message on usage errors', async () => {
    expect(await cli('frobnicate')).toMatchObject({
      code: 2,
      err: 'ecomflow: unknown command "frobnicate" (try: ecomflow --help)\n',
    });
    expect((await cli('run', '--input', 'x')).err).toBe('ecomflow: run needs --out <warehouse>\n');
    const unknown = await cli('run', '--out', 'w', '--colour');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("Unknown option '--colour'");
    expect((await cli('run', '--out', 'w', '--on-bad-rows', 'maybe')).code).toBe(2);
  });

  it('exits 1 naming the file when an input is unusable, without a stack trace', async () => {
    const input = tempDir();
    writeFileSync(join(input, 'Customer.xlsx'), 'not a workbook');
    writeFileSync(join(input, 'Products.csv'), 'Product ID,Category,Sub-Category\n');
    writeFileSync(join(input, 'Orders.json'), '[]');
    const r = await cli('run', '--input', input, '--out', join(tempDir(), 'w'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^ecomflow: .*Customer\.xlsx: /);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it.skipIf(!hasSample)(
    'runs the whole pipeline and prints a summary; progress goes to stderr unless --quiet',
    async () => {
      const out = join(tempDir(), 'w');
      const r = await cli('run', '--input', sampleDir, '--out', out);
      expect(r.code).toBe(0);
      expect(r.out).toContain('rows in: customers 793, products 1851, orders 9994');
      expect(r.out).toContain('products: 1851 read, 1818 enriched, 33 rejected (product.duplicate_id 33)');
      expect(r.out).toMatch(/enriched\/orders\.parquet\s+9994 rows/);
      expect(r.err).toContain('read sources');
      const quiet = await cli('run', '--input', sampleDir, '--out', out, '--quiet');
      expect(quiet.err).toBe('');
    },
  );

  it('--on-bad-rows fail stops at the first bad row with exit 1, naming file, row, column and rule', async () => {
    const fixtures = resolve(import.meta.dirname, '../../fixtures');
    const out = join(tempDir(), 'w');
    const r = await cli('run', '--input', fixtures, '--out', out, '--on-bad-rows', 'fail', '--quiet');
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `ecomflow: ${join(fixtures, 'Customer.xlsx')}, row 12, column "customer_id": customer_id "DP-13000" ` +
        'already seen at source row 11; the first row is kept (rule customer.duplicate_id; --on-bad-rows fail ' +
        'stops at the first bad row)\n',
    );
    expect((await cli('run', '--input', fixtures, '--out', out, '--quiet')).code).toBe(0);
  });

  it('works as a real process: exit codes and output streams', () => {
    const root = resolve(import.meta.dirname, '../..');
    const p = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'src/cli.ts'), 'run', '--out', join(tempDir(), 'w'), '--input', '/nonexistent'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(p.status).toBe(1);
    expect(p.stdout).toBe('');
    expect(p.stderr).toBe('ecomflow: /nonexistent: input folder cannot be read\n');
  });
});
