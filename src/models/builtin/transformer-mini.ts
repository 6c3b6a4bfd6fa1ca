/**
 * One post-LN transformer encoder block (BERT layout): 4-head self-attention (MatMul, Add,
 * Reshape, Transpose, Softmax), LayerNormalization (opset 17), feed-forward with Gelu in
 * its Erf form x * 0.5 * (1 + Erf(x / sqrt 2)), as exporters emit it before fusion.
 * Input [batch, 32, 64]. OpenCV 4.6 has no LayerNormalization: it fails there, by design.
 */
import { attr, GraphBuilder } from '../onnx/graph-builder.js';
import type { BuiltinModel } from './types.js';

const SEQ = 32;
const HIDDEN = 64;
const HEADS = 4;
const HEAD_DIM = HIDDEN / HEADS;
const FFN = 4 * HIDDEN;

function linear(g: GraphBuilder, x: string, name: string, inF: number, outF: number): string {
  const w = g.heWeight(`${name}.weight`, [inF, outF], 1);
  const b = g.weight(`${name}.bias`, [outF], 0.1);
  return g.node('Add', [g.node('MatMul', [x, w], {}, `${name}.matmul`), b], {}, name);
}

function layerNorm(g: GraphBuilder, x: string, name: string): string {
  const scale = g.range(`${name}.scale`, [HIDDEN], 0.9, 1.1);
  const bias = g.range(`${name}.bias`, [HIDDEN], -0.05, 0.05);
  return g.node('LayerNormalization', [x, scale, bias], { axis: attr.int(-1), epsilon: attr.float(1e-5) }, name);
}

/** [batch, SEQ, HIDDEN] -> [batch, HEADS, SEQ, HEAD_DIM] (or its transpose for keys). */
function splitHeads(g: GraphBuilder, x: string, name: string, perm: number[]): string {
  const r = g.node('Reshape', [x, 'shape.heads'], {}, `${name}.reshape`);
  return g.node('Transpose', [r], { perm: attr.ints(perm) }, `${name}.transpose`);
}

function attention(g: GraphBuilder, x: string): string {
  const q = splitHeads(g, linear(g, x, 'attn.q', HIDDEN, HIDDEN), 'attn.q', [0, 2, 1, 3]);
  const k = splitHeads(g, linear(g, x, 'attn.k', HIDDEN, HIDDEN), 'attn.k', [0, 2, 3, 1]);
  const v = splitHeads(g, linear(g, x, 'attn.v', HIDDEN, HIDDEN), 'attn.v', [0, 2, 1, 3]);
  const scores = g.node('Mul', [g.node('MatMul', [q, k], {}, 'attn.scores'), 'attn.scale'], {}, 'attn.scaled');
  const probs = g.node('Softmax', [scores], { axis: attr.int(-1) }, 'attn.softmax');
  const ctx = g.node('MatMul', [probs, v], {}, 'attn.context');
  const merged = g.node('Transpose', [ctx], { perm: attr.ints([0, 2, 1, 3]) }, 'attn.merge.transpose');
  const flat = g.node('Reshape', [merged, 'shape.hidden'], {}, 'attn.merge.reshape');
  return linear(g, flat, 'attn.out', HIDDEN, HIDDEN);
}

function gelu(g: GraphBuilder, x: string, name: string): string {
  const erf = g.node('Erf', [g.node('Div', [x, 'gelu.sqrt2'], {}, `${name}.div`)], {}, `${name}.erf`);
  const onePlus = g.node('Add', [erf, 'gelu.one'], {}, `${name}.add`);
  return g.node('Mul', [g.node('Mul', [x, onePlus], {}, `${name}.mul`), 'gelu.half'], {}, name);
}

function build(seed: number): Uint8Array {
  const g = new GraphBuilder('transformer-mini', seed);
  const x = g.input('input', 'float32', ['batch', SEQ, HIDDEN]);
  // -1 rather than 0 for the batch dim: OpenCV's Reshape handles -1, not 0-as-copy everywhere.
  g.int64s('shape.heads', [4], [-1, SEQ, HEADS, HEAD_DIM]);
  g.int64s('shape.hidden', [3], [-1, SEQ, HIDDEN]);
  g.floats('attn.scale', [], [1 / Math.sqrt(HEAD_DIM)]);
  g.floats('gelu.sqrt2', [], [Math.SQRT2]);
  g.floats('gelu.one', [], [1]);
  g.floats('gelu.half', [], [0.5]);
  const h1 = layerNorm(g, g.node('Add', [x, attention(g, x)], {}, 'attn.residual'), 'ln1');
  const ffn = linear(g, gelu(g, linear(g, h1, 'ffn.up', HIDDEN, FFN), 'ffn.gelu'), 'ffn.down', FFN, HIDDEN);
  const out = layerNorm(g, g.node('Add', [h1, ffn], {}, 'ffn.residual'), 'output');
  g.output(out, 'float32', ['batch', SEQ, HIDDEN]);
  return g.toBytes();
}

export const transformerMini: BuiltinModel = {
  id: 'transformer-mini',
  description: 'Transformer encoder block (4-head attention, LayerNormalization, Erf-form Gelu), seq 32 x hidden 64',
  build,
  inputs: [{ name: 'input', dtype: 'float32', dims: ['batch', SEQ, HIDDEN] }],
  outputs: (batch) => [{ name: 'output', dtype: 'float32', dims: [batch, SEQ, HIDDEN] }],
};
