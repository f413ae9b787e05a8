/**
 * Step `dedupe_lines`: one line per row id. A line whose row id was already kept — earlier in this batch or in an
 * earlier batch (`SeenLines`) — is rejected as an exact duplicate (same text) or a conflicting row id, whatever
 * its stage verdict; any other line keeps its stage verdict, and a line without one is kept. The kept lines come
 * out as a typed table (enriched/orders' columns before the lookups), with the fixes counted on them only.
 */
import { DateDay, Decimal, type Table, type Utf8, type Vector } from 'apache-arrow';
import { columnsExcept } from '../../schemas/types.js';
import { enrichedOrders } from '../../schemas/enriched.js';
import { DictionaryBuilder, Int32Builder, Int64Builder } from '../../table/builders.js';
import { codedColumn, type ColumnName } from '../../table/columns.js';
import { tableFromVectors, type TableOfColumns } from '../../table/table.js';
import { CodeRemap, DictionaryGather } from '../build-columns.js';
import { addFix, type Fixes } from '../quality.js';
import type { Reject } from '../rejects-builder.js';
import { SeenLines, type SeenLineAdditions } from '../seen-lines.js';
import type { RawOrderLines, StagedOrders, TrimmedCodes } from './stage-orders.js';
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
  const here = new SeenLines();
  const n = staged.raw.numRows;
  const { sourceRow, rowIds, verdicts, hashes } = staged;
  const rejects: Reject[] = [];
  const kept = new Int32Array(n);
  let keptCount = 0;
  // source rows as numbers from the 64-bit words (no BigInt read per line); exact below 2^53, as `Number` is
  const rowWords = new Int32Array(sourceRow.buffer, sourceRow.byteOffset, sourceRow.length * 2);
  const rowOf = (i: number): number => {
    const hi = rowWords[2 * i + 1]!;
    return hi >= -0x200000 && hi < 0x200000 ? hi * 4294967296 + (rowWords[2 * i]! >>> 0) : Number(sourceRow[i]!);
  };
  const added = { ids: [] as number[], sourceRows: [] as number[], hashA: [] as number[], hashB: [] as number[] };
  const fileOf = fileIndexes(staged.raw, spec.files);
  const addedFiles: number[] = [];
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
    added.ids.push(id);
    added.sourceRows.push(row);
    added.hashA.push(hashes.a[i]!);
    added.hashB.push(hashes.b[i]!);
    if (fileOf !== null) addedFiles.push(file);
    kept[keptCount++] = i;
    priceCleaned += staged.priceCleaned[i]!;
    profitRounded += staged.profitRounded[i]!;
  }
  const fixes: Fixes = {};
  if (priceCleaned > 0) addFix(fixes, 'price.stray_characters', { changed: priceCleaned });
  if (profitRounded > 0) addFix(fixes, 'profit.round_2dp', { changed: profitRounded });
  const seen = fileOf === null ? added : { ...added, files: addedFiles };
  return { table: keptLines(staged, kept.subarray(0, keptCount)), rejects, fixes, seen };
}

/** The kept lines as a table of `dedupedLineColumns`. */
function keptLines<T extends RawOrderLines>(staged: StagedOrders<T>, kept: Int32Array): DedupedLinesTable {
  const { raw, orderDate, shipDate, quantity, discount } = staged;
  /** A raw dictionary column that trimming left unchanged keeps its dictionary: rows are gathered by code. */
  const passThrough = (name: ColumnName<T>, coded: TrimmedCodes): CodeRemap | DictionaryGather => {
    const d = raw.getChild(name)!.data[0]!;
    return coded.unchanged && d.dictionary !== undefined
      ? new DictionaryGather(d.dictionary as Vector<Utf8>)
      : new CodeRemap(new DictionaryBuilder(), coded.parsed);
  };
  const text = {
    order_id: [passThrough('order_id', staged.orderId), staged.orderId.codes] as const,
    ship_mode: [passThrough('ship_mode', staged.shipMode), staged.shipMode.codes] as const,
    customer_id: [passThrough('customer_id', staged.customerId), staged.customerId.codes] as const,
    product_id: [passThrough('product_id', staged.productId), staged.productId.codes] as const,
  };
  const textOuts = Object.values(text);
  const b = {
    row_id: new Int64Builder(),
    order_date: new Int32Builder(new DateDay()),
    ship_date: new Int32Builder(new DateDay()),
    quantity: new Int32Builder(),
    price: new Int64Builder(new Decimal(2, 18, 128)),
    discount: new Int64Builder(new Decimal(4, 18, 128)),
    profit: new Int64Builder(new Decimal(2, 18, 128)),
    source_row: new Int64Builder(),
  };
  for (const builder of Object.values(b)) builder.reserve(kept.length);
  const priceWords = new Int32Array(staged.prices.buffer);
  const profitWords = new Int32Array(staged.profits.buffer);
  const sr = staged.sourceRow;
  const sourceRowWords = new Int32Array(sr.buffer, sr.byteOffset, sr.length * 2);
  for (let k = 0; k < kept.length; k++) {
    const i = kept[k]!;
    const sd = shipDate.codes[i]!;
    const dc = discount.codes[i]!;
    b.row_id.appendNumber(staged.rowIds[i]!);
    b.order_date.append(orderDate.parsed[orderDate.codes[i]!]!);
    b.ship_date.append(sd < 0 ? null : shipDate.parsed[sd]!);
    for (let t = 0; t < textOuts.length; t++) textOuts[t]![0].append(textOuts[t]![1][i]!);
    b.quantity.append(quantity.parsed[quantity.codes[i]!]!);
    if (staged.priceNull[i]) b.price.appendNull();
    else b.price.appendWords(priceWords, i);
    b.discount.append(dc < 0 ? null : discount.parsed[dc]!);
    b.profit.appendWords(profitWords, i);
    b.source_row.appendWords(sourceRowWords, i);
  }
  const vectors = dedupedLineColumns.map((c): Vector => {
    const name = c.name;
    return name in text ? text[name as keyof typeof text][0].finish() : b[name as keyof typeof b].finish();
  });
  return tableFromVectors(dedupedLineColumns, vectors);
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
