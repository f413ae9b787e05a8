/**
 * The pure parts of the Spark benchmark (bench/spark-bench.ts): reading the Spark runner's statement trace
 * (`ECOMFLOW_SPARK_TRACE=1`, one `spark <kind> <ms> ms: <text>` line per statement) into where the time went, a
 * process's CPU time from /proc, and whether `npm run bench` was asked for the Spark engine.
 */

/** One traced statement: its kind (sql, command, view), its time and the head of its text. */
export interface TracedStatement {
  readonly kind: string;
  readonly ms: number;
  readonly text: string;
}

/** The statements of a Spark run's stderr, in the order they ran (other lines are ignored). */
export function parseTrace(stderr: string): TracedStatement[] {
  const out: TracedStatement[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^spark (\w+) (\d+) ms: (.*)$/.exec(line.trimEnd());
    if (m !== null) out.push({ kind: m[1]!, ms: Number(m[2]), text: m[3]! });
  }
  return out;
}

/** What a statement of the Spark plan does, named from its text (the views are those of src/pipeline/spark-run.ts). */
export function statementLabel(s: TracedStatement): string {
  const t = s.text;
  const rules: [RegExp, string][] = [
    [/^SELECT 1 FROM text\./, 'probe: can the server read the orders'],
    [/ef_orders_keys USING json/, 'undeclared keys: schema inference pass over the orders'],
    [/^SELECT \* FROM ef_orders_keys/, 'undeclared keys: read the inferred schema'],
    [/VIEW ef_orders_source/, 'orders view (declared schema)'],
    [/^CACHE TABLE ef_orders_lines/, 'cache the orders as read (the one JSON read, line positions)'],
    [/^CACHE TABLE ef_raw_orders/, 'cache raw orders (JSON read, source_row)'],
    [/^CACHE TABLE ef_deduped_orders/, 'cache stage + dedupe (stage_orders, dedupe_lines)'],
    [/^CACHE TABLE ef_kept_orders/, 'cache kept lines'],
    [/VIEW ef_(staged|enriched|raw)_orders AS/, 'view definitions'],
    [/^INSERT OVERWRITE DIRECTORY .*raw\/orders/, 'write raw/orders'],
    [/^INSERT OVERWRITE DIRECTORY .*enriched\/orders/, 'write enriched/orders (lookups, order year)'],
    [/^INSERT OVERWRITE DIRECTORY /, 'write raw/orders and enriched/orders (sorted by source_row)'],
    [/^SELECT `order_year`, `category`/, 'profit summary (profit_summary)'],
    [/^SELECT '/, 'rejects/orders to the client (the only statement opening with the file name)'],
    [/^SELECT count\(\*\) AS rows_read/, 'quality counts'],
    [/ANTI JOIN ef_customers/, 'unknown customer lines (anti join)'],
    [/ANTI JOIN ef_products/, 'unknown product lines (anti join)'],
    [/^SELECT reject_rule AS rule/, 'reject rule counts'],
    [/ AS source_file, source_row, key/, 'rejects/orders to the client'],
  ];
  if (s.kind === 'view') return `local relation ${t}`;
  for (const [re, label] of rules) if (re.test(t)) return label;
  if (/profit/i.test(t) && /GROUP BY/i.test(t)) return 'profit summary (profit_summary)';
  return `${s.kind}: ${t.slice(0, 60)}`;
}

/** The statements' time grouped by label, largest first, with their sum. */
export function whereTimeGoes(statements: readonly TracedStatement[]): {
  readonly rows: readonly { readonly label: string; readonly ms: number; readonly count: number }[];
  readonly totalMs: number;
} {
  const by = new Map<string, { ms: number; count: number }>();
  for (const s of statements) {
    const label = statementLabel(s);
    const e = by.get(label) ?? { ms: 0, count: 0 };
    e.ms += s.ms;
    e.count++;
    by.set(label, e);
  }
  const rows = [...by].map(([label, e]) => ({ label, ...e })).sort((a, b) => b.ms - a.ms);
  return { rows, totalMs: rows.reduce((sum, r) => sum + r.ms, 0) };
}

/** User + system CPU milliseconds of a process from its /proc/<pid>/stat text (all its threads). */
export function procStatCpuMs(stat: string, ticksPerSecond: number): number {
  // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`not a /proc stat line: ${stat}`);
  return ((utime + stime) * 1000) / ticksPerSecond;
}

/** Whether the benchmark's arguments ask for the Spark engine (`--engine spark` or `--engine=spark`). */
export function sparkEngineAsked(argv: readonly string[]): boolean {
  return argv.some((a, i) => a === '--engine=spark' || (a === '--engine' && argv[i + 1] === 'spark'));
}
