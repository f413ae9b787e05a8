/** The files this process holds open, read from /proc/self/fd (Linux), for tests that check nothing leaks. */
import { existsSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { sep } from 'node:path';

/** Whether open files can be listed here (/proc/self/fd exists: Linux). */
export const canListOpenFiles = existsSync('/proc/self/fd');

/** Paths of the files this process has open under `dir` (a deleted file keeps its path, with " (deleted)"). */
export function openFilesUnder(dir: string): string[] {
  if (!canListOpenFiles || !existsSync(dir)) return [];
  const real = realpathSync(dir); // the links name real paths
  const prefix = real.endsWith(sep) ? real : real + sep;
  const paths: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // closed between the listing and the look-up (the listing's own descriptor, for one)
    }
    if (target.startsWith(prefix)) paths.push(target);
  }
  return paths.sort();
}

/** `openFilesUnder(dir)` once it is empty, or what is still open after `ms` (closes may be in flight). */
export async function openFilesAfterSettling(dir: string, ms = 2000): Promise<string[]> {
  const until = Date.now() + ms;
  for (;;) {
    const open = openFilesUnder(dir);
    if (open.length === 0 || Date.now() >= until) return open;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
