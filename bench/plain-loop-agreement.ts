/**
 * Checks a run's medians against a plain timing loop: for every `ok` onnxruntime
 * configuration of the run, a fresh session on the same model, provider and inputs is timed
 * with nothing but `await session.run(feeds)` between two performance.now() calls, and the
 * two medians are compared. Also prints cold start (create, first run) against steady state.
 * Prints figures; asserts nothing.
 *   npx tsx bench/plain-loop-agreement.ts <run-dir> [--seconds 2]
 */
import { performance } from 'node:perf_hooks';
import { median } from 'simple-statistics';
import { loadOrt } from '../src/engines/ort/load-ort.js';
import { findOrtBackend } from '../src/engines/ort/providers.js';
import { makeInputSets } from '../src/models/input-data.js';
import { readModelFile } from '../src/models/resolve-model.js';
import { readRun } from '../src/results/run-files.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: plain-loop-agreement.ts <run-dir> [--seconds 2]');
const secIdx = process.argv.indexOf('--seconds');
const SECONDS = secIdx > 0 ? Number(process.argv[secIdx + 1]) : 2;
const run = readRun(dir);
const ort = loadOrt();

console.log(`plain-loop agreement for ${run.manifest.runId} (${SECONDS} s plain loop per configuration)`);
console.log('configuration                               harness median   plain median   diff     create      first run   steady');
const diffs: number[] = [];
for (const r of run.results) {
  if (r.status !== 'ok' || r.config.engine !== 'ort' || r.config.trial > 0) continue;
  const def = findOrtBackend(r.config.backend, r.config.target)!;
  const session = await ort.InferenceSession.create(r.config.model.path, {
    executionProviders: def.executionProviders(Number(r.config.options['deviceId'] ?? 0)),
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  });
  const inputs = readModelFile(r.config.model.path).info.inputs.map((i) => ({ name: i.name, dtype: i.dtype! }));
  const sets = makeInputSets(inputs, r.config.shapes, run.manifest.protocol.inputSets, run.manifest.protocol.seed).map((set) =>
    Object.fromEntries(Object.entries(set).map(([k, t]) => [k, new ort.Tensor(t.dtype, t.data as Float32Array, t.dims)])),
  );
  const w0 = performance.now();
  for (let i = 0; i < run.manifest.protocol.warmupIterations || performance.now() - w0 < run.manifest.protocol.warmupMs; i++) await session.run(sets[i % sets.length]!);
  const times: number[] = [];
  const t0 = performance.now();
  for (let i = 0; performance.now() - t0 < SECONDS * 1000 || times.length < 30; i++) {
    const s = performance.now();
    await session.run(sets[i % sets.length]!);
    times.push(performance.now() - s);
  }
  await session.release();
  const plain = median(times);
  const diff = (r.stats.medianMs - plain) / plain;
  diffs.push(Math.abs(diff));
  const label = `${r.config.model.name} ${r.config.spec} b${r.config.batch}`;
  console.log(
    `${label.padEnd(44)}${r.stats.medianMs.toFixed(4).padStart(10)} ms ${plain.toFixed(4).padStart(10)} ms ${`${(diff * 100).toFixed(2)}%`.padStart(8)} ` +
      `${r.createMs.toFixed(1).padStart(8)} ms ${r.firstRunMs.toFixed(2).padStart(9)} ms ${r.stats.medianMs.toFixed(3).padStart(8)} ms`,
  );
}
const sorted = [...diffs].sort((a, b) => a - b);
console.log(
  `agreement: ${diffs.filter((d) => d <= 0.03).length} of ${diffs.length} configurations within 3%; ` +
    `median |diff| ${((sorted[Math.floor(sorted.length / 2)] ?? 0) * 100).toFixed(2)}%, max ${((sorted[sorted.length - 1] ?? 0) * 100).toFixed(2)}%`,
);
