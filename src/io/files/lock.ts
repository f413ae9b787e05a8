/**
 * An exclusive lock file beside what it guards: it appears atomically (a hard link of a file already holding the
 * owner's pid, so no reader ever sees it half written) and only one process can create it. A lock whose process is
 * gone is stale: the next process clears it and takes the lock.
 */
import { link, open, readFile, rename, rm } from 'node:fs/promises';
import { readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { errnoCode } from './fs-errors.js';

/** A held lock. */
export interface Lock {
  /** The lock file. */
  readonly file: string;
  /** Removes the lock file (if it is still this process's). */
  release(): Promise<void>;
  /** The same, synchronously (for a signal handler that exits right after). */
  releaseSync(): void;
}

/** Why a lock was not taken: another live process holds it. */
export interface LockHeld {
  readonly heldBy: number;
}

/** Whether process `pid` is running (this process counts as running). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}

/**
 * Takes the lock `file`, clearing it first when the process named in it is gone; returns the lock, or who holds it.
 * @example
 * const lock = await acquireLock('/data/.warehouse.lock');
 * if ('heldBy' in lock) throw new Error(`locked by pid ${lock.heldBy}`);
 * try { … } finally { await lock.release(); }
 */
export async function acquireLock(file: string): Promise<Lock | LockHeld> {
  const content = `${process.pid}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await create(file, content)) return held(file, content);
    const holder = await holderOf(file);
    if (holder === null) continue; // released meanwhile: try again
    if (processAlive(holder)) return { heldBy: holder };
    await clearStale(file, holder);
  }
  const holder = await holderOf(file);
  return { heldBy: holder ?? 0 };
}

/** Creates `file` holding `content` if it does not exist; false when it does. */
async function create(file: string, content: string): Promise<boolean> {
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    if (errnoCode(error) !== 'EPERM' && errnoCode(error) !== 'ENOTSUP') throw error;
    return await createExclusive(file, content); // a file system without hard links
  } finally {
    await rm(temp, { force: true });
  }
}

/** `open(file, 'wx')`: exclusive, but a reader may see the file empty for an instant (then it retries). */
async function createExclusive(file: string, content: string): Promise<boolean> {
  try {
    const handle = await open(file, 'wx');
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw error;
  }
}

/** The pid in the lock file; null when there is no lock file. A lock still being written reads as this process. */
async function holderOf(file: string): Promise<number | null> {
  for (let attempt = 0; ; attempt++) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return null;
      throw error;
    }
    const pid = Number.parseInt(text, 10);
    if (Number.isInteger(pid) && pid > 0) return pid;
    if (attempt >= 10) return 0; // unreadable for 0.5 s: no live process wrote it (pid 0 is never alive here)
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Clears the stale lock of `deadPid`: moves it aside (atomic), checks that what was moved is that lock — not a fresh
 * one another process took meanwhile, which is put back — and deletes it.
 */
async function clearStale(file: string, deadPid: number): Promise<void> {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw error;
  }
  const moved = Number.parseInt(await readFile(aside, 'utf8').catch(() => ''), 10);
  if (moved !== deadPid && Number.isInteger(moved) && moved > 0 && processAlive(moved)) {
    await link(aside, file).catch(() => undefined);
  }
  await rm(aside, { force: true });
}

function held(file: string, content: string): Lock {
  const ours = (text: string): boolean => text === content;
  return {
    file,
    async release() {
      if (ours(await readFile(file, 'utf8').catch(() => ''))) await rm(file, { force: true });
    },
    releaseSync() {
      let text = '';
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return;
      }
      if (ours(text)) rmSync(file, { force: true });
    },
  };
}
