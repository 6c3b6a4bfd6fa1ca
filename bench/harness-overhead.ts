/**
 * Harness overhead per iteration against a plain `await session.run(feeds)` loop, for a
 * ~100 µs model (tiny-op) and a ~5 ms model (matmul-5ms) on onnxruntime CPU, interleaved in
 * rounds. Prints figures; asserts nothing.
 *   npm run bench:overhead
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_MODELS } from '../src/models/builtin/registry.js';
import { writeBuiltinModel } from '../src/models/builtin/write.js';
import { interleavedAgreement } from './interleaved-agreement.js';

const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
console.log('harness overhead: 5 interleaved rounds of 1.5 s each, onnxruntime CPU, batch 1');
for (const id of ['tiny-op', 'matmul-5ms']) {
  const { path } = await writeBuiltinModel(id, join(tmpdir(), 'dnnperf-bench'));
  const shapes = Object.fromEntries(BUILTIN_MODELS[id]!.inputs.map((i) => [i.name, i.dims.map((d) => (typeof d === 'number' ? d : 1))]));
  const a = await interleavedAgreement(path, 'ort:cpu', shapes, 5, 1500);
  console.log(
    `${id.padEnd(11)} plain loop median ${us(a.plainMedianMs)}, harness median ${us(a.harnessMedianMs)} (${a.diff >= 0 ? '+' : ''}${(a.diff * 100).toFixed(2)}%); ` +
      `harness wall overhead ${us(a.overheadMsPerIteration)} per iteration`,
  );
}
