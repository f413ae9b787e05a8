/**
 * The Spark benchmark's pure parts: the statement trace read into where the time went, a process's CPU from its
 * /proc stat line, and the `--engine spark` switch of `npm run bench`.
 */
import { describe, expect, it } from 'vitest';
import { parseTrace, procStatCpuMs, sparkEngineAsked, statementLabel, whereTimeGoes } from '../../bench/spark-trace.js';

const stderr = [
  'spark sql 120 ms: SELECT 1 FROM text.`/data/Orders.json` LIMIT 1',
  'spark view 40 ms: ef_customers',
  'spark command 2748 ms: CREATE OR REPLACE TEMPORARY VIEW ef_orders_keys USING json OPTIONS (path',
  'some other line the CLI printed',
  "spark command 47000 ms: CACHE TABLE ef_deduped_orders OPTIONS ('storageLevel' 'MEMORY_AND_DISK') AS SELECT",
  "spark command 5000 ms: INSERT OVERWRITE DIRECTORY '/w/.staging/raw/orders.parquet' USING parquet SELECT",
  'spark sql 3000 ms: SELECT count(*) AS n FROM ef_kept_orders k LEFT ANTI JOIN ef_customers e ON k.customer_id',
  'spark sql 4000 ms: SELECT count(*) AS n FROM ef_kept_orders k LEFT ANTI JOIN ef_products e ON k.product_id',
  "spark command 9000 ms: INSERT OVERWRITE DIRECTORY '/a/very/long/path/that/the/trace/cut/before/the/table/name",
  'spark sql 3800 ms: SELECT `order_year`, `category`, `sub_category`, `customer_id`, `customer_name`, CAST(sum(',
  'spark command 7 ms: DROP TABLE IF EXISTS x',
  'spark command 3 ms: DROP TABLE IF EXISTS y',
].join('\n');

describe('the Spark statement trace', () => {
  it('reads each traced statement and ignores other lines', () => {
    const s = parseTrace(stderr);
    expect(s).toHaveLength(11);
    expect(s[0]).toEqual({ kind: 'sql', ms: 120, text: 'SELECT 1 FROM text.`/data/Orders.json` LIMIT 1' });
    expect(s.map((x) => x.kind)).toContain('view');
  });

  it('names the plan statements', () => {
    const labels = parseTrace(stderr).map(statementLabel);
    expect(labels[0]).toMatch(/^probe/);
    expect(labels[1]).toBe('local relation ef_customers');
    expect(labels[2]).toMatch(/^undeclared keys: schema inference/);
    expect(labels[3]).toMatch(/^cache stage \+ dedupe/);
    expect(labels[4]).toBe('write raw/orders');
    expect(labels[5]).toMatch(/customer/);
    expect(labels[6]).toMatch(/product/);
    expect(labels[7]).toBe('write raw/orders and enriched/orders (sorted by source_row)');
    expect(labels[8]).toBe('profit summary (profit_summary)');
    expect(labels[9]).toBe('command: DROP TABLE IF EXISTS x');
  });

  it('groups the time by statement, largest first, and sums it', () => {
    const t = whereTimeGoes(parseTrace(stderr));
    expect(t.totalMs).toBe(120 + 40 + 2748 + 47000 + 5000 + 3000 + 4000 + 9000 + 3800 + 7 + 3);
    expect(t.rows[0]).toEqual({ label: 'cache stage + dedupe (stage_orders, dedupe_lines)', ms: 47000, count: 1 });
    expect(t.rows.map((r) => r.ms)).toEqual([...t.rows.map((r) => r.ms)].sort((a, b) => b - a));
  });
});

describe('a process CPU time from /proc', () => {
  it('adds user and system ticks, past a command name with spaces and parentheses', () => {
    // fields after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
    const stat = '4242 (java (spark) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 56 0 0 20 0 80';
    expect(procStatCpuMs(stat, 100)).toBe(12900);
    expect(procStatCpuMs(stat, 1000)).toBe(1290);
  });

  it('refuses a line that is not a stat line', () => {
    expect(() => procStatCpuMs('nonsense', 100)).toThrow(/not a \/proc stat line/);
  });

  it('reads this process', async () => {
    const { readFileSync } = await import('node:fs');
    const ms = procStatCpuMs(readFileSync('/proc/self/stat', 'utf8'), 100);
    expect(ms).toBeGreaterThan(0);
  });
});

describe('npm run bench -- --engine spark', () => {
  it('is asked by --engine spark or --engine=spark, not by --engine local', () => {
    expect(sparkEngineAsked(['--lines', '200000', '--engine', 'spark'])).toBe(true);
    expect(sparkEngineAsked(['--engine=spark'])).toBe(true);
    expect(sparkEngineAsked(['--engine', 'local'])).toBe(false);
    expect(sparkEngineAsked(['--lines', 'spark'])).toBe(false);
  });
});
