/**
 * ResNet-style classifier: Conv/BatchNormalization/Relu, basic blocks with residual Add
 * (1x1 projection on stride-2 blocks), MaxPool, GlobalAveragePool, Flatten, Gemm.
 * ResNet-18's layout cut to three stages of 64/128/256 channels on a 3x64x64 input
 * (about 0.2 GFLOP): a couple of ms at batch 1 on 2 CPU cores.
 */
import { GraphBuilder } from '../onnx/graph-builder.js';
import { convBn, gemm, maxPool, poolFlatten, relu } from './layers.js';
import type { BuiltinModel } from './types.js';

const CLASSES = 10;

function basicBlock(g: GraphBuilder, x: string, name: string, inC: number, outC: number, stride: number): string {
  const a = relu(g, convBn(g, x, `${name}.a`, { inC, outC, kernel: 3, stride }), `${name}.a.relu`);
  const b = convBn(g, a, `${name}.b`, { inC: outC, outC, kernel: 3 });
  const shortcut = stride === 1 && inC === outC ? x : convBn(g, x, `${name}.proj`, { inC, outC, kernel: 1, stride });
  return relu(g, g.node('Add', [b, shortcut], {}, `${name}.add`), `${name}.relu`);
}

function build(seed: number): Uint8Array {
  const g = new GraphBuilder('resnet-mini', seed);
  const x = g.input('input', 'float32', ['batch', 3, 64, 64]);
  let h = relu(g, convBn(g, x, 'stem', { inC: 3, outC: 64, kernel: 3, stride: 2 }), 'stem.relu');
  h = maxPool(g, h, 'stem.pool', 3, 2);
  let c = 64;
  for (const [stage, outC] of [64, 128, 256].entries()) {
    h = basicBlock(g, h, `layer${stage + 1}.0`, c, outC, c === outC ? 1 : 2);
    h = basicBlock(g, h, `layer${stage + 1}.1`, outC, outC, 1);
    c = outC;
  }
  // The last stage output typed in value_info, as shape-inferred exports carry it.
  g.annotate(h, 'float32', ['batch', c, 4, 4]);
  const logits = gemm(g, poolFlatten(g, h, 'head'), 'logits', c, CLASSES);
  g.output(logits, 'float32', ['batch', CLASSES]);
  return g.toBytes();
}

export const resnetMini: BuiltinModel = {
  id: 'resnet-mini',
  description: 'ResNet-style CNN (Conv+BN+Relu, residual Add, MaxPool, GlobalAveragePool, Gemm), 3x64x64',
  build,
  inputs: [{ name: 'input', dtype: 'float32', dims: ['batch', 3, 64, 64] }],
  outputs: (batch) => [{ name: 'logits', dtype: 'float32', dims: [batch, CLASSES] }],
};
