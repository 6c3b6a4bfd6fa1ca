/**
 * The harness's medians against a plain timing loop for every onnxruntime and OpenCV
 * configuration of a suite (as `run` plans it: models, backend/targets, batches, shapes, and
 * the engines declared with --engine), each compared interleaved in one process
 * (bench/interleaved-agreement.ts). Configurations that cannot run here are skipped with their
 * reason. Prints figures; asserts nothing.
 *   npx tsx bench/plain-loop-agreement.ts [suite] [--round-ms 250] [--engine a=k:...] [--backend specs] [--batch 1,8] [--model m]
 */

import { parseArgs } from 'node:util';
import { max, median } from 'simple-statistics';
import { parseBatchList } from '../src/cli/parse.js';
import { engineEnv } from '../src/engines/engine-env.js';
import { configLabel, labelParts } from '../src/results/config-label.js';
import { resolveRunOptions } from '../src/run/options.js';
import { planRun } from '../src/run/plan.js';
import { interleavedAgreement } from './interleaved-agreement.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'round-ms': { type: 'string', default: '250' },
    engine: { type: 'string', multiple: true },
    backend: { type: 'string', multiple: true },
    batch: { type: 'string' },
    model: { type: 'string', multiple: true },
  },
});
const ROUND_MS = Number(values['round-ms']);
const suite = positionals[0] ?? 'default';
const plan = await planRun(
  resolveRunOptions({
    suite,
    ...(values.engine ? { engines: values.engine } : {}),
    ...(values.backend ? { backends: values.backend } : {}),
    ...(values.batch ? { batches: parseBatchList(values.batch) } : {}),
    ...(values.model ? { models: values.model } : {}),
  }),
  { fetch: false },
);

const ms = (x: number) => `${x.toFixed(4)} ms`.padStart(12);
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)}%`.padStart(8);
console.log(`plain-loop agreement on suite ${plan.suite}: 5 interleaved rounds of ${ROUND_MS} ms per configuration`);
console.log(`${'configuration'.padEnd(48)}${'plain'.padStart(12)}${'harness'.padStart(12)}    diff`);
const diffs: number[] = [];
for (const p of plan.configs) {
  const c = p.config;
  const label = configLabel(labelParts(c));
  if (p.engine.kind !== 'ort' && p.engine.kind !== 'opencv') continue;
  if (p.unavailable) {
    console.log(`${label.padEnd(48)}skipped: ${p.unavailable}`);
    continue;
  }
  // onnxruntime runs in this process: an engine's env.* (another LD_LIBRARY_PATH) cannot apply here.
  if (p.engine.kind === 'ort' && Object.keys(engineEnv(p.engine.options)).length > 0) {
    console.log(`${label.padEnd(48)}skipped: its env.* options apply at process start; run this script under them instead`);
    continue;
  }
  try {
    const a = await interleavedAgreement(p.modelPath, c.spec, c.shapes, 5, ROUND_MS, p.engine);
    diffs.push(Math.abs(a.diff));
    console.log(`${label.padEnd(48)}${ms(a.plainMedianMs)}${ms(a.harnessMedianMs)}${pct(a.diff)}`);
  } catch (e) {
    console.log(`${label.padEnd(48)}failed: ${(e as Error).message.split('\n')[0]}`);
  }
}
const summary = diffs.length > 0 ? `median |diff| ${(median(diffs) * 100).toFixed(2)}%, max ${(max(diffs) * 100).toFixed(2)}%` : 'no configurations';
console.log(`agreement: ${diffs.filter((d) => d <= 0.03).length} of ${diffs.length} configurations within 3%; ${summary}`);
