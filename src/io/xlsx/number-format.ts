/**
 * Number formats (ECMA-376 §18.8.30–31): the built-in format ids, and what a format code makes Excel show for
 * a number — a date, a date and time, a time of day, an elapsed time, a simple fixed or percent number, or the
 * General rendering. Only the first section of a code decides (the one Excel uses for positive numbers).
 */

/** How a number under a format is shown (see cell-text.ts for each). */
export type FormatKind = 'general' | 'fixed' | 'date' | 'datetime' | 'time';

/** A number format as the reader applies it. */
export interface NumberFormat {
  readonly kind: FormatKind;
  /** `time` only: `[h]`, `[mm]` or `[ss]` — hours are not wrapped at 24. */
  readonly elapsed: boolean;
  /** `fixed` only: the parts of a code like `#,##0.00` or `00000` or `0.0%`. */
  readonly fixed?: FixedFormat;
}

/** A code of the form `[#,##]0…[.0…][%]`: grouping, minimum integer digits, decimals, percent. */
export interface FixedFormat {
  readonly grouped: boolean;
  readonly minInt: number;
  readonly decimals: number;
  readonly percent: boolean;
}

/** The General format. */
export const GENERAL: NumberFormat = { kind: 'general', elapsed: false };

const LOCAL_DATE = 'yyyy-mm-dd';
const LOCAL_TIME = 'h:mm:ss';

/**
 * The built-in format codes (§18.8.30). Ids 27–36 and 50–58 are locale-dependent East Asian formats; they are
 * mapped to a date (or, for 32–33, a time) as their Japanese definitions are.
 */
const BUILT_IN: Readonly<Record<number, string>> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy h:mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
  ...Object.fromEntries(
    [27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58].map((id) => [id, LOCAL_DATE]),
  ),
  32: LOCAL_TIME,
  33: LOCAL_TIME,
};

/** The code of built-in format `id`, or undefined for an id with no built-in code. */
export function builtInFormatCode(id: number): string | undefined {
  return BUILT_IN[id];
}

const FIXED = /^(#,##)?(0+)(?:\.(0+))?(%)?$/;
const ELAPSED = /^(h+|m+|s+)$/i;

/**
 * What format `code` shows a number as.
 * @example numberFormat('yyyy-mm-dd hh:mm').kind // → 'datetime'
 * @example numberFormat('[h]:mm:ss')            // → { kind: 'time', elapsed: true }
 * @example numberFormat('00000').fixed           // → { grouped: false, minInt: 5, decimals: 0, percent: false }
 */
export function numberFormat(code: string): NumberFormat {
  const fixed = FIXED.exec(code);
  if (fixed !== null) {
    return {
      kind: 'fixed',
      elapsed: false,
      fixed: {
        grouped: fixed[1] !== undefined,
        minInt: fixed[2]!.length,
        decimals: fixed[3]?.length ?? 0,
        percent: fixed[4] !== undefined,
      },
    };
  }
  const { date, time, elapsed } = dateParts(code);
  if (date && time) return { kind: 'datetime', elapsed: false };
  if (date) return { kind: 'date', elapsed: false };
  if (time) return { kind: 'time', elapsed };
  return GENERAL;
}

/** Which date and time parts the first section of `code` shows (quoted text, escapes and `[…]` skipped). */
function dateParts(code: string): { date: boolean; time: boolean; elapsed: boolean } {
  const letters: string[] = [];
  let elapsed = false;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === ';') break;
    if (c === '"') {
      const close = code.indexOf('"', i + 1);
      i = close < 0 ? code.length : close;
    } else if (c === '\\' || c === '_' || c === '*') i++;
    else if (c === '[') {
      const close = code.indexOf(']', i + 1);
      const inside = code.slice(i + 1, close < 0 ? code.length : close);
      if (ELAPSED.test(inside)) {
        elapsed = true;
        letters.push(inside[0]!.toLowerCase());
      }
      i = close < 0 ? code.length : close;
    } else if (/^(AM\/PM|A\/P)/i.test(code.slice(i))) {
      letters.push('h');
      i += code[i + 1] === '/' ? 2 : 4;
    } else if (/^general/i.test(code.slice(i))) i += 6;
    else if (/[ymdhs]/i.test(c)) {
      const lower = c.toLowerCase();
      if (letters[letters.length - 1] !== lower || code[i - 1]?.toLowerCase() !== lower) letters.push(lower);
    }
  }
  let date = false;
  let time = false;
  letters.forEach((letter, k) => {
    if (letter === 'y' || letter === 'd') date = true;
    else if (letter === 'h' || letter === 's') time = true;
    else if (letter === 'm') {
      // m is minutes right after an hour or right before a second, else a month
      if (letters[k - 1] === 'h' || letters[k + 1] === 's') time = true;
      else date = true;
    }
  });
  return { date, time, elapsed };
}
