/** Outputs against a test data set's output_<i>.pb: match, mismatch and not-checked are results, never throws. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkExpectedOutputs, outputTolerance } from '../../src/measure/expected-outputs.js';
import type { TensorMap } from '../../src/tensors.js';
import { writePb } from '../helpers/tensor-files.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const ref = writePb(join(dir, 'output_0.pb'), 'y', 'float32', [1, 4], Float32Array.from([1, 2, 3, 4]));
const job = (tile = 1) => ({ dir, sets: [{ index: 0, files: { y: ref } }], tile, tolerance: 1e-3 });
const outputs =
  (values: number[], dims = [1, 4]): (() => Promise<TensorMap>) =>
  async () => ({ y: { dtype: 'float32', dims, data: Float32Array.from(values) } });

describe('checkExpectedOutputs', () => {
  it('matches within the tolerance and reports the comparison', async () => {
    const r = await checkExpectedOutputs(job(), outputs([1, 2, 3, 4.0001]));
    expect(r).toMatchObject({ source: dir, status: 'match', sets: 1, tolerance: { relL2Error: 1e-3 } });
    expect(r.comparison!.maxAbsError).toBeCloseTo(1e-4, 6);
  });

  it('reports a mismatch with the numbers', async () => {
    const r = await checkExpectedOutputs(job(), outputs([1, 2, 3, 5]));
    expect(r.status).toBe('mismatch');
    expect(r.reason).toBe("output 'y' differs from the test data: relative L2 error 0.183 > 0.001 (max abs 1.00, cosine 0.9940)");
  });

  it('at a tiled batch compares with the tiled reference, and skips outputs that are not batch-major', async () => {
    expect((await checkExpectedOutputs(job(2), outputs([1, 2, 3, 4, 1, 2, 3, 4], [2, 4]))).status).toBe('match');
    expect((await checkExpectedOutputs(job(2), outputs([1, 2, 3, 4, 1, 2, 3, 9], [2, 4]))).status).toBe('mismatch');
    const r = await checkExpectedOutputs(job(2), outputs([1, 2, 3, 4], [1, 4]));
    expect(r).toMatchObject({
      status: 'not-checked',
      reason: `output 'y' is 1x4, ${ref} holds 1x4 (2x4 tiled): outputs are checked at the test data's own batch`,
    });
  });

  it('a missing output or a wrong shape at the data batch is a mismatch, a failing run is not-checked', async () => {
    expect(await checkExpectedOutputs(job(), async () => ({}))).toMatchObject({
      status: 'mismatch',
      reason: `output 'y' of ${ref} is not among the model's outputs ()`,
    });
    expect(await checkExpectedOutputs(job(), outputs([1, 2], [1, 2]))).toMatchObject({ status: 'mismatch', reason: `output 'y' is 1x2, ${ref} holds 1x4` });
    const failing = async (): Promise<TensorMap> => {
      throw new Error('session closed');
    };
    expect(await checkExpectedOutputs(job(), failing)).toMatchObject({ status: 'not-checked', reason: 'the outputs could not be compared: session closed' });
  });

  it('FP16 targets get the looser tolerance', () => {
    expect(outputTolerance(undefined)).toBe(1e-3);
    expect(outputTolerance('fp16')).toBe(1e-2);
    expect(outputTolerance('cuda_fp16')).toBe(1e-2);
  });
});
