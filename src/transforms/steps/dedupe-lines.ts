/**
 * Step `dedupe_lines`: one line per row id. A line whose row id was already kept — earlier in this batch or in an
 * earlier batch (`SeenLines`) — is rejected as an exact duplicate (same text) or a conflicting row id, whatever
 * its stage verdict; any other line keeps its stage verdict, and a line without one is kept. The kept lines come
 * out as a typed table (enriched/orders' columns before the lookups), with the fixes counted on them only.
 */
import { DateDay, Decimal, Int32, type Table, type Utf8, type Vector } from 'apache-arrow';
import { columnsExcept } from '../../schemas/types.js';
import { enrichedOrders } from '../../schemas/enriched.js';
import { DictionaryBuilder } from '../../table/builders.js';
import { codedColumn } from '../../table/columns.js';
import {
  NullMarks,
  decimalVector,
  dictionaryVector,
  int32Vector,
  int64Vector,
  putWideWords,
} from '../../table/gather.js';
import { tableFromVectors, type TableOfColumns } from '../../table/table.js';
import { addFix, type Fixes } from '../quality.js';
import type { Reject } from '../rejects-builder.js';
import { SeenLines, type SeenLineAdditions } from '../seen-lines.js';
import type { ParsedCodes, RawOrderLines, StagedOrders, TrimmedCodes } from './stage-orders.js';
import { type Step } from './step.js';

/** The columns of the kept lines: enriched/orders' own columns (no lookups, no order_year). */
export const dedupedLineColumns = columnsExcept(enrichedOrders, [
  'customer_name',
  'country',
  'category',
  'sub_category',
  'order_year',
]);

/** The kept lines' table: enriched/orders before the lookups and order_year. */
export type DedupedLinesTable = TableOfColumns<(typeof dedupedLineColumns)[number]>;

/** The kept lines, every other line's reject, the fixes counted on kept lines, and the row ids to remember. */
export interface DedupedLines {
  readonly table: DedupedLinesTable;
  readonly rejects: readonly Reject[];
  readonly fixes: Fixes;
  /** The lines kept here, for the caller to merge into its `SeenLines` (this step never mutates it). */
  readonly seen: SeenLineAdditions;
}

/**
 * What dedupe_lines compares against: the lines kept by earlier batches (read only); and, for orders of several
 * files, the files in read order (the raw lines then carry `source_file`): a row id kept from another file is a
 * duplicate or a conflict like one of the same file, and its message names both files and rows.
 */
export interface DedupeSpec {
  readonly seen?: SeenLines;
  readonly files?: readonly string[];
}

/** Where a line is, for a message: `source row 3`, or across files `source row 3 of Orders_2016.json`. */
function where(row: number | bigint, file: string | undefined, other: string | undefined): string {
  return file === undefined || file === other ? `source row ${row}` : `source row ${row} of ${file}`;
}

/**
 * Each line's file, as its index in `files`, when the raw lines carry `source_file`; null for one file. (An
 * untyped `Table`: `source_file` is not a declared column of raw/orders.)
 */
function fileIndexes(raw: Table, files: readonly string[] | undefined): Int32Array | null {
  if (files === undefined || files.length < 2 || raw.schema.fields.every((f) => f.name !== 'source_file')) return null;
  const { codes, dictionary } = codedColumn(raw, 'source_file');
  const byCode = dictionary.map((f) => files.indexOf(f));
  const out = new Int32Array(raw.numRows);
  for (let i = 0; i < out.length; i++) out[i] = byCode[codes[i]!]!;
  return out;
}

/**
 * Dedupes staged lines and builds the kept lines' table; see the module comment.
 * @example
 * const { table, rejects, seen } = dedupeLines(staged, { seen: earlier });
 * earlier.merge(seen); // the pipeline remembers this batch's lines for the next
 */
