import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STEP_NAMES } from '../../../src/transforms/steps/index.js';

const docs = (name: string): string => readFileSync(resolve(import.meta.dirname, '../../../docs', name), 'utf8');

/** The first-column names of the table under `heading` in a markdown text. */
function tableSteps(text: string, heading: string): string[] {
  const section = text.slice(text.indexOf(heading));
  const rows = section
    .split('\n## ')[0]!
    .split('\n')
    .filter((l) => l.startsWith('| `'));
  return rows.map((l) => /^\| `([a-z_*]+)`/.exec(l)![1]!);
}

describe('the step docs', () => {
  it('docs/spark.md maps every step, and only steps, to its SQL', () => {
    const listed = tableSteps(docs('spark.md'), '## Steps in Spark SQL');
    expect([...listed].sort()).toEqual([...STEP_NAMES].sort());
  });

  it('docs/architecture.md lists every step', () => {
    const listed = tableSteps(docs('architecture.md'), '## Named steps');
    const expanded = listed.flatMap((s) =>
      s === 'profit_by_*' ? STEP_NAMES.filter((n) => n.startsWith('profit_by_')) : [s],
    );
    expect([...expanded].sort()).toEqual([...STEP_NAMES].sort());
  });
});
