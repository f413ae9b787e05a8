// Summarises V8 CPU profiles (`node --cpu-prof --cpu-prof-dir DIR …`, one file per thread) by self time per
// function, and inclusive time for functions named on the command line.
//
//   node bench/cpu-profile.mjs DIR [--top 25] [--inclusive name,name]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const dir = args[0];
if (dir === undefined) throw new Error('usage: cpu-profile.mjs DIR [--top N] [--inclusive a,b]');
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : args[i + 1];
};
const top = Number(opt('--top', 25));
const inclusive = String(opt('--inclusive', '')).split(',').filter(Boolean);

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .sort()) {
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ticks = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) ticks.set(samples[i], (ticks.get(samples[i]) ?? 0) + (timeDeltas[i] ?? 0));
  const self = new Map();
  const incl = new Map();
  let total = 0;
  for (const [id, us] of ticks) {
    total += us;
    const n = byId.get(id);
    const name = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}`;
    self.set(name, (self.get(name) ?? 0) + us);
    const seen = new Set();
    for (let a = id; a !== undefined; a = parent.get(a)) {
      const f = byId.get(a).callFrame.functionName;
      if (inclusive.includes(f) && !seen.has(f)) {
        seen.add(f);
        incl.set(f, (incl.get(f) ?? 0) + us);
      }
    }
  }
  const ms = (us) => (us / 1000).toFixed(0).padStart(7);
  console.log(`\n${file}: ${ms(total)} ms sampled`);
  for (const [name, us] of [...self].sort((a, z) => z[1] - a[1]).slice(0, top)) console.log(`${ms(us)}  ${name}`);
  for (const [f, us] of incl) console.log(`${ms(us)}  inclusive ${f}`);
}