export function dedupeLines<T extends RawOrderLines>(staged: StagedOrders<T>, spec: DedupeSpec = {}): DedupedLines {
  const earlier = spec.seen ?? new SeenLines();
  const n = staged.raw.numRows;
  const { sourceRow, rowIds, verdicts, hashes } = staged;
  const here = SeenLines.forIds(rowIds);
  const rejects: Reject[] = [];
  const kept = new Int32Array(n);
  let keptCount = 0;
  // source rows as numbers from the 64-bit words (no BigInt read per line); exact below 2^53, as `Number` is
  const rowWords = new Int32Array(sourceRow.buffer, sourceRow.byteOffset, sourceRow.length * 2);
  const rowOf = (i: number): number => {
    const hi = rowWords[2 * i + 1]!;
    return hi >= -0x200000 && hi < 0x200000 ? hi * 4294967296 + (rowWords[2 * i]! >>> 0) : Number(sourceRow[i]!);
  };
  // the kept lines' ids, rows and hashes (`keptCount` of them), for the caller's SeenLines
  const ids = new Float64Array(n);
  const sourceRows = new Float64Array(n);
  const hashA = new Int32Array(n);
  const hashB = new Int32Array(n);
  const fileOf = fileIndexes(staged.raw, spec.files);
  const addedFiles = new Int32Array(fileOf === null ? 0 : n);
  const fileName = (k: number): string | undefined => (fileOf === null ? undefined : spec.files![k]);
  let priceCleaned = 0;
  let profitRounded = 0;
  const hasVerdict = new Uint8Array(n);
  for (const i of verdicts.keys()) hasVerdict[i] = 1;
  for (let i = 0; i < n; i++) {
    const id = rowIds[i]!;
    const verdict = hasVerdict[i] === 0 ? undefined : verdicts.get(i);
    if (!Number.isNaN(id)) {
      let seen = here;
      let first = here.sourceRow(id);
      if (first < 0) {
        seen = earlier;
        first = earlier.sourceRow(id);
      }
      if (first >= 0) {
        const same = seen.sameHash(id, hashes.a[i]!, hashes.b[i]!);
        const file = fileName(fileOf?.[i] ?? 0);
        const firstFile = fileName(seen.fileOf(id));
        const firstAt = where(first, firstFile, file);
        // across files the message names this line too: its file and row are also in the reject's columns
        const self = file === firstFile ? '' : `this line: ${where(sourceRow[i]!, file, undefined)}`;
        const base = { sourceRow: Number(sourceRow[i]!), ...(file === undefined ? {} : { file }) };
        rejects.push(
          same
            ? {
                ...base,
                key: staged.rowIdText(i),
                column: null,
                value: null,
                rule: 'order.duplicate_line',
                message: `exact duplicate of ${firstAt} (counted once${self === '' ? '' : `; ${self}`})`,
              }
            : {
                ...base,
                key: staged.rowIdText(i),
                column: 'row_id',
                value: staged.rowIdText(i),
                rule: 'order.conflicting_row_id',
                message:
                  `Row ID ${id} already used by ${firstAt} with different values; the first is kept` +
                  (self === '' ? '' : ` (${self})`),
              },
        );
        continue;
      }
    }
    if (verdict !== undefined) {
      const file = fileName(fileOf?.[i] ?? 0);
      rejects.push(file === undefined ? verdict : { ...verdict, file });
      continue;
    }
    const file = fileOf === null ? 0 : fileOf[i]!;
    const row = rowOf(i);
    here.add(id, row, hashes.a[i]!, hashes.b[i]!, file);
    ids[keptCount] = id;
    sourceRows[keptCount] = row;
    hashA[keptCount] = hashes.a[i]!;
    hashB[keptCount] = hashes.b[i]!;
    if (fileOf !== null) addedFiles[keptCount] = file;
    kept[keptCount++] = i;
    priceCleaned += staged.priceCleaned[i]!;
    profitRounded += staged.profitRounded[i]!;
  }
  const fixes: Fixes = {};
  if (priceCleaned > 0) addFix(fixes, 'price.stray_characters', { changed: priceCleaned });
  if (profitRounded > 0) addFix(fixes, 'profit.round_2dp', { changed: profitRounded });
  const added = {
    ids: ids.subarray(0, keptCount),
    sourceRows: sourceRows.subarray(0, keptCount),
    hashA: hashA.subarray(0, keptCount),
    hashB: hashB.subarray(0, keptCount),
  };
  const seen = fileOf === null ? added : { ...added, files: addedFiles.subarray(0, keptCount) };
  return { table: keptLines(staged, kept.subarray(0, keptCount)), rejects, fixes, seen };
}

/** A parsed 32-bit column's values for the kept lines (row `k` is line `kept[k]`; null where its code or value is). */
function gatherInt32(column: ParsedCodes<number>, kept: Int32Array): { values: Int32Array; nulls: NullMarks } {
  const values = new Int32Array(kept.length);
  const nulls = new NullMarks(kept.length);
  const { codes, parsed } = column;
  for (let k = 0; k < kept.length; k++) {
    const c = codes[kept[k]!]!;
    const v = c < 0 ? null : parsed[c]!;
    if (v === null) nulls.markNull(k);
    else values[k] = v;
  }
  return { values, nulls };
}

