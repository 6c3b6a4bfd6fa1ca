/**
 * The first half of the FP16 conversion: which nodes stay float32, which precision each
 * consumer wants of each float tensor, and which precision each float tensor is produced in.
 * Constants (initializers, Constant nodes) are stored in half only when every consumer wants
 * half; their tensors and the affected attributes (Cast's `to`, ConstantOfShape's value) are
 * rewritten here, in place.
 */
import { DataType, type IGraphProto, type INodeProto, toNumber } from '../onnx/proto.js';
import { tensorToFp16 } from './convert-tensor.js';
import { inferElemTypes } from './elem-types.js';
import { DEFAULT_FP16_BLOCK_LIST, FP32_INPUTS, FP32_OUTPUTS, type Fp16Options } from './policy.js';

export type Precision = 'fp16' | 'fp32';

export interface PrecisionPlan {
  /** True for tensors of element type FLOAT in the source model. */
  isFloat(tensor: string): boolean;
  /** The precision node `n` wants its input `i` in. */
  want(n: INodeProto, i: number): Precision;
  /** The precision each float tensor is produced in. */
  produced: Map<string, Precision>;
  /** Every name in use, subgraphs included, for making new ones. */
  names: Set<string>;
  keptFp32Nodes: Array<{ name: string; opType: string }>;
  convertedInitializers: number;
  clampedValues: number;
}

export function planPrecision(graph: IGraphProto, options: Fp16Options): PrecisionPlan {
  const nodes = graph.node ?? [];
  const types = inferElemTypes(graph);
  const isFloat = (t: string) => t !== '' && types.get(t) === DataType.FLOAT;
  const block = new Set(options.blockList ?? DEFAULT_FP16_BLOCK_LIST);
  const keep = new Set(options.keepNodes ?? []);
  const isKept = (n: INodeProto) =>
    block.has(n.opType ?? '') ||
    keep.has(n.name ?? '') ||
    (n.domain !== undefined && n.domain !== null && n.domain !== '' && n.domain !== 'ai.onnx') ||
    (n.opType === 'ConstantOfShape' && !floatTensorAttr(n, 'value'));
  const kept = new Set(nodes.filter(isKept));
  const want = (n: INodeProto, i: number): Precision => (kept.has(n) || FP32_INPUTS[n.opType ?? '']?.includes(i) ? 'fp32' : 'fp16');
  const plan: PrecisionPlan = {
    isFloat,
    want,
    produced: new Map(),
    names: new Set(types.keys()),
    keptFp32Nodes: [],
    convertedInitializers: 0,
    clampedValues: 0,
  };

  // What each consumer wants; graph outputs and subgraphs (left float32) want float32.
  const wanted = new Map<string, Precision[]>();
  const addWant = (t: string, p: Precision) => (wanted.get(t) ?? wanted.set(t, []).get(t)!).push(p);
  for (const n of nodes) {
    (n.input ?? []).forEach((t, i) => isFloat(t) && addWant(t, want(n, i)));
    forEachSubgraphNode(n, (inner) => (inner.input ?? []).forEach((t) => isFloat(t) && addWant(t, 'fp32')));
  }
  for (const v of graph.output ?? []) if (isFloat(v.name ?? '')) addWant(v.name!, 'fp32');
  const constantPrecision = (t: string): Precision => {
    const w = wanted.get(t) ?? [];
    return w.length > 0 && w.every((p) => p === 'fp16') ? 'fp16' : 'fp32';
  };

  const { produced } = plan;
  for (const v of graph.input ?? []) if (isFloat(v.name ?? '')) produced.set(v.name!, 'fp32');
  for (const t of graph.initializer ?? []) {
    if (!isFloat(t.name ?? '')) continue;
    const p = constantPrecision(t.name!);
    produced.set(t.name!, p);
    if (p === 'fp16') {
      plan.clampedValues += tensorToFp16(t, `initializer ${t.name}`);
      plan.convertedInitializers++;
      // Before IR 4 an initializer may also be listed as a graph input: keep its type in step.
      const asInput = graph.input?.find((v) => v.name === t.name);
      if (asInput?.type?.tensorType) asInput.type.tensorType.elemType = DataType.FLOAT16;
    }
  }
  for (const n of nodes) {
    for (const name of [n.name ?? '', ...(n.output ?? [])]) plan.names.add(name);
    forEachSubgraphNode(n, (inner) => [inner.name ?? '', ...(inner.output ?? [])].forEach((name) => plan.names.add(name)));
    const outputs = (n.output ?? []).filter(isFloat);
    if (n.opType === 'Constant') {
      const tensor = floatTensorAttr(n, 'value');
      const p = tensor ? constantPrecision(outputs[0] ?? '') : 'fp32';
      if (tensor && p === 'fp16') {
        plan.clampedValues += tensorToFp16(tensor, `Constant ${n.name}`);
        plan.convertedInitializers++;
      }
      for (const t of outputs) produced.set(t, p);
    } else if (kept.has(n)) {
      plan.keptFp32Nodes.push({ name: n.name ?? '', opType: n.opType ?? '' });
      for (const t of outputs) produced.set(t, 'fp32');
    } else {
      const fp32Outputs = (FP32_OUTPUTS[n.opType ?? ''] ?? []).map((i) => n.output?.[i]);
      for (const t of outputs) produced.set(t, fp32Outputs.includes(t) ? 'fp32' : 'fp16');
      const fill = floatTensorAttr(n, 'value'); // ConstantOfShape's fill value
      if (fill) plan.clampedValues += tensorToFp16(fill, `${n.opType} ${n.name}`);
      const to = n.attribute?.find((a) => a.name === 'to');
      if (n.opType === 'Cast' && to && toNumber(to.i) === DataType.FLOAT) to.i = DataType.FLOAT16;
    }
  }
  return plan;
}

/** Calls `fn` on every node inside the subgraph attributes of `n`, at any depth. */
export function forEachSubgraphNode(n: INodeProto, fn: (inner: INodeProto) => void): void {
  const graphs: IGraphProto[] = (n.attribute ?? []).flatMap((a) => [...(a.g ? [a.g] : []), ...(a.graphs ?? [])]);
  for (const g of graphs) {
    for (const inner of g.node ?? []) {
      fn(inner);
      forEachSubgraphNode(inner, fn);
    }
  }
}

function floatTensorAttr(n: INodeProto, name: string) {
  const t = n.attribute?.find((a) => a.name === name)?.t;
  return t && t.dataType === DataType.FLOAT ? t : undefined;
}
