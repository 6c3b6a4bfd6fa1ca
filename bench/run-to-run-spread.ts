/**
 * Run-to-run spread: the default suite run three times (each configuration in its own
 * process every time), and per configuration the spread of the three medians,
 * (max - min) / mean. Prints figures; asserts nothing.
 *   npm run bench:spread            (add --runs N to change the count)
 */

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mean, median } from 'simple-statistics';
import { configLabel, labelParts } from '../src/results/config-label.js';
import { runSuite } from '../src/run/run-suite.js';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const outDir = join(tmpdir(), `dnnperf-spread-${Date.now()}`);

const medians = new Map<string, number[]>();
for (let i = 0; i < RUNS; i++) {
  const run = await runSuite({ suite: 'default', outDir, layers: false });
  for (const r of run.results) {
    const label = configLabel(labelParts(r.config));
    if (r.status === 'ok') medians.set(label, [...(medians.get(label) ?? []), r.stats.medianMs]);
  }
  console.error(`run ${i + 1}/${RUNS} done: ${run.dir}`);
}
console.log(`run-to-run spread of each configuration's median over ${RUNS} runs of the default suite`);
const spreads: number[] = [];
for (const [label, ms] of medians) {
  const spread = (Math.max(...ms) - Math.min(...ms)) / mean(ms);
  spreads.push(spread);
  console.log(`${label.padEnd(34)} medians ${ms.map((m) => m.toFixed(4)).join(' / ')} ms  spread ${(spread * 100).toFixed(2)}%`);
}
console.log(`median spread ${(median(spreads) * 100).toFixed(2)}%, max ${(Math.max(...spreads) * 100).toFixed(2)}%`);
