/**
 * What a terminal shows: a command run on a pseudo-terminal of a given size (python3's pty module, via
 * pty-run.py), and a small screen model that replays its output — characters, carriage return, line feed,
 * erase-line and auto-wrap at the last column — to tell what stays on screen.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** One chunk the command wrote, and when (seconds after it started). */
export interface TerminalChunk {
  readonly t: number;
  readonly text: string;
}

/** What a command did on a terminal. */
export interface TerminalRun {
  readonly code: number;
  readonly chunks: readonly TerminalChunk[];
  /** Everything written, in order. */
  readonly text: string;
}

/** Runs `command` on a pseudo-terminal of `columns` × `rows`. */
export function runOnTerminal(
  command: readonly string[],
  columns: number,
  rows = 40,
  env: Record<string, string> = {},
): Promise<TerminalRun> {
  const helper = join(import.meta.dirname, 'pty-run.py');
  const child = spawn('python3', [helper, String(columns), String(rows), ...command], {
    env: { ...process.env, ...env, TERM: 'xterm-256color' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let raw = '';
  child.stdout.on('data', (d: Buffer) => (raw += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => {
      const chunks: TerminalChunk[] = [];
      let code = -1;
      for (const line of raw.split('\n').filter((l) => l !== '')) {
        const m = JSON.parse(line) as { t?: number; data?: string; exit?: number };
        if (m.exit !== undefined) code = m.exit;
        else chunks.push({ t: m.t!, text: Buffer.from(m.data!, 'base64').toString('utf8') });
      }
      resolve({ code, chunks, text: chunks.map((c) => c.text).join('') });
    });
  });
}

/** Whether python3 (for the pty module) is there. */
export async function hasPython(): Promise<boolean> {
  return new Promise((resolve) => {
    const p = spawn('python3', ['-c', 'import pty, termios, fcntl'], { stdio: 'ignore' });
    p.on('error', () => {
      resolve(false);
    });
    p.on('close', (code) => {
      resolve(code === 0);
    });
  });
}

const ESC = String.fromCharCode(0x1b);
/** A control sequence: ESC [ parameters letter. */
const CSI = new RegExp(`^${ESC}\\[([0-9;?]*)([A-Za-z])`);

/** The rows left on a `columns`-wide screen after `text` is written to it (trailing blanks trimmed). */
export function screenRows(text: string, columns: number): { rows: string[]; wraps: number } {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  let wraps = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\r') col = 0;
    else if (ch === '\n') {
      row++;
      rows[row] ??= [];
    } else if (ch === ESC) {
      const m = CSI.exec(text.slice(i));
      if (m === null) continue;
      i += m[0].length - 1;
      if (m[2] === 'K' && m[1] === '2') rows[row] = [];
      else if (m[2] === 'K') rows[row] = rows[row]!.slice(0, col);
    } else {
      if (col >= columns) {
        row++;
        rows[row] ??= [];
        col = 0;
        wraps++;
      }
      const line = rows[row]!;
      while (line.length < col) line.push(' ');
      line[col++] = ch;
    }
  }
  return { rows: rows.map((r) => r.join('').trimEnd()).filter((r, i, all) => r !== '' || i < all.length - 1), wraps };
}
