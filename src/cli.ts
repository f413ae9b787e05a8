#!/usr/bin/env node
/** The `ecomflow` executable: hands its arguments to the CLI and exits with its code. */

// A signal while the modules load (up to a second or two) ends the process as an interrupted run does, exit 130:
// nothing has been written yet. The command's own handlers take over once main is loaded (`run` installs them
// before its first await, so no signal falls between the two).
const early = (): void => {
  process.stderr.write('ecomflow: interrupted; the previous warehouse is unchanged\n');
  process.exit(130);
};
process.once('SIGINT', early);
process.once('SIGTERM', early);
const { main } = await import('./cli/main.js');
process.off('SIGINT', early);
process.off('SIGTERM', early);

// `ecomflow … | head` closes the pipe early: that is not an error worth a stack trace
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
