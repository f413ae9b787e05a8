/**
 * A small SQL text scanner: splits a script into its statements (`;` outside quotes and comments) and reads
 * each one's leading keywords. Used only to word refusals and to look inside `EXPLAIN ANALYZE`; the
 * authoritative statement type always comes from DuckDB's own parser (see read-only.ts).
 */

/** One statement of a script: its text (without the `;`) and its first keywords, upper-cased. */
export interface ScannedStatement {
  readonly text: string;
  readonly keywords: readonly string[];
}

/**
 * Splits `sql` into statements, skipping empty ones, the way DuckDB does.
 * @example
 * splitStatements("select 'a;b'; explain analyze select 1").map((s) => s.keywords[0]); // ['SELECT', 'EXPLAIN']
 */
export function splitStatements(sql: string): ScannedStatement[] {
  const out: ScannedStatement[] = [];
  let start = 0;
  let i = 0;
  let meaningful = false;
  const flush = (end: number): void => {
    const text = sql.slice(start, end).trim();
    if (meaningful) out.push({ text, keywords: leadingKeywords(text) });
    meaningful = false;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? sql.length : eol + 1;
    } else if (c === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else if (c === "'" || c === '"') {
      meaningful = true;
      i = skipQuoted(sql, i, c);
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(sql.slice(i, i + 64))) {
      meaningful = true;
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64))![0];
      const close = sql.indexOf(tag, i + tag.length);
      i = close < 0 ? sql.length : close + tag.length;
    } else if (c === ';') {
      flush(i);
      start = i + 1;
      i += 1;
    } else {
      if (!/\s/.test(c)) meaningful = true;
      i += 1;
    }
  }
  flush(sql.length);
  return out;
}

function skipQuoted(sql: string, at: number, quote: string): number {
  let i = at + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i += 1;
  }
  return sql.length;
}

/** The first words of a statement (comments and opening parentheses skipped), upper-cased; at most three. */
export function leadingKeywords(text: string): string[] {
  const words: string[] = [];
  const re = /\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/|\(|([A-Za-z_]+)/y;
  let m: RegExpExecArray | null;
  while (words.length < 3 && (m = re.exec(text)) !== null) {
    if (m[1] !== undefined) words.push(m[1].toUpperCase());
  }
  return words;
}
