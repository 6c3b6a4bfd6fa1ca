/**
 * MobileNetV2-style classifier: inverted residual blocks (1x1 expand, 3x3 depthwise Conv
 * with group = channels, 1x1 linear projection), Clip(0, 6) as ReLU6, residual Add where
 * stride is 1 and channels match. Opset 10, where Clip takes min/max as attributes: OpenCV
 * 4.6's importer accepts only that form (it rejects Clip with min/max inputs, opset 11+).
 */
import { attr, GraphBuilder } from '../onnx/graph-builder.js';
import { convBn, gemm, poolFlatten } from './layers.js';
import type { BuiltinModel } from './types.js';

const CLASSES = 10;
const OPSET_WITH_CLIP_ATTRIBUTES = 10;

/** [expansion, outC, stride] per block, a scaled-down MobileNetV2 table. */
const BLOCKS: Array<[number, number, number]> = [
  [1, 16, 1],
  [4, 24, 2],
  [4, 24, 1],
  [4, 32, 2],
  [4, 32, 1],
  [4, 64, 2],
  [4, 64, 1],
];

function relu6(g: GraphBuilder, x: string, name: string): string {
  return g.node('Clip', [x], { min: attr.float(0), max: attr.float(6) }, name);
}

function invertedResidual(g: GraphBuilder, x: string, name: string, inC: number, [t, outC, stride]: [number, number, number]): string {
  const hidden = inC * t;
  let h = x;
  if (t !== 1) h = relu6(g, convBn(g, h, `${name}.expand`, { inC, outC: hidden, kernel: 1 }), `${name}.expand.relu6`);
  h = convBn(g, h, `${name}.dw`, { inC: hidden, outC: hidden, kernel: 3, stride, group: hidden });
  h = relu6(g, h, `${name}.dw.relu6`);
  h = convBn(g, h, `${name}.project`, { inC: hidden, outC, kernel: 1 });
  return stride === 1 && inC === outC ? g.node('Add', [h, x], {}, `${name}.add`) : h;
}

function build(seed: number): Uint8Array {
  const g = new GraphBuilder('mobilenetv2-mini', seed, OPSET_WITH_CLIP_ATTRIBUTES);
  const x = g.input('input', 'float32', ['batch', 3, 64, 64]);
  let h = relu6(g, convBn(g, x, 'stem', { inC: 3, outC: 16, kernel: 3, stride: 2 }), 'stem.relu6');
  let c = 16;
  BLOCKS.forEach((block, i) => {
    h = invertedResidual(g, h, `block${i}`, c, block);
    c = block[1];
  });
  h = relu6(g, convBn(g, h, 'last', { inC: c, outC: 256, kernel: 1 }), 'last.relu6');
  const logits = gemm(g, poolFlatten(g, h, 'head'), 'logits', 256, CLASSES);
  g.output(logits, 'float32', ['batch', CLASSES]);
  return g.toBytes();
}

export const mobilenetv2Mini: BuiltinModel = {
  id: 'mobilenetv2-mini',
  description: 'MobileNetV2-style CNN (inverted residuals, depthwise Conv, Clip as ReLU6), 3x64x64',
  build,
  inputs: [{ name: 'input', dtype: 'float32', dims: ['batch', 3, 64, 64] }],
  outputs: (batch) => [{ name: 'logits', dtype: 'float32', dims: [batch, CLASSES] }],
};
