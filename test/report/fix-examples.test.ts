/**
 * The fixes' examples come from raw vs enriched in the warehouse. They must be the fixes quality.json counts:
 * each rule's SQL condition holds on exactly as many rows as the rule counted (on the dirty fixtures and on
 * generated data), and the examples are the first of those rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSources } from '../../fixtures/generate.js';
import { runPipeline } from '../../src/index.js';
import { readJsonFile } from '../../src/io/files/json-file.js';
import { fixExamples, PLAIN_DECIMAL, touchedCondition } from '../../src/report/fix-examples.js';
import { fixRule } from '../../src/report/fix-rules.js';
import type { QualityTable, SourceTable } from '../../src/report/report-data.js';
import { openWarehouse } from '../../src/sql/warehouse-db.js';
import { parseDecimalLenient } from '../../src/transforms/values/index.js';
import { withDuck } from '../helpers/duckdb.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures');

describe('PLAIN_DECIMAL', () => {
  it('matches a value exactly when parseDecimalLenient reads it without removing stray characters', async () => {
    const alphabet = ['1', '0', '9', '.', 'e', 'E', '+', '-', ' ', '\u00A0', '\t', '\u2003', '%', '$', ',', "'", 'x'];
    const samples = [
      ...['12', '12.', '.5', '-.5e3', '1e', '4797%', ' 12.5 ', '1,234.50', '+', '', '.', '1e+5', '1.2.3', '$-5'],
      ...fc.sample(fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 9 }), { numRuns: 3000, seed: 11 }),
    ];
    const list = samples.map((s) => `'${s.replaceAll("'", "''")}'`).join(', ');
    const rows = await withDuck((q) =>
      q(`select s, regexp_full_match(s, '${PLAIN_DECIMAL}') as plain from unnest([${list}]) t(s)`),
    );
    expect(rows).toHaveLength(samples.length);
    for (const { s, plain } of rows as { s: string; plain: boolean }[]) {
      const read = parseDecimalLenient(s, 2);
      if (read !== null) expect(plain, JSON.stringify(s)).toBe(!read.cleaned);
    }
  });
});

/** For every fix of a warehouse: rows its condition holds on (changed, emptied), and the first 3 such rows. */
async function census(warehouse: string, quality: Readonly<Record<SourceTable, QualityTable>>) {
  const db = await openWarehouse(warehouse, { requireMarker: false });
  try {
    const out: { table: SourceTable; rule: string; changed: number; nulled: number; first: number[] }[] = [];
    for (const table of ['customers', 'products', 'orders'] as const) {
      for (const rule of Object.keys(quality[table].fixes)) {
        const where = fixRule(table, rule).column!;
        const on = `from raw.${table} r join enriched.${table} e using (source_row)
                    where ${touchedCondition(where.evidence, where.name)}`;
        const n = await db.run(
          `select count(*) filter (where e.${where.name} is not null), ` +
            `count(*) filter (where e.${where.name} is null) ${on}`,
        );
        const first = await db.run(`select source_row ${on} order by source_row limit 3`);
        out.push({
          table,
          rule,
          changed: Number(n.rows[0]![0]),
          nulled: Number(n.rows[0]![1]),
          first: first.rows.map((r) => Number(r[0])),
        });
      }
    }
    return out;
  } finally {
    db.close();
  }
}

describe('fixExamples', () => {
  const root = mkdtempSync(join(tmpdir(), 'ecomflow-fix-examples-'));
  const warehouses = { fixtures: join(root, 'fixtures-wh'), generated: join(root, 'generated-wh') };
  const quality: Partial<Record<keyof typeof warehouses, Record<SourceTable, QualityTable>>> = {};

  beforeAll(async () => {
    await generateSources({ lines: 6000, out: join(root, 'generated'), seed: 5 });
    await runPipeline({ input: fixtures, out: warehouses.fixtures });
    await runPipeline({ input: join(root, 'generated'), out: warehouses.generated });
    for (const [name, w] of Object.entries(warehouses) as [keyof typeof warehouses, string][]) {
      const read = await readJsonFile(join(w, 'quality.json'));
      if (read.kind !== 'ok') throw new Error(`${w}: no quality.json`);
      quality[name] = (read.value as { tables: Record<SourceTable, QualityTable> }).tables;
    }
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  for (const name of ['fixtures', 'generated'] as const) {
    it(`finds each rule's condition on exactly the rows it counted (${name})`, async () => {
      const q = quality[name]!;
      const counted = await census(warehouses[name], q);
      expect(counted.length).toBeGreaterThanOrEqual(name === 'fixtures' ? 7 : 4);
      for (const c of counted) {
        expect([c.changed, c.nulled], `${c.table} ${c.rule}`).toEqual([
          q[c.table].fixes[c.rule]!.changed,
          q[c.table].fixes[c.rule]!.nulled,
        ]);
      }
    });

    it(`shows up to 3 of each rule's fixes, and only rows the rule touched (${name})`, async () => {
      const q = quality[name]!;
      const db = await openWarehouse(warehouses[name], { requireMarker: false });
      const shown = await fixExamples(db, q).finally(() => {
        db.close();
      });
      const counted = await census(warehouses[name], q);
      for (const c of counted) {
        const examples = shown.find((s) => s.table === c.table && s.rule === c.rule)!.examples;
        expect(examples.length, c.rule).toBe(Math.min(3, c.changed + c.nulled));
        const mixed = c.changed > 0 && c.nulled > 0;
        // first rows first; a rule that also emptied values shows one emptied value among them
        if (!mixed)
          expect(
            examples.map((e) => e.sourceRow),
            c.rule,
          ).toEqual(c.first);
        else expect(examples.filter((e) => e.after === null).length, c.rule).toBe(c.changed >= 2 ? 1 : 3 - c.changed);
        for (const e of examples) expect(e.before, c.rule).not.toBe(e.after);
      }
    });
  }

  it('gives the fixtures their real before → after values', async () => {
    const db = await openWarehouse(warehouses.fixtures, { requireMarker: false });
    const shown = await fixExamples(db, quality.fixtures!).finally(() => {
      db.close();
    });
    const of = (rule: string) => shown.find((s) => s.rule === rule)!.examples.map((e) => [e.before, e.after]);
    expect(of('price.stray_characters')).toEqual([['4797%', '4797.00']]);
    expect(of('profit.round_2dp')).toEqual([
      ['2.345', '2.35'],
      ['-2.345', '-2.35'],
      ['1.005', '1.01'],
    ]);
    expect(of('name.clean')).toEqual([
      ['Gary567 Hansen', 'Gary Hansen'],
      ['Tam&^*ara Smith', 'Tamara Smith'],
      ['#$%', null],
    ]);
    expect(of('email.validate')).toEqual([
      ['not-an-email', null],
      ['a@b', null],
    ]);
  });
});
