#!/usr/bin/env node
/** The `ecomflow` executable: hands its arguments to the CLI and exits with its code. */
import { main } from './cli/main.js';

process.exitCode = await main(process.argv.slice(2));
