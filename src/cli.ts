#!/usr/bin/env node
/** The `ecomflow` executable: hands its arguments to the CLI and exits with its code. */
import { main } from './cli/main.js';

// `ecomflow … | head` closes the pipe early: that is not an error worth a stack trace
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
