// Preloaded (node --import) into each benchmarked process when GNU time is not available: reports the process's
// peak resident set size and CPU time (all its threads) on exit, as one line on stderr.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const u = process.resourceUsage();
  writeSync(2, `\nbench.usage ${u.maxRSS} ${u.userCPUTime} ${u.systemCPUTime}\n`);
});
