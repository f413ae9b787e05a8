/** Renders the declared schemas as Markdown: the single source of docs/tables.md. */
import { aggregateSchemas } from './aggregates.js';
import { enrichedSchemas } from './enriched.js';
import { rawSchemas } from './raw.js';
import { rejectSchemas } from './rejects.js';
import { sqlTypeOf, type TableSchema } from './types.js';

/** One table's section: address, grain, key and a column table. */
export function schemaMarkdown(schema: TableSchema): string {
  const lines = [
    `### ${schema.layer}.${schema.name}`,
    '',
    `File \`${schema.layer}/${schema.name}.parquet\` — ${schema.grain}.`,
    ...(schema.key ? ['', `Key: ${schema.key.map((k) => `\`${k}\``).join(', ')}.`] : []),
    ...(schema.openColumns ? ['', 'Source columns beyond these are kept, as text, after the declared ones.'] : []),
    '',
    '| column | type | null | source | meaning |',
    '|---|---|---|---|---|',
    ...schema.columns.map(
      (c) =>
        `| ${c.name} | ${sqlTypeOf(c.type)} | ${c.nullable ? 'yes' : 'no'} | ${c.source ? `\`${c.source}\`${c.required ? ' (required)' : ''}` : ''} | ${c.description.replace(/\|/g, '\\|')} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

/** The whole of docs/tables.md. */
export function tablesMarkdown(): string {
  const layers: [string, string, Record<string, TableSchema>][] = [
    [
      'Raw',
      'Every source row, values exactly as read (text), plus `source_row`. raw.orders read from several order ' +
        "files (a folder or a glob) also has `source_file`, the row's file, before `source_row`, which then " +
        'counts within that file.',
      rawSchemas,
    ],
    ['Enriched', 'Cleaned and typed; see docs/cleaning.md for every rule.', enrichedSchemas],
    ['Rejects', 'Every source row that could not be used, with the rule it broke.', rejectSchemas],
    ['Aggregates', 'Exact profit sums of enriched/orders; a null key is its own group.', aggregateSchemas],
  ];
  return [
    '# Tables',
    '',
    '<!-- Generated from src/schemas by `npm run docs`; a test fails when this file is out of date. -->',
    '',
    'Types are as DuckDB reads the Parquet files. `source_row` links every row back to its source file.',
    '',
    ...layers.flatMap(([title, intro, schemas]) => [
      `## ${title}`,
      '',
      intro,
      '',
      ...Object.values(schemas).map(schemaMarkdown),
    ]),
  ].join('\n');
}
