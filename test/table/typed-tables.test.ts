/**
 * Typed tables, checked both ways: `ArrowTypeOf` (compile time) names the Arrow class `arrowTypeOf` (run time)
 * returns for every column kind, and every declared table as the code really builds it — read from the fixtures,
 * cleaned, enriched, aggregated, written and read back — holds each declared column in `arrowTypeOf`'s type.
 */
import { join } from 'node:path';
import { DateDay, Decimal, Dictionary, Int32, Int64, Utf8, type DataType, type Table } from 'apache-arrow';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  aggregateSchemas,
  cleanCustomers,
  cleanProducts,
  date,
  decimal,
  dictString,
  enrichOrders,
  enrichedCustomers,
  enrichedOrders,
  enrichedProducts,
  int32,
  int64,
  plainString,
  profitAggregates,
  rawCustomers,
  rawOrders,
  rawProducts,
  readCsv,
  readJson,
  readParquet,
  readXlsx,
  writeParquet,
  type TableSchema,
} from '../../src/index.js';
import { arrowTypeOf } from '../../src/table/builders.js';
import type {
  ArrowTypeMapOf,
  EnrichedOrdersTable,
  EnrichedProductsTable,
  ProfitByYearTable,
  RawOrdersTable,
  TableOfSchema,
} from '../../src/table/typed-tables.js';
import { tempDir } from '../helpers/tmp.js';

const fixtures = join(import.meta.dirname, '../../fixtures');

/** Each declared column's Arrow type in `table`, and what `arrowTypeOf` says it is held as. */
function declaredTypes(table: Table, schema: TableSchema): { held: string[]; declared: string[] } {
  const typeOf = (name: string): DataType | undefined =>
    (table.schema.fields as { name: string; type: DataType }[]).find((f) => f.name === name)?.type;
  return {
    held: schema.columns.map((c) => `${c.name}: ${String(typeOf(c.name))}`),
    declared: schema.columns.map((c) => `${c.name}: ${String(arrowTypeOf(c.type))}`),
  };
}

describe('ArrowTypeOf and arrowTypeOf agree', () => {
  it('for every column kind: the type names the class the function returns', () => {
    expectTypeOf(arrowTypeOf(dictString())).toEqualTypeOf<Dictionary<Utf8, Int32>>();
    expectTypeOf(arrowTypeOf(plainString())).toEqualTypeOf<Utf8>();
    expectTypeOf(arrowTypeOf(int32())).toEqualTypeOf<Int32>();
    expectTypeOf(arrowTypeOf(int64())).toEqualTypeOf<Int64>();
    expectTypeOf(arrowTypeOf(decimal(18, 2))).toEqualTypeOf<Decimal>();
    expectTypeOf(arrowTypeOf(date())).toEqualTypeOf<DateDay>();
    const dict = arrowTypeOf(dictString());
    expect(dict).toBeInstanceOf(Dictionary);
    expect(dict.dictionary).toBeInstanceOf(Utf8);
    expect(dict.indices).toBeInstanceOf(Int32);
    expect(arrowTypeOf(plainString())).toBeInstanceOf(Utf8);
    expect(arrowTypeOf(int32())).toBeInstanceOf(Int32);
    expect(arrowTypeOf(int64())).toBeInstanceOf(Int64);
    expect(arrowTypeOf(decimal(18, 4))).toMatchObject({ scale: 4, precision: 18 });
    expect(arrowTypeOf(decimal(18, 4))).toBeInstanceOf(Decimal);
    expect(arrowTypeOf(date())).toBeInstanceOf(DateDay);
  });

  it('a schema maps to its TypeMap by name', () => {
    type Products = ArrowTypeMapOf<typeof enrichedProducts>;
    expectTypeOf<Products>().toEqualTypeOf<{
      product_id: Dictionary<Utf8, Int32>;
      category: Dictionary<Utf8, Int32>;
      sub_category: Dictionary<Utf8, Int32>;
      product_name: Utf8;
      state: Dictionary<Utf8, Int32>;
      price_per_product: Decimal;
      source_row: Int64;
    }>();
    expectTypeOf<ArrowTypeMapOf<typeof enrichedOrders>['order_date']>().toEqualTypeOf<DateDay>();
    expectTypeOf<ArrowTypeMapOf<typeof rawOrders>['profit']>().toEqualTypeOf<Utf8>();
    expectTypeOf<ArrowTypeMapOf<typeof rawOrders>['order_id']>().toEqualTypeOf<Dictionary<Utf8, Int32>>();
    // a schema typed only as TableSchema gives an untyped table
    expectTypeOf<TableOfSchema<TableSchema>>().toEqualTypeOf<Table>();
  });
});

describe('the tables the code builds hold their declared types', () => {
  it('raw (the three readers), enriched, aggregates, and Parquet read back with a schema', async () => {
    const customers = await readXlsx(join(fixtures, 'Customer.xlsx'), rawCustomers);
    const products = await readCsv(join(fixtures, 'Products.csv'), rawProducts);
    const orders = await readJson(join(fixtures, 'Orders.json'), rawOrders);
    expectTypeOf(orders.table).toEqualTypeOf<RawOrdersTable>();
    const built: [Table, TableSchema][] = [
      [customers.table, rawCustomers],
      [products.table, rawProducts],
      [orders.table, rawOrders],
    ];
    const c = cleanCustomers(customers.table);
    const p = cleanProducts(products.table);
    expectTypeOf(p.table).toEqualTypeOf<EnrichedProductsTable>();
    const e = enrichOrders(orders.table, { customers: c.table, products: p.table });
    expectTypeOf(e.table).toEqualTypeOf<EnrichedOrdersTable>();
    expect(e.table.numRows).toBeGreaterThan(0);
    built.push([c.table, enrichedCustomers], [p.table, enrichedProducts], [e.table, enrichedOrders]);
    const aggregates = profitAggregates(e.table);
    expectTypeOf(aggregates.profit_by_year).toEqualTypeOf<ProfitByYearTable>();
    for (const [name, schema] of Object.entries(aggregateSchemas)) {
      built.push([aggregates[name as keyof typeof aggregates], schema]);
    }
    const file = join(tempDir('ecomflow-typed-'), 'products.parquet');
    await writeParquet(file, p.table);
    const back = await readParquet(file, enrichedProducts);
    expectTypeOf(back).toEqualTypeOf<EnrichedProductsTable>();
    built.push([back, enrichedProducts]);
    for (const [table, schema] of built) {
      const { held, declared } = declaredTypes(table, schema);
      expect(held, `${schema.layer}.${schema.name}`).toEqual(declared);
    }
  });
});
