/**
 * The JSON reader's row issues on Spark: rows that are not objects (`json.not_an_object`) and objects that repeat
 * a key (`json.duplicate_key`), found as the local reader finds them (src/io/json/tokenizer.ts), from each row's
 * JSON text: NDJSON lines read as text (`text` source), or a JSON array's elements (`wholetext`, `from_json` as
 * ARRAY<STRING>). Spark's JSON reader reports neither: it keeps the last of two equal keys, turns a non-object into
 * a row of nulls, and splits an NDJSON line holding an array of objects into several rows. The same pass lists the
 * file's keys (schema inference fails on a repeated key) and how many rows Spark's reader makes of each line, so
 * its rows can be matched to their lines (`lineRowsSql`).
 */
import { jsTrimSql, letSql, sqlRegex } from '../../transforms/rules/spark-sql.js';
import { sqlIdentifier, sqlString } from '../sql-text.js';
import { cutTextSql } from '../../transforms/rejects-builder.js';

/** JSON's whitespace (and a byte order mark), which the local reader skips around a row. */
const JSON_SPACE = String.raw`[ \t\r\n\x{FEFF}]`;

/** How many characters of a non-object row the local reader keeps as the reject's value. */
const ISSUE_TEXT_CHARS = 200;

/**
 * The Spark SQL form of `snakeCase` (src/schemas/names.ts) without its NFC step: a key's column name.
 * @example
 * snakeCaseSql("'Order Date'"); // an expression giving 'order_date'
 */
export function snakeCaseSql(key: string): string {
  const camel = String.raw`(\p{Ll}|\p{Nd})(\p{Lu})`;
  const words = `filter(split(regexp_replace(${jsTrimSql(key)}, ${sqlRegex(camel)}, '$1 $2'), ${sqlRegex(
    String.raw`[^\p{L}\p{Nd}]+`,
  )}), w -> w <> '')`;
  return letSql('sk_words', words, `IF(size(sk_words) = 0, 'column', lower(array_join(sk_words, '_')))`);
}

/**
 * Classifies each row's JSON text `t` (trimmed of JSON whitespace) of `source`: `rule` (null when the row is fine
 * or blank), `column_name`, `value`, `message` as the local reader words them (`what` is `line` or
 * `array element`, numbered by `row`), `keys` (its top-level keys) and `produces` (the rows Spark's JSON reader
 * makes of it: 0 for a blank line or `[]`, n for an array of n objects, else 1).
 */
export function classifyJsonSql(source: string, what: 'line' | 'array element', row: string): string {
  const kind =
    `CASE left(t, 1) WHEN '[' THEN 'an array' WHEN '"' THEN 'a string' WHEN 'n' THEN 'null' ` +
    `WHEN 't' THEN 'a boolean' WHEN 'f' THEN 'a boolean' ELSE 'a number' END`;
  const dup =
    'try_element_at(filter(transform(ks, (k, i) -> IF(i > 0 AND array_contains(slice(names, 1, i), ' +
    'try_element_at(names, i + 1)), k, NULL)), x -> x IS NOT NULL), 1)';
  const elements = `from_json(t, 'ARRAY<STRING>')`;
  const produces =
    `CASE WHEN t = '' THEN 0 WHEN left(t, 1) <> '[' THEN 1 ` +
    `WHEN size(${elements}) = 0 THEN 0 ` +
    `WHEN size(filter(${elements}, e -> left(e, 1) <> '{')) = 0 THEN size(${elements}) ELSE 1 END`;
  const rule =
    `CASE WHEN t = '' THEN NULL WHEN left(t, 1) <> '{' THEN 'json.not_an_object' ` +
    `WHEN ks IS NULL THEN 'json.syntax' WHEN dup IS NOT NULL THEN 'json.duplicate_key' END`;
  return `SELECT *, ${rule} AS rule,
      CASE WHEN left(t, 1) = '{' THEN dup END AS column_name,
      CASE WHEN t <> '' AND left(t, 1) <> '{' THEN ${cutTextSql('t', ISSUE_TEXT_CHARS, 'replace')} END AS value,
      CASE WHEN t <> '' AND left(t, 1) <> '{' THEN concat('${what} ', ${row}, ' is ', ${kind}, ', not an object')
           WHEN ks IS NULL THEN concat('${what} ', ${row}, ' is not valid JSON (as Spark parses it)')
           WHEN dup IS NOT NULL THEN concat('the object has the key "', dup, '" more than once') END AS message,
      ${produces} AS produces
    FROM (SELECT *, ${dup} AS dup FROM (
      SELECT *, transform(ks, k -> ${snakeCaseSql('k')}) AS names FROM (
        SELECT *, CASE WHEN left(t, 1) = '{' THEN json_object_keys(t) END AS ks FROM ${source})))`;
}

