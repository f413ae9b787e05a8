/**
 * Step `round_profit`: a line's profit from its exact decimal text, rounded half away from zero to 2 places
 * (never through a double). In Spark: a DECIMAL cast of the text, which rounds HALF_UP on decimals.
 */
import type { Table } from 'apache-arrow';
import { isValid, textReader, utf8Bytes } from '../../table/columns.js';
import type { Having, TextType } from '../../table/typed-tables.js';
import { digitBeyondAscii, plainDecimalAscii } from '../values/ascii-bytes.js';
import { parseDecimal, parseDecimalSql } from '../values/index.js';
import { sqlIdent, type Step } from './step.js';

/** Places the profit keeps. */
export const PROFIT_SCALE = 2;

/** The rounded profits of a text column: scaled integers, whether each parsed, and whether rounding changed it. */
export interface RoundedProfits {
  readonly values: BigInt64Array;
  /** 1 where the text is a number; 0 for null or not-a-number text (a reject in stage_orders). */
  readonly parsed: Uint8Array;
  /** 1 where the text has a non-zero digit past 2 places (the `profit.round_2dp` fix). */
  readonly rounded: Uint8Array;
}

/** True when the plain decimal `text` has a non-zero digit more than `places` after its point. */
export function fractionBeyond(text: string, places: number): boolean {
  const dot = text.indexOf('.');
  if (dot < 0 || /[eE]/.test(text)) return false;
  for (let i = dot + 1 + places; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 49 && ch <= 57) return true; // a non-zero digit past `places`
  }
  return false;
}

/**
 * Rounds every value of the text column `spec.column` of `input.lines` to 2 places, half away from zero; the
 * column must be a text column of the lines' type.
 * @example
 * roundProfit({ lines }, { column: 'profit' }); // '2.345' → 235n (rounded), '-2.345' → -235n, 'x' → parsed 0
 */
export function roundProfit<const C extends string, T extends Having<C, TextType>>(
  input: { readonly lines: Table<T> },
  spec: { readonly column: C },
): RoundedProfits {
  const n = input.lines.numRows;
  const read = textReader(input.lines, spec.column);
  const plain = utf8Bytes(input.lines, spec.column);
  const values = new BigInt64Array(n);
  const words = new Int32Array(values.buffer);
  const parsed = new Uint8Array(n);
  const rounded = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (plain !== null) {
      // the common plain ASCII decimal straight from the bytes; any other text is decoded and parsed below
      if (!isValid(plain.validity, i)) continue;
      const start = plain.offsets[i]!;
      const end = plain.offsets[i + 1]!;
      const v = plainDecimalAscii(plain.bytes, start, end, PROFIT_SCALE);
      if (!Number.isNaN(v)) {
        const hi = Math.floor(v / 4294967296);
        words[2 * i] = (v - hi * 4294967296) | 0;
        words[2 * i + 1] = hi | 0;
        parsed[i] = 1;
        if (digitBeyondAscii(plain.bytes, start, end, PROFIT_SCALE)) rounded[i] = 1;
        continue;
      }
    }
    const text = read(i);
    if (text === null) continue;
    const v = parseDecimal(text, PROFIT_SCALE);
    if (v === null) continue;
    values[i] = v;
    parsed[i] = 1;
    if (fractionBeyond(text, PROFIT_SCALE)) rounded[i] = 1;
  }
  return { values, parsed, rounded };
}

/**
 * The rounded profit of the STRING expression `text` in Spark SQL: DECIMAL(18,2), NULL when not a number.
 * @example
 * roundProfitSql('profit'); // "CASE WHEN profit RLIKE … THEN try_cast(… AS DECIMAL(18, 2)) END"
 */
export function roundProfitSql(text: string): string {
  return parseDecimalSql(text, PROFIT_SCALE);
}

/** The `profit.round_2dp` test in Spark SQL: the plain decimal text has a non-zero digit past 2 places. */
export function profitRoundedSql(text: string): string {
  return `coalesce(NOT (${text} RLIKE r'[eE]') AND ${text} RLIKE r'\\.\\d{${PROFIT_SCALE}}\\d*[1-9]', false)`;
}

/** `round_profit`: every column of `lines`, then `profit_rounded DECIMAL(18,2)` and `profit_round_fix BOOLEAN`. */
export const roundProfitStep: Step<{ readonly lines: Table }, { readonly column: string }, RoundedProfits, 'lines'> = {
  name: 'round_profit',
  summary: 'Profit from its decimal text, rounded half away from zero to 2 places (DECIMAL, never a double).',
  views: ['lines'],
  arrow: roundProfit,
  sql: (views, spec) =>
    `SELECT *, ${roundProfitSql(sqlIdent(spec.column))} AS profit_rounded, ` +
    `${profitRoundedSql(sqlIdent(spec.column))} AS profit_round_fix FROM ${views.lines}`,
};
