/**
 * FP32 ONNX -> FP16 ONNX. Float initializers and Constant tensors become float16; graph
 * inputs and outputs stay float32 with Cast nodes at the boundary; blocked ops (policy.ts)
 * stay float32 with Casts around them; value_info follows. Precision is decided per tensor
 * and per consuming input: a constant is stored in half only when every consumer wants half,
 * otherwise it stays float32 and half consumers read it through a Cast (which onnxruntime
 * folds at load time, so it costs nothing per run).
 */
import { DnnperfError } from '../../errors.js';
import { decodeModel } from '../onnx/decode.js';
import { AttrType, DataType, onnx, toNumber, type IGraphProto, type INodeProto } from '../onnx/proto.js';
import { tensorToFp16 } from './convert-tensor.js';
import { isFp16Proto } from './detect.js';
import { inferElemTypes } from './elem-types.js';
import { DEFAULT_FP16_BLOCK_LIST, FP32_INPUTS, FP32_OUTPUTS, type Fp16Options } from './policy.js';

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

type Precision = 'fp16' | 'fp32';
const ELEM: Record<Precision, number> = { fp16: DataType.FLOAT16, fp32: DataType.FLOAT };

export function convertToFp16(bytes: Uint8Array, options: Fp16Options = {}): { bytes: Uint8Array; report: Fp16Report } {
  const model = decodeModel(bytes, 'FP16 conversion source');
  if (isFp16Proto(model)) {
    throw new DnnperfError('E_MODEL_INVALID', `model ${model.graph!.name ?? ''} is already float16; run it as it is, without conversion`);
  }
  const graph = model.graph!;
  const nodes = graph.node ?? [];
  const initializers = graph.initializer ?? [];
  const types = inferElemTypes(graph);
  const isFloat = (t: string) => t !== '' && types.get(t) === DataType.FLOAT;
  const block = new Set(options.blockList ?? DEFAULT_FP16_BLOCK_LIST);
  const keep = new Set(options.keepNodes ?? []);
  const graphOutputs = new Set((graph.output ?? []).map((v) => v.name ?? ''));
  const report: Fp16Report = { convertedInitializers: 0, keptFp32Nodes: [], clampedValues: 0, insertedCasts: 0 };

  const isKept = (n: INodeProto) =>
    block.has(n.opType ?? '') ||
    keep.has(n.name ?? '') ||
    (n.domain !== undefined && n.domain !== null && n.domain !== '' && n.domain !== 'ai.onnx') ||
    (n.opType === 'ConstantOfShape' && !floatTensorAttr(n, 'value'));
  const kept = new Set(nodes.filter(isKept));
  const want = (n: INodeProto, i: number): Precision =>
    kept.has(n) || FP32_INPUTS[n.opType ?? '']?.includes(i) ? 'fp32' : 'fp16';

  // Which precision each consumer wants of each float tensor; graph outputs want float32.
  const wanted = new Map<string, Precision[]>();
  const addWant = (t: string, p: Precision) => (wanted.get(t) ?? wanted.set(t, []).get(t)!).push(p);
  for (const n of nodes) {
    (n.input ?? []).forEach((t, i) => isFloat(t) && addWant(t, want(n, i)));
    // Subgraphs (If, Loop, Scan) are left float32, so outer tensors they read must be too.
    forEachSubgraphNode(n, (inner) => (inner.input ?? []).forEach((t) => isFloat(t) && addWant(t, 'fp32')));
  }
  for (const t of graphOutputs) if (isFloat(t)) addWant(t, 'fp32');
  const constantPrecision = (t: string): Precision => {
    const w = wanted.get(t) ?? [];
    return w.length > 0 && w.every((p) => p === 'fp16') ? 'fp16' : 'fp32';
  };

  // Precision each float tensor is produced in.
  const produced = new Map<string, Precision>();
  for (const v of graph.input ?? []) if (isFloat(v.name ?? '')) produced.set(v.name!, 'fp32');
  for (const t of initializers) {
    if (!isFloat(t.name ?? '')) continue;
    const p = constantPrecision(t.name!);
    produced.set(t.name!, p);
    if (p === 'fp16') {
      report.clampedValues += tensorToFp16(t, `initializer ${t.name}`);
      report.convertedInitializers++;
      // Before IR 4 an initializer may also be listed as a graph input: keep its type in step.
      const asInput = graph.input?.find((v) => v.name === t.name);
      if (asInput?.type?.tensorType) asInput.type.tensorType.elemType = DataType.FLOAT16;
    }
  }
  for (const n of nodes) {
    const outputs = (n.output ?? []).filter(isFloat);
    if (n.opType === 'Constant') {
      const tensor = floatTensorAttr(n, 'value');
      const p = tensor ? constantPrecision(outputs[0] ?? '') : 'fp32';
      if (tensor && p === 'fp16') {
        report.clampedValues += tensorToFp16(tensor, `Constant ${n.name}`);
        report.convertedInitializers++;
      }
      for (const t of outputs) produced.set(t, p);
      continue;
    }
    if (kept.has(n)) {
      report.keptFp32Nodes.push({ name: n.name ?? '', opType: n.opType ?? '' });
      for (const t of outputs) produced.set(t, 'fp32');
      continue;
    }
    const fp32Outputs = (FP32_OUTPUTS[n.opType ?? ''] ?? []).map((i) => n.output?.[i]);
    for (const t of outputs) produced.set(t, fp32Outputs.includes(t) ? 'fp32' : 'fp16');
    const tensor = floatTensorAttr(n, 'value'); // ConstantOfShape's fill value
    if (tensor) report.clampedValues += tensorToFp16(tensor, `${n.opType} ${n.name}`);
    const to = n.attribute?.find((a) => a.name === 'to');
    if (n.opType === 'Cast' && to && toNumber(to.i) === DataType.FLOAT) to.i = DataType.FLOAT16;
  }

  // Names: a half graph output is computed under an internal name, then cast to its own name.
  const taken = new Set<string>([...types.keys()]);
  for (const n of nodes) {
    for (const name of [n.name ?? '', ...(n.output ?? [])]) taken.add(name);
    forEachSubgraphNode(n, (inner) => [inner.name ?? '', ...(inner.output ?? [])].forEach((name) => taken.add(name)));
  }
  const unique = (base: string) => {
    let name = base;
    for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    return name;
  };
  const internal = new Map<string, string>();
  for (const t of graphOutputs) if (produced.get(t) === 'fp16') internal.set(t, unique(`${t}_fp16`));
  const nameOf = (t: string) => internal.get(t) ?? t;

  // One Cast per (tensor, precision), emitted right after the tensor's producer.
  const casts = new Map<string, INodeProto>();
  const castTo = (t: string, p: Precision): string => {
    const key = `${p}\u0000${t}`;
    let cast = casts.get(key);
    if (!cast) {
      const out = p === 'fp32' && internal.has(t) ? t : unique(`${t}_${p}`);
      cast = {
        name: unique(`cast_${p}/${t}`),
        opType: 'Cast',
        input: [nameOf(t)],
        output: [out],
        attribute: [{ name: 'to', type: AttrType.INT, i: ELEM[p] }],
      };
      casts.set(key, cast);
    }
    return cast.output![0]!;
  };
  const read = (t: string, p: Precision) => (!produced.has(t) || produced.get(t) === p ? nameOf(t) : castTo(t, p));

  for (const n of nodes) {
    n.input = (n.input ?? []).map((t, i) => (isFloat(t) ? read(t, want(n, i)) : t));
    n.output = (n.output ?? []).map(nameOf);
    forEachSubgraphNode(n, (inner) => {
      inner.input = (inner.input ?? []).map((t) => (isFloat(t) ? read(t, 'fp32') : t));
    });
  }
  for (const t of internal.keys()) castTo(t, 'fp32');

  // Order: casts of inputs and initializers first, then each node followed by casts of its outputs.
  const castsOf = (names: string[]) =>
    [...casts.values()].filter((c) => names.some((t) => c.input![0] === nameOf(t)));
  const sources = [...(graph.input ?? []).map((v) => v.name ?? ''), ...initializers.map((t) => t.name ?? '')];
  graph.node = [...castsOf(sources), ...nodes.flatMap((n) => [n, ...castsOf(n.output ?? [])])];
  report.insertedCasts = casts.size;

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
    (graph.valueInfo ??= []).push(info);
  }
  return { bytes: onnx.ModelProto.encode(model).finish(), report };
}

/** Calls `fn` on every node inside the subgraph attributes of `n`, at any depth. */
function forEachSubgraphNode(n: INodeProto, fn: (inner: INodeProto) => void): void {
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
