/**
 * Layer helpers shared by the built-in models. Every Conv and pool spells out all of its
 * attributes (kernel_shape, strides, pads, dilations, group): OpenCV 4.6's ONNX importer
 * rejects a Conv without kernel_shape and does not infer the others reliably.
 */
import { attr, type GraphBuilder } from '../onnx/graph-builder.js';

export interface ConvSpec {
  inC: number;
  outC: number;
  kernel: number;
  stride?: number;
  /** Depthwise when equal to inC. */
  group?: number;
  /** Conv bias; off when a BatchNormalization follows. */
  bias?: boolean;
}

export function conv(g: GraphBuilder, x: string, name: string, s: ConvSpec): string {
  const group = s.group ?? 1;
  const pad = Math.floor(s.kernel / 2);
  const stride = s.stride ?? 1;
  const w = g.heWeight(`${name}.weight`, [s.outC, s.inC / group, s.kernel, s.kernel]);
  const inputs = s.bias ? [x, w, g.weight(`${name}.bias`, [s.outC], 0.1)] : [x, w];
  return g.node(
    'Conv',
    inputs,
    {
      kernel_shape: attr.ints([s.kernel, s.kernel]),
      strides: attr.ints([stride, stride]),
      pads: attr.ints([pad, pad, pad, pad]),
      dilations: attr.ints([1, 1]),
      group: attr.int(group),
    },
    name,
  );
}

/** BatchNormalization in inference form, with seeded statistics close to identity. */
export function batchNorm(g: GraphBuilder, x: string, name: string, channels: number): string {
  const c = [channels];
  const scale = g.range(`${name}.scale`, c, 0.8, 1.2);
  const bias = g.range(`${name}.bias`, c, -0.1, 0.1);
  const mean = g.range(`${name}.mean`, c, -0.1, 0.1);
  const variance = g.range(`${name}.var`, c, 0.8, 1.2);
  return g.node('BatchNormalization', [x, scale, bias, mean, variance], { epsilon: attr.float(1e-5) }, name);
}

export function relu(g: GraphBuilder, x: string, name: string): string {
  return g.node('Relu', [x], {}, name);
}

/** Conv -> BatchNormalization, the pair every CNN exporter emits before folding. */
export function convBn(g: GraphBuilder, x: string, name: string, s: ConvSpec): string {
  return batchNorm(g, conv(g, x, `${name}.conv`, s), `${name}.bn`, s.outC);
}

export function maxPool(g: GraphBuilder, x: string, name: string, kernel: number, stride: number): string {
  const pad = Math.floor(kernel / 2);
  return g.node(
    'MaxPool',
    [x],
    {
      kernel_shape: attr.ints([kernel, kernel]),
      strides: attr.ints([stride, stride]),
      pads: attr.ints([pad, pad, pad, pad]),
    },
    name,
  );
}

/** Gemm with B stored [out, in] and transB=1, the layout OpenCV maps to InnerProduct. */
export function gemm(g: GraphBuilder, x: string, name: string, inF: number, outF: number): string {
  const w = g.heWeight(`${name}.weight`, [outF, inF]);
  const b = g.weight(`${name}.bias`, [outF], 0.1);
  return g.node('Gemm', [x, w, b], { alpha: attr.float(1), beta: attr.float(1), transA: attr.int(0), transB: attr.int(1) }, name);
}

/** GlobalAveragePool -> Flatten: [N, C, H, W] to [N, C]. */
export function poolFlatten(g: GraphBuilder, x: string, name: string): string {
  const pooled = g.node('GlobalAveragePool', [x], {}, `${name}.gap`);
  return g.node('Flatten', [pooled], { axis: attr.int(1) }, `${name}.flatten`);
}
