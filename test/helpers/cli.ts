/** Runs the CLI in-process with captured output, as tests of the commands need it. */
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';

/** A writable that keeps what is written; `text()` returns it. */
export function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return Object.assign(w, { text: () => chunks.join('') });
}

/** `ecomflow <args>` in-process: its exit code, stdout and stderr. */
export async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = sink();
  const err = sink();
  const code = await main(args, out, err);
  return { code, out: out.text(), err: err.text() };
}
