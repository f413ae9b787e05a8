/**
 * The `ecomflow` command's dispatcher: argument parsing → command. Exit 0 success, 1 input rejected or the machine
 * refused (disk full, permission), 2 usage error, 130 interrupted, 70 a bug.
 */
import { EcomflowError, InterruptedError, UsageError } from '../errors.js';
import { runCommand, runHelp } from './run-command.js';
import { sqlCommand, sqlHelp } from './sql-command.js';
import { reportCommand, reportHelp } from './report-command.js';
import { translateParseError, unknownCommand } from './usage.js';
import { packageVersion } from '../io/files/package-version.js';
import { cwdFault } from '../io/files/fs-errors.js';

const helps: Readonly<Record<string, string>> = { run: runHelp, sql: sqlHelp, report: reportHelp };
const COMMANDS = ['run', 'sql', 'report', 'help', 'version'];

/** What a bare `ecomflow` prints. */
const shortUsage = `Usage: ecomflow <command> [options]   (commands: run, sql, report; ecomflow --help for more)
  ecomflow run --input <dir> --out <warehouse>
  ecomflow sql --warehouse <warehouse> "<query>"
`;

/** What `ecomflow --help` prints. */
const help = `Usage: ecomflow <command> [options]

Commands:
  run      read the sources and write the warehouse (Parquet tables, SQL answers, quality, report)
           ecomflow run --input <dir> --out <warehouse> [--customers <file>] [--products <file>]
                        [--orders <path>] [--on-bad-rows reject|fail] [--json] [--quiet] [--debug]
  sql      run read-only SQL over a warehouse's tables
           ecomflow sql --warehouse <warehouse> [--format table|csv|json] "<query>"
  report   (re)build the warehouse's HTML report (report/index.html)
           ecomflow report --warehouse <warehouse>
  help     ecomflow help <command>: one command's options
  version  the package version (also --version, -V)

Exit codes: 0 success, 1 input rejected or the machine refused (disk full, permission),
2 usage error, 130 interrupted.
`;

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
        err.write(shortUsage);
        return 2;
      case '-h':
      case '--help':
        out.write(help);
        return 0;
      case 'help':
        return commandHelp(rest, out);
      case '-V':
      case '--version':
      case 'version':
        out.write(`ecomflow ${packageVersion()}\n`);
        return 0;
      case 'run':
        return await runCommand(rest, out, err);
      case 'sql':
        return await sqlCommand(rest, out);
      case 'report':
        return await reportCommand(rest, out);
      default:
        if (command.startsWith('-')) {
          throw new UsageError(`${command} comes after a command, e.g. ecomflow run ${command} … (ecomflow --help)`);
        }
        throw unknownCommand(command, COMMANDS);
    }
  } catch (raw) {
    const parsed = command !== undefined && helps[command] ? translateParseError(raw, command, helps[command]) : raw;
    const error = cwdFault(parsed) ?? parsed;
    if (error instanceof InterruptedError) {
      err.write(`ecomflow: ${error.message}\n`);
      return 130;
    }
    if (error instanceof UsageError) {
      err.write(`ecomflow: ${error.message}\n`);
      return 2;
    }
    if (error instanceof EcomflowError) {
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

/** `ecomflow help [command]`: the overview, or one command's help. */
function commandHelp(args: readonly string[], out: NodeJS.WritableStream): number {
  const [topic, ...extra] = args;
  if (topic === undefined) {
    out.write(help);
    return 0;
  }
  if (extra.length > 0) throw new UsageError(`help takes one command, e.g. ecomflow help run`);
  const text = helps[topic];
  if (text !== undefined) {
    out.write(text);
    return 0;
  }
  if (topic === 'version' || topic === 'help') {
    out.write(help);
    return 0;
  }
  throw unknownCommand(topic, Object.keys(helps));
}
