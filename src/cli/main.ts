/** The `ecomflow` command's dispatcher: argument parsing → command. Exit 0 success, 1 input rejected, 2 usage error. */
import { EcomflowError, InputError, UsageError } from '../errors.js';
import { runCommand, runHelp } from './run-command.js';
import { sqlCommand, sqlHelp } from './sql-command.js';
import { reportCommand, reportHelp } from './report-command.js';

const help = `Usage: ecomflow <command> [options]

Commands:
  run      read the sources and write the warehouse (Parquet tables, SQL answers, quality, report)
  sql      run read-only SQL over a warehouse's tables
  report   (re)build the warehouse's HTML report (report/index.html)

Run "ecomflow <command> --help" for a command's options.

${runHelp}
${sqlHelp}
${reportHelp}`;

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function main(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const [command, ...rest] = argv;
  const debug = rest.includes('--debug');
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        out.write(help);
        return command === undefined ? 2 : 0;
      case 'run':
        return await runCommand(rest, out, err);
      case 'sql':
        return await sqlCommand(rest, out);
      case 'report':
        return await reportCommand(rest, out);
      default:
        throw new UsageError(`unknown command "${command}" (try: ecomflow --help)`);
    }
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      err.write(`ecomflow: ${(error as Error).message}\n`);
      return 2;
    }
    if (error instanceof InputError || error instanceof EcomflowError) {
      err.write(`ecomflow: ${error.message}\n`);
      if (debug && error.stack) err.write(`${error.stack}\n`);
      return 1;
    }
    const e = error instanceof Error ? error : new Error(String(error));
    err.write(
      `ecomflow: internal error: ${e.message}\n${debug ? `${e.stack}\n` : '(run again with --debug for details)\n'}`,
    );
    return 70;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