/** `text` without JSON whitespace at either end. */
function trimJsonSql(text: string): string {
  return `regexp_replace(${text}, ${sqlRegex(`^${JSON_SPACE}+|${JSON_SPACE}+\\z`)}, '')`;
}

/**
 * The lines of the NDJSON file(s) at `path` as `(source_file, t)`, with `line_no` (1-based, per file) when
 * `numbered`: numbering needs a window over each file, so the summary pass goes without it.
 */
export function ndjsonLinesSql(path: string, numbered: boolean): string {
  const file = 'input_file_name()';
  const lineNo = numbered
    ? `, CAST(row_number() OVER (PARTITION BY ${file} ORDER BY monotonically_increasing_id()) AS BIGINT) AS line_no`
    : '';
  return `SELECT ${file} AS source_file, ${trimJsonSql('value')} AS t${lineNo} FROM text.${sqlIdentifier(path)}`;
}

/** Registers the file(s) at `path` as the view `view`, each file one row (`wholetext`), for `arrayElementsSql`. */
export function wholeFilesSql(view: string, path: string): string {
  return `CREATE OR REPLACE TEMPORARY VIEW ${view} USING text OPTIONS (path ${sqlString(path)}, wholetext 'true')`;
}

/**
 * The elements of the JSON array files of `wholeFiles` (`wholeFilesSql`) as `(source_file, line_no, t)`: each
 * file read whole (one task, as `multiLine` is), its elements as JSON text by `from_json`; a file that is not a
 * JSON array has one row with `t` NULL.
 */
export function arrayElementsSql(wholeFiles: string): string {
  return `SELECT source_file, CAST(pos + 1 AS BIGINT) AS line_no, ${trimJsonSql('e')} AS t FROM (
      SELECT source_file, posexplode_outer(from_json(value, 'ARRAY<STRING>')) AS (pos, e) FROM (
        SELECT input_file_name() AS source_file, value FROM ${wholeFiles}))`;
}

/**
 * One row over classified rows: how many are blank (`produces` 0), have an issue, are not valid JSON, are
 * arrays Spark splits; every top-level key, sorted; the first invalid row (for the error message).
 */
export function jsonSummarySql(classified: string): string {
  return `SELECT count_if(t = '') AS blank, count_if(rule IN ('json.not_an_object', 'json.duplicate_key')) AS issues,
      count_if(t IS NULL OR rule = 'json.syntax') AS invalid, count_if(produces <> 1) AS uneven,
      array_sort(array_distinct(flatten(collect_set(coalesce(ks, array()))))) AS keys
    FROM (${classified})`;
}

/** The first invalid row (not JSON, or a file that is not an array): its file, row and message. */
export function firstInvalidSql(classified: string): string {
  return `SELECT source_file, line_no, coalesce(message, 'the file is not a JSON array') AS message
    FROM (${classified}) WHERE t IS NULL OR rule = 'json.syntax' ORDER BY source_file, line_no LIMIT 1`;
}

/**
 * For each row Spark's JSON reader makes (its `k`-th in the file), the line it came from and that line's issue:
 * `(source_file, k, line_no, rule)`, from the rows' `produces` summed in line order.
 */
export function lineRowsSql(classified: string): string {
  return `SELECT source_file, line_no, rule, explode(sequence(upto - produces + 1, upto)) AS k FROM (
      SELECT source_file, line_no, rule, produces,
        sum(produces) OVER (PARTITION BY source_file ORDER BY line_no) AS upto FROM (${classified}))
    WHERE produces > 0`;
}

/** The rejects of the rows with an issue, in the rejects table's columns; `sourceFile` as the other rejects name it. */
export function issueRejectsSql(classified: string, sourceFile: string): string {
  return `SELECT ${sourceFile} AS source_file, line_no AS source_row, CAST(NULL AS STRING) AS key,
      ${cutTextSql('column_name')} AS column_name, value, rule, message
    FROM (${classified}) WHERE rule IN ('json.not_an_object', 'json.duplicate_key')`;
}
