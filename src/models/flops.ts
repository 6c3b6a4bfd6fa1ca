/**
 * Floating-point operations of Conv, MatMul and Gemm nodes from the shapes a profile
 * records (inputs including weights, and outputs), and the rate each achieved. A
 * multiply-add counts as 2. Other ops are left without a count rather than guessed.
 */
import type { LayerNode, LayerProfile } from '../results/schema.js';

const product = (dims: number[]): number => dims.reduce((a, b) => a * b, 1);
const known = (dims: number[] | undefined): dims is number[] => dims?.every((d) => Number.isInteger(d) && d >= 0) ?? false;

/**
 * Conv family (NCHW or NHWC, any spatial rank): W is [Cout, Cin/group, k...] or
 * [Cout, k..., Cin/group], so every output element costs 2 * prod(W[1:]) plus one add per
 * bias and per fused residual input (FusedConv's Z).
 */
function convFlops(inputs: number[][], y: number[]): number | undefined {
  const w = inputs[1];
  if (!known(w) || w.length < 3) return undefined;
  const extraAdds = inputs.slice(2).filter((s) => s.length > 0).length;
  return product(y) * (2 * product(w.slice(1)) + extraAdds);
}

/** MatMul: Y [..., M, N] from A [..., M, K]; batch dims are already broadcast in Y. */
function matMulFlops(inputs: number[][], y: number[], mayTransposeA: boolean): number | undefined {
  const a = inputs[0];
  if (!known(a) || a.length === 0) return undefined;
  // FusedMatMul may transpose A (its attributes are not in the profile): the output's row
  // count tells which dim is K; when A is square both readings give the same K.
  const transposed = mayTransposeA && a.length >= 2 && y.length >= 2 && y[y.length - 2] !== a[a.length - 2];
  const k = transposed ? a[a.length - 2]! : a[a.length - 1]!;
  return 2 * product(y) * k;
}

/** Gemm: Y [M, N] = A [M, K] (or [K, M] transposed) x B, plus M*N for C when given. */
function gemmFlops(inputs: number[][], y: number[]): number | undefined {
  const a = inputs[0];
  if (!known(a) || a.length !== 2 || y.length !== 2) return undefined;
  const k = y[0] === a[0] ? a[1]! : a[0]!;
  const withC = inputs.length > 2 && (inputs[2]?.length ?? 0) > 0;
  return 2 * product(y) * k + (withC ? product(y) : 0);
}

/** FLOPs of one node, or undefined for an op this does not count or shapes it cannot read. */
export function nodeFlops(opType: string, inputShapes: number[][], outputShapes: number[][]): number | undefined {
  const y = outputShapes[0];
  if (!known(y) || !inputShapes.every((s) => known(s))) return undefined;
  switch (opType) {
    case 'Conv':
    case 'FusedConv':
    case 'NhwcConv':
    case 'NhwcFusedConv':
      return convFlops(inputShapes, y);
    case 'MatMul':
      return matMulFlops(inputShapes, y, false);
    case 'FusedMatMul':
      return matMulFlops(inputShapes, y, true);
    case 'Gemm':
      return gemmFlops(inputShapes, y);
    default:
      return undefined;
  }
}

/** Achieved GFLOP/s: flops / (medianMs * 1e-3) / 1e9. */
export function gflopsPerS(flops: number, medianMs: number): number | undefined {
  return medianMs > 0 ? flops / medianMs / 1e6 : undefined;
}

/** The node with `flops` and `gflopsPerS` set where they can be counted. */
export function withNodeFlops(node: LayerNode): LayerNode {
  const flops = nodeFlops(node.opType, node.inputShapes, node.outputShapes);
  if (flops === undefined) return node;
  const rate = gflopsPerS(flops, node.medianMs);
  return rate === undefined ? { ...node, flops } : { ...node, flops, gflopsPerS: rate };
}

/** Every node counted, and the model's total (over counted nodes; undefined when none counts). */
export function withFlops(profile: LayerProfile): LayerProfile {
  const nodes = profile.nodes.map(withNodeFlops);
  const counted = nodes.filter((n) => n.flops !== undefined);
  const totalFlops = counted.length > 0 ? counted.reduce((s, n) => s + n.flops!, 0) : undefined;
  return { ...profile, nodes, totalFlops };
}
