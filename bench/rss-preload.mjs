// Preloaded into each benchmarked process: reports its peak resident set size on exit (stderr, one line).
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nbench.maxrss_kb ${process.resourceUsage().maxRSS}\n`);
});
