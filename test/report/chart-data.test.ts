import { join, resolve } from 'node:path';
import { Decimal, Table } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/index.js';
import { readWarehouseTable } from '../../src/io/warehouse/read-table.js';
import { chartDataOf, namelessCustomers, type ChartTables } from '../../src/report/chart-data.js';
import { centsText, toCents } from '../../src/report/money.js';
import { aggregateSchemas, enrichedSchemas, rawSchemas } from '../../src/schemas/index.js';
import { openWarehouse } from '../../src/sql/warehouse-db.js';
import { DictionaryBuilder, Int32Builder, Int64Builder } from '../../src/table/builders.js';
import { describeWithSample } from '../helpers/sample.js';
import { sampleDir, tempDir } from '../helpers/tmp.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures');

/** The chart tables of a warehouse, read from its files. */
async function chartTables(warehouse: string): Promise<ChartTables> {
  const aggregate = (name: keyof typeof aggregateSchemas) =>
    readWarehouseTable(warehouse, 'aggregates', name, aggregateSchemas[name]);
  return {
    profit_by_year: await aggregate('profit_by_year'),
    profit_by_customer: await aggregate('profit_by_customer'),
    profit_by_sub_category: await aggregate('profit_by_sub_category'),
    profit_summary: await aggregate('profit_summary'),
    raw_customers: await readWarehouseTable(warehouse, 'raw', 'customers', rawSchemas.customers),
    enriched_customers: await readWarehouseTable(warehouse, 'enriched', 'customers', enrichedSchemas.customers),
  };
}

/** What DuckDB says of the same warehouse: its DECIMAL sums by (year, category), and the nameless customers. */
async function duckDbAnswers(warehouse: string) {
  const db = await openWarehouse(warehouse, { requireMarker: false });
  try {
    const sums = await db.run(
      `select order_year, category, sum(profit)::varchar from aggregates.profit_summary group by all
       order by order_year nulls last, category nulls last`,
    );
    const nameless = await db.run(
      `select c.customer_id, case when r.customer_name is null then 'no-name' else 'name-cleaned' end
       from enriched.customers c join raw.customers r using (source_row) where c.customer_name is null
       order by 1`,
    );
    return {
      byYearCategory: sums.rows.map(([year, category, profit]) => ({
        year: year === null ? null : Number(year),
        category,
        profit: centsText(toCents(profit as string)),
      })),
      nameless: nameless.rows.map(([id, why]) => [id, why]),
    };
  } finally {
    db.close();
  }
}

/** The same checks on one warehouse: chart data from memory against DuckDB over its files. */
function agreesWithDuckDb(warehouse: () => string): void {
  it('sums profit by year and category to the cent, as DuckDB’s DECIMAL sum, nulls last', async () => {
    const tables = await chartTables(warehouse());
    const sql = await duckDbAnswers(warehouse());
    expect(chartDataOf(tables).byYearCategory).toEqual(sql.byYearCategory);
    expect(sql.byYearCategory.length).toBeGreaterThan(3);
  });

  it('finds the nameless customers of the list, and why, as the SQL join on source_row does', async () => {
    const tables = await chartTables(warehouse());
    const sql = await duckDbAnswers(warehouse());
    const nameless = [...namelessCustomers(tables.raw_customers, tables.enriched_customers)].sort((a, b) =>
      a[0] < b[0] ? -1 : 1,
    );
    expect(nameless).toEqual(sql.nameless);
  });
}

/** A profit_summary-shaped table: (year, category, profit in cents at scale 2) rows. */
function summaryOf(rows: readonly [number | null, string | null, bigint | null][]): Table {
  const years = new Int32Builder();
  const categories = new DictionaryBuilder();
  const profits = new Int64Builder(new Decimal(2, 18, 128));
  for (const [year, category, profit] of rows) {
    years.append(year);
    categories.append(category);
    profits.append(profit);
  }
  return new Table({ order_year: years.finish(), category: categories.finish(), profit: profits.finish() });
}

describe('chart data from tables in memory (chartDataOf, namelessCustomers) on the dirty fixtures', () => {
  const dir = tempDir('ecomflow-chart-data-');
  const out = join(dir, 'warehouse');
  beforeAll(async () => {
    await runPipeline({ input: fixtures, out });
  });

  agreesWithDuckDb(() => out);

  it('tells an empty name cell from a name cleaned to empty, and marks those customers in the chart', async () => {
    const tables = await chartTables(out);
    const nameless = namelessCustomers(tables.raw_customers, tables.enriched_customers);
    expect(nameless.get('EN-14020')).toBe('no-name');
    expect(nameless.get('SP-20920')).toBe('name-cleaned');
    expect(nameless.has('LC-16870')).toBe(false); // not in the list at all
    const status = new Map(chartDataOf(tables).byCustomer.map((c) => [c.customerId, c.status]));
    expect([status.get('EN-14020'), status.get('SP-20920'), status.get('LC-16870')]).toEqual([
      'no-name',
      'name-cleaned',
      'unknown',
    ]);
  });

  describe('profit by year and category, summed exactly', () => {
    let tables: ChartTables;
    beforeAll(async () => {
      tables = await chartTables(out);
    });
    const sums = (rows: Parameters<typeof summaryOf>[0]) =>
      chartDataOf({ ...tables, profit_summary: summaryOf(rows) }).byYearCategory;

    it('groups by year and category text, nulls last, skipping a null profit as SQL’s sum does', () => {
      expect(
        sums([
          [2017, 'Technology', 10n],
          [null, 'Furniture', 5n],
          [2016, null, -7n],
          [2017, 'Furniture', 20n],
          [2017, 'Technology', 20n],
          [2016, 'Furniture', null],
          [2016, 'Furniture', -1n],
        ]),
      ).toEqual([
        { year: 2016, category: 'Furniture', profit: '-0.01' },
        { year: 2016, category: null, profit: '-0.07' },
        { year: 2017, category: 'Furniture', profit: '0.20' },
        { year: 2017, category: 'Technology', profit: '0.30' },
        { year: null, category: 'Furniture', profit: '0.05' },
      ]);
    });

    it('stays exact past 2^53 cents, where doubles would not', () => {
      const big = 3_000_000_000_000_000_001n;
      expect(
        sums([
          [2017, 'Technology', big],
          [2017, 'Technology', 2n],
          [2017, 'Furniture', -big],
        ]),
      ).toEqual([
        { year: 2017, category: 'Furniture', profit: '-30000000000000000.01' },
        { year: 2017, category: 'Technology', profit: '30000000000000000.03' },
      ]);
    });
  });
});

describeWithSample('chart data from tables in memory on the shared sample', () => {
  const dir = tempDir('ecomflow-chart-data-sample-');
  const out = join(dir, 'warehouse');
  beforeAll(async () => {
    await runPipeline({ input: sampleDir, out });
  });

  agreesWithDuckDb(() => out);
});
