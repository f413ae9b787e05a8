/**
 * The xlsx reader benchmark: reads workbooks with `readXlsx`, optionally against the reader of another git
 * revision (`--baseline-ref`, e.g. the commit before the single reader replaced the exceljs + fast path pair).
 *
 *   node --import tsx bench/xlsx-read.ts [--runs 7] [--baseline-ref REF] FILE...      ABBA in one process
 *   node --import tsx bench/xlsx-read.ts --once [--baseline-ref REF] FILE...          one read per process
 *
 * ABBA: two warm-up reads each, then the readers alternate `--runs` times, the order flipping each run; prints
 * the median, min and max wall
 * time and the median CPU time (user + system, all threads: steadier than wall time on a busy machine).
 * `--once`: each reader reads each file once per fresh process, `--runs` processes each, ABBA; prints the medians
 * of the read's wall and CPU time, the process's CPU time (start-up included) and peak RSS (`--runs 1` for huge
 * files).
 * Make a large workbook with bench/make-customers-xlsx.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { ReadResult } from '../src/io/read-result.js';
import { rawCustomers } from '../src/schemas/index.js';

type Reader = (file: string, schema: typeof rawCustomers) => Promise<ReadResult>;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '7' },
    'baseline-ref': { type: 'string' },
    once: { type: 'boolean', default: false },
    child: { type: 'string' },
  },
});
const root = resolve(import.meta.dirname, '..');

/** The reader module of the working tree, or of git revision `ref` (its src/ unpacked into a temp folder). */
function readerModule(ref: string | undefined): string {
  if (ref === undefined) return join(root, 'src', 'io', 'xlsx', 'read-xlsx.ts');
  const dir = join(tmpdir(), `ecomflow-xlsx-baseline-${ref.replace(/[^\w.-]/g, '_')}`);
  if (!existsSync(join(dir, 'src'))) {
    mkdirSync(dir, { recursive: true });
    const tar = execFileSync('git', ['-C', root, 'archive', ref, 'src', 'package.json']);
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  }
  for (const name of ['read-xlsx.ts', 'read-xlsx-exceljs.ts']) {
    const file = join(dir, 'src', 'io', 'xlsx', name);
    if (existsSync(file)) return file;
  }
  throw new Error(`no xlsx reader found in ${ref}`);
}

async function load(module: string): Promise<Reader> {
  return ((await import(pathToFileURL(module).href)) as { readXlsx: Reader }).readXlsx;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (values.child !== undefined) {
  // one read in this process: print wall ms, rows and peak RSS as JSON
  const read = await load(values.child);
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const r = await read(positionals[0]!, rawCustomers);
  const ms = performance.now() - started;
  const readCpu = process.cpuUsage(cpuStarted);
  const readCpuMs = (readCpu.user + readCpu.system) / 1000;
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  console.log(JSON.stringify({ ms, readCpuMs, cpuMs, rows: r.rowsRead, maxRssMiB: usage.maxRSS / 1024 }));
} else {
  const readers: [string, string][] = [['new', readerModule(undefined)]];
  if (values['baseline-ref'] !== undefined)
    readers.push([values['baseline-ref'], readerModule(values['baseline-ref'])]);
  for (const file of positionals) {
    console.log(`\n${file}`);
    if (values.once) {
      // fresh processes, ABBA over `--runs` rounds: the read as the pipeline does it, once per process
      type Once = { ms: number; readCpuMs: number; cpuMs: number; maxRssMiB: number };
      const seen = new Map(readers.map(([name]) => [name, [] as Once[]]));
      let rows = 0;
      for (let run = 0; run < Number(values.runs); run++) {
        for (const [name, module] of run % 2 === 0 ? readers : [...readers].reverse()) {
          const child = spawnSync(
            process.execPath,
            ['--max-old-space-size=8192', '--import', 'tsx', import.meta.filename, '--child', module, file],
            { cwd: root, encoding: 'utf8', timeout: 20 * 60_000 },
          );
          const line = child.stdout.trim().split('\n').pop() ?? '';
          if (child.status !== 0 || !line.startsWith('{')) {
            console.log(
              `  ${name} failed (status ${child.status}, signal ${child.signal}): ${child.stderr.slice(-300)}`,
            );
            continue;
          }
          const r = JSON.parse(line) as Once & { rows: number };
          rows = r.rows;
          seen.get(name)!.push(r);
        }
      }
      for (const [name, list] of seen) {
        if (list.length === 0) continue;
        const [ms, readCpuMs, cpuMs, rss] = (['ms', 'readCpuMs', 'cpuMs', 'maxRssMiB'] as const).map((k) =>
          median(list.map((r) => r[k])),
        );
        console.log(
          `  ${name.padEnd(10)} read ${ms!.toFixed(1)} ms wall, ${readCpuMs!.toFixed(1)} ms CPU; ` +
            `process CPU ${cpuMs!.toFixed(0)} ms, ` +
            `peak RSS ${rss!.toFixed(0)} MiB (medians of ${list.length}), ${rows} rows`,
        );
      }
      continue;
    }
    const loaded = await Promise.all(readers.map(async ([name, module]) => [name, await load(module)] as const));
    const times = new Map(loaded.map(([name]) => [name, [] as number[]]));
    const cpu = new Map(loaded.map(([name]) => [name, [] as number[]]));
    for (let warm = 0; warm < 2; warm++) for (const [, read] of loaded) await read(file, rawCustomers);
    for (let run = 0; run < Number(values.runs); run++) {
      // ABBA: the order flips every run, so neither reader always follows the other's garbage
      for (const [name, read] of run % 2 === 0 ? loaded : [...loaded].reverse()) {
        const started = performance.now();
        const cpuStarted = process.cpuUsage();
        await read(file, rawCustomers);
        const used = process.cpuUsage(cpuStarted);
        times.get(name)!.push(performance.now() - started);
        cpu.get(name)!.push((used.user + used.system) / 1000);
      }
    }
    for (const [name, ms] of times) {
      const [min, max] = [Math.min(...ms), Math.max(...ms)].map((x) => x.toFixed(1));
      const line = `median ${median(ms).toFixed(1)} ms (min ${min!}, max ${max!})`;
      console.log(
        `  ${name.padEnd(10)} wall ${line}; CPU median ${median(cpu.get(name)!).toFixed(1)} ms, n=${ms.length}`,
      );
    }
    if (times.size === 2) {
      const [a, b] = [...times.values()];
      const [ca, cb] = [...cpu.values()];
      const ratio = (x: number[], y: number[]): string => (median(x) / median(y)).toFixed(2);
      console.log(`  new / baseline: wall ${ratio(a!, b!)}, CPU ${ratio(ca!, cb!)}`);
    }
  }
}
