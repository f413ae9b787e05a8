/**
 * Runs one benchmarked command as a whole process and measures it: wall time from spawn to exit (in this process),
 * CPU time (user + system) and peak RSS from the kernel's accounting of the child. With GNU time (/usr/bin/time)
 * that is wait4's rusage, which covers the child and every descendant it waited for; without it, the child reports
 * its own process.resourceUsage() (bench/rss-preload.mjs), which covers all its threads but no subprocesses.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One measured run. */
export interface Measured {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMb: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** How runs are measured: 'gnu-time' or 'preload'. */
export const method: 'gnu-time' | 'preload' = (() => {
  if (!existsSync('/usr/bin/time')) return 'preload';
  const probe = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /^\d+\s*$/.test(probe.stderr) ? 'gnu-time' : 'preload';
})();

/** Runs `node <args>` in `cwd` to completion; rejects with its stderr when it exits non-zero. */
export function measure(args: readonly string[], cwd: string, preload: string): Promise<Measured> {
  const tmp = mkdtempSync(join(tmpdir(), 'ecomflow-bench-'));
  const usageFile = join(tmp, 'usage');
  const [command, argv] =
    method === 'gnu-time'
      ? ['/usr/bin/time', ['-o', usageFile, '-f', '%U %S %M', process.execPath, ...args]]
      : [process.execPath, ['--import', preload, ...args]];
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    const child = spawn(command, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      try {
        if (code !== 0) throw new Error(`node ${args.join(' ')} exited ${String(code)}\n${stderr.slice(-3000)}`);
        let cpuMs: number;
        let rssKb: number;
        if (method === 'gnu-time') {
          const [user, sys, rss] = readFileSync(usageFile, 'utf8').trim().split(/\s+/).slice(-3).map(Number);
          cpuMs = (user! + sys!) * 1000;
          rssKb = rss!;
        } else {
          const m = /bench\.usage (\d+) (\d+) (\d+)/.exec(stderr);
          if (m === null) throw new Error(`node ${args.join(' ')}: no usage line on stderr`);
          rssKb = Number(m[1]);
          cpuMs = (Number(m[2]) + Number(m[3])) / 1000;
        }
        ok({ wallMs, cpuMs, peakRssMb: rssKb / 1024, stdout, stderr });
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    });
  });
}