/** The kept lines' text column: the raw dictionary's codes when trimming left it unchanged, else re-coded values. */
function gatherText(raw: Table, name: string, coded: TrimmedCodes, kept: Int32Array): Vector {
  const d = raw.getChild(name)!.data[0]!;
  const unchanged = coded.unchanged && d.dictionary !== undefined;
  const builder = new DictionaryBuilder();
  const outCode = unchanged ? null : new Int32Array(coded.parsed.length).fill(-2);
  const codes = new Int32Array(kept.length);
  const nulls = new NullMarks(kept.length);
  for (let k = 0; k < kept.length; k++) {
    const c = coded.codes[kept[k]!]!;
    if (c < 0) nulls.markNull(k);
    else if (outCode === null) codes[k] = c;
    else {
      let o = outCode[c]!;
      if (o === -2) {
        const value = coded.parsed[c] ?? null;
        o = outCode[c] = value === null ? -1 : builder.entryOf(value);
      }
      if (o < 0) nulls.markNull(k);
      else codes[k] = o;
    }
  }
  const dictionary = unchanged ? (d.dictionary as Vector<Utf8>) : builder.dictionary();
  return dictionaryVector(codes, nulls, dictionary);
}

/** The kept lines as a table of `dedupedLineColumns`, gathered by row index into exact typed arrays. */
function keptLines<T extends RawOrderLines>(staged: StagedOrders<T>, kept: Int32Array): DedupedLinesTable {
  const { raw, discount } = staged;
  const n = kept.length;
  const noNulls = new NullMarks(n);
  const rowId = new Int32Array(2 * n);
  const sourceRow = new Int32Array(2 * n);
  const price = new Int32Array(4 * n);
  const profit = new Int32Array(4 * n);
  const discounts = new Int32Array(4 * n);
  const priceNulls = new NullMarks(n);
  const discountNulls = new NullMarks(n);
  const priceWords = new Int32Array(staged.prices.buffer);
  const profitWords = new Int32Array(staged.profits.buffer);
  const sr = staged.sourceRow;
  const sourceRowWords = new Int32Array(sr.buffer, sr.byteOffset, sr.length * 2);
  // each distinct discount's words, once (no BigInt read per line)
  const discountWords = new Int32Array(BigInt64Array.from(discount.parsed, (v) => v ?? 0n).buffer);
  for (let k = 0; k < n; k++) {
    const i = kept[k]!;
    const id = staged.rowIds[i]!;
    const hi = Math.floor(id / 4294967296);
    rowId[2 * k] = (id - hi * 4294967296) | 0;
    rowId[2 * k + 1] = hi | 0;
    sourceRow[2 * k] = sourceRowWords[2 * i]!;
    sourceRow[2 * k + 1] = sourceRowWords[2 * i + 1]!;
    if (staged.priceNull[i]) priceNulls.markNull(k);
    else putWideWords(price, k, priceWords[2 * i]!, priceWords[2 * i + 1]!);
    putWideWords(profit, k, profitWords[2 * i]!, profitWords[2 * i + 1]!);
    const dc = discount.codes[i]!;
    if (dc < 0 || discount.parsed[dc] === null) discountNulls.markNull(k);
    else putWideWords(discounts, k, discountWords[2 * dc]!, discountWords[2 * dc + 1]!);
  }
  const dates = (column: ParsedCodes<number>): Vector => {
    const { values, nulls } = gatherInt32(column, kept);
    return int32Vector(new DateDay(), values, nulls);
  };
  const quantity = gatherInt32(staged.quantity, kept);
  const vectors: Record<(typeof dedupedLineColumns)[number]['name'], () => Vector> = {
    source_row: () => int64Vector(sourceRow, noNulls),
    row_id: () => int64Vector(rowId, noNulls),
    order_id: () => gatherText(raw, 'order_id', staged.orderId, kept),
    order_date: () => dates(staged.orderDate),
    ship_date: () => dates(staged.shipDate),
    ship_mode: () => gatherText(raw, 'ship_mode', staged.shipMode, kept),
    customer_id: () => gatherText(raw, 'customer_id', staged.customerId, kept),
    product_id: () => gatherText(raw, 'product_id', staged.productId, kept),
    quantity: () => int32Vector(new Int32(), quantity.values, quantity.nulls),
    price: () => decimalVector(new Decimal(2, 18, 128), price, priceNulls),
    discount: () => decimalVector(new Decimal(4, 18, 128), discounts, discountNulls),
    profit: () => decimalVector(new Decimal(2, 18, 128), profit, noNulls),
  };
  return tableFromVectors(
    dedupedLineColumns,
    dedupedLineColumns.map((c) => vectors[c.name]()),
  );
}

