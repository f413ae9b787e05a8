/**
 * Stage 2 — enriched: clean customers and products, then enrich the order lines batch by batch, writing each
 * batch's raw and enriched lines to Parquet as it goes and keeping only what later stages need: the rejects,
 * the fix counts and a running profit summary (merged as it grows, so memory stays bounded).
 */
import type { Table } from 'apache-arrow';
import { openParquetStream, type ParquetStream } from '../io/parquet/write-parquet.js';
import { RawBatchWriter } from '../io/parquet/raw-batch-writer.js';
import { enrichedOrders } from '../schemas/enriched.js';
import { rejectSchemas } from '../schemas/rejects.js';
import { emptyTable } from '../table/table.js';
import type { ProfitSummaryTable } from '../table/typed-tables.js';
import { cleanCustomers } from '../transforms/clean-customers.js';
import { cleanProducts } from '../transforms/clean-products.js';
import type { Cleaned } from '../transforms/cleaned.js';
import { enrichOrders } from '../transforms/enrich-orders.js';
import { mergeProfitSummaries, partialProfitSummary } from '../transforms/profit-aggregates.js';
import { addFix, type Fixes } from '../transforms/quality.js';
import { RejectsBuilder, type Reject } from '../transforms/rejects-builder.js';
import { SeenLines } from '../transforms/seen-lines.js';
import { tableQuality, type TableQuality } from './quality-report.js';
import type { OrderStream, RawSource } from './raw-stage.js';

/**
 * Reader issues and transform rejects of one source, sorted by source row — for a source of several files by
 * file (in read order), then source row — as a rejects builder.
 */
export function rejectsOf(
  name: keyof typeof rejectSchemas,
  source: RawSource,
  rejects: readonly Reject[],
): RejectsBuilder {
  const b = new RejectsBuilder(rejectSchemas[name], source.file);
  const order = new Map((source.files ?? []).map((f, k) => [f.file, k]));
  const fileOrder = (r: Reject): number => (r.file === undefined ? 0 : (order.get(r.file) ?? 0));
  const all: Reject[] = [
    ...source.issues.map((i) => ({
      sourceRow: i.row,
      ...(i.file === undefined ? {} : { file: i.file }),
      key: null,
      column: i.column,
      value: i.value,
      rule: i.rule,
      message: i.message,
    })),
    ...rejects,
  ].sort((a, z) => fileOrder(a) - fileOrder(z) || a.sourceRow - z.sourceRow);
  for (const r of all) b.add(r);
  return b;
}

/** A cleaned entity table (customers or products) with its rejects and quality. */
export interface CleanedEntity {
  readonly table: Table;
  readonly rejects: Table;
  readonly quality: TableQuality;
}

/** Cleans raw customers or products into their enriched table, rejects and quality entry. */
export function cleanEntity(name: 'customers' | 'products', source: RawSource): CleanedEntity {
  const cleaned: Cleaned = name === 'customers' ? cleanCustomers(source.table) : cleanProducts(source.table);
  const rejects = rejectsOf(name, source, cleaned.rejects);
  const fixes: Fixes = {};
  for (const [rule, count] of [...Object.entries(source.fixes), ...Object.entries(cleaned.fixes)]) {
    addFix(fixes, rule, count);
  }
  return {
    table: cleaned.table,
    rejects: rejects.finish(),
    quality: tableQuality(source, source.table.numRows, cleaned.table.numRows, rejects.ruleNames, fixes),
  };
}

/** What the order-lines stage leaves for the later stages. */
export interface EnrichedOrderLines {
  readonly rawRows: number;
  readonly enrichedRows: number;
  readonly batches: number;
  readonly summary: ProfitSummaryTable;
  readonly rejects: Table;
  readonly quality: TableQuality;
}

/** Where the order-lines stage writes. */
export interface OrderLinesOptions {
  /** The orders source file (for messages); for orders of several files, the folder or glob. */
  readonly ordersFile: string;
  /** Orders of several files: the files in read order (row ids are deduped across them). */
  readonly orderFiles?: readonly string[];
  readonly rawFile: string;
  readonly enrichedFile: string;
  /** Told, after each batch, how many bytes of the orders file are done. */
  readonly onBatch?: (bytesDone: number) => void;
  /** Called between batches; throws to stop the stage (an interrupted run). */
  readonly checkpoint?: () => void;
}

/** Enriches the streamed order lines against the cleaned customers and products; see the module comment. */
export async function enrichOrderLines(
  stream: OrderStream,
  customers: Table,
  products: Table,
  options: OrderLinesOptions,
): Promise<EnrichedOrderLines> {
  const seen = new SeenLines();
  const fixes: Fixes = {};
  const rejects: Reject[] = [];
  let parts: ProfitSummaryTable[] = [];
  let partRows = 0;
  let mergedRows = 0;
  const rawOut = stream.writesRaw ? null : new RawBatchWriter(options.rawFile, options.ordersFile);
  let enrichedOut: ParquetStream | null = null;
  let rawRows = 0;
  let enrichedRows = 0;
  let batches = 0;
  let unknownCustomers = 0;
  let unknownProducts = 0;
  try {
    for await (const { table: batch, bytesRead } of stream.batches) {
      options.checkpoint?.();
      batches++;
      await rawOut?.append(batch);
      rawRows += batch.numRows;
      const files = options.orderFiles;
      const e = enrichOrders(batch, { customers, products, seen, ...(files === undefined ? {} : { files }) });
      seen.merge(e.seen);
      options.checkpoint?.(); // a batch takes seconds: an interrupted run stops between its steps
      enrichedOut ??= await openParquetStream(options.enrichedFile, e.table);
      await enrichedOut.append(e.table);
      options.checkpoint?.();
      enrichedRows += e.table.numRows;
      for (const [rule, count] of Object.entries(e.fixes)) addFix(fixes, rule, count);
      rejects.push(...e.rejects);
      unknownCustomers += e.unknownCustomers;
      unknownProducts += e.unknownProducts;
      parts.push(partialProfitSummary(e.table));
      partRows += parts[parts.length - 1]!.numRows;
      // merge when the unmerged parts outgrow the merged summary: amortised O(n log n), memory ~ 2 × summary
      if (parts.length > 1 && partRows >= 2 * mergedRows) {
        const merged = mergeProfitSummaries(parts);
        parts = [merged];
        mergedRows = merged.numRows;
        partRows = mergedRows;
      }
      options.onBatch?.(bytesRead);
    }
    options.checkpoint?.();
    const source = await stream.result;
    for (const [rule, count] of Object.entries(source.fixes)) addFix(fixes, rule, count);
    const noLines = emptyTable(enrichedOrders.columns);
    if (enrichedOut === null) {
      enrichedOut = await openParquetStream(options.enrichedFile, noLines);
      parts.push(partialProfitSummary(noLines));
    }
    await rawOut?.close(source.table);
    await enrichedOut.close();
    const rejected = rejectsOf('orders', source, rejects);
    return {
      rawRows,
      enrichedRows,
      batches,
      summary: mergeProfitSummaries(parts),
      rejects: rejected.finish(),
      quality: tableQuality(source, rawRows, enrichedRows, rejected.ruleNames, fixes, {
        unknown_customer_lines: unknownCustomers,
        unknown_product_lines: unknownProducts,
      }),
    };
  } catch (error) {
    await stream.cancel(error);
    await rawOut?.abort();
    await enrichedOut?.abort();
    throw error;
  }
}
