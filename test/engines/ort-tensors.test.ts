/**
 * float16 through the real onnxruntime-node binding on whichever Node runs the suite: CI runs it
 * on 20 and 22 (no Float16Array) and on 24 (Float16Array, which onnxruntime-common wraps the data in).
 */
import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { fromOrtTensor, toOrtTensor } from '../../src/engines/ort/tensors.js';
import { GraphBuilder } from '../../src/models/onnx/graph-builder.js';

describe('float16 tensors to and from onnxruntime', () => {
  it('hands the binding half bits and gives the same bits back as a Uint16Array', async () => {
    const g = new GraphBuilder('f16-identity', 1);
    const y = g.node('Identity', [g.input('x', 'float16', [2, 3])], {}, 'y');
    g.output(y, 'float16', [2, 3]);
    const session = await ort.InferenceSession.create(g.toBytes());
    // 1, -2.5, 65504 (largest half), 2^-24 (smallest subnormal), -0, +Inf
    const bits = Uint16Array.from([0x3c00, 0xc100, 0x7bff, 0x0001, 0x8000, 0x7c00]);
    const out = await session.run({ x: toOrtTensor(ort, { dtype: 'float16', dims: [2, 3], data: bits }) });
    const back = fromOrtTensor(out.y!);
    expect(back.dtype).toBe('float16');
    expect(back.dims).toEqual([2, 3]);
    expect(back.data).toBeInstanceOf(Uint16Array);
    expect([...back.data]).toEqual([...bits]);
    await session.release();
  });
});
