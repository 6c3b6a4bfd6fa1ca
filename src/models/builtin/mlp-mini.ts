/** A multilayer perceptron: Gemm+Relu layers, 256 features in, 10 out. */
import { GraphBuilder } from '../onnx/graph-builder.js';
import { gemm, relu } from './layers.js';
import type { BuiltinModel } from './types.js';

const WIDTHS = [256, 512, 512, 256];
const CLASSES = 10;

function build(seed: number): Uint8Array {
  const g = new GraphBuilder('mlp-mini', seed);
  let h = g.input('input', 'float32', ['batch', WIDTHS[0]!]);
  for (let i = 1; i < WIDTHS.length; i++) {
    h = relu(g, gemm(g, h, `fc${i}`, WIDTHS[i - 1]!, WIDTHS[i]!), `fc${i}.relu`);
  }
  const logits = gemm(g, h, 'logits', WIDTHS[WIDTHS.length - 1]!, CLASSES);
  g.output(logits, 'float32', ['batch', CLASSES]);
  return g.toBytes();
}

export const mlpMini: BuiltinModel = {
  id: 'mlp-mini',
  description: 'MLP (Gemm+Relu x3, Gemm), 256 features',
  build,
  inputs: [{ name: 'input', dtype: 'float32', dims: ['batch', WIDTHS[0]!] }],
  outputs: (batch) => [{ name: 'logits', dtype: 'float32', dims: [batch, CLASSES] }],
};
