/**
 * Detector-style network: a strided CNN backbone, an FPN-like neck (1x1 lateral Conv, Resize
 * nearest x2 with constant scales, Concat with the finer feature map) and two 1x1 Conv heads
 * with Sigmoid, 3 anchors x (4 box + 1 objectness + 4 classes) per cell at strides 4 and 8.
 */
import { attr, GraphBuilder } from '../onnx/graph-builder.js';
import { conv, convBn, relu } from './layers.js';
import type { BuiltinModel } from './types.js';

const HEAD_C = 3 * (5 + 4);

function convBnRelu(g: GraphBuilder, x: string, name: string, inC: number, outC: number, stride: number): string {
  return relu(g, convBn(g, x, name, { inC, outC, kernel: 3, stride }), `${name}.relu`);
}

function head(g: GraphBuilder, x: string, name: string, inC: number): string {
  const logits = conv(g, x, `${name}.conv`, { inC, outC: HEAD_C, kernel: 1, bias: true });
  return g.node('Sigmoid', [logits], {}, name);
}

function build(seed: number): Uint8Array {
  const g = new GraphBuilder('detector-mini', seed);
  const x = g.input('input', 'float32', ['batch', 3, 64, 64]);
  const c1 = convBnRelu(g, x, 'backbone.c1', 3, 16, 2);
  const c2 = convBnRelu(g, convBnRelu(g, c1, 'backbone.c2a', 16, 32, 2), 'backbone.c2b', 32, 32, 1);
  const c3 = convBnRelu(g, convBnRelu(g, c2, 'backbone.c3a', 32, 64, 2), 'backbone.c3b', 64, 64, 1);
  const lateral = conv(g, c3, 'neck.lateral', { inC: 64, outC: 32, kernel: 1, bias: true });
  // Resize-13 takes (X, roi, scales): roi is an empty tensor rather than a missing input,
  // and scales a constant, the form OpenCV's importer reads as a fixed zoom factor.
  g.floats('neck.up.roi', [0], []);
  g.floats('neck.up.scales', [4], [1, 1, 2, 2]);
  const up = g.node(
    'Resize',
    [lateral, 'neck.up.roi', 'neck.up.scales'],
    {
      mode: attr.string('nearest'),
      coordinate_transformation_mode: attr.string('asymmetric'),
      nearest_mode: attr.string('floor'),
    },
    'neck.up',
  );
  const merged = g.node('Concat', [up, c2], { axis: attr.int(1) }, 'neck.concat');
  const p3 = head(g, convBnRelu(g, merged, 'neck.fuse', 64, 64, 1), 'p3', 64);
  const p4 = head(g, c3, 'p4', 64);
  g.output(p3, 'float32', ['batch', HEAD_C, 16, 16]);
  g.output(p4, 'float32', ['batch', HEAD_C, 8, 8]);
  return g.toBytes();
}

export const detectorMini: BuiltinModel = {
  id: 'detector-mini',
  description: 'Detector-style CNN with FPN neck (Resize nearest, Concat) and two Sigmoid heads, 3x64x64',
  build,
  inputs: [{ name: 'input', dtype: 'float32', dims: ['batch', 3, 64, 64] }],
  outputs: (batch) => [
    { name: 'p3', dtype: 'float32', dims: [batch, HEAD_C, 16, 16] },
    { name: 'p4', dtype: 'float32', dims: [batch, HEAD_C, 8, 8] },
  ],
};
