/**
 * Usage errors in one style: `ecomflow: <what is wrong>; <what to do>`, with "did you mean" for a mistyped
 * command or option. Node's `parseArgs` errors are translated into it, so every command speaks the same way.
 */
import { UsageError } from '../errors.js';

/** Edit distance with adjacent transpositions (`rnu` → `run` is 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The closest of `candidates` to `word` when it is close enough to be a typo (or `word` starts one), else null.
 * @example
 * didYouMean('rnu', ['run', 'sql', 'report']); // 'run'
 * didYouMean('frobnicate', ['run', 'sql']);    // null
 */
export function didYouMean(word: string, candidates: readonly string[]): string | null {
  const w = word.toLowerCase();
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const distance = c.startsWith(w) && w.length >= 2 ? 0.5 : editDistance(w, c);
    if (distance < bestDistance) [best, bestDistance] = [c, distance];
  }
  const limit = Math.max(1, Math.min(2, Math.floor(w.length / 3)));
  return best !== null && bestDistance <= limit ? best : null;
}

/** The `--options` a help text lists. */
export function optionsIn(help: string): string[] {
  return [...new Set(help.match(/--[a-z][a-z-]*/g) ?? [])];
}

/** The usage error for an unknown command. */
export function unknownCommand(command: string, commands: readonly string[]): UsageError {
  const guess = didYouMean(command, commands);
  const hint = guess === null ? '' : `; did you mean "${guess}"?`;
  return new UsageError(`unknown command "${command}"${hint} (ecomflow --help lists the commands)`);
}

/**
 * A `parseArgs` error of `ecomflow <command>` (whose help is `help`) as a UsageError in the house style; other
 * errors are returned as they are.
 */
export function translateParseError(error: unknown, command: string, help: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return error;
  const message = (error as Error).message;
  const see = `(ecomflow help ${command} lists the options)`;
  const name = /'(-[^' ]*)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const guess = name.startsWith('--') ? didYouMean(name, optionsIn(help)) : null;
    return new UsageError(
      `unknown option ${name} for "ecomflow ${command}"${guess === null ? '' : `; did you mean ${guess}?`} ${see}`,
    );
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(message)) return new UsageError(`${name} takes no value ${see}`);
    const placeholder = new RegExp(`${name} (<[^>]+>)`).exec(help)?.[1] ?? '<value>';
    return new UsageError(`${name} needs a value: ${name} ${placeholder} ${see}`);
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const arg = /argument '([^']*)'/.exec(message)?.[1] ?? '';
    return new UsageError(`unexpected argument "${arg}": "ecomflow ${command}" takes only options ${see}`);
  }
  return new UsageError(`${message} ${see}`);
}
