/** Counting the records of a CSV file without parsing its fields (for row counts of written answers). */
import { readFile } from 'node:fs/promises';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Records in RFC 4180 CSV bytes: line ends outside quotes, plus a last line without one; blank lines skipped.
 * @example
 * csvRecords(new TextEncoder().encode('a,b\r\n"x\ny",2\r\n3,4')); // 3
 */
export function csvRecords(bytes: Uint8Array): number {
  let records = 0;
  let quoted = false;
  let content = false;
  for (const c of bytes) {
    if (c === QUOTE) quoted = !quoted;
    if (c === LF && !quoted) {
      if (content) records++;
      content = false;
    } else if (c !== CR) content = true;
  }
  return content ? records + 1 : records;
}

/**
 * Data rows of a CSV file with a header line: its records minus one (never below 0).
 * @example
 * await csvDataRows('warehouse/sql/profit_by_year.csv'); // 4
 */
export async function csvDataRows(file: string): Promise<number> {
  return Math.max(0, csvRecords(await readFile(file)) - 1);
}
