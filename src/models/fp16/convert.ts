/**
 * FP32 ONNX -> FP16 ONNX. Float initializers and Constant tensors become float16; graph
 * inputs and outputs stay float32 with Cast nodes at the boundary; blocked ops (policy.ts)
 * stay float32 with Casts around them; value_info follows. precision-plan.ts decides who is
 * in which precision; this file rewires the graph with one Cast per tensor and precision
 * (Casts of constants are folded by onnxruntime at load time, so they cost nothing per run).
 */
import { DnnperfError } from '../../errors.js';
import { decodeModel } from '../onnx/decode.js';
import { AttrType, DataType, type INodeProto, onnx } from '../onnx/proto.js';
import { isFp16Proto } from './detect.js';
import type { Fp16Options } from './policy.js';
import { forEachSubgraphNode, type Precision, planPrecision } from './precision-plan.js';

export interface Fp16Report {
  /** Initializers and Constant node tensors stored as float16. */
  convertedInitializers: number;
  /** Nodes left computing in float32 (block list, keepNodes, non-ONNX domains). */
  keptFp32Nodes: Array<{ name: string; opType: string }>;
  /** Finite weights beyond +-65504, stored as +-65504. */
  clampedValues: number;
  /** Cast nodes added at the float32/float16 boundaries. */
  insertedCasts: number;
}

const ELEM: Record<Precision, number> = { fp16: DataType.FLOAT16, fp32: DataType.FLOAT };

export function convertToFp16(bytes: Uint8Array, options: Fp16Options = {}): { bytes: Uint8Array; report: Fp16Report } {
  const model = decodeModel(bytes, 'FP16 conversion source');
  if (isFp16Proto(model)) {
    throw new DnnperfError('E_MODEL_INVALID', `model ${model.graph!.name ?? ''} is already float16; run it as it is, without conversion`);
  }
  const graph = model.graph!;
  const nodes = graph.node ?? [];
  const { isFloat, want, produced, names, keptFp32Nodes, convertedInitializers, clampedValues } = planPrecision(graph, options);

  const unique = (base: string) => {
    let name = base;
    for (let i = 1; names.has(name); i++) name = `${base}_${i}`;
    names.add(name);
    return name;
  };
  // A half graph output is computed under an internal name, then cast to its own name.
  const internal = new Map<string, string>();
  for (const o of graph.output ?? []) if (produced.get(o.name ?? '') === 'fp16') internal.set(o.name!, unique(`${o.name}_fp16`));
  const nameOf = (t: string) => internal.get(t) ?? t;

  const casts = new Map<string, INodeProto>();
  const castTo = (t: string, p: Precision): string => {
    const key = `${p}\u0000${t}`;
    if (!casts.has(key)) {
      casts.set(key, {
        name: unique(`cast_${p}/${t}`),
        opType: 'Cast',
        input: [nameOf(t)],
        output: [p === 'fp32' && internal.has(t) ? t : unique(`${t}_${p}`)],
        attribute: [{ name: 'to', type: AttrType.INT, i: ELEM[p] }],
      });
    }
    return casts.get(key)!.output![0]!;
  };
  const read = (t: string, p: Precision) => (!isFloat(t) || !produced.has(t) || produced.get(t) === p ? nameOf(t) : castTo(t, p));

  for (const n of nodes) {
    n.input = (n.input ?? []).map((t, i) => read(t, want(n, i)));
    n.output = (n.output ?? []).map(nameOf);
    forEachSubgraphNode(n, (inner) => {
      inner.input = (inner.input ?? []).map((t) => read(t, 'fp32'));
    });
  }
  for (const t of internal.keys()) castTo(t, 'fp32');

  // Order: casts of inputs and initializers first, then each node followed by casts of its outputs.
  const castsOf = (tensors: string[]) => [...casts.values()].filter((c) => tensors.includes(c.input![0]!));
  const sources = [...(graph.input ?? []), ...(graph.initializer ?? [])].map((v) => v.name ?? '');
  graph.node = [...castsOf(sources), ...nodes.flatMap((n) => [n, ...castsOf(n.output ?? [])])];

  // value_info: half tensors are FLOAT16; a half graph output's internal name gets its shape.
  for (const v of graph.valueInfo ?? []) {
    if (produced.get(v.name ?? '') === 'fp16' && !internal.has(v.name!) && v.type?.tensorType) {
      v.type.tensorType.elemType = DataType.FLOAT16;
    }
  }
  for (const o of graph.output ?? []) {
    const name = internal.get(o.name ?? '');
    if (!name || !o.type?.tensorType) continue;
    const info = onnx.ValueInfoProto.decode(onnx.ValueInfoProto.encode(o).finish());
    info.name = name;
    info.type!.tensorType!.elemType = DataType.FLOAT16;
    graph.valueInfo ??= [];
    graph.valueInfo.push(info);
  }
  return {
    bytes: onnx.ModelProto.encode(model).finish(),
    report: { convertedInitializers, keptFp32Nodes, clampedValues, insertedCasts: casts.size },
  };
}
