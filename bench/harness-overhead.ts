/**
 * Harness overhead per iteration: the adaptive tinybench sampler driving an onnxruntime
 * session, against a plain `await session.run(feeds)` loop on the same session, for a
 * ~100 µs model (tiny-op) and a ~5 ms model (matmul-5ms). The two are interleaved in
 * rounds so machine drift hits both alike. Prints figures; asserts nothing.
 *   npm run bench:overhead
 */
import { performance } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from 'simple-statistics';
import { parseBackendSpec } from '../src/engines/backend-spec.js';
import { createOrtEngine } from '../src/engines/ort/ort-engine.js';
import { sampleAdaptively } from '../src/measure/sampler.js';
import { writeBuiltinModel } from '../src/models/builtin/write.js';
import { makeInputSets } from '../src/models/input-data.js';
import { loadOrt } from '../src/engines/ort/load-ort.js';

const ROUNDS = 5;
const ROUND_MS = 1500;

async function measure(id: string) {
  const { path } = await writeBuiltinModel(id, join(tmpdir(), 'dnnperf-bench'));
  const engine = createOrtEngine();
  const session = await engine.open(path, parseBackendSpec('ort:cpu'), { options: {} });
  const shapes = Object.fromEntries(session.inputs.map((i) => [i.name, i.dims.map((d) => (typeof d === 'number' ? d : 1))]));
  const sets = makeInputSets(session.inputs, shapes, 1, 1);
  await session.setInputs(sets);
  // The plain loop uses its own ort.Tensor feeds on a second session of the same model.
  const ort = loadOrt();
  const plainSession = await ort.InferenceSession.create(path, { executionProviders: ['cpu'], graphOptimizationLevel: 'all' });
  const feeds = Object.fromEntries(Object.entries(sets[0]!).map(([k, t]) => [k, new ort.Tensor(t.dtype, t.data as Float32Array, t.dims)]));
  for (let i = 0; i < 50; i++) {
    await plainSession.run(feeds);
    await session.runOnce(0);
  }
  const plain: number[] = [];
  const harness: number[] = [];
  const wallPerIter = { plain: [] as number[], harness: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    const p0 = performance.now();
    let n = 0;
    while (performance.now() - p0 < ROUND_MS) {
      const t0 = performance.now();
      await plainSession.run(feeds);
      plain.push(performance.now() - t0);
      n++;
    }
    wallPerIter.plain.push((performance.now() - p0) / n);
    const h0 = performance.now();
    const out = await sampleAdaptively((k) => session.time(k), {
      minSamples: 10,
      maxSamples: 1e9,
      minTimeMs: ROUND_MS,
      maxTimeMs: ROUND_MS,
      targetRelCiHalfWidth: 0,
      batchIterations: 1,
    });
    harness.push(...out.samplesMs);
    wallPerIter.harness.push((performance.now() - h0) / out.samplesMs.length);
  }
  await session.close();
  await plainSession.release();
  const pm = median(plain);
  const hm = median(harness);
  const pw = median(wallPerIter.plain);
  const hw = median(wallPerIter.harness);
  return { id, plainMedianMs: pm, harnessMedianMs: hm, plainWallPerIterMs: pw, harnessWallPerIterMs: hw, medianDiffPct: ((hm - pm) / pm) * 100, overheadUsPerIter: (hw - pw) * 1000 };
}

const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
console.log(`harness overhead: ${ROUNDS} interleaved rounds of ${ROUND_MS} ms each, onnxruntime CPU`);
for (const id of ['tiny-op', 'matmul-5ms']) {
  const r = await measure(id);
  console.log(
    `${r.id.padEnd(11)} plain loop median ${us(r.plainMedianMs)}, harness median ${us(r.harnessMedianMs)} (${r.medianDiffPct >= 0 ? '+' : ''}${r.medianDiffPct.toFixed(2)}%); ` +
      `wall per iteration ${us(r.plainWallPerIterMs)} vs ${us(r.harnessWallPerIterMs)}: ${r.overheadUsPerIter.toFixed(1)} µs harness overhead per iteration`,
  );
}
