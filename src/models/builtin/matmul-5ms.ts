/**
 * A compute-bound model of about 5 ms per run at batch 1 on 2 CPU cores: a chain of square
 * MatMul+Relu layers on a [batch, ROWS, WIDTH] input. Rows make each MatMul a real GEMM rather
 * than a memory-bound matrix-vector product, so its time scales with cores, not memory.
 */
import { GraphBuilder } from '../onnx/graph-builder.js';
import { relu } from './layers.js';
import type { BuiltinModel } from './types.js';

const ROWS = 1024;
const WIDTH = 256;
const LAYERS = 12;

function build(seed: number): Uint8Array {
  const g = new GraphBuilder('matmul-5ms', seed);
  let h = g.input('input', 'float32', ['batch', ROWS, WIDTH]);
  for (let i = 0; i < LAYERS; i++) {
    const w = g.heWeight(`layer${i}.weight`, [WIDTH, WIDTH], 1);
    h = relu(g, g.node('MatMul', [h, w], {}, `layer${i}.matmul`), i === LAYERS - 1 ? 'output' : `layer${i}.relu`);
  }
  g.output(h, 'float32', ['batch', ROWS, WIDTH]);
  return g.toBytes();
}

export const matmul5ms: BuiltinModel = {
  id: 'matmul-5ms',
  description: `${LAYERS} MatMul+Relu layers of ${ROWS}x${WIDTH}x${WIDTH}, about 5 ms at batch 1 on 2 cores: for harness overhead`,
  build,
  inputs: [{ name: 'input', dtype: 'float32', dims: ['batch', ROWS, WIDTH] }],
  outputs: (batch) => [{ name: 'output', dtype: 'float32', dims: [batch, ROWS, WIDTH] }],
};
