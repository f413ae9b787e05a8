/** Temporary folders a test file makes and removes when it is done (`afterAll(scratch.cleanup)`). */
import { rmSync } from 'node:fs';
import { tempDir } from './tmp.js';

/** A set of temporary folders removed together. */
export interface Scratch {
  /** A fresh empty folder, removed by `cleanup`. */
  dir(prefix?: string): string;
  /** Also remove `path` (a folder some other helper made) at cleanup. */
  track(path: string): string;
  /** Removes every folder made or tracked (read-only modes are no obstacle: tests run as their owner or root). */
  cleanup(): void;
}

/** A new scratch set. */
export function scratch(): Scratch {
  const made: string[] = [];
  return {
    dir: (prefix = 'ecomflow-') => {
      const d = tempDir(prefix);
      made.push(d);
      return d;
    },
    track: (path) => {
      made.push(path);
      return path;
    },
    cleanup: () => {
      for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}
