/**
 * The harness's medians against a plain timing loop for every onnxruntime configuration of
 * a suite (as `run` plans it: models, backend/targets, batches, shapes), each compared
 * interleaved in one process (bench/interleaved-agreement.ts). Configurations that cannot
 * run here are skipped with their reason. Prints figures; asserts nothing.
 *   npx tsx bench/plain-loop-agreement.ts [suite] [--round-ms 250]
 */
import { max, median } from 'simple-statistics';
import { configLabel, labelParts } from '../src/results/config-label.js';
import { planRun } from '../src/run/plan.js';
import { resolveRunOptions } from '../src/run/options.js';
import { interleavedAgreement } from './interleaved-agreement.js';

const args = process.argv.slice(2);
const roundIdx = args.indexOf('--round-ms');
const ROUND_MS = roundIdx >= 0 ? Number(args[roundIdx + 1]) : 250;
const suite = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--round-ms') ?? 'default';
const plan = await planRun(resolveRunOptions({ suite }), { fetch: false });

const ms = (x: number) => `${x.toFixed(4)} ms`.padStart(12);
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)}%`.padStart(8);
console.log(`plain-loop agreement on suite ${plan.suite}: 5 interleaved rounds of ${ROUND_MS} ms per configuration`);
console.log(`${'configuration'.padEnd(40)}${'plain'.padStart(12)}${'harness'.padStart(12)}    diff`);
const diffs: number[] = [];
for (const p of plan.configs) {
  const c = p.config;
  const label = configLabel(labelParts(c));
  if (p.engine.kind !== 'ort') continue;
  if (p.unavailable) {
    console.log(`${label.padEnd(40)}skipped: ${p.unavailable}`);
    continue;
  }
  const a = await interleavedAgreement(p.modelPath, c.spec, c.shapes, 5, ROUND_MS);
  diffs.push(Math.abs(a.diff));
  console.log(`${label.padEnd(40)}${ms(a.plainMedianMs)}${ms(a.harnessMedianMs)}${pct(a.diff)}`);
}
const summary = diffs.length > 0 ? `median |diff| ${(median(diffs) * 100).toFixed(2)}%, max ${(max(diffs) * 100).toFixed(2)}%` : 'no configurations';
console.log(`agreement: ${diffs.filter((d) => d <= 0.03).length} of ${diffs.length} configurations within 3%; ${summary}`);
