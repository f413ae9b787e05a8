/** Writes docs/tables.md from the declared schemas. */
import { writeFileSync } from 'node:fs';
import { tablesMarkdown } from '../src/schemas/markdown.js';

writeFileSync(new URL('../docs/tables.md', import.meta.url), tablesMarkdown());
console.log('wrote docs/tables.md');