/**
 * `dedupe_lines` in Spark SQL over the staged view (see stageOrdersSql): the staged columns with the final
 * verdict. `first_row` is the first usable line of the row id; a later line of the id is a duplicate (same
 * `line_text`) or a conflict. Lines with `reject_rule IS NULL` are kept. With `files` (orders of several files),
 * the staged view also carries `file_index` (the file's place in read order) and `source_file`: lines are ordered
 * by file, then row, and a message about a line of another file names both files and rows, as the Arrow form does.
 */
export function dedupeLinesSql(
  views: { readonly staged: string },
  spec: { readonly files?: readonly unknown[] } = {},
): string {
  const several = (spec.files?.length ?? 0) > 1;
  const order = several ? 'file_index, source_row' : 'source_row';
  const firstOk =
    `PARTITION BY row_id ORDER BY CASE WHEN reject_rule IS NULL THEN 0 ELSE 1 END, ${order} ` +
    'ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING';
  const later = several
    ? '(file_index > first_file OR (file_index = first_file AND source_row > first_row))'
    : 'source_row > first_row';
  const dup = `row_id IS NOT NULL AND first_row IS NOT NULL AND ${later}`;
  // across files: `source row 3 of <file>` for the first line, and `this line: source row 9 of <file>`
  const acrossFiles = (yes: string): string =>
    several ? `CASE WHEN file_index <> first_file THEN ${yes} ELSE '' END` : "''";
  const firstAt = `concat('source row ', first_row, ${acrossFiles("concat(' of ', first_source)")})`;
  const self = "concat('this line: source row ', source_row, ' of ', source_file)";
  const dupMessage =
    `concat('exact duplicate of ', ${firstAt}, ' (counted once', ` + `${acrossFiles(`concat('; ', ${self})`)}, ')')`;
  const conflictMessage =
    `concat('Row ID ', row_id, ' already used by ', ${firstAt}, ' with different values; the first is kept', ` +
    `${acrossFiles(`concat(' (', ${self}, ')')`)})`;
  const firsts = several
    ? `, first_value(file_index) OVER (${firstOk}) AS first_file, ` +
      `first_value(source_file) OVER (${firstOk}) AS first_source`
    : '';
  return (
    'SELECT source_row, key, row_id, order_id, order_date, ship_date, ship_mode, customer_id, product_id, ' +
    'quantity, price, discount, profit, price_fix, profit_fix, ' +
    `CASE WHEN ${dup} AND line_text = first_text THEN NULL WHEN ${dup} THEN 'row_id' ELSE reject_column END ` +
    'AS reject_column, ' +
    `CASE WHEN ${dup} AND line_text = first_text THEN NULL WHEN ${dup} THEN key ELSE reject_value END ` +
    'AS reject_value, ' +
    `CASE WHEN ${dup} AND line_text = first_text THEN 'order.duplicate_line' ` +
    `WHEN ${dup} THEN 'order.conflicting_row_id' ELSE reject_rule END AS reject_rule, ` +
    `CASE WHEN ${dup} AND line_text = first_text THEN ${dupMessage} ` +
    `WHEN ${dup} THEN ${conflictMessage} ELSE reject_message END AS reject_message` +
    (several ? ', file_index, source_file ' : ' ') +
    `FROM (SELECT *, CASE WHEN first_value(reject_rule) OVER (${firstOk}) IS NULL ` +
    `THEN first_value(source_row) OVER (${firstOk}) END AS first_row, ` +
    `first_value(line_text) OVER (${firstOk}) AS first_text${firsts} FROM ${views.staged})`
  );
}

/** `dedupe_lines`: see {@link dedupeLines} (Arrow) and {@link dedupeLinesSql} (Spark SQL). */
export const dedupeLinesStep: Step<StagedOrders, DedupeSpec, DedupedLines, 'staged'> = {
  name: 'dedupe_lines',
  summary: 'One line per row id: a later line of a kept id is an exact duplicate or a conflicting row id.',
  views: ['staged'],
  arrow: dedupeLines,
  sql: (views, spec) => dedupeLinesSql(views, spec),
};
