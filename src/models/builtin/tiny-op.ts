/**
 * A very small model (about 0.1 ms per run on a CPU core): one 3x3 Conv and a Relu. It exists
 * to measure the harness's own per-iteration overhead against a bare session.run loop.
 */
import { GraphBuilder } from '../onnx/graph-builder.js';
import { conv, relu } from './layers.js';
import type { BuiltinModel } from './types.js';

const C = 32;
const HW = 32;

function build(seed: number): Uint8Array {
  const g = new GraphBuilder('tiny-op', seed);
  const x = g.input('input', 'float32', ['batch', C, HW, HW]);
  const y = relu(g, conv(g, x, 'conv', { inC: C, outC: C, kernel: 3, bias: true }), 'output');
  g.output(y, 'float32', ['batch', C, HW, HW]);
  return g.toBytes();
}

export const tinyOp: BuiltinModel = {
  id: 'tiny-op',
  description: `One 3x3 Conv + Relu on ${C}x${HW}x${HW}, about 0.1 ms: for harness overhead`,
  build,
  inputs: [{ name: 'input', dtype: 'float32', dims: ['batch', C, HW, HW] }],
  outputs: (batch) => [{ name: 'output', dtype: 'float32', dims: [batch, C, HW, HW] }],
};
