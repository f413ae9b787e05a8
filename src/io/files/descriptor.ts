/** Writing straight to an open file descriptor (a terminal's), from a thread that owns no stream. */
import { writeSync } from 'node:fs';

/**
 * Writes `text` to the file descriptor `fd` synchronously; false when it cannot (the terminal went away).
 * @example
 * writeToDescriptor(2, '\r\x1b[2Kenrich ▕███▏ 40%'); // true
 */
export function writeToDescriptor(fd: number, text: string): boolean {
  try {
    writeSync(fd, text);
    return true;
  } catch {
    return false;
  }
}
