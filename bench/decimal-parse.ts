/** Micro-benchmark: exact decimal parsing, ns per value over 1,000,000 profit-like texts. */
import { parseDecimal, parseDecimalLenient } from '../src/transforms/values/decimal-text.js';

const COUNT = 1_000_000;

/** 1,000 distinct profit-like texts ('63.69', '-12.3456', '1234.5' shapes), built at run time like reader output. */
function profitTexts(): string[] {
  let seed = 42;
  const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  return Array.from({ length: 1_000 }, (_, i) => {
    const places = [2, 4, 1][i % 3]!;
    const magnitude = [100, 50, 5_000][i % 3]!;
    return ((next() - 0.4) * magnitude).toFixed(places);
  });
}

/** Runs `parse` over COUNT texts and returns nanoseconds per value (best of three rounds). */
function nsPerValue(texts: string[], parse: (t: string) => unknown): number {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    let sink = 0;
    const start = process.hrtime.bigint();
    for (let i = 0; i < COUNT; i++) if (parse(texts[i % texts.length]!) !== null) sink++;
    const elapsed = Number(process.hrtime.bigint() - start);
    if (sink !== COUNT) throw new Error(`parsed ${sink} of ${COUNT}`);
    best = Math.min(best, elapsed / COUNT);
  }
  return best;
}

{
  {
    const texts = profitTexts();
    const results = {
      'parseDecimal(t, 2)': nsPerValue(texts, (t) => parseDecimal(t, 2)),
      'parseDecimalLenient(t, 2)': nsPerValue(texts, (t) => parseDecimalLenient(t, 2)),
      'parseDecimalLenient(t + "%", 2) (dirty)': nsPerValue(
        texts.map((t) => `${t}%`),
        (t) => parseDecimalLenient(t, 2),
      ),
      'baseline Number.parseFloat(t)': nsPerValue(texts, (t) => Number.parseFloat(t)),
    };
    for (const [name, ns] of Object.entries(results)) console.log(`${name.padEnd(42)} ${ns.toFixed(1)} ns/value`);
  }
}
