import { describe, expect, it } from 'vitest';
import { compareOutputs, FP16_MIN_NORMAL } from '../../src/measure/accuracy.js';
import { accuracySchema } from '../../src/results/schema.js';
import type { TensorMap } from '../../src/tensors.js';

const t = (values: number[]): TensorMap[string] => ({ dtype: 'float32', dims: [values.length], data: Float32Array.from(values) });

describe('compareOutputs', () => {
  it('FP32 figures: max abs, relative L2, cosine', () => {
    const a = compareOutputs({ y: t([1, 2, 2]) }, { y: t([1, 2, 2.03]) }, 'ort:cpu');
    expect(a.maxAbsError).toBeCloseTo(0.03, 6);
    expect(a.relL2Error).toBeCloseTo(0.01, 6);
    expect(a.notMeasurable).toBeUndefined();
  });

  it("an FP16 run whose reference is below FP16's normal range is not measurable, with the reason; the raw figures stay", () => {
    // Random-weight MobileNetV2's logits are ~1e-9: FP16 gives zeros on any backend.
    const ref = { logits: t([2e-9, -3e-9, 1e-9]) };
    const a = compareOutputs(ref, { logits: t([0, 0, 0]) }, 'ort:cpu', { fp16: true });
    expect(accuracySchema.parse(a)).toEqual(a);
    expect(a.cosine).toBe(0);
    expect(a.notMeasurable).toBe(
      `logits: the FP32 reference's largest |value| is 3.00e-9, below FP16's smallest normal number (${FP16_MIN_NORMAL.toExponential(2)}): ` +
        'in FP16 these outputs underflow to subnormals or zero on any backend, so the error figures say nothing about this configuration ' +
        '(use real weights or inputs with outputs in range)',
    );
    // The same outputs on an FP32 target are measurable: FP32 represents them fine.
    expect(compareOutputs(ref, { logits: t([0, 0, 0]) }, 'ort:cpu').notMeasurable).toBeUndefined();
  });

  it("one output out of FP16 range: the overall figures are the measurable outputs'", () => {
    const a = compareOutputs({ tiny: t([1e-7, 2e-7]), big: t([1, 2]) }, { tiny: t([0, 0]), big: t([1, 2.002]) }, 'ort:cpu', { fp16: true });
    expect(a.notMeasurable).toBeUndefined();
    expect(a.cosine).toBeGreaterThan(0.999);
    expect(a.perOutput.find((o) => o.name === 'tiny')?.notMeasurable).toMatch(/below FP16's smallest normal number/);
  });
});
